// Fuzzes decompression and record splitting: gzip and zstd streams (the
// input is written as is, so most inputs are "compressed" only when the
// fuzzer finds the magic bytes) cut into JSONL records. Properties: no crash,
// no hang; a stream either reads to its end or fails with a message naming
// the file.
#include <cstdlib>
#include <string>

#include "fuzz_file.h"
#include "winnow/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = winnow::fuzz::WriteInputFile("bytes", data, size);
  if (path.empty()) return 0;

  winnow::ReaderOptions options;
  options.batch_bytes = 128;
  options.max_record_bytes = 1 << 16;
  std::vector<std::string> paths = {path};
  auto files = winnow::ExpandInputs(paths, options);
  if (!files.ok()) return 0;
  winnow::RecordSource source(*files, options);
  winnow::RecordBatch batch;
  uint64_t total = 0;
  while (source.NextBatch(&batch)) {
    for (const auto& r : batch.records) total += r.size;
    for (const auto& e : batch.errors) {
      if (e.status.message().find(path) == std::string::npos) std::abort();
    }
    // Decompression bombs: stop after a bounded amount of output.
    if (total > (64u << 20)) break;
  }
  return 0;
}
