// writer.h — writing output files atomically, compressed by extension.
//
// An OutputFile is where a job's records go: a path, or stdout when the path
// is empty or "-". A path is written to a temporary file beside it
// (".NAME.tmp-PID-N") and renamed over NAME only by Commit(), so a run that
// fails or is killed never leaves a file that looks complete. An OutputFile
// destroyed without Commit() removes its temporary file. A path naming a
// device or a pipe (/dev/null, a FIFO) is written in place.
//
// The compression follows the path's extension: ".gz" writes gzip, ".zst"
// or ".zstd" writes zstd, anything else plain bytes. Stdout is plain.
//
// Encode() is const and thread-safe: parallel stages compress their own
// blocks, each as an independent gzip member or zstd frame, and the serial
// stage writes them in order with WriteEncoded(). Concatenated members and
// frames decompress as one stream (RFC 1952 section 2.2; RFC 8878 section 3).
//
//   auto out = winnow::OutputFile::Create("clean.jsonl.zst");
//   if (!out.ok()) return out.status();
//   WINNOW_RETURN_IF_ERROR((*out)->Write(records));
//   WINNOW_RETURN_IF_ERROR((*out)->Commit());
//
// Failure: IoError naming the path when a write, fsync or rename fails.
#ifndef WINNOW_WRITER_H_
#define WINNOW_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "winnow/byte_source.h"
#include "winnow/status.h"

namespace winnow {

// Compression chosen from a path's extension.
Compression CompressionForPath(std::string_view path);

struct OutputOptions {
  int gzip_level = 6;  // zlib default
  int zstd_level = 3;  // zstd default
  // fsync the file before the rename. Costs a disk flush; a crash right
  // after Commit() then cannot leave an empty file under the final name.
  bool sync = true;
};

class OutputFile {
 public:
  // Empty or "-": stdout.
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path,
                                                    OutputOptions options = {});
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Appends `plain` to `encoded` as one compressed block (or as is).
  Status Encode(std::string_view plain, std::string* encoded) const;
  Status WriteEncoded(std::string_view encoded);
  // Encode + WriteEncoded.
  Status Write(std::string_view plain);

  // Makes the finished file at `path` (bytes already encoded for this
  // output) everything this output holds: it is moved in place of the
  // temporary file, or copied when it is on another file system or the
  // output is stdout or a device. For stages that build their output in a
  // work file of their own.
  Status AdoptFile(const std::string& path);

  // The temporary file that becomes the output on Commit() (empty for
  // stdout or a device), and growing it to `size` bytes: other processes
  // that see the file may then write their parts at the offsets reserved
  // this way (the ranks of a distributed job, each writing its share of
  // one output file in place).
  const std::string& staging_path() const { return tmp_path_; }
  Status Extend(uint64_t size);

  // Flushes, syncs and renames the temporary file to its final name.
  Status Commit();

  const std::string& path() const { return path_; }
  bool is_stdout() const { return fd_ == 1 && tmp_path_.empty(); }
  Compression compression() const { return compression_; }
  uint64_t bytes_written() const { return bytes_written_; }
  // True after a write failed because the reader of a pipe went away: a
  // consumer like `head` stopping early, which the CLI does not treat as an
  // error.
  bool broken_pipe() const { return broken_pipe_; }

 private:
  OutputFile(std::string path, std::string tmp_path, int fd,
             Compression compression, OutputOptions options);
  Status WriteAll(std::string_view bytes);

  std::string path_;
  std::string tmp_path_;
  int fd_ = -1;
  Compression compression_ = Compression::kNone;
  OutputOptions options_;
  uint64_t bytes_written_ = 0;
  uint64_t synced_ = 0;  // bytes handed to background writeback
  bool committed_ = false;
  bool failed_ = false;
  bool broken_pipe_ = false;
};

}  // namespace winnow

#endif  // WINNOW_WRITER_H_
