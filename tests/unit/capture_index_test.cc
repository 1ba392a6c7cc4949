// The captures file's line index: what the writer is handed comes back as
// each line's offset and length; an index that does not describe its
// captures file is an error naming the index and the entry.
#include "pipeline/capture_index.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace winnow::pipeline {
namespace {

using testing::TempDir;

// Writes `entries` as the raw index file.
std::string WriteRaw(const TempDir& tmp, const std::vector<uint64_t>& entries) {
  std::string bytes(entries.size() * sizeof(uint64_t), '\0');
  if (!entries.empty()) {
    std::memcpy(bytes.data(), entries.data(), bytes.size());
  }
  return tmp.Write("raw.idx", bytes);
}

std::vector<CaptureSpan> ReadAll(const std::string& path, uint64_t size,
                                 Status* status) {
  std::vector<CaptureSpan> spans;
  auto r = CaptureIndexReader::Open(path, size);
  if (!r.ok()) {
    *status = r.status();
    return spans;
  }
  CaptureSpan s;
  while ((*r)->Next(&s)) spans.push_back(s);
  *status = (*r)->status();
  return spans;
}

TEST(CaptureIndex, BatchesOfLinesComeBackAsEachLinesPlace) {
  TempDir tmp;
  std::mt19937_64 rng(3);
  std::string file;
  const std::string path = tmp.File("captures.idx");
  auto w = CaptureIndexWriter::Create(path);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  std::vector<std::string> lines;
  // Batches of 1 to 5 lines, lines of 1 to 300 bytes; enough lines that
  // the reader refills its buffer (65,536 entries a read).
  while (lines.size() < 70000) {
    std::string batch;
    std::vector<uint64_t> ends;
    const int n = 1 + static_cast<int>(rng() % 5);
    for (int i = 0; i < n; ++i) {
      std::string line(1 + rng() % 300, static_cast<char>('a' + rng() % 26));
      lines.push_back(line);
      batch += line + "\n";
      ends.push_back(batch.size());
    }
    ASSERT_TRUE((*w)->Add(batch, ends).ok());
    file += batch;
  }
  ASSERT_TRUE((*w)->Commit().ok());
  Status st;
  std::vector<CaptureSpan> spans = ReadAll(path, file.size(), &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(spans.size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(file.substr(spans[i].offset, spans[i].length), lines[i]) << i;
    ASSERT_EQ(file[spans[i].offset + spans[i].length], '\n') << i;
  }
}

TEST(CaptureIndex, AnEmptyIndexDescribesAnEmptyFile) {
  TempDir tmp;
  Status st;
  EXPECT_TRUE(ReadAll(WriteRaw(tmp, {}), 0, &st).empty());
  EXPECT_TRUE(st.ok()) << st.ToString();
  ReadAll(WriteRaw(tmp, {}), 10, &st);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("raw.idx: its 0 lines end at byte 0, the "
                              "captures file at 10"),
            std::string::npos)
      << st.message();
}

TEST(CaptureIndex, AnIndexThatIsNotTheFilesIsAnErrorNamingTheEntry) {
  TempDir tmp;
  Status st;
  // Not increasing: entry 3.
  ReadAll(WriteRaw(tmp, {5, 9, 9, 20}), 20, &st);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("raw.idx: entry 3 (9) does not follow the one "
                              "before (9)"),
            std::string::npos)
      << st.message();
  // Past the captures file's end.
  ReadAll(WriteRaw(tmp, {5, 30}), 20, &st);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("entry 2 (30)"), std::string::npos)
      << st.message();
  // Short of it: the file grew or the index lost its tail.
  ReadAll(WriteRaw(tmp, {5, 9}), 20, &st);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("its 2 lines end at byte 9, the captures file "
                              "at 20"),
            std::string::npos)
      << st.message();
  // A torn entry.
  const std::string torn = tmp.Write("torn.idx", std::string(12, '\x01'));
  auto r = CaptureIndexReader::Open(torn, 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kDataError);
  EXPECT_NE(r.status().message().find(
                "torn.idx: 12 bytes is not a whole number of 8-byte entries"),
            std::string::npos)
      << r.status().message();
  // Missing.
  auto m = CaptureIndexReader::Open(tmp.File("none.idx"), 0);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("cannot open"), std::string::npos);
  EXPECT_NE(m.status().message().find("none.idx"), std::string::npos);
}

}  // namespace
}  // namespace winnow::pipeline
