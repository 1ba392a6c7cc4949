// The distributed dedup path (dist.h, src/dedup/dist_stages.cc) in one
// process: with a one-rank Communicator every shuffle sends to itself, so
// each stage's distributed algorithm (hash-partitioned exact groups, band
// buckets with the cap, signature shipping, min-label components and the
// per-component representative pass) runs and must give the single-
// process bytes. tests/mpi/dedup_mpi.sh runs the same under mpirun with
// 1 to 4 ranks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "dedup/dist_shuffle.h"
#include "winnow/byte_source.h"
#include "winnow/dedup.h"
#include "winnow/dist.h"
#include "winnow/json.h"

namespace winnow {
namespace {

namespace fs = std::filesystem;

// Random-word documents, a third of them edited copies of earlier ones,
// some exact copies, one without words.
std::string Corpus(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto word = [&] {
    std::string w;
    const int len = 2 + static_cast<int>(rng() % 6);
    for (int i = 0; i < len; ++i) w += static_cast<char>('a' + rng() % 20);
    return w;
  };
  std::vector<std::vector<std::string>> docs;
  std::string out;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> w;
    if (i == 7) {
      // no words
    } else if (i > 0 && rng() % 10 == 0) {
      w = docs[rng() % docs.size()];
    } else if (i > 0 && rng() % 3 == 0) {
      w = docs[rng() % docs.size()];
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits && !w.empty(); ++e) w[rng() % w.size()] = word();
    } else {
      const int words = 30 + static_cast<int>(rng() % 120);
      for (int k = 0; k < words; ++k) w.push_back(word());
    }
    std::string text;
    for (const std::string& x : w) text += x + " ";
    if (i == 7) text = "!!! ???";
    docs.push_back(w);
    out += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":";
    AppendJsonString(&out, text);
    out += "}\n";
  }
  return out;
}

class DistDedupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("winnow-dist-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(Path("in.jsonl")) << Corpus(400, 3);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& n) const { return (dir_ / n).string(); }

  struct Out {
    std::string docs, clusters;
    DedupReport report;
  };
  Result<Out> Run(DedupOptions o, Communicator* comm, bool annotate) {
    const std::string tag = std::to_string(runs_++);
    o.work_dir = Path("work" + tag);
    o.comm = comm;
    auto in = ExpandInputs({Path("in.jsonl")}, {});
    if (!in.ok()) return in.status();
    auto job = DedupJob::Create(*in, o);
    if (!job.ok()) return job.status();
    WINNOW_RETURN_IF_ERROR((*job)->Analyze({}));
    auto docs = OutputFile::Create(Path("docs" + tag + ".jsonl"));
    auto clusters = OutputFile::Create(Path("clusters" + tag + ".jsonl"));
    DedupOutputs outs;
    outs.docs = docs->get();
    outs.clusters = clusters->get();
    outs.annotate_only = annotate;
    WINNOW_RETURN_IF_ERROR((*job)->WriteOutputs(outs, {}));
    WINNOW_RETURN_IF_ERROR((*docs)->Commit());
    WINNOW_RETURN_IF_ERROR((*clusters)->Commit());
    Out out;
    out.report = (*job)->report();
    out.docs = *ReadWholeFile(Path("docs" + tag + ".jsonl"));
    out.clusters = *ReadWholeFile(Path("clusters" + tag + ".jsonl"));
    WINNOW_RETURN_IF_ERROR((*job)->RemoveWorkDir());
    return out;
  }

  void ExpectSame(const DedupOptions& o, bool annotate, const char* what) {
    auto solo = MakeSoloCommunicator();
    auto a = Run(o, nullptr, annotate);
    auto b = Run(o, solo.get(), annotate);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_GT(a->report.clusters, 15u) << what;
    EXPECT_EQ(a->docs, b->docs) << what;
    EXPECT_EQ(a->clusters, b->clusters) << what;
    EXPECT_EQ(a->report.exact_duplicates, b->report.exact_duplicates) << what;
    EXPECT_EQ(a->report.candidate_pairs, b->report.candidate_pairs) << what;
    EXPECT_EQ(a->report.verified_edges, b->report.verified_edges) << what;
    EXPECT_EQ(a->report.clusters, b->report.clusters) << what;
    EXPECT_EQ(a->report.clustered_docs, b->report.clustered_docs) << what;
    EXPECT_EQ(a->report.docs_out, b->report.docs_out) << what;
  }

  fs::path dir_;
  int runs_ = 0;
};

TEST_F(DistDedupTest, SameBytesAsOneProcessForEveryClusterAndKeepRule) {
  DedupOptions o;
  o.threads = 2;
  o.shard_docs = 150;
  const std::pair<ClusterMode, KeepRule> rules[] = {
      {ClusterMode::kRepresentative, KeepRule::kLongest},
      {ClusterMode::kRepresentative, KeepRule::kLast},
      {ClusterMode::kConnected, KeepRule::kLongest},
      {ClusterMode::kConnected, KeepRule::kFirst}};
  for (const auto& [c, k] : rules) {
    o.cluster = c;
    o.keep = k;
    ExpectSame(o, k == KeepRule::kLongest,
               (std::string(ClusterModeName(c)) + "/" +
                std::string(KeepRuleName(k))).c_str());
  }
}

TEST_F(DistDedupTest, SameBytesWithCappedBucketsLowThresholdAndContainment) {
  DedupOptions o;
  o.threads = 1;
  o.shard_docs = 150;
  o.max_bucket = 3;  // the capped-bucket path of the pair source
  o.threshold = 0.5;
  ExpectSame(o, false, "capped, 0.5");
  o.max_bucket = 256;
  o.measure = Measure::kContainment;
  o.threshold = 0.7;
  ExpectSame(o, true, "containment");
}

TEST_F(DistDedupTest, ExactVerificationAndStandardInputAreRefused) {
  auto solo = MakeSoloCommunicator();
  DedupOptions o;
  o.verify = VerifyMode::kExact;
  auto r = Run(o, solo.get(), false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("--verify exact is not supported"),
            std::string::npos);

  InputFile in;
  in.path = "-";
  in.name = "-";
  DedupOptions s;
  s.work_dir = Path("stdin-work");
  s.comm = solo.get();
  auto job = DedupJob::Create({in}, s);
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.status().message().find("give files, not standard input"),
            std::string::npos)
      << job.status().ToString();
}

TEST(DistShuffleTest, DeliversEveryRecordWhateverTheRoundSize) {
  auto solo = MakeSoloCommunicator();
  for (uint64_t round : {uint64_t{1}, uint64_t{1} << 20}) {
    uint32_t next = 0, got = 0;
    uint64_t sum = 0, rounds_seen = 0;
    dedup::ShuffleStats stats;
    Status st = dedup::Shuffle(
        *solo, round,
        [&](dedup::Outbox& box) -> Result<bool> {
          for (; next < 100000 && !box.full(); ++next) box.Add(0, next);
          return next == 100000;
        },
        [&](int src, std::string_view bytes) {
          EXPECT_EQ(src, 0);
          ++rounds_seen;
          return dedup::ForEachRecord<uint32_t>(bytes, [&](uint32_t v) {
            EXPECT_EQ(v, got);
            ++got;
            sum += v;
            return OkStatus();
          });
        },
        &stats);
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(got, 100000u);
    EXPECT_EQ(sum, uint64_t{99999} * 100000 / 2);
    EXPECT_EQ(stats.bytes_local, 400000u);
    // Rounds are bounded: the smallest round holds 64 KiB.
    if (round == 1) {
      EXPECT_GE(stats.rounds, 6u);
    }
    EXPECT_EQ(rounds_seen, stats.rounds);
  }
}

TEST(DistShuffleTest, APartialRecordIsAnError) {
  Status st = dedup::ForEachRecord<uint64_t>(
      std::string_view("abc"), [](uint64_t) { return OkStatus(); });
  EXPECT_FALSE(st.ok());
}

}  // namespace
}  // namespace winnow
