// The counter's streamed counts and added counts against a brute-force map,
// and CombineRepeatCounts on 1 to 4 ranks against one counter over all the
// documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "winnow/dist.h"
#include "winnow/paragraph_repeats.h"

namespace winnow {
namespace {

using Doc = std::pair<uint64_t, std::vector<uint64_t>>;  // source, paragraphs
using PairCounts = std::map<std::pair<uint64_t, uint64_t>, uint64_t>;

// Documents over a small vocabulary, so that many paragraphs repeat within
// a source and across sources; some paragraphs are 0 (not counted).
std::vector<Doc> RandomDocs(uint64_t seed, int count, int sources,
                            int vocabulary) {
  std::mt19937_64 rng(seed);
  std::vector<Doc> docs;
  for (int d = 0; d < count; ++d) {
    Doc doc{rng() % sources, {}};
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) doc.second.push_back(rng() % vocabulary);
    docs.push_back(std::move(doc));
  }
  return docs;
}

// The obviously correct reference: (paragraph, source) -> documents.
PairCounts BruteForce(const std::vector<Doc>& docs) {
  PairCounts counts;
  for (const auto& [src, paras] : docs) {
    for (uint64_t p : std::set<uint64_t>(paras.begin(), paras.end())) {
      if (p != 0) ++counts[{p, src}];
    }
  }
  return counts;
}

std::unique_ptr<RepeatCounter> Count(const RepeatOptions& o,
                                     const std::vector<Doc>& docs) {
  auto c = RepeatCounter::Create(o, 1);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  {
    auto shard = (*c)->NewShard();
    for (const auto& [src, paras] : docs) shard->AddDocument(src, paras);
  }
  return std::move(*c);
}

RepeatOptions SmallOptions(uint64_t memory) {
  RepeatOptions o;
  o.min_repeats = 3;
  o.corpus_min_repeats = 30;
  o.corpus_min_sources = 4;
  o.memory_bytes = memory;
  return o;
}

// Every record of a reader, checked to come in strictly increasing order.
PairCounts ReadAll(RepeatCounter::Reader* r) {
  PairCounts got;
  RepeatCounter::Record rec;
  std::pair<uint64_t, uint64_t> last{0, 0};
  while (r->Next(&rec)) {
    const std::pair<uint64_t, uint64_t> key{rec.paragraph, rec.source};
    EXPECT_LT(last, key);
    last = key;
    got[key] = rec.docs;
  }
  EXPECT_TRUE(r->status().ok()) << r->status().ToString();
  return got;
}

class RepeatCountsTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(RepeatCountsTest, ReaderStreamsEveryPairOnceInOrder) {
  const std::vector<Doc> docs = RandomDocs(5, 4000, 11, 500);
  auto c = Count(SmallOptions(GetParam()), docs);
  auto reader = c->ReadCounts();
  auto again = c->ReadCounts();
  EXPECT_EQ(again.status().code(), ErrorCode::kInternal);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  const PairCounts ref = BruteForce(docs);
  EXPECT_EQ(ReadAll(reader->get()), ref);
  EXPECT_EQ((*reader)->stats().documents, docs.size());
  EXPECT_EQ((*reader)->stats().distinct_pairs, ref.size());
  if (GetParam() < (uint64_t{1} << 20)) {
    EXPECT_GT((*reader)->stats().runs_spilled, 0u);
  }
  // Read to the end, the runs are gone; the counter has ended.
  RepeatCounter::Record r;
  EXPECT_FALSE((*reader)->Next(&r));
  EXPECT_FALSE(c->Finish().ok());
  EXPECT_FALSE(c->ReadCounts().ok());
}

TEST_P(RepeatCountsTest, AddedCountsSumLikeCountedOnes) {
  // Three counters' counts, and a fourth share counted directly, into one
  // counter: the index of all the documents.
  const std::vector<Doc> docs = RandomDocs(6, 4000, 11, 500);
  const RepeatOptions o = SmallOptions(GetParam());
  auto all = RepeatCounter::Create(o, 2);
  ASSERT_TRUE(all.ok());
  std::vector<Doc> parts[4];
  for (size_t d = 0; d < docs.size(); ++d) parts[d % 4].push_back(docs[d]);
  for (int k = 0; k < 3; ++k) {
    auto c = Count(o, parts[k]);
    auto reader = c->ReadCounts();
    ASSERT_TRUE(reader.ok());
    std::vector<RepeatCounter::Record> batch;
    RepeatCounter::Record r;
    std::mt19937_64 rng(k);
    while ((*reader)->Next(&r)) {
      // Split some counts in two: a key may come any number of times.
      if (r.docs > 1 && rng() % 3 == 0) {
        batch.push_back({r.paragraph, r.source, 1});
        --r.docs;
      }
      batch.push_back(r);
      if (batch.size() == 700) {
        std::shuffle(batch.begin(), batch.end(), rng);
        ASSERT_TRUE((*all)->AddCounts(&batch).ok());
        EXPECT_TRUE(batch.empty());
      }
    }
    ASSERT_TRUE((*reader)->status().ok());
    batch.push_back({0, 1, 5});  // paragraph 0 is not counted
    ASSERT_TRUE((*all)
                    ->AddCounts(&batch, (*reader)->stats().documents,
                                (*reader)->stats().occurrences)
                    .ok());
  }
  {
    auto shard = (*all)->NewShard();
    for (const auto& [src, paras] : parts[3]) shard->AddDocument(src, paras);
  }
  auto reader = (*all)->ReadCounts();
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  const PairCounts ref = BruteForce(docs);
  EXPECT_EQ(ReadAll(reader->get()), ref);
  EXPECT_EQ((*reader)->stats().documents, docs.size());
  if (GetParam() < (uint64_t{1} << 20)) {
    EXPECT_GT((*reader)->stats().runs_spilled, 0u);
  }
  auto whole = Count(o, docs)->Finish();
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ((*reader)->stats().occurrences, whole->stats().occurrences);
  std::vector<RepeatCounter::Record> late = {{1, 1, 1}};
  EXPECT_EQ((*all)->AddCounts(&late).code(), ErrorCode::kInternal);
}

TEST(RepeatCounts, AddCountsFromThreads) {
  const std::vector<Doc> docs = RandomDocs(8, 3000, 7, 300);
  const PairCounts ref = BruteForce(docs);
  auto c = RepeatCounter::Create(SmallOptions(64 << 10), 4);
  ASSERT_TRUE(c.ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<RepeatCounter::Record> batch;
      size_t i = 0;
      for (const auto& [key, n] : ref) {
        if (i++ % 4 != static_cast<size_t>(t)) continue;
        batch.push_back({key.first, key.second, n});
        if (batch.size() == 50) {
          EXPECT_TRUE((*c)->AddCounts(&batch).ok());
        }
      }
      EXPECT_TRUE((*c)->AddCounts(&batch).ok());
    });
  }
  for (auto& th : threads) th.join();
  auto reader = (*c)->ReadCounts();
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(ReadAll(reader->get()), ref);
}

// 256 KiB spills runs; 1 MiB keeps them in memory.
INSTANTIATE_TEST_SUITE_P(Budgets, RepeatCountsTest,
                         ::testing::Values(uint64_t{256} << 10,
                                           uint64_t{1} << 20));

// Every lookup of `got` answers as `want`'s for the pairs and paragraphs of
// `ref`, and the stats agree (but for spilling, which depends on who
// counted).
void ExpectSameIndex(const RepeatIndex& want, const RepeatIndex& got,
                     const PairCounts& ref) {
  std::set<uint64_t> paragraphs;
  for (const auto& [key, n] : ref) {
    ASSERT_EQ(got.SourceCount(key.second, key.first),
              want.SourceCount(key.second, key.first))
        << "paragraph " << key.first << " source " << key.second;
    paragraphs.insert(key.first);
  }
  for (uint64_t p : paragraphs) {
    ASSERT_EQ(got.CorpusCount(p).docs, want.CorpusCount(p).docs) << p;
    ASSERT_EQ(got.CorpusCount(p).sources, want.CorpusCount(p).sources) << p;
  }
  EXPECT_EQ(got.stats().documents, want.stats().documents);
  EXPECT_EQ(got.stats().occurrences, want.stats().occurrences);
  EXPECT_EQ(got.stats().distinct_pairs, want.stats().distinct_pairs);
  EXPECT_EQ(got.stats().repeated_pairs, want.stats().repeated_pairs);
  EXPECT_EQ(got.stats().corpus_repeats, want.stats().corpus_repeats);
}

TEST(CombineRepeatCounts, OneRankIsFinish) {
  const std::vector<Doc> docs = RandomDocs(9, 3000, 9, 400);
  const RepeatOptions o = SmallOptions(256 << 10);
  auto want = Count(o, docs)->Finish();
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  EXPECT_GT(want->stats().runs_spilled, 0u);
  auto comm = MakeSoloCommunicator();
  auto local = Count(o, docs);
  auto got = CombineRepeatCounts(*comm, local.get(), 4096);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameIndex(*want, *got, BruteForce(docs));
  EXPECT_GT(want->stats().repeated_pairs, 100u);
  EXPECT_GT(want->stats().corpus_repeats, 10u);
}

}  // namespace
}  // namespace winnow
