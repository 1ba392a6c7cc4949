#include "winnow/stream.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"
#include "winnow/clean_step.h"
#include "winnow/json.h"

namespace winnow {
namespace {

using testing::TempDir;

// Uppercases ASCII; rejects documents whose text is "reject me".
class UpperStep : public DocStep {
 public:
  Status Process(Doc& doc, std::string* out, Counters* c) override {
    if (doc.text == "reject me") {
      return DataError(doc.location.ToString() + ": rejected by the step");
    }
    for (char& ch : doc.text) {
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
    }
    c->Add("upper.docs");
    AppendDocJson(doc, {}, out);
    return OkStatus();
  }
};

std::string MakeCorpus(const TempDir& tmp, int n) {
  std::string content;
  for (int i = 0; i < n; ++i) {
    content += "{\"id\":" + std::to_string(i) + ",\"text\":\"doc " +
               std::to_string(i) + " " + std::string(i % 300, 'q') + "\"}\n";
  }
  return tmp.Write("corpus.jsonl", content);
}

Status RunUpper(const std::vector<std::string>& paths, int threads, OnError policy,
           const std::string& out_path, RejectSink* rejects,
           StreamReport* report, size_t batch_bytes = 4096) {
  ReaderOptions ro;
  ro.batch_bytes = batch_bytes;
  auto files = ExpandInputs(paths, ro);
  if (!files.ok()) return files.status();
  auto out = OutputFile::Create(out_path);
  if (!out.ok()) return out.status();
  StreamOptions so;
  so.threads = threads;
  so.on_error = policy;
  Status st = RunStream(*files, ro, so, [] { return std::make_unique<UpperStep>(); },
                        out->get(), rejects, {}, report);
  if (!st.ok()) return st;
  return (*out)->Commit();
}

TEST(Stream, OutputIsIdenticalForEveryThreadCount) {
  TempDir tmp;
  std::string corpus = MakeCorpus(tmp, 3000);
  std::string first;
  for (int threads : {1, 2, 3, 8}) {
    std::string out = tmp.File("out" + std::to_string(threads) + ".jsonl");
    StreamReport rep;
    ASSERT_TRUE(RunUpper({corpus}, threads, OnError::kFail, out, nullptr, &rep).ok());
    EXPECT_EQ(rep.docs_in, 3000u);
    EXPECT_EQ(rep.docs_out, 3000u);
    EXPECT_EQ(rep.counters.Get("upper.docs"), 3000u);
    std::string got = testing::Slurp(out);
    if (first.empty()) {
      first = got;
    } else {
      ASSERT_EQ(got, first) << threads << " threads";
    }
  }
  EXPECT_EQ(first.substr(0, 24), "{\"id\":0,\"text\":\"DOC 0 \"}");
}

TEST(Stream, FailModeStopsAtTheFirstBadRecordInInputOrder) {
  TempDir tmp;
  std::string content;
  for (int i = 0; i < 2000; ++i) {
    if (i == 700) content += "{broken\n";
    if (i == 1500) content += "{\"text\":\"reject me\"}\n";
    content += "{\"text\":\"ok\"}\n";
  }
  std::string in = tmp.Write("in.jsonl", content);
  StreamReport rep;
  Status st = RunUpper({in}, 4, OnError::kFail, tmp.File("out.jsonl"), nullptr, &rep, 512);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("in.jsonl:701: malformed JSON"), std::string::npos)
      << st.message();
  EXPECT_FALSE(std::filesystem::exists(tmp.File("out.jsonl")));
}

TEST(Stream, SkipModeCountsAndKeepsEveryRejectedRecord) {
  TempDir tmp;
  std::string good = tmp.Write("good.jsonl", "{\"text\":\"a\"}\n{broken\n"
                                             "{\"text\":\"reject me\"}\n"
                                             "{\"text\":\"\xE9\"\n");
  std::string trunc = testing::TestData("reader/truncated.jsonl.gz");
  RejectSink rejects(tmp.File("rejects.jsonl"));
  StreamReport rep;
  Status st = RunUpper({good, trunc}, 2, OnError::kSkip, tmp.File("out.jsonl"),
                  &rejects, &rep);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_TRUE(rejects.Commit().ok());
  EXPECT_EQ(rep.docs_out, 1u);
  EXPECT_EQ(rep.rejects, 4u);
  std::string r = testing::Slurp(tmp.File("rejects.jsonl"));
  EXPECT_NE(r.find("\"line\":2,\"byte_offset\":13,\"reason\":"), std::string::npos) << r;
  EXPECT_NE(r.find("\"record\":\"{broken\""), std::string::npos) << r;
  EXPECT_NE(r.find("rejected by the step"), std::string::npos) << r;
  // Not valid UTF-8 and not valid JSON: kept as base64.
  EXPECT_NE(r.find("\"record_base64\":\""), std::string::npos) << r;
  EXPECT_NE(r.find("truncated gzip stream"), std::string::npos) << r;
}

TEST(Stream, CleanStepCountsItsWork) {
  TempDir tmp;
  std::string in = tmp.Write("in.jsonl",
                             "{\"text\":\"a\\u00a0b\\r\\nc\"}\n{\"text\":\"\"}\n");
  std::vector<std::string> paths = {in};
  auto files = ExpandInputs(paths, {});
  ASSERT_TRUE(files.ok());
  auto out = OutputFile::Create(tmp.File("o.jsonl"));
  StreamReport rep;
  CleanOptions opt;
  ASSERT_TRUE(RunStream(*files, {}, {}, [opt] { return NewCleanStep(opt); },
                        out->get(), nullptr, {}, &rep)
                  .ok());
  ASSERT_TRUE((*out)->Commit().ok());
  EXPECT_EQ(rep.counters.Get("clean.odd_spaces"), 1u);
  EXPECT_EQ(rep.counters.Get("clean.paragraphs"), 2u);
  EXPECT_EQ(rep.counters.Get("clean.empty_docs"), 1u);
  EXPECT_EQ(testing::Slurp(tmp.File("o.jsonl")),
            "{\"text\":\"a b\\nc\"}\n{\"text\":\"\"}\n");
}

// The tap sees every batch as written, in order: the concatenation of what
// it is handed is the output file, and its line ends are the file's.
TEST(Stream, TheTapSeesTheOutputAsWrittenWithItsLineEnds) {
  TempDir tmp;
  const std::string in = MakeCorpus(tmp, 500);
  ReaderOptions ro;
  ro.batch_bytes = 2048;
  auto files = ExpandInputs({in}, ro);
  ASSERT_TRUE(files.ok());
  for (int threads : {1, 3}) {
    const std::string path = tmp.File("tap" + std::to_string(threads));
    auto out = OutputFile::Create(path);
    ASSERT_TRUE(out.ok());
    std::string seen;
    std::vector<uint64_t> ends;  // in `seen`
    int calls = 0;
    StreamOptions so;
    so.threads = threads;
    so.tap = [&](std::string_view records,
                 std::span<const uint64_t> line_ends) {
      for (uint64_t e : line_ends) ends.push_back(seen.size() + e);
      seen.append(records);
      ++calls;
      return OkStatus();
    };
    StreamReport report;
    ASSERT_TRUE(RunStream(*files, ro, so,
                          [] { return std::make_unique<UpperStep>(); },
                          out->get(), nullptr, {}, &report)
                    .ok());
    ASSERT_TRUE((*out)->Commit().ok());
    const std::string file = testing::Slurp(path);
    EXPECT_EQ(seen, file);
    EXPECT_GT(calls, 1);
    std::vector<uint64_t> want;
    for (size_t i = 0; i < file.size(); ++i) {
      if (file[i] == '\n') want.push_back(i + 1);
    }
    EXPECT_EQ(ends, want);
    EXPECT_EQ(ends.size(), 500u);
  }
}

// A tap that fails stops the run with its error.
TEST(Stream, ATapErrorStopsTheRun) {
  TempDir tmp;
  const std::string in = MakeCorpus(tmp, 50);
  ReaderOptions ro;
  auto files = ExpandInputs({in}, ro);
  ASSERT_TRUE(files.ok());
  auto out = OutputFile::Create(tmp.File("out"));
  ASSERT_TRUE(out.ok());
  StreamOptions so;
  so.tap = [](std::string_view, std::span<const uint64_t>) {
    return IoError("index.idx: disk full");
  };
  StreamReport report;
  Status st = RunStream(*files, ro, so,
                        [] { return std::make_unique<UpperStep>(); },
                        out->get(), nullptr, {}, &report);
  EXPECT_EQ(st.code(), ErrorCode::kIoError);
  EXPECT_NE(st.message().find("index.idx: disk full"), std::string::npos);
}

}  // namespace
}  // namespace winnow
