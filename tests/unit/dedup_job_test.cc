// The dedup job end to end through the library API: candidate generation
// against a brute-force pair scan, determinism across threads and memory
// budgets, resuming, the seeds, exact duplicates, bad records.
#include "winnow/dedup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "dedup/records.h"
#include "dedup_reference.h"
#include "winnow/byte_source.h"
#include "winnow/clean.h"
#include "winnow/external_sort.h"
#include "winnow/json.h"

namespace winnow {
namespace {

namespace fs = std::filesystem;

class DedupJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("winnow-dedup-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const {
    return (dir_ / name).string();
  }

  // Writes {"id": ids[i], "text": texts[i]} lines.
  std::string WriteJsonl(const std::string& name,
                         const std::vector<std::string>& texts) {
    std::string s;
    for (size_t i = 0; i < texts.size(); ++i) {
      s += "{\"id\":";
      std::string id = "d";
      id += std::to_string(i);
      AppendJsonString(&s, id);
      s += ",\"text\":";
      AppendJsonString(&s, texts[i]);
      s += "}\n";
    }
    std::ofstream(Path(name)) << s;
    return Path(name);
  }

  std::vector<InputFile> Inputs(const std::string& path) {
    auto f = ExpandInputs({path}, {});
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return *f;
  }

  DedupOptions Options(const std::string& work) {
    DedupOptions o;
    o.work_dir = Path(work);
    o.threads = 2;
    return o;
  }

  struct Outputs {
    std::string docs, clusters, rejects;
    DedupReport report;
    std::vector<DocCluster> assignments;
  };

  // Runs a whole job; returns its outputs as strings.
  Result<Outputs> Run(const std::vector<InputFile>& in, const DedupOptions& o,
                      bool annotate = false) {
    auto job = DedupJob::Create(in, o);
    if (!job.ok()) return job.status();
    WINNOW_RETURN_IF_ERROR((*job)->Analyze({}));
    Outputs out;
    auto a = (*job)->Assignments();
    if (!a.ok()) return a.status();
    DocCluster c;
    while ((*a)->Next(&c)) out.assignments.push_back(c);
    WINNOW_RETURN_IF_ERROR((*a)->status());
    const std::string tag = std::to_string(runs_++);
    auto docs = OutputFile::Create(Path("docs" + tag + ".jsonl"));
    auto clusters = OutputFile::Create(Path("clusters" + tag + ".jsonl"));
    RejectSink rejects(Path("rejects" + tag + ".jsonl"));
    DedupOutputs outs{docs->get(), clusters->get(), &rejects, annotate};
    WINNOW_RETURN_IF_ERROR((*job)->WriteOutputs(outs, {}));
    WINNOW_RETURN_IF_ERROR((*docs)->Commit());
    WINNOW_RETURN_IF_ERROR((*clusters)->Commit());
    WINNOW_RETURN_IF_ERROR(rejects.Commit());
    out.report = (*job)->report();
    out.docs = *ReadWholeFile(Path("docs" + tag + ".jsonl"));
    out.clusters = *ReadWholeFile(Path("clusters" + tag + ".jsonl"));
    if (rejects.used()) out.rejects = *ReadWholeFile(rejects.path());
    return out;
  }

  fs::path dir_;
  int runs_ = 0;
};

// A corpus of random word documents with planted near-duplicates.
std::vector<std::string> PlantedCorpus(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto word = [&] {
    std::string w;
    int len = 2 + static_cast<int>(rng() % 7);
    for (int i = 0; i < len; ++i) w += static_cast<char>('a' + rng() % 26);
    return w;
  };
  std::vector<std::string> docs;
  for (int i = 0; i < n; ++i) {
    if (i > 0 && rng() % 3 == 0) {
      // A copy of an earlier document with a few words changed.
      std::string base = docs[rng() % docs.size()];
      std::vector<std::string> w = testref::AsciiWords(base);
      const int edits = 1 + static_cast<int>(rng() % 12);
      for (int e = 0; e < edits && !w.empty(); ++e) w[rng() % w.size()] = word();
      std::string s;
      for (const std::string& x : w) s += x + " ";
      docs.push_back(s);
    } else {
      std::string s;
      const int words = 20 + static_cast<int>(rng() % 150);
      for (int k = 0; k < words; ++k) s += word() + " ";
      docs.push_back(s);
    }
  }
  return docs;
}

// Every pair that shares a band key (brute force over all pairs, with the
// job's own signatures recomputed here) is a candidate; with a threshold
// so low that every candidate passes, the job's edges are exactly those
// pairs. Small memory and many partitions force spills and merges.
TEST_F(DedupJobTest, CandidatesEqualBruteForceBandCollisions) {
  std::vector<std::string> texts = PlantedCorpus(300, 11);
  const std::string in = WriteJsonl("in.jsonl", texts);
  DedupOptions o = Options("work");
  o.threshold = 1e-9;
  o.bands = 16;
  o.rows = 4;  // a low S-curve: many candidates
  o.partitions = 5;
  o.shard_docs = 37;
  o.max_bucket = 1000;
  o.memory_bytes = (uint64_t{160} << 20) + (uint64_t{33} << 20);
  auto job = DedupJob::Create(Inputs(in), o);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  Status analyzed = (*job)->Analyze({});
  ASSERT_TRUE(analyzed.ok()) << analyzed.ToString();

  Shingler shingler(o.shingle);
  Sketcher sketcher({o.num_perm, o.shingle.seed, o.scheme});
  std::vector<std::vector<uint64_t>> keys;
  std::map<std::pair<uint64_t, uint64_t>, int> first_with_fp;
  std::set<uint32_t> exact_dups;
  std::vector<uint32_t> sig(o.num_perm);
  for (size_t i = 0; i < texts.size(); ++i) {
    shingler.Process(texts[i]);
    Hash128 fp = shingler.fingerprint();
    if (!first_with_fp.emplace(std::make_pair(fp.hi, fp.lo), i).second) {
      exact_dups.insert(static_cast<uint32_t>(i));
    }
    sketcher.Sign(shingler.hashes().data(), shingler.hashes().size(),
                  sig.data());
    std::vector<uint64_t> k;
    for (int b = 0; b < o.bands; ++b) {
      k.push_back(BandKey(sig.data(), b, o.rows, o.shingle.seed));
    }
    keys.push_back(k);
  }
  ASSERT_TRUE(exact_dups.empty()) << "the corpus should have none";
  auto want = testref::BruteForceCandidates(keys);
  ASSERT_GT(want.size(), 50u);

  std::set<std::pair<uint32_t, uint32_t>> got;
  for (int q = 0; q < o.partitions; ++q) {
    char name[32];
    std::snprintf(name, sizeof name, "/edges/q-%03d.bin", q);
    std::vector<dedup::EdgeRec> edges;
    ASSERT_TRUE(ReadTable(o.work_dir + name, &edges).ok());
    for (const auto& e : edges) got.insert({e.a, e.b});
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ((*job)->report().candidate_pairs, want.size());
}

TEST_F(DedupJobTest, SameOutputsForAnyThreadCountMemoryAndShardSize) {
  const std::string in = WriteJsonl("in.jsonl", PlantedCorpus(400, 5));
  DedupOptions a = Options("w1");
  a.threads = 1;
  DedupOptions b = Options("w2");
  b.threads = 2;
  b.memory_bytes = (uint64_t{160} << 20) + (uint64_t{33} << 20);
  b.partitions = 8;
  DedupOptions c = b;
  c.work_dir = Path("w3");
  c.threads = 3;
  auto ra = Run(Inputs(in), a, true);
  auto rb = Run(Inputs(in), b, true);
  auto rc = Run(Inputs(in), c, true);
  ASSERT_TRUE(ra.ok()) << ra.status().ToString();
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  ASSERT_TRUE(rc.ok()) << rc.status().ToString();
  EXPECT_GT(ra->report.clusters, 10u);
  EXPECT_EQ(ra->docs, rb->docs);
  EXPECT_EQ(ra->clusters, rb->clusters);
  EXPECT_EQ(ra->docs, rc->docs);
  EXPECT_EQ(ra->clusters, rc->clusters);
  // A different seed gives a different sketch (and the same clusters,
  // mostly): here it is enough that it runs and differs in its work.
  DedupOptions d = Options("w4");
  d.shingle.seed = 99;
  auto rd = Run(Inputs(in), d, true);
  ASSERT_TRUE(rd.ok());
  EXPECT_EQ(rd->report.docs, 400u);
}

TEST_F(DedupJobTest, ResumeSkipsFinishedStagesAndGivesTheSameOutput) {
  const std::string in = WriteJsonl("in.jsonl", PlantedCorpus(200, 8));
  DedupOptions o = Options("work");
  o.shard_docs = 50;
  auto full = Run(Inputs(in), Options("fresh"));
  ASSERT_TRUE(full.ok());
  {
    // A run that stops after the analysis (as if killed before filtering).
    auto job = DedupJob::Create(Inputs(in), o);
    ASSERT_TRUE(job.ok());
    ASSERT_TRUE((*job)->Analyze({}).ok());
  }
  o.resume = true;
  auto resumed = Run(Inputs(in), o);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->docs, full->docs);
  EXPECT_EQ(resumed->clusters, full->clusters);
  // 4 sketch + 4 bands + 8 pairs + 8 verify shards were skipped.
  EXPECT_EQ(resumed->report.resumed_shards, 24u);
  EXPECT_EQ(resumed->report.clusters, full->report.clusters);
  EXPECT_EQ(resumed->report.docs, 200u);
}

// The filter stage's output is moved into the output file at the end; a
// run that dies before committing it has lost it, and a resumed run
// filters again instead of failing.
TEST_F(DedupJobTest, ResumeAfterTheOutputWasMovedButNotCommitted) {
  const std::string in = WriteJsonl("in.jsonl", PlantedCorpus(120, 4));
  auto full = Run(Inputs(in), Options("fresh"));
  ASSERT_TRUE(full.ok());
  DedupOptions o = Options("work");
  o.shard_docs = 50;
  {
    auto job = DedupJob::Create(Inputs(in), o);
    ASSERT_TRUE(job.ok());
    ASSERT_TRUE((*job)->Analyze({}).ok());
    auto docs = OutputFile::Create(Path("lost.jsonl"));
    DedupOutputs outs{docs->get(), nullptr, nullptr, false};
    ASSERT_TRUE((*job)->WriteOutputs(outs, {}).ok());
    // Not committed: the output (and the work file it adopted) is gone.
  }
  EXPECT_FALSE(fs::exists(Path("lost.jsonl")));
  o.resume = true;
  auto resumed = Run(Inputs(in), o);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->docs, full->docs);
  EXPECT_EQ(resumed->clusters, full->clusters);
}

TEST_F(DedupJobTest, ResumeRefusesOtherOptionsOrChangedInputs) {
  const std::string in = WriteJsonl("in.jsonl", PlantedCorpus(50, 8));
  DedupOptions o = Options("work");
  {
    auto job = DedupJob::Create(Inputs(in), o);
    ASSERT_TRUE(job.ok());
    ASSERT_TRUE((*job)->Analyze({}).ok());
  }
  o.resume = true;
  o.threshold = 0.7;
  auto bad = DedupJob::Create(Inputs(in), o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "cannot resume from " + o.work_dir +
                ": it was made with other options (threshold was 0.80000000000000004, "
                "now 0.69999999999999996); run without --resume to start over");
  o.threshold = 0.8;
  {
    std::ofstream(in, std::ios::app) << "{\"text\":\"one more\"}\n";
  }
  auto changed = DedupJob::Create(Inputs(in), o);
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.status().message().find("the inputs changed since"),
            std::string::npos);
}

TEST_F(DedupJobTest, TheSeedPairIsOneClusterByContainment) {
  const std::string dir = std::string(WINNOW_SHARED_DIR) + "/seeds";
  if (!fs::exists(dir)) GTEST_SKIP() << "seed folder " << dir << " is absent";
  std::vector<std::string> texts;
  for (const char* name : {"000_686b4e63baf677cf.txt", "001_68847ea854be56bd.txt"}) {
    auto raw = ReadWholeFile(dir + "/" + name);
    ASSERT_TRUE(raw.ok());
    CleanResult r;
    CleanText(*raw, {}, &r);
    texts.push_back(r.text);
  }
  const std::string in = WriteJsonl("seeds.jsonl", texts);
  DedupOptions o = Options("work");
  o.measure = Measure::kContainment;
  auto out = Run(Inputs(in), o);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->report.clusters, 1u);
  ASSERT_EQ(out->assignments.size(), 2u);
  EXPECT_EQ(out->assignments[0].cluster, out->assignments[1].cluster);
  EXPECT_GE(out->assignments[0].similarity, 0.8f);
  // By Jaccard (0.57) they stay apart.
  auto jac = Run(Inputs(in), Options("work2"));
  ASSERT_TRUE(jac.ok());
  EXPECT_EQ(jac->report.clusters, 0u);
}

TEST_F(DedupJobTest, ExactDuplicatesJoinTheirCopyWithSimilarityOne) {
  const std::string in = WriteJsonl(
      "in.jsonl", {"The cat sat on the mat today.", "an unrelated text here",
                   "the CAT sat on the mat, today!", "the cat sat on the mat today"});
  auto out = Run(Inputs(in), Options("work"), /*annotate=*/true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->report.exact_duplicates, 2u);
  EXPECT_EQ(out->report.clusters, 1u);
  const auto& a = out->assignments;
  EXPECT_EQ(a[0].cluster, 0u);  // ties in length go to the earliest
  EXPECT_EQ(a[2].cluster, 0u);
  EXPECT_EQ(a[3].cluster, 0u);
  EXPECT_TRUE(a[2].exact);
  EXPECT_FLOAT_EQ(a[3].similarity, 1.0f);
  EXPECT_EQ(a[1].cluster, 1u);
  EXPECT_EQ(out->clusters,
            "{\"cluster\":0,\"size\":3,\"representative\":\"d0\",\"members\":["
            "{\"id\":\"d0\",\"ordinal\":0,\"similarity\":1.0,\"representative\":true},"
            "{\"id\":\"d2\",\"ordinal\":2,\"similarity\":1.0,\"exact\":true},"
            "{\"id\":\"d3\",\"ordinal\":3,\"similarity\":1.0,\"exact\":true}]}\n");
  EXPECT_NE(out->docs.find("{\"id\":\"d2\",\"text\":\"the CAT sat on the mat, "
                           "today!\",\"cluster\":0,\"cluster_size\":3,"
                           "\"duplicate_of\":\"d0\",\"similarity\":1.0}"),
            std::string::npos)
      << out->docs;
}

TEST_F(DedupJobTest, DocumentsWithoutWordsStayApart) {
  const std::string in = WriteJsonl("in.jsonl", {"...", "", "!!", "a real text"});
  auto out = Run(Inputs(in), Options("work"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->report.empty_docs, 3u);
  EXPECT_EQ(out->report.clusters, 0u);
  EXPECT_EQ(out->report.docs_out, 4u);
}

TEST_F(DedupJobTest, BadRecordsFailOrGoToTheRejects) {
  const std::string in = Path("bad.jsonl");
  std::ofstream(in) << "{\"id\":\"a\",\"text\":\"one two three\"}\n"
                    << "{\"id\":\"b\",\"text\":\n"
                    << "{\"id\":\"c\",\"text\":\"one two three\"}\n";
  auto failed = Run(Inputs(in), Options("w1"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message().substr(0, in.size() + 3), in + ":2:");
  DedupOptions o = Options("w2");
  o.on_error = OnError::kSkip;
  auto skipped = Run(Inputs(in), o);
  ASSERT_TRUE(skipped.ok()) << skipped.status().ToString();
  EXPECT_EQ(skipped->report.rejected, 1u);
  EXPECT_EQ(skipped->report.docs_out, 1u);  // a and c are exact duplicates
  EXPECT_NE(skipped->rejects.find("\"line\":2"), std::string::npos);
  EXPECT_TRUE(skipped->assignments[1].rejected);
}

TEST_F(DedupJobTest, TooLittleMemoryIsReportedWithWhatIsNeeded) {
  const std::string in = WriteJsonl("in.jsonl", {"a b c", "d e f"});
  DedupOptions o = Options("work");
  o.memory_bytes = 64 << 20;
  auto out = Run(Inputs(in), o);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(out.status().message(),
            "--memory 64M is too small for the exact stage of 2 documents: it "
            "needs at least 193M");
}

TEST_F(DedupJobTest, AForeignWorkDirectoryIsNeverEmptied) {
  fs::create_directories(Path("mine"));
  std::ofstream(Path("mine/precious.txt")) << "keep me";
  const std::string in = WriteJsonl("in.jsonl", {"a b c"});
  auto job = DedupJob::Create(Inputs(in), Options("mine"));
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.status().message().find("is not a winnow dedup work directory"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(Path("mine/precious.txt")));
}

}  // namespace
}  // namespace winnow
