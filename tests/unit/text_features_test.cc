// The classifier's feature pass against the plain reference
// (text_features_reference.h): the same words, counts and flags on random
// strings built from the pieces that steer it (ASCII and other letters,
// digits, marks, sentence punctuation, closers, link-like and separator
// chunks, invalid bytes) and on the demo corpus; and the word table's
// entries against the lists they come from.
#include "boilerplate/text_features.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "boilerplate/classifier_words.h"
#include "boilerplate/cues.h"
#include "boilerplate/stopwords.h"
#include "boilerplate/word_table.h"
#include "test_seeds.h"
#include "text_features_reference.h"
#include "winnow/byte_source.h"

namespace winnow::boilerplate {
namespace {

void ExpectSameFeatures(const std::string& text) {
  TextFeatures fast, ref;
  ComputeFeatures(text, &fast);
  reference::ComputeFeatures(text, &ref);
  SCOPED_TRACE(::testing::Message() << "text: \"" << text << "\"");
  ASSERT_EQ(fast.words.size(), ref.words.size());
  std::array<uint32_t, kLanguageCount> stopwords{};
  for (size_t i = 0; i < ref.words.size(); ++i) {
    const Word& a = fast.words[i];
    const Word& b = ref.words[i];
    SCOPED_TRACE(::testing::Message() << "word " << i << " \""
                                      << ref.WordAt(i) << "\"");
    EXPECT_EQ(fast.WordAt(i), ref.WordAt(i));
    EXPECT_EQ(a.raw_begin, b.raw_begin);
    EXPECT_EQ(a.raw_end, b.raw_end);
    EXPECT_EQ(a.capitalized, b.capitalized);
    EXPECT_EQ(a.all_caps, b.all_caps);
    EXPECT_EQ(a.has_digit, b.has_digit);
    EXPECT_EQ(a.all_digits, b.all_digits);
    const WordInfo* info =
        FindClassifierWord(WordHash(ref.WordAt(i)), ref.WordAt(i));
    EXPECT_EQ(a.info, info);
    EXPECT_EQ(a.stop_bits, info ? info->stop_bits : 0u);
    EXPECT_EQ(a.cue_max_words,
              info && info->cue_heads ? info->cue_max_words : 0u);
    for (int l = 1; l < kLanguageCount; ++l) {
      stopwords[l] += info ? (info->stop_bits >> l) & 1u : 0u;
    }
  }
  EXPECT_EQ(fast.stopwords, stopwords);
  EXPECT_EQ(fast.chars, ref.chars);
  EXPECT_EQ(fast.letters, ref.letters);
  EXPECT_EQ(fast.digits, ref.digits);
  EXPECT_EQ(fast.symbols, ref.symbols);
  EXPECT_EQ(fast.capitalized, ref.capitalized);
  EXPECT_EQ(fast.all_caps, ref.all_caps);
  EXPECT_EQ(fast.digit_words, ref.digit_words);
  EXPECT_EQ(fast.sentence_ends, ref.sentence_ends);
  EXPECT_EQ(fast.link_tokens, ref.link_tokens);
  EXPECT_EQ(fast.separators, ref.separators);
  EXPECT_EQ(fast.terminal, ref.terminal);
  EXPECT_EQ(fast.ends_colon, ref.ends_colon);
  EXPECT_EQ(fast.starts_upper, ref.starts_upper);
  EXPECT_EQ(fast.starts_lower, ref.starts_lower);
  EXPECT_EQ(fast.copyright_sign, ref.copyright_sign);
  EXPECT_EQ(fast.slash_in_text, ref.slash_in_text);
}

TEST(TextFeatures, AgreeWithTheReferenceOnRandomText) {
  static const std::vector<std::string> pieces = {
      "a", "b", "z", "A", "Q", "Z", "e", "the", "The", "THE", "and", "of",
      "0", "7", "2024", " ", " ", " ", "  ", "\t", ".", "!", "?", "...",
      ",", ";", ":", "'", "\"", "(", ")", "[", "]", "*", "-", "/", "|",
      "@", "#", ">", "<", "(c)", "(C)", "©", "www.", ".com", "://", "é",
      "É", "ß", "ẞ", "Ⱥ", "İ", "ı", "Ä", "ü", "ñ", "ç", "и", "Д", "тасс",
      "中", "文", "か", "ก", "\u0301", "\u00a0", "\u2009", "\u2019", "\u02bc",
      "\u201c", "\u201d", "\u00ab", "\u00bb", "\u2026", "\u3002", "\uff01",
      "\u2022", "\u00b7", "\u203a", "\u2192", "\u0663", "\u2162", "\xff",
      "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "Photo",
      "Reuters", "AP", "via", "Getty", "Images", "share", "Read", "more",
      "sign", "up", "newsletter", "facebook", "Twitter", "by", "January",
      // The bytes next to the ASCII letter and digit ranges, and either side
      // of 0x80, for the run scanner's range tests.
      "`", "{", "^", "~", "\x7f", "\x80"};
  for (uint32_t seed : {11u, 12u, 13u}) {
    std::mt19937 rng(seed);
    for (int round = 0; round < 20000; ++round) {
      std::string text;
      const int n = 1 + static_cast<int>(rng() % 24);
      for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
      ExpectSameFeatures(text);
      if (HasFailure()) return;
    }
  }
}

// Long paragraphs of ASCII bytes, the common case: words cross the
// scanner's 16-byte blocks and run past them (words of up to 150 bytes),
// with every kind of ASCII byte between them.
TEST(TextFeatures, AgreeWithTheReferenceOnLongAsciiText) {
  static const std::vector<std::string> pieces = {
      "a", "Z", "the", "The", "THE", "and", "Photo", "AP", "via", "Getty",
      "x7", "7x", "2024", "iPhone", "McDonald", "A1B2", " ", " ", " ", "  ",
      "\t", "\n", ".", ". ", "! ", "? ", "...", ", ", ";", ":", "'", "\"",
      "(", ")", "[", "]", "*", "-", "/", "|", "@", "#", ">", "<", "(c)",
      "(C)", "www.", ".com", "://", "a@b.org", "|", ">>", "`", "{", "^",
      "~", "\x7f", "\x01", "\r"};
  std::mt19937 rng(21);
  for (int round = 0; round < 6000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 120);
    for (int k = 0; k < n; ++k) {
      if (rng() % 40 == 0) {
        // A long run of word bytes, with capitals and digits.
        const int len = 1 + static_cast<int>(rng() % 150);
        for (int i = 0; i < len; ++i) {
          const int r = static_cast<int>(rng() % 40);
          text += static_cast<char>(r < 26 ? 'a' + r : r < 36 ? 'A' + r - 26
                                                              : '0' + r - 36);
        }
      } else {
        text += pieces[rng() % pieces.size()];
      }
    }
    ExpectSameFeatures(text);
    if (HasFailure()) return;
  }
  // Lengths around the block sizes.
  for (size_t len = 0; len <= 200; ++len) {
    ExpectSameFeatures(std::string(len, 'A'));
    ExpectSameFeatures(std::string(len, '7') + "x");
    ExpectSameFeatures("Word " + std::string(len, 'b') + ". Next");
    if (HasFailure()) return;
  }
}

TEST(TextFeatures, AgreeWithTheReferenceOnTheDemoCorpusAndSeeds) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::string(WINNOW_TEST_DATA) + "/../../examples")) {
    if (e.is_regular_file()) files.push_back(e.path().string());
  }
  if (testing::SeedsPresent()) {
    for (const auto& e : std::filesystem::directory_iterator(
             testing::SeedDir())) {
      files.push_back(e.path().string());
    }
  }
  ASSERT_GT(files.size(), 5u);
  size_t lines = 0;
  for (const std::string& path : files) {
    auto text = ReadWholeFile(path);
    ASSERT_TRUE(text.ok()) << path;
    for (const std::string& line : testing::SplitLines(*text)) {
      ExpectSameFeatures(line);
      ++lines;
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(lines, 100u);
}

// The frozen lookup answers as the table does: every entry, at any
// length, in a buffer whose bytes after the word are anything; and words
// the table lacks (other lengths, one byte changed, prefixes) are absent.
TEST(ClassifierWords, TheFrozenLookupAnswersAsTheTable) {
  const WordTable<WordInfo>& table = ClassifierWords();
  const ClassifierLookup& lookup = ClassifierWordLookup();
  std::mt19937 rng(3);
  auto find = [&](const std::string& w) {
    // The word, then junk: the lookup must look at its own bytes only.
    std::string buf = w + " ";
    while (buf.size() < w.size() + 32) buf += static_cast<char>('a' + rng() % 26);
    return lookup.Find(buf.data(), w.size());
  };
  size_t entries = 0, long_ones = 0;
  table.ForEach([&](std::string_view key, const WordInfo& value) {
    ++entries;
    long_ones += key.size() > ClassifierLookup::kMaxKey;
    const std::string w(key);
    EXPECT_EQ(find(w), &value) << w;
    std::string other = w;
    other[rng() % other.size()] ^= 0x01;
    EXPECT_EQ(find(other), table.Find(WordHash(other), other)) << other;
    for (size_t len = 1; len < w.size(); ++len) {
      const std::string prefix = w.substr(0, len);
      EXPECT_EQ(find(prefix), table.Find(WordHash(prefix), prefix)) << prefix;
    }
    EXPECT_EQ(find(w + "s"), table.Find(WordHash(w + "s"), w + "s")) << w;
  });
  EXPECT_GT(entries, 1000u);
  EXPECT_GT(long_ones, 0u);  // the path for words past 16 bytes is taken
  for (int i = 0; i < 100000; ++i) {
    std::string w(1 + rng() % 20, 'a');
    for (char& c : w) c = static_cast<char>('a' + rng() % 26);
    ASSERT_EQ(find(w), table.Find(WordHash(w), w)) << w;
  }
}

TEST(ClassifierWords, EveryListedWordHasItsEntryAndNothingElseDoes) {
  std::map<std::string, uint32_t> stop;
  ForEachStopword([&](std::string_view w, Language l) {
    stop[std::string(w)] |= LanguageBit(l);
  });
  std::map<std::string, uint8_t> classes;
  ForEachClassWord([&](std::string_view w, uint8_t c) {
    classes[std::string(w)] |= c;
  });
  std::set<std::string> heads;
  ForEachCueHead([&](std::string_view w, const std::vector<uint32_t>* h,
                      uint32_t max_words) {
    ASSERT_NE(h, nullptr);
    ASSERT_FALSE(h->empty());
    EXPECT_GT(max_words, 0u);
    heads.emplace(w);
  });
  ASSERT_GT(stop.size(), 500u);
  ASSERT_GT(classes.size(), 100u);
  ASSERT_GT(heads.size(), 100u);
  std::set<std::string> all;
  for (const auto& [w, bits] : stop) all.insert(w);
  for (const auto& [w, c] : classes) all.insert(w);
  all.insert(heads.begin(), heads.end());
  for (const std::string& w : all) {
    const WordInfo* info = FindClassifierWord(WordHash(w), w);
    ASSERT_NE(info, nullptr) << w;
    EXPECT_EQ(info->stop_bits, stop.count(w) ? stop[w] : 0u) << w;
    EXPECT_EQ(info->classes, classes.count(w) ? classes[w] : 0u) << w;
    EXPECT_EQ(info->cue_heads != nullptr, heads.count(w) == 1) << w;
  }
  EXPECT_EQ(stop["the"], LanguageBit(Language::kEnglish));
  EXPECT_NE(stop["de"] & LanguageBit(Language::kFrench), 0u);
  EXPECT_NE(stop["de"] & LanguageBit(Language::kSpanish), 0u);
  EXPECT_EQ(classes["reuters"], kCredit | kAgency);
  EXPECT_EQ(classes["photo"], kCredit);
  for (const char* w : {"zebra", "harbour", "", "thee", "th"}) {
    if (all.count(w)) continue;
    EXPECT_EQ(FindClassifierWord(WordHash(w), w), nullptr) << w;
  }
}

// The table compares keys only on a hash match, so a wrong byte compare
// would rarely show in the lookups above: each length and position here.
TEST(WordTable, SameBytesSeesADifferenceAtEveryPosition) {
  const std::string a = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t n = 0; n <= 30; ++n) {
    std::string b = a;
    EXPECT_TRUE(SameBytes(a.data(), b.data(), n)) << n;
    for (size_t k = 0; k < n; ++k) {
      b = a;
      b[k] = 'A';
      EXPECT_FALSE(SameBytes(a.data(), b.data(), n)) << n << " " << k;
    }
    // A difference just past the end does not count.
    b = a;
    b[n] = 'A';
    EXPECT_TRUE(SameBytes(a.data(), b.data(), n)) << n;
  }
}

}  // namespace
}  // namespace winnow::boilerplate
