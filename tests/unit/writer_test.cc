#include "winnow/writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_util.h"
#include "winnow/byte_source.h"

namespace winnow {
namespace {

using testing::TempDir;

size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

TEST(OutputFile, NothingAppearsUnderTheNameBeforeCommit) {
  TempDir tmp;
  std::string path = tmp.File("out.jsonl");
  {
    auto out = OutputFile::Create(path);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Write("{\"a\":1}\n").ok());
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_EQ(FilesIn(tmp.path()), 1u);  // the temporary file
  }
  // Destroyed without Commit: no output, no temporary file left.
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(FilesIn(tmp.path()), 0u);
}

TEST(OutputFile, CommitRenamesIntoPlaceAndReplacesOldFile) {
  TempDir tmp;
  std::string path = tmp.Write("out.jsonl", "old contents\n");
  auto out = OutputFile::Create(path);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->Write("new\n").ok());
  EXPECT_EQ(testing::Slurp(path), "old contents\n");
  ASSERT_TRUE((*out)->Commit().ok());
  EXPECT_EQ(testing::Slurp(path), "new\n");
  EXPECT_EQ(FilesIn(tmp.path()), 1u);
}

class CompressedOutput : public ::testing::TestWithParam<const char*> {};

TEST_P(CompressedOutput, RoundTripsBlocksByteForByte) {
  TempDir tmp;
  std::string path = tmp.File(std::string("out.jsonl") + GetParam());
  std::string expected;
  {
    auto out = OutputFile::Create(path);
    ASSERT_TRUE(out.ok());
    for (int i = 0; i < 50; ++i) {
      std::string block = "{\"i\":" + std::to_string(i) +
                          ",\"t\":\"caf\xC3\xA9 \xE2\x80\x94 " +
                          std::string(i * 37, 'x') + "\"}\n";
      std::string enc;
      ASSERT_TRUE((*out)->Encode(block, &enc).ok());
      ASSERT_TRUE((*out)->WriteEncoded(enc).ok());
      expected += block;
    }
    ASSERT_TRUE((*out)->Commit().ok());
  }
  auto back = ReadWholeFile(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, expected);
  std::string raw = testing::Slurp(path);
  EXPECT_EQ(DetectCompression(raw), CompressionForPath(path));
}

INSTANTIATE_TEST_SUITE_P(Extensions, CompressedOutput,
                         ::testing::Values("", ".gz", ".zst"));

TEST(OutputFile, UnwritableDirectoryNamesThePath) {
  auto out = OutputFile::Create("/nonexistent/dir/out.jsonl");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message().rfind("/nonexistent/dir/out.jsonl: cannot "
                                         "create output file",
                                         0),
            0u)
      << out.status().message();
}

}  // namespace
}  // namespace winnow
