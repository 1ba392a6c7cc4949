// Shingling: the documented normalization rule, word n-grams, fingerprints.
#include "winnow/shingle.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "dedup/shingle_internal.h"
#include "dedup_reference.h"

namespace winnow {
namespace {

std::string Norm(const std::string& s) {
  std::string out;
  NormalizeForShingles(s, &out, nullptr);
  return out;
}

TEST(Shingle, CaseFoldsLettersIncludingFullFolding) {
  EXPECT_EQ(Norm("Hello WORLD"), "hello world");
  EXPECT_EQ(Norm("Straße ÉTÉ"), "strasse été");
  EXPECT_EQ(Norm("ΣΟΦΙΑ"), "σοφια");
}

TEST(Shingle, DropsPunctuationWithoutSplittingWords) {
  EXPECT_EQ(Norm("don't stop, U.S. \"quoted\" (x)!"), "dont stop us quoted x");
  EXPECT_EQ(Norm("«Привет», — сказал"), "привет сказал");
}

TEST(Shingle, DashesAndSlashesSeparateWords) {
  EXPECT_EQ(Norm("well-known AP/TASS word\u2014word"), "well known ap tass word word");
}

TEST(Shingle, FoldsEveryDigitToOneClass) {
  EXPECT_EQ(Norm("April 10, 2023 at 3.5%"), "april 00 0000 at 00");
  EXPECT_EQ(Norm("\u0663\u0664 items"), "00 items");  // Arabic-Indic digits
}

TEST(Shingle, CollapsesWhitespaceAndLineBreaks) {
  EXPECT_EQ(Norm("  a\t\tb\r\n\n c \u00a0 d  "), "a b c d");
}

TEST(Shingle, EachCjkCharacterIsAWord) {
  EXPECT_EQ(Norm("東京タワー"), "東 京 タ ワ ー");
}

TEST(Shingle, InvalidUtf8IsDropped) {
  EXPECT_EQ(Norm("ab\xff" "cd \xe2\x82 x"), "abcd x");
}

TEST(Shingle, RecordsWordStarts) {
  std::string out;
  std::vector<uint32_t> starts;
  NormalizeForShingles("One, two;  THREE", &out, &starts);
  EXPECT_EQ(out, "one two three");
  EXPECT_EQ(starts, (std::vector<uint32_t>{0, 4, 8}));
}

TEST(Shingle, OneShinglePerWindowOfNWords) {
  Shingler s({5, 0});
  s.Process("Kim Jong Un attends a meeting, April 10, 2023.");
  EXPECT_EQ(s.normalized(), "kim jong un attends a meeting april 00 0000");
  EXPECT_EQ(s.words(), 9u);
  EXPECT_EQ(s.hashes().size(), 5u);
  EXPECT_EQ(s.CountDistinct(), 5u);
}

TEST(Shingle, ShortTextIsOneShingleOfTheWholeText) {
  Shingler s({5, 0});
  s.Process("Breaking: news!");
  ASSERT_EQ(s.hashes().size(), 1u);
  const uint64_t h = s.hashes()[0];
  s.Process("breaking   NEWS");
  ASSERT_EQ(s.hashes().size(), 1u);
  EXPECT_EQ(s.hashes()[0], h);
  s.Process("breaking news today");
  EXPECT_NE(s.hashes()[0], h);
}

TEST(Shingle, TextWithoutWordsHasNoShingles) {
  Shingler s;
  s.Process(" ... --- !!! \n");
  EXPECT_TRUE(s.hashes().empty());
  EXPECT_EQ(s.CountDistinct(), 0u);
  EXPECT_EQ(s.normalized(), "");
}

TEST(Shingle, RepeatedShinglesCountOnce) {
  Shingler s({2, 0});
  s.Process("a b a b a b");
  EXPECT_EQ(s.hashes().size(), 5u);
  EXPECT_EQ(s.CountDistinct(), 2u);  // "a b", "b a"
  std::vector<uint64_t> sorted;
  s.SortedDistinct(&sorted);
  EXPECT_EQ(sorted.size(), 2u);
  EXPECT_LT(sorted[0], sorted[1]);
}

TEST(Shingle, FingerprintIgnoresCaseAndPunctuationOnly) {
  Shingler s;
  s.Process("The cat sat.");
  Hash128 a = s.fingerprint();
  s.Process("the CAT, sat");
  EXPECT_EQ(s.fingerprint(), a);
  s.Process("the cat sat down");
  EXPECT_NE(s.fingerprint(), a);
}

TEST(Shingle, SeedChangesEveryHash) {
  Shingler a({3, 1}), b({3, 2});
  a.Process("one two three four");
  b.Process("one two three four");
  ASSERT_EQ(a.hashes().size(), 2u);
  EXPECT_NE(a.hashes()[0], b.hashes()[0]);
  EXPECT_NE(a.fingerprint(), b.fingerprint());
}

// Random ASCII texts: the normalized words and the number of distinct
// n-grams agree with the slow reference (tests/unit/dedup_reference.h),
// and reusing one Shingler across texts of every size changes nothing.
TEST(Shingle, MatchesReferenceOnRandomAsciiText) {
  std::mt19937 rng(42);
  const std::string alphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
      "     \n\t.,;:'\"!?-/()[]{}@#$%&*_+=<>|~`\\";
  Shingler reused({4, 9});
  for (int iter = 0; iter < 400; ++iter) {
    std::string text;
    const int len = static_cast<int>(rng() % 300);
    // Small vocabulary of letters so that n-grams repeat.
    for (int i = 0; i < len; ++i) {
      text += rng() % 3 == 0 ? alphabet[rng() % alphabet.size()]
                             : "abc "[rng() % 4];
    }
    std::vector<std::string> words = testref::AsciiWords(text);
    std::string joined;
    for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
    Shingler fresh({4, 9});
    fresh.Process(text);
    reused.Process(text);
    ASSERT_EQ(fresh.normalized(), joined) << text;
    ASSERT_EQ(reused.normalized(), joined) << text;
    ASSERT_EQ(reused.hashes(), fresh.hashes());
    ASSERT_EQ(fresh.CountDistinct(), testref::NGrams(words, 4).size()) << text;
  }
}

// The sixteen-bytes-at-a-time normalizer and the byte-at-a-time one agree
// on random text mixing ASCII words, punctuation runs, separators and
// multi-byte characters at every alignment.
TEST(Shingle, BlockAndScalarNormalizersAgree) {
  if (!internal::HaveBlockNormalize()) {
    GTEST_SKIP() << "this CPU has no SSSE3: only the scalar version runs";
  }
  std::mt19937 rng(77);
  const std::vector<std::string> pieces = {
      "a", "Word", "DON'T", "x", "0", "42", " ", "  ", "\n", "\t", "-", "/",
      ".", "...", ",", "'", "\"", "(", ")", "--", "é", "É", "ß", "東", "\u2014",
      "\u00a0", "\xff", "\x7f", "\x01", "supercalifragilisticexpialidocious"};
  std::string a, b;
  std::vector<uint32_t> sa, sb;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    const int n = static_cast<int>(rng() % 80);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    internal::NormalizeScalarForTest(text, &a, &sa);
    internal::NormalizeBlocksForTest(text, &b, &sb);
    ASSERT_EQ(a, b) << text;
    ASSERT_EQ(sa, sb) << text;
  }
}

}  // namespace
}  // namespace winnow
