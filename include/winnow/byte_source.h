// byte_source.h — reading input bytes, decompressed.
//
// A ByteSource is a forward-only stream of bytes from a file or stdin. Open()
// looks at the first bytes of the input (never at its name) and, when they
// are a gzip (1f 8b) or zstd (28 b5 2f fd) magic number, returns a stream of
// the decompressed bytes. Concatenated members (gzip) and frames (zstd) are
// read as one stream, so `cat a.gz b.gz > c.gz` reads as expected.
//
//   auto src = winnow::ByteSource::Open("corpus.jsonl.zst");
//   if (!src.ok()) return src.status();
//   char buf[65536];
//   for (;;) {
//     auto n = (*src)->Read(buf, sizeof buf);
//     if (!n.ok()) return n.status();   // names the file and byte offset
//     if (*n == 0) break;
//     Consume(buf, *n);
//   }
//
// Failure: a file that cannot be opened or read gives an IoError naming it; a
// stream that ends inside a compressed member or frame, or holds corrupt
// data, gives a DataError naming the file and the compressed byte offset.
//
// Cost: one buffered read(2) per 256 KiB of file; decompression at the
// speed of zlib or libzstd.
#ifndef WINNOW_BYTE_SOURCE_H_
#define WINNOW_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "winnow/status.h"

namespace winnow {

enum class Compression { kNone, kGzip, kZstd };

std::string_view CompressionName(Compression c);

// Detects compression from the leading bytes of a stream.
Compression DetectCompression(std::string_view head);

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Opens `path` ("-" is stdin) and decompresses it if its magic bytes say so.
  static Result<std::unique_ptr<ByteSource>> Open(const std::string& path);

  // Reads up to `n` bytes into `buf`. Returns 0 only at the end of the input.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;

  // The name errors use: the path as given, or "-".
  virtual const std::string& name() const = 0;

  // Bytes consumed from the underlying file so far (compressed bytes, for a
  // compressed input): progress against the file size.
  virtual uint64_t raw_offset() const = 0;

  // Size of the underlying file in bytes, or 0 when unknown (a pipe).
  virtual uint64_t raw_size() const = 0;

  virtual Compression compression() const = 0;
};

// Reads the whole of `path` (decompressed) into a string, up to `max_bytes`.
Result<std::string> ReadWholeFile(const std::string& path,
                                  uint64_t max_bytes = UINT64_MAX);

}  // namespace winnow

#endif  // WINNOW_BYTE_SOURCE_H_
