// The run job's manifest: what is saved reads back the same, and each kind
// of damage is an error naming the file and line.
#include "pipeline/run_manifest.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace winnow::pipeline {
namespace {

TEST(RunManifest, SavedAndLoadedAgain) {
  testing::TempDir tmp;
  RunManifest m;
  m.options = "format=auto text_field=text";
  m.inputs = {"10 1.000000001 a.jsonl", "stdin"};
  m.done = true;
  m.docs = 300000;
  m.rejected = 2;
  m.bytes = 650000000;
  m.counters.Add("clean.paragraphs", 1200000);
  m.counters.Add("run.removed.appeal", 7);
  ASSERT_TRUE(m.Save(tmp.File("run.txt")).ok());
  auto back = RunManifest::Load(tmp.File("run.txt"));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->options, m.options);
  EXPECT_EQ(back->inputs, m.inputs);
  EXPECT_TRUE(back->done);
  EXPECT_EQ(back->docs, 300000u);
  EXPECT_EQ(back->rejected, 2u);
  EXPECT_EQ(back->bytes, 650000000u);
  EXPECT_EQ(back->counters.Get("run.removed.appeal"), 7u);
  EXPECT_EQ(back->Text(), m.Text());
}

TEST(RunManifest, DamageIsNamedByLine) {
  const struct {
    const char* text;
    const char* message;
  } cases[] = {
      {"", "run.txt:0: empty"},
      {"winnow-dedup-manifest 1\n", "run.txt:1: not a winnow run manifest"},
      {"winnow-run-manifest 1\noptions a\nbogus\n", "run.txt:3: unknown line"},
      {"winnow-run-manifest 1\ndone boilerplate docs=1\n",
       "run.txt:2: malformed done line"},
      {"winnow-run-manifest 1\ndone boilerplate docs=1 rejected=0 bytes=3x\n",
       "run.txt:2: malformed done line"},
      {"winnow-run-manifest 1\ncounter a 1\n",
       "run.txt:2: counter line before the done line"},
      {"winnow-run-manifest 1\ndone boilerplate docs=1 rejected=0 bytes=3\n"
       "counter a\n",
       "run.txt:3: malformed counter line"},
      {"winnow-run-manifest 1\ndone boilerplate docs=1 rejected=0 bytes=3\n"
       "counter a 1 2\n",
       "run.txt:3: malformed counter line"},
  };
  for (const auto& c : cases) {
    auto m = RunManifest::Parse(c.text, "run.txt");
    ASSERT_FALSE(m.ok()) << c.text;
    EXPECT_EQ(m.status().code(), ErrorCode::kDataError);
    EXPECT_EQ(m.status().message(), c.message) << c.text;
  }
  auto missing = RunManifest::Load("/nonexistent/run.txt");
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/run.txt"),
            std::string::npos);
}

}  // namespace
}  // namespace winnow::pipeline
