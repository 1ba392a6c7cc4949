// file_source.h — the undecompressed byte stream of a file or stdin.
// Internal to src/io: ByteSource::Open wraps it in a decompressor when needed.
#ifndef WINNOW_SRC_IO_FILE_SOURCE_H_
#define WINNOW_SRC_IO_FILE_SOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "winnow/byte_source.h"

namespace winnow::io {

class FileSource final : public ByteSource {
 public:
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  ~FileSource() override;

  // Makes at least `n` bytes available for Peek() unless the file is shorter.
  Status Fill(size_t n);
  // The next unread bytes, without consuming them.
  std::string_view Peek() const;

  // Moves to byte `offset` of the file; before the first Fill() or Read().
  Status Seek(uint64_t offset);

  Result<size_t> Read(char* buf, size_t n) override;
  const std::string& name() const override { return name_; }
  uint64_t raw_offset() const override { return offset_; }
  uint64_t raw_size() const override { return size_; }
  Compression compression() const override { return Compression::kNone; }

 private:
  FileSource(std::string name, int fd, bool owned, uint64_t size);

  std::string name_;
  int fd_ = -1;
  bool owned_ = false;
  uint64_t size_ = 0;
  uint64_t offset_ = 0;         // bytes handed out by Read()
  std::vector<char> peek_;      // bytes read ahead by Fill()
  size_t peek_pos_ = 0;
  bool eof_ = false;
};

// Creates the decompressing wrappers (gzip_source.cc, zstd_source.cc).
std::unique_ptr<ByteSource> NewGzipSource(std::unique_ptr<FileSource> file);
std::unique_ptr<ByteSource> NewZstdSource(std::unique_ptr<FileSource> file);

}  // namespace winnow::io

#endif  // WINNOW_SRC_IO_FILE_SOURCE_H_
