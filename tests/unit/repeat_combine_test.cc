// The counter's streamed counts and added counts against a brute-force map,
// and CombineRepeatCounts on 1 to 4 ranks against one counter over all the
// documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "test_util.h"
#include "thread_communicator.h"
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

// Template paragraphs from a small vocabulary (they repeat within and
// across sources) mixed with story paragraphs drawn from a large space
// (they are counted, spilled and shuffled, but rarely repeat).
std::vector<Doc> MixedDocs(uint64_t seed, int count, int sources) {
  std::mt19937_64 rng(seed);
  std::vector<Doc> docs;
  for (int d = 0; d < count; ++d) {
    Doc doc{1000 + rng() % sources, {}};
    const int templates = static_cast<int>(rng() % 5);
    for (int i = 0; i < templates; ++i) doc.second.push_back(rng() % 300);
    const int story = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < story; ++i) doc.second.push_back(rng() % 1000000);
    docs.push_back(std::move(doc));
  }
  return docs;
}

// How the documents are spread over the ranks.
enum class Spread {
  kRoundRobin,
  kBlocks,
  kBySource,  // each source's documents on one rank
  kRandom,
  kFirstEmpty,  // rank 0 has none
  kAllOnLast,   // every rank but the last has none
};

std::vector<std::vector<Doc>> SpreadDocs(const std::vector<Doc>& docs,
                                         int ranks, Spread how) {
  std::vector<std::vector<Doc>> parts(ranks);
  std::mt19937_64 rng(77);
  for (size_t d = 0; d < docs.size(); ++d) {
    int r = 0;
    switch (how) {
      case Spread::kRoundRobin:
        r = static_cast<int>(d % ranks);
        break;
      case Spread::kBlocks:
        r = static_cast<int>(d * ranks / docs.size());
        break;
      case Spread::kBySource:
        r = static_cast<int>(docs[d].first % ranks);
        break;
      case Spread::kRandom:
        r = static_cast<int>(rng() % ranks);
        break;
      case Spread::kFirstEmpty:
        r = ranks == 1 ? 0 : 1 + static_cast<int>(d % (ranks - 1));
        break;
      case Spread::kAllOnLast:
        r = ranks - 1;
        break;
    }
    parts[r].push_back(docs[d]);
  }
  return parts;
}

struct CombineCase {
  int ranks;
  Spread spread;
  uint64_t memory;  // each rank's RepeatOptions::memory_bytes
  uint64_t round_bytes;
  int threads;  // shards of each rank's counter
};

std::string CaseName(const ::testing::TestParamInfo<CombineCase>& info) {
  static const char* spreads[] = {"RoundRobin", "Blocks",     "BySource",
                                  "Random",     "FirstEmpty", "AllOnLast"};
  const CombineCase& c = info.param;
  return std::to_string(c.ranks) + "Ranks" +
         spreads[static_cast<int>(c.spread)] + std::to_string(c.memory >> 10) +
         "KiB" + std::to_string(c.round_bytes) + "BytesRounds" +
         std::to_string(c.threads) + "Threads";
}

class CombineTest : public ::testing::TestWithParam<CombineCase> {};

TEST_P(CombineTest, EveryRankGetsTheSingleCounterIndex) {
  const CombineCase& c = GetParam();
  const std::vector<Doc> docs = MixedDocs(c.ranks * 10 + 1, 5000, 13);
  RepeatOptions o = SmallOptions(c.memory);
  const PairCounts ref = BruteForce(docs);
  auto want = Count(o, docs)->Finish();
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  ASSERT_GT(want->stats().repeated_pairs, 500u);
  ASSERT_GT(want->stats().corpus_repeats, 20u);

  const auto parts = SpreadDocs(docs, c.ranks, c.spread);
  std::vector<Result<RepeatIndex>> got(c.ranks, InternalError("not run"));
  std::vector<RepeatCombineStats> stats(c.ranks);
  std::vector<uint64_t> local_runs(c.ranks, 0);
  testing::RunRanks(c.ranks, [&](Communicator& comm) {
    const int r = comm.rank();
    auto counter = RepeatCounter::Create(o, c.threads);
    ASSERT_TRUE(counter.ok());
    {
      // The rank's documents through `threads` shards, one thread each.
      std::vector<std::thread> threads;
      for (int t = 0; t < c.threads; ++t) {
        threads.emplace_back([&, t] {
          auto shard = (*counter)->NewShard();
          for (size_t d = t; d < parts[r].size(); d += c.threads) {
            shard->AddDocument(parts[r][d].first, parts[r][d].second);
          }
        });
      }
      for (auto& th : threads) th.join();
    }
    got[r] =
        CombineRepeatCounts(comm, counter->get(), c.round_bytes, &stats[r]);
  });
  uint64_t owner_runs = 0, rounds = 0, shuffled = 0;
  for (int r = 0; r < c.ranks; ++r) {
    ASSERT_TRUE(got[r].ok())
        << "rank " << r << ": " << got[r].status().ToString();
    ExpectSameIndex(*want, *got[r], ref);
    owner_runs += stats[r].owner_runs;
    shuffled += stats[r].bytes_out + stats[r].bytes_local;
    rounds = std::max(rounds, stats[r].rounds);
    EXPECT_EQ(stats[r].rounds, stats[0].rounds);
  }
  // Each rank's distinct pairs travel once, 20 bytes each.
  uint64_t rank_pairs = 0;
  for (const auto& part : parts) rank_pairs += BruteForce(part).size();
  if (c.ranks > 1) {
    EXPECT_EQ(shuffled, 20 * rank_pairs);
  }
  if (c.memory <= (256 << 10)) {
    EXPECT_GT(got[0]->stats().runs_spilled, owner_runs);  // local counters
    if (c.ranks > 1) {
      EXPECT_GT(owner_runs, 0u);
    }
  }
  if (c.ranks > 1 && c.round_bytes <= 4096) {
    EXPECT_GT(rounds, 50u);
  }
}

std::vector<CombineCase> CombineCases() {
  std::vector<CombineCase> cases;
  for (int ranks : {1, 2, 3, 4}) {
    for (Spread s :
         {Spread::kRoundRobin, Spread::kBlocks, Spread::kBySource,
          Spread::kRandom, Spread::kFirstEmpty, Spread::kAllOnLast}) {
      // Small budget (spills everywhere) and small rounds; then a roomy
      // budget in few rounds.
      cases.push_back({ranks, s, 256 << 10, 2048, 2});
      cases.push_back({ranks, s, 16 << 20, 16 << 20, 1});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Spreads, CombineTest,
                         ::testing::ValuesIn(CombineCases()), CaseName);

// Runs CombineRepeatCounts on `ranks` threads over `parts` and returns
// each rank's result.
std::vector<Result<RepeatIndex>> CombineOn(
    int ranks, const RepeatOptions& o,
    const std::vector<std::vector<Doc>>& parts) {
  std::vector<Result<RepeatIndex>> got(ranks, InternalError("not run"));
  testing::RunRanks(ranks, [&](Communicator& comm) {
    auto counter = Count(o, parts[comm.rank()]);
    got[comm.rank()] = CombineRepeatCounts(comm, counter.get(), 4096);
  });
  return got;
}

TEST(CombineRepeatCounts, IndexOverTheBudgetIsResourceExhaustedOnEveryRank) {
  RepeatOptions o;
  o.min_repeats = 2;
  o.memory_bytes = 64 << 10;
  // The message Finish gives for the same budget.
  std::string finish_message;
  {
    std::vector<uint64_t> paras;
    for (uint64_t i = 1; i <= 20000; ++i) paras.push_back(i);
    auto index = Count(o, {{1, paras}, {1, paras}})->Finish();
    ASSERT_EQ(index.status().code(), ErrorCode::kResourceExhausted);
    finish_message = index.status().message();
  }
  // 2,000 repeated pairs (80 KB) over 4 ranks: each part fits, the whole
  // does not. 20,000: each part alone is over.
  for (uint64_t pairs : {2000, 20000}) {
    std::vector<uint64_t> paras;
    for (uint64_t i = 1; i <= pairs; ++i) paras.push_back(i);
    const std::vector<std::vector<Doc>> parts = {
        {{1, paras}}, {{1, paras}}, {}, {{2, {1, 2, 3}}}};
    auto got = CombineOn(4, o, parts);
    for (int r = 0; r < 4; ++r) {
      ASSERT_FALSE(got[r].ok()) << pairs << " pairs, rank " << r;
      EXPECT_EQ(got[r].status().code(), ErrorCode::kResourceExhausted);
      EXPECT_EQ(got[r].status().message(), finish_message);
    }
  }
  // 1,000 pairs fit.
  std::vector<uint64_t> paras;
  for (uint64_t i = 1; i <= 1000; ++i) paras.push_back(i);
  auto got = CombineOn(4, o, {{{1, paras}}, {{1, paras}}, {}, {}});
  for (int r = 0; r < 4; ++r) {
    ASSERT_TRUE(got[r].ok()) << got[r].status().ToString();
    EXPECT_EQ(got[r]->SourceCount(1, 500), 2u);
    EXPECT_EQ(got[r]->stats().repeated_pairs, 1000u);
  }
}

TEST(CombineRepeatCounts, ARanksFailureEndsEveryRankWithoutAHang) {
  // Rank 1's counter spills at once; its first run is cut short, so its
  // merge fails with a DataError naming the file. The others must learn it
  // and return, each saying which rank failed.
  const RepeatOptions o = SmallOptions(4 << 10);
  const std::vector<Doc> docs = MixedDocs(3, 900, 5);
  const auto parts = SpreadDocs(docs, 3, Spread::kRoundRobin);
  std::vector<Result<RepeatIndex>> got(3, InternalError("not run"));
  std::string cut;
  testing::RunRanks(
      3,
      [&](Communicator& comm) {
        auto counter = Count(o, parts[comm.rank()]);
        if (comm.rank() == 1) {
          cut = counter->run_dir() + "/run-0";
          std::filesystem::resize_file(cut,
                                       std::filesystem::file_size(cut) - 7);
        }
        got[comm.rank()] = CombineRepeatCounts(comm, counter.get(), 1024);
      },
      std::chrono::seconds(20));
  ASSERT_FALSE(got[1].ok());
  EXPECT_EQ(got[1].status().code(), ErrorCode::kDataError);
  EXPECT_NE(got[1].status().message().find(cut), std::string::npos)
      << got[1].status().message();
  for (int r : {0, 2}) {
    ASSERT_FALSE(got[r].ok());
    EXPECT_EQ(got[r].status().code(), ErrorCode::kInternal);
    EXPECT_NE(got[r].status().message().find("rank 1 of 3 failed"),
              std::string::npos)
        << got[r].status().message();
  }
}

}  // namespace
}  // namespace winnow
