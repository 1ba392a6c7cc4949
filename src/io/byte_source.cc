#include "winnow/byte_source.h"

#include <algorithm>
#include <cstring>

#include "file_source.h"

namespace winnow {

std::string_view CompressionName(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "?";
}

Compression DetectCompression(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return Compression::kGzip;
  }
  // Zstandard frame magic 0xFD2FB528, little endian (RFC 8878, 3.1.1).
  if (head.size() >= 4 &&
      std::memcmp(head.data(), "\x28\xb5\x2f\xfd", 4) == 0) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

Result<std::unique_ptr<ByteSource>> ByteSource::Open(const std::string& path) {
  auto file = io::FileSource::Open(path);
  if (!file.ok()) return file.status();
  WINNOW_RETURN_IF_ERROR((*file)->Fill(4));
  switch (DetectCompression((*file)->Peek())) {
    case Compression::kGzip:
      return io::NewGzipSource(std::move(*file));
    case Compression::kZstd:
      return io::NewZstdSource(std::move(*file));
    case Compression::kNone:
      break;
  }
  return std::unique_ptr<ByteSource>(std::move(*file));
}

Result<std::string> ReadWholeFile(const std::string& path, uint64_t max_bytes) {
  auto src = ByteSource::Open(path);
  if (!src.ok()) return src.status();
  std::string out;
  if ((*src)->compression() == Compression::kNone) {
    out.reserve(static_cast<size_t>(std::min((*src)->raw_size(), max_bytes)));
  }
  char buf[1 << 16];
  for (;;) {
    auto n = (*src)->Read(buf, sizeof buf);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    if (out.size() + *n > max_bytes) {
      return ResourceExhausted(path + ": larger than the limit of " +
                               std::to_string(max_bytes) + " bytes");
    }
    out.append(buf, *n);
  }
  return out;
}

}  // namespace winnow
