// Fuzzes the reader of winnow run's line index (captures.idx). The first
// 8 bytes of an input are the captures file's size, the rest the index.
// Properties: no crash; the spans read lie back to back inside the file,
// each followed by its '\n'; an index read to its end without an error
// covers the file exactly.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz_file.h"
#include "pipeline/capture_index.h"

using winnow::pipeline::CaptureIndexReader;
using winnow::pipeline::CaptureSpan;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  uint64_t captures = 0;
  std::memcpy(&captures, data, 8);
  captures %= uint64_t{1} << 40;
  const std::string path =
      winnow::fuzz::WriteInputFile("capture-index", data + 8, size - 8);
  if (path.empty()) return 0;
  auto r = CaptureIndexReader::Open(path, captures);
  if (!r.ok()) return 0;
  CaptureSpan s;
  uint64_t at = 0;
  while ((*r)->Next(&s)) {
    if (s.offset != at || s.offset + s.length >= captures) std::abort();
    at = s.offset + s.length + 1;
  }
  if ((*r)->status().ok() && at != captures) std::abort();
  return 0;
}
