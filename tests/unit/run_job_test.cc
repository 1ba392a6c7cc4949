// The run job end to end through the library API: the seed pair becomes the
// nine paragraphs of 001; stories come out in the order of their first
// capture with the representative's fields; the same bytes whatever the
// threads and memory budget; resuming; bad records.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "test_seeds.h"
#include "test_util.h"
#include "winnow/json.h"
#include "winnow/run.h"

namespace winnow {
namespace {

using testing::Slurp;
using testing::TempDir;

// `n` words of prose-like text, every third a common English word and the
// others random: a story no other shares. A paragraph every 17 words.
std::string Words(std::mt19937_64* rng, int n) {
  static const char* common[] = {"the", "of",   "and",  "to",   "in",
                                 "was", "that", "with", "from", "said"};
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += (i % 17 == 0) ? ".\n" : " ";
    if (i % 3 == 1) {
      s += common[(*rng)() % 10];
      continue;
    }
    int len = 3 + static_cast<int>((*rng)() % 6);
    for (int k = 0; k < len; ++k) s += static_cast<char>('a' + (*rng)() % 26);
  }
  return s + ".";
}

std::string Line(const std::string& id, const std::string& text,
                 const std::string& extra = "") {
  std::string s = "{\"id\":";
  AppendJsonString(&s, id);
  s += extra;
  s += ",\"text\":";
  AppendJsonString(&s, text);
  return s + "}\n";
}

struct Result_ {
  Status status;
  std::string out, rejects;
  RunReport report;
};

Result_ RunOn(const TempDir& tmp, const std::vector<std::string>& paths,
              RunOptions o, const std::string& tag, bool keep_work = false) {
  Result_ r;
  auto files = ExpandInputs(paths, o.reader);
  if (!files.ok()) {
    r.status = files.status();
    return r;
  }
  if (o.work_dir.empty()) o.work_dir = tmp.File(tag + ".work");
  auto out = OutputFile::Create(tmp.File(tag + ".jsonl"));
  RejectSink rejects(tmp.File(tag + ".rejects.jsonl"));
  auto job = RunJob::Create(*files, o);
  if (!job.ok()) {
    r.status = job.status();
    return r;
  }
  r.status = (*job)->Run({out->get(), &rejects}, {});
  if (!r.status.ok()) return r;
  EXPECT_TRUE((*out)->Commit().ok());
  EXPECT_TRUE(rejects.Commit().ok());
  r.report = (*job)->report();
  if (!keep_work) {
    EXPECT_TRUE((*job)->RemoveWorkDir().ok());
  }
  r.out = Slurp(tmp.File(tag + ".jsonl"));
  if (rejects.used()) r.rejects = Slurp(rejects.path());
  return r;
}

TEST(RunJob, TheSeedPairBecomesTheNineParagraphsOf001) {
  if (!testing::SeedsPresent()) GTEST_SKIP() << "no seeds";
  TempDir tmp;
  RunOptions o;
  o.explain = true;
  Result_ r = RunOn(tmp, {testing::SeedDir()}, o, "seeds");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.report.stories, 1u);
  EXPECT_EQ(r.report.merged_captures, 2u);
  std::vector<std::string> want;
  for (const std::string& l : testing::SplitLines(testing::ReadSeed(1))) {
    size_t b = l.find_first_not_of(" \t");
    if (b != std::string::npos) want.push_back(l.substr(b));
  }
  want.resize(9);
  std::string text;
  for (const std::string& p : want) text += (text.empty() ? "" : "\n") + p;
  std::string expect_text;
  AppendJsonString(&expect_text, text);
  EXPECT_NE(r.out.find("\"text\":" + expect_text + ","), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"captures\":[\"000_686b4e63baf677cf.txt\","
                       "\"001_68847ea854be56bd.txt\"]"),
            std::string::npos);
  EXPECT_NE(r.out.find("\"class\":\"caption\""), std::string::npos);
  EXPECT_NE(r.out.find("\"class\":\"appeal\""), std::string::npos);
  EXPECT_EQ(r.report.counters.Get("run.removed.caption"), 1u);
}

TEST(RunJob, StoriesInOrderOfTheirFirstCaptureWithTheRepresentativesFields) {
  TempDir tmp;
  std::mt19937_64 rng(3);
  const std::string a = Words(&rng, 120), b = Words(&rng, 90),
                    c = Words(&rng, 100);
  const std::string more = Words(&rng, 30);
  std::string in =
      Line("a1", a) + Line("b", b) +
      Line("a2", a + "\n" + more, ",\"url\":\"https://x.example/a\"") +
      Line("c", c) + Line("b2", b);
  RunOptions o;
  o.dedup.measure = Measure::kContainment;
  o.explain = true;
  Result_ r = RunOn(tmp, {tmp.Write("in.jsonl", in)}, o, "out");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  std::vector<std::string> lines = testing::SplitLines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  // Story a is told first; its longer capture (a2) represents it and gives
  // its fields, and its text keeps a2's extra paragraph (content that a1
  // lacks).
  EXPECT_EQ(lines[0].rfind("{\"id\":\"a2\",\"url\":\"https://x.example/a\"", 0),
            0u)
      << lines[0];
  EXPECT_NE(lines[0].find("\"cluster\":2,\"captures\":[\"a1\",\"a2\"]"),
            std::string::npos)
      << lines[0];
  // (Cleaning may rejoin its lines: look for its last words.)
  EXPECT_NE(lines[0].find(more.substr(more.size() - 30)), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find("\"captures\":[\"b\",\"b2\"]"), std::string::npos);
  EXPECT_NE(lines[2].find("\"captures\":[\"c\"]"), std::string::npos);
  EXPECT_EQ(r.report.stories, 3u);
  EXPECT_EQ(r.report.merged_stories, 2u);
  EXPECT_EQ(r.report.merged_captures, 4u);
  EXPECT_EQ(r.report.dedup.exact_duplicates, 1u);  // b2 is b
}

std::string PlantedCorpus(int n) {
  std::mt19937_64 rng(17);
  std::vector<std::string> texts;
  std::string s;
  for (int i = 0; i < n; ++i) {
    std::string t;
    if (i > 5 && rng() % 3 == 0) {
      t = texts[rng() % texts.size()];
      t += "\n" + Words(&rng, 5);  // a capture with a line of its own
    } else {
      t = Words(&rng, 60 + static_cast<int>(rng() % 80));
    }
    texts.push_back(t);
    s += Line("d" + std::to_string(i), t);
  }
  return s;
}

TEST(RunJob, SameBytesWhateverTheThreadsAndMemory) {
  TempDir tmp;
  const std::string in = tmp.Write("in.jsonl", PlantedCorpus(400));
  RunOptions o;
  o.explain = true;
  o.stream.threads = 1;
  o.dedup.threads = 1;
  Result_ one = RunOn(tmp, {in}, o, "one");
  ASSERT_TRUE(one.status.ok()) << one.status.ToString();
  EXPECT_GT(one.report.merged_stories, 30u);
  o.stream.threads = 2;
  o.dedup.memory_bytes = uint64_t{200} << 20;
  o.dedup.shard_docs = 64;
  o.boilerplate.repeats.memory_bytes = uint64_t{1} << 20;
  Result_ two = RunOn(tmp, {in}, o, "two");
  ASSERT_TRUE(two.status.ok()) << two.status.ToString();
  EXPECT_EQ(one.out, two.out);
}

TEST(RunJob, ResumingAFinishedWorkDirectoryGivesTheSameBytes) {
  TempDir tmp;
  const std::string in = tmp.Write("in.jsonl", PlantedCorpus(200));
  RunOptions o;
  o.work_dir = tmp.File("work");
  Result_ first = RunOn(tmp, {in}, o, "first", /*keep_work=*/true);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_FALSE(first.report.resumed_prepare);
  o.resume = true;
  Result_ again = RunOn(tmp, {in}, o, "again", /*keep_work=*/true);
  ASSERT_TRUE(again.status.ok()) << again.status.ToString();
  EXPECT_TRUE(again.report.resumed_prepare);
  EXPECT_GT(again.report.dedup.resumed_shards, 0u);
  EXPECT_EQ(first.out, again.out);
  EXPECT_EQ(first.report.docs, again.report.docs);

  // Other options: refused, with the way out.
  o.boilerplate.repeats.min_repeats = 7;
  Result_ other = RunOn(tmp, {in}, o, "other", true);
  EXPECT_EQ(other.status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(other.status.message().find("other options"), std::string::npos)
      << other.status.message();
}

TEST(RunJob, ABadRecordStopsTheRunOrIsKeptAsAReject) {
  TempDir tmp;
  std::mt19937_64 rng(9);
  const std::string in = tmp.Write("in.jsonl", Line("a", Words(&rng, 80)) +
                                                   "{\"id\":\"b\",\"text\":\n" +
                                                   Line("c", Words(&rng, 80)));
  RunOptions o;
  Result_ fail = RunOn(tmp, {in}, o, "fail");
  ASSERT_FALSE(fail.status.ok());
  EXPECT_NE(fail.status.message().find("in.jsonl:2"), std::string::npos)
      << fail.status.message();

  o.stream.on_error = OnError::kSkip;
  Result_ skip = RunOn(tmp, {in}, o, "skip");
  ASSERT_TRUE(skip.status.ok()) << skip.status.ToString();
  EXPECT_EQ(skip.report.rejected, 1u);
  EXPECT_EQ(skip.report.stories, 2u);
  EXPECT_NE(skip.rejects.find("\"line\":2"), std::string::npos) << skip.rejects;
}

TEST(RunJob, AStoryWithNoTextLeftIsCountedAndWrittenOnlyOnRequest) {
  TempDir tmp;
  std::mt19937_64 rng(5);
  const std::string in = tmp.Write(
      "in.jsonl", Line("a", Words(&rng, 80)) + Line("empty", "") +
                      Line("menu", "Remind me later.\nShare this article"));
  RunOptions o;
  Result_ r = RunOn(tmp, {in}, o, "drop");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.report.stories, 1u);
  EXPECT_EQ(r.report.empty_stories, 2u);
  o.keep_empty = true;
  Result_ k = RunOn(tmp, {in}, o, "keep");
  ASSERT_TRUE(k.status.ok());
  EXPECT_EQ(k.report.stories, 3u);
  EXPECT_NE(k.out.find("{\"id\":\"empty\",\"text\":\"\""), std::string::npos)
      << k.out;
}

TEST(RunJob, AWorkDirectoryThatIsNotOneIsNeverCleared) {
  TempDir tmp;
  tmp.Write("mine/precious.txt", "keep me");
  RunOptions o;
  o.work_dir = tmp.File("mine");
  Result_ r = RunOn(tmp, {tmp.Write("in.jsonl", Line("a", "x"))}, o, "x");
  EXPECT_EQ(r.status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status.message().find("not a winnow run work directory"),
            std::string::npos);
  EXPECT_EQ(Slurp(tmp.File("mine/precious.txt")), "keep me");
}

// The work file's line index is checked against the work file when a
// resumed run reads it: a damaged one is an error that names it, not a
// story read from the wrong bytes.
TEST(RunJob, ADamagedLineIndexStopsAResumedRunNamingIt) {
  TempDir tmp;
  const std::string in = tmp.Write("in.jsonl", PlantedCorpus(60));
  RunOptions o;
  o.work_dir = tmp.File("work");
  Result_ first = RunOn(tmp, {in}, o, "first", /*keep_work=*/true);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  const std::string idx = tmp.File("work/captures.idx");
  std::string bytes = Slurp(idx);
  ASSERT_EQ(bytes.size(), 60u * 8);
  tmp.Write("work/captures.idx", bytes.substr(0, bytes.size() - 8));
  o.resume = true;
  Result_ again = RunOn(tmp, {in}, o, "again", /*keep_work=*/true);
  EXPECT_EQ(again.status.code(), ErrorCode::kDataError);
  EXPECT_NE(again.status.message().find("captures.idx: its 59 lines end at"),
            std::string::npos)
      << again.status.message();
}

}  // namespace
}  // namespace winnow
