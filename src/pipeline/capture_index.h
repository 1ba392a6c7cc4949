// capture_index.h — where each line of the captures work file ends.
// Internal to src/pipeline.
//
// The prepare pass writes `captures.idx` beside `captures.jsonl`: one
// little-endian uint64 per line, the offset just past the line's '\n'
// (line i is [end[i-1], end[i]), end[-1] = 0). The passes that come back
// for single captures (grouping a cluster's members, reading them where
// they lie) take their places from it instead of searching 2.5 KB of text
// a capture for newlines: 8 bytes a document instead of the whole file.
//
//   auto w = CaptureIndexWriter::Create(dir + "/captures.idx");
//   // StreamOptions::tap: (*w)->Add(records, line_ends) per batch
//   (*w)->Commit();
//   auto r = CaptureIndexReader::Open(dir + "/captures.idx", captures_size);
//   CaptureSpan s;
//   while ((*r)->Next(&s)) { ... s.offset, s.length ... }
//   (*r)->status();
//
// Failure: IoError naming the file when it cannot be written or read;
// DataError naming the file and the entry when it does not describe the
// captures file (ends not increasing, the last one not its size, a size
// that is not a whole number of entries).
#ifndef WINNOW_SRC_PIPELINE_CAPTURE_INDEX_H_
#define WINNOW_SRC_PIPELINE_CAPTURE_INDEX_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/status.h"
#include "winnow/writer.h"

namespace winnow::pipeline {

// The work file's line index (see above).
inline constexpr std::string_view kCaptureIndexFile = "captures.idx";

// One line of the captures file: its first byte and its length without
// the '\n'.
struct CaptureSpan {
  uint64_t offset = 0;
  uint64_t length = 0;
};

class CaptureIndexWriter {
 public:
  // Writes `path` atomically (on Commit), without fsync: a work file.
  static Result<std::unique_ptr<CaptureIndexWriter>> Create(
      const std::string& path);
  // The next batch of the captures file: its bytes and the end of each of
  // its lines in them (StreamOptions::tap).
  Status Add(std::string_view records, std::span<const uint64_t> line_ends);
  Status Commit();

 private:
  explicit CaptureIndexWriter(std::unique_ptr<OutputFile> out)
      : out_(std::move(out)) {}
  std::unique_ptr<OutputFile> out_;
  uint64_t base_ = 0;  // bytes of the captures file before this batch
  std::string buf_;
};

// Reads the index in order. Not thread-safe.
class CaptureIndexReader {
 public:
  // `captures_size`: the captures file's size, which the last entry must
  // equal.
  static Result<std::unique_ptr<CaptureIndexReader>> Open(
      const std::string& path, uint64_t captures_size);
  ~CaptureIndexReader();
  CaptureIndexReader(const CaptureIndexReader&) = delete;
  CaptureIndexReader& operator=(const CaptureIndexReader&) = delete;

  // The next line; false at the end, or on an error (status()).
  bool Next(CaptureSpan* span);
  const Status& status() const { return status_; }
  uint64_t lines_read() const { return read_; }  // returned by Next

 private:
  CaptureIndexReader(std::string path, std::FILE* f, uint64_t lines,
                     uint64_t captures_size)
      : path_(std::move(path)),
        f_(f),
        lines_(lines),
        captures_size_(captures_size) {}
  bool Refill();

  std::string path_;
  std::FILE* f_;
  uint64_t lines_;
  uint64_t captures_size_;
  uint64_t read_ = 0;  // entries returned
  uint64_t end_ = 0;   // the last entry returned
  std::vector<uint64_t> buf_;
  size_t at_ = 0;
  Status status_;
};

}  // namespace winnow::pipeline

#endif  // WINNOW_SRC_PIPELINE_CAPTURE_INDEX_H_
