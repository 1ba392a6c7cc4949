// Cross-document repeats: normalization, and the spilling counter against a
// brute-force count kept in this test.
#include "winnow/paragraph_repeats.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"
#include "winnow/byte_source.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

TEST(ParagraphHash, NormalizesCasePunctuationSpacesAndDigits) {
  EXPECT_EQ(ParagraphHash("Remind me later."), ParagraphHash("remind  me later"));
  EXPECT_EQ(ParagraphHash("© 2023 Acme Corp."), ParagraphHash("© 2024 ACME corp"));
  EXPECT_EQ(ParagraphHash("Page 1 of 12"), ParagraphHash("Page 3 of 4"));
  EXPECT_EQ(ParagraphHash("ÉTÉ à Paris"), ParagraphHash("été à paris"));
  EXPECT_EQ(ParagraphHash("Поддержите НАС"), ParagraphHash("поддержите нас!"));
  EXPECT_NE(ParagraphHash("Remind me later."), ParagraphHash("Remind me now."));
  EXPECT_NE(ParagraphHash("Read more"), ParagraphHash("Readmore"));
  // Without a letter there is nothing to count.
  EXPECT_EQ(ParagraphHash("12:30"), 0u);
  EXPECT_EQ(ParagraphHash("***"), 0u);
  EXPECT_EQ(ParagraphHash(""), 0u);
  uint32_t words = 0;
  ParagraphHash("Don't stop, 2 times!", &words);
  EXPECT_EQ(words, 5u);  // don, t, stop, 0, times
}

// The normalization of ParagraphHash written plainly, one code point at a
// time: letters (and marks) lowercased, each run of digits "0", each run of
// anything else one space between words.
std::string ReferenceNormal(std::string_view p, bool* letter) {
  std::string norm;
  bool in_word = false, in_digits = false;
  *letter = false;
  size_t i = 0;
  while (i < p.size()) {
    uint32_t cp;
    size_t len = DecodeUtf8(p, i, &cp);
    if (len == 0) {
      cp = kReplacementChar;
      len = InvalidSequenceLength(p, i);
    }
    i += len;
    const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    const bool is_letter =
        cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
        cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
        cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_MN ||
        cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME;
    const bool is_digit = cat == UTF8PROC_CATEGORY_ND ||
                          cat == UTF8PROC_CATEGORY_NL ||
                          cat == UTF8PROC_CATEGORY_NO;
    if (!is_letter && !is_digit) {
      in_word = in_digits = false;
      continue;
    }
    if (!in_word && !norm.empty()) norm += ' ';
    in_word = true;
    if (is_digit) {
      if (!in_digits) norm += '0';
      in_digits = true;
    } else {
      in_digits = false;
      *letter = true;
      AppendUtf8(&norm, static_cast<uint32_t>(utf8proc_tolower(
                            static_cast<utf8proc_int32_t>(cp))));
    }
  }
  return norm;
}

TEST(ParagraphHash, EqualExactlyWhenTheReferenceNormalFormsAre) {
  // Pieces: ASCII of every class, accented and Cyrillic capitals, a
  // combining mark, a letter whose lowercase is longer in UTF-8 (U+023A ->
  // U+2C65), digits outside ASCII (Arabic-Indic, Roman numeral), symbols,
  // no-break space, an invalid byte and a truncated sequence.
  const std::vector<std::string> pieces = {
      "a", "B", "z", "Q", "0", "7", " ", "  ", ".", "-", "'", "\t",
      "\xC3\x89", "\xC3\xA9", "\xD0\x9D", "\xD0\xBD", "\xCC\x81",
      "\xC8\xBA", "\xE2\xB1\xA5", "\xD9\xA3", "\xE2\x85\xAB",
      "\xC2\xA9", "\xC2\xA0", "\xFF", "\xE2\x82"};
  std::mt19937 rng(11);
  auto text = [&] {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    return s;
  };
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i) texts.push_back(text());
  std::map<std::string, uint64_t> hash_of_normal;
  int equal_pairs = 0;
  for (const std::string& t : texts) {
    bool letter;
    const std::string norm = ReferenceNormal(t, &letter);
    uint32_t words = 0;
    const uint64_t h = ParagraphHash(t, &words);
    EXPECT_EQ(h != 0, letter) << t;
    if (!letter) continue;
    auto [it, fresh] = hash_of_normal.emplace(norm, h);
    if (!fresh) {
      EXPECT_EQ(it->second, h) << t;
      ++equal_pairs;
    }
    // Words: the spaces of the normal form, plus one.
    EXPECT_EQ(words, std::count(norm.begin(), norm.end(), ' ') + 1u) << t;
  }
  // Different normal forms, different hashes.
  std::set<uint64_t> hashes;
  for (const auto& [norm, h] : hash_of_normal) hashes.insert(h);
  EXPECT_EQ(hashes.size(), hash_of_normal.size());
  EXPECT_GT(equal_pairs, 100);
  EXPECT_GT(hash_of_normal.size(), 1000u);
}

using PairCounts = std::map<std::pair<uint64_t, uint64_t>, uint32_t>;

// The obviously correct reference: count every (paragraph, source) pair
// once per document, in a map.
PairCounts BruteForce(const std::vector<std::pair<uint64_t,
                                                  std::vector<uint64_t>>>& docs) {
  PairCounts counts;
  for (const auto& [src, paras] : docs) {
    std::set<uint64_t> distinct(paras.begin(), paras.end());
    for (uint64_t p : distinct) {
      if (p != 0) ++counts[{p, src}];
    }
  }
  return counts;
}

class RepeatCounterTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(RepeatCounterTest, MatchesBruteForceWhateverTheBudget) {
  std::mt19937_64 rng(42);
  std::vector<std::pair<uint64_t, std::vector<uint64_t>>> docs;
  for (int d = 0; d < 3000; ++d) {
    uint64_t src = rng() % 13;
    std::vector<uint64_t> paras;
    int n = 1 + rng() % 12;
    for (int i = 0; i < n; ++i) {
      // A small vocabulary of paragraphs so that many repeat; some 0s.
      paras.push_back(rng() % 400);
    }
    docs.push_back({src, paras});
  }
  RepeatOptions o;
  o.min_repeats = 3;
  o.corpus_min_repeats = 40;
  o.corpus_min_sources = 5;
  o.memory_bytes = GetParam();
  auto counter = RepeatCounter::Create(o, 3);
  ASSERT_TRUE(counter.ok()) << counter.status().ToString();
  {
    // Three shards fed from three threads.
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t) {
      threads.emplace_back([&, t] {
        auto shard = (*counter)->NewShard();
        for (size_t d = t; d < docs.size(); d += 3) {
          shard->AddDocument(docs[d].first, docs[d].second);
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  auto index = (*counter)->Finish();
  ASSERT_TRUE(index.ok()) << index.status().ToString();

  PairCounts ref = BruteForce(docs);
  std::map<uint64_t, std::pair<uint32_t, uint32_t>> wide;  // docs, sources
  for (const auto& [key, n] : ref) {
    EXPECT_EQ(index->SourceCount(key.second, key.first), n >= 3 ? n : 0)
        << "paragraph " << key.first << " source " << key.second;
    wide[key.first].first += n;
    wide[key.first].second += 1;
  }
  for (const auto& [para, c] : wide) {
    auto got = index->CorpusCount(para);
    bool passes = c.first >= 40 && c.second >= 5;
    EXPECT_EQ(got.docs, passes ? c.first : 0);
    EXPECT_EQ(got.sources, passes ? c.second : 0);
  }
  EXPECT_EQ(index->SourceCount(99, 1), 0u);
  // Pairs never counted: none is found (the filter in front of the table
  // lets some through to it; the table turns them away).
  for (int i = 0; i < 20000; ++i) {
    const uint64_t para = 1000 + rng() % 100000, src = rng() % 13;
    ASSERT_EQ(index->SourceCount(src, para), 0u) << para << " " << src;
  }
  EXPECT_EQ(index->stats().documents, docs.size());
  EXPECT_EQ(index->stats().distinct_pairs, ref.size());
  if (GetParam() < (1u << 20)) {
    EXPECT_GT(index->stats().runs_spilled, 0u);
  }

  // Saved and loaded, it answers every lookup alike.
  testing::TempDir dir;
  const std::string path = dir.File("repeats.bin");
  ASSERT_TRUE(index->Save(path).ok());
  auto loaded = RepeatIndex::Load(path, o);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  for (const auto& [key, n] : ref) {
    EXPECT_EQ(loaded->SourceCount(key.second, key.first),
              index->SourceCount(key.second, key.first));
  }
  for (const auto& [para, c] : wide) {
    EXPECT_EQ(loaded->CorpusCount(para).docs, index->CorpusCount(para).docs);
    EXPECT_EQ(loaded->CorpusCount(para).sources,
              index->CorpusCount(para).sources);
  }
  EXPECT_EQ(loaded->stats().distinct_pairs, index->stats().distinct_pairs);
  EXPECT_EQ(loaded->stats().documents, index->stats().documents);
}

TEST(RepeatIndex, ADamagedOrForeignFileIsADataErrorNamingIt) {
  RepeatIndex index(RepeatOptions(), {{1, 2, 5}, {1, 3, 4}, {9, 2, 3}},
                    {{1, 200, 7}}, RepeatIndex::Stats());
  testing::TempDir dir;
  const std::string path = dir.File("repeats.bin");
  ASSERT_TRUE(index.Save(path).ok());
  auto whole = ReadWholeFile(path);
  ASSERT_TRUE(whole.ok());
  auto good = RepeatIndex::Load(path, RepeatOptions());
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->SourceCount(3, 1), 4u);
  EXPECT_EQ(good->CorpusCount(1).docs, 200u);

  std::string flipped = *whole;
  flipped[flipped.size() / 2] ^= 0x40;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"truncated", whole->substr(0, whole->size() - 3)},
      {"flipped", flipped},
      {"foreign", "{\"id\":\"not an index\"}"},
      {"empty", ""},
  };
  for (const auto& [name, bytes] : bad) {
    const std::string p = dir.Write(name, bytes);
    auto r = RepeatIndex::Load(p, RepeatOptions());
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), ErrorCode::kDataError) << name;
    EXPECT_NE(r.status().message().find(p), std::string::npos)
        << r.status().message();
  }
  auto missing = RepeatIndex::Load(dir.File("absent.bin"), RepeatOptions());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("absent.bin"), std::string::npos);
}

// 256 KiB spills runs to disk; 1 MiB and 64 MiB keep them in memory.
INSTANTIATE_TEST_SUITE_P(Budgets, RepeatCounterTest,
                         ::testing::Values(uint64_t{256} << 10,
                                           uint64_t{1} << 20,
                                           uint64_t{64} << 20));

TEST(RepeatCounter, RemovesItsTemporaryDirectory) {
  std::string dir;
  {
    auto c = RepeatCounter::Create({}, 1);
    ASSERT_TRUE(c.ok());
    dir = (*c)->run_dir();
    EXPECT_TRUE(std::filesystem::is_directory(dir));
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(RepeatCounter, MissingTempDirIsAnErrorNamingIt) {
  RepeatOptions o;
  o.tmp_dir = "/nonexistent/winnow-tmp";
  auto c = RepeatCounter::Create(o, 1);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kIoError);
  EXPECT_NE(c.status().message().find("/nonexistent/winnow-tmp"),
            std::string::npos)
      << c.status().message();
}

TEST(RepeatCounter, TruncatedRunIsADataErrorNamingTheFile) {
  RepeatOptions o;
  o.memory_bytes = 4 << 10;  // spill at once
  auto c = RepeatCounter::Create(o, 1);
  ASSERT_TRUE(c.ok());
  {
    auto shard = (*c)->NewShard();
    std::vector<uint64_t> paras;
    for (uint64_t i = 1; i <= 2000; ++i) paras.push_back(i);
    shard->AddDocument(1, paras);
  }
  std::string run = (*c)->run_dir() + "/run-0";
  ASSERT_TRUE(std::filesystem::exists(run));
  std::filesystem::resize_file(run, std::filesystem::file_size(run) - 7);
  auto index = (*c)->Finish();
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), ErrorCode::kDataError);
  EXPECT_NE(index.status().message().find(run), std::string::npos)
      << index.status().message();
  EXPECT_NE(index.status().message().find("truncated"), std::string::npos);
}

TEST(RepeatCounter, IndexOverTheBudgetIsResourceExhausted) {
  RepeatOptions o;
  o.min_repeats = 2;
  o.memory_bytes = 64 << 10;
  auto c = RepeatCounter::Create(o, 1);
  ASSERT_TRUE(c.ok());
  {
    auto shard = (*c)->NewShard();
    std::vector<uint64_t> paras;
    for (uint64_t i = 1; i <= 20000; ++i) paras.push_back(i);
    shard->AddDocument(1, paras);
    shard->AddDocument(1, paras);
  }
  auto index = (*c)->Finish();
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), ErrorCode::kResourceExhausted);
  EXPECT_NE(index.status().message().find("--memory"), std::string::npos);
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

TEST(RepeatCounter, ManyRunsMergeInSeveralLevels) {
  // 90,000 keys in runs of 1,024: more runs than one merge takes at once.
  std::mt19937_64 rng(3);
  std::vector<std::pair<uint64_t, std::vector<uint64_t>>> docs;
  for (int d = 0; d < 30000; ++d) {
    docs.push_back({7, {1 + rng() % 200000, 1 + rng() % 200000,
                        1 + rng() % 200000}});
  }
  RepeatOptions o;
  o.min_repeats = 4;
  o.corpus_min_repeats = 0;
  o.memory_bytes = 32 << 10;
  auto c = RepeatCounter::Create(o, 1);
  ASSERT_TRUE(c.ok());
  {
    auto shard = (*c)->NewShard();
    for (const auto& [src, paras] : docs) shard->AddDocument(src, paras);
  }
  auto index = (*c)->Finish();
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_GT(index->stats().runs_spilled, 64u);
  PairCounts ref = BruteForce(docs);
  size_t repeated = 0;
  for (const auto& [key, n] : ref) {
    ASSERT_EQ(index->SourceCount(key.second, key.first), n >= 4 ? n : 0);
    repeated += n >= 4;
  }
  EXPECT_EQ(index->stats().repeated_pairs, repeated);
  EXPECT_GT(repeated, 0u);
}

}  // namespace
}  // namespace winnow
