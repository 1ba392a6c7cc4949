// Streaming zstd decompression; concatenated frames are one stream.
#include <zstd.h>

#include <vector>

#include "file_source.h"

namespace winnow::io {
namespace {

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<FileSource> file)
      : file_(std::move(file)) {
    ctx_ = ZSTD_createDCtx();
    // Accept frames with windows up to 2 GiB (zstd --long=31).
    if (ctx_) ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 31);
  }
  ~ZstdSource() override { ZSTD_freeDCtx(ctx_); }

  Result<size_t> Read(char* buf, size_t n) override {
    if (!ctx_) return InternalError(file_->name() + ": zstd init failed");
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos < out.size) {
      if (in_.pos == in_.size) {
        if (eof_) break;
        auto got = file_->Read(in_buf_.data(), in_buf_.size());
        if (!got.ok()) return got.status();
        if (*got == 0) {
          eof_ = true;
          if (in_frame_) {
            return DataError(file_->name() + ": byte " +
                             std::to_string(file_->raw_offset()) +
                             ": truncated zstd stream (input ends inside a "
                             "frame)");
          }
          break;
        }
        in_ = ZSTD_inBuffer{in_buf_.data(), *got, 0};
      }
      size_t before = out.pos;
      size_t rc = ZSTD_decompressStream(ctx_, &out, &in_);
      if (ZSTD_isError(rc)) {
        return DataError(file_->name() + ": byte " +
                         std::to_string(consumed()) + ": corrupt zstd data (" +
                         ZSTD_getErrorName(rc) + ")");
      }
      in_frame_ = rc != 0;
      if (out.pos == before && in_.pos == in_.size && !in_frame_) continue;
      if (out.pos > before && out.pos == out.size) break;
    }
    return out.pos;
  }

  const std::string& name() const override { return file_->name(); }
  uint64_t raw_offset() const override { return consumed(); }
  uint64_t raw_size() const override { return file_->raw_size(); }
  Compression compression() const override { return Compression::kZstd; }

 private:
  uint64_t consumed() const {
    return file_->raw_offset() - (in_.size - in_.pos);
  }

  std::unique_ptr<FileSource> file_;
  std::vector<char> in_buf_ = std::vector<char>(ZSTD_DStreamInSize());
  ZSTD_inBuffer in_{nullptr, 0, 0};
  ZSTD_DCtx* ctx_ = nullptr;
  bool in_frame_ = false;
  bool eof_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> NewZstdSource(std::unique_ptr<FileSource> file) {
  return std::make_unique<ZstdSource>(std::move(file));
}

}  // namespace winnow::io
