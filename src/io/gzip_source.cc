// Streaming gzip decompression with zlib; concatenated members are one stream.
#include <zlib.h>

#include <cstring>
#include <vector>

#include "file_source.h"

namespace winnow::io {
namespace {

constexpr size_t kInBufferSize = 256 * 1024;

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<FileSource> file)
      : file_(std::move(file)), in_(kInBufferSize) {
    std::memset(&strm_, 0, sizeof strm_);
    // 15 + 16: a gzip wrapper with the largest window.
    init_ok_ = inflateInit2(&strm_, 15 + 16) == Z_OK;
  }
  ~GzipSource() override { inflateEnd(&strm_); }

  Result<size_t> Read(char* buf, size_t n) override {
    if (!init_ok_) return InternalError(file_->name() + ": zlib init failed");
    if (done_ || n == 0) return size_t{0};
    strm_.next_out = reinterpret_cast<Bytef*>(buf);
    strm_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (strm_.avail_out > 0) {
      if (strm_.avail_in == 0) {
        auto got = file_->Read(in_.data(), in_.size());
        if (!got.ok()) return got.status();
        if (*got == 0) {
          if (in_member_) {
            return DataError(file_->name() + ": byte " +
                             std::to_string(file_->raw_offset()) +
                             ": truncated gzip stream (input ends inside a "
                             "compressed member)");
          }
          done_ = true;
          break;
        }
        strm_.next_in = reinterpret_cast<Bytef*>(in_.data());
        strm_.avail_in = static_cast<uInt>(*got);
      }
      if (!in_member_) {
        // Between members: a new member must start with the gzip magic.
        if (strm_.next_in[0] != 0x1f) {
          return DataError(file_->name() + ": byte " +
                           std::to_string(consumed()) +
                           ": trailing bytes after the last gzip member");
        }
        inflateReset(&strm_);
        in_member_ = true;
      }
      int rc = inflate(&strm_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        continue;
      }
      if (rc == Z_BUF_ERROR) continue;  // needs more input
      if (rc != Z_OK) {
        return DataError(file_->name() + ": byte " +
                         std::to_string(consumed()) + ": corrupt gzip data (" +
                         (strm_.msg ? strm_.msg : "zlib error") + ")");
      }
    }
    return n - strm_.avail_out;
  }

  const std::string& name() const override { return file_->name(); }
  uint64_t raw_offset() const override { return consumed(); }
  uint64_t raw_size() const override { return file_->raw_size(); }
  Compression compression() const override { return Compression::kGzip; }

 private:
  uint64_t consumed() const { return file_->raw_offset() - strm_.avail_in; }

  std::unique_ptr<FileSource> file_;
  std::vector<char> in_;
  z_stream strm_;
  bool init_ok_ = false;
  bool in_member_ = false;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> NewGzipSource(std::unique_ptr<FileSource> file) {
  return std::make_unique<GzipSource>(std::move(file));
}

}  // namespace winnow::io
