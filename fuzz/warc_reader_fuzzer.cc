// Fuzzes the WARC path through the reader: record splitting with lying
// lengths and resynchronization, WARC and HTTP header parsing, chunked
// transfer coding and gzip/deflate content coding.
// Properties: no crash, no hang (the reader makes progress on every
// input); every record returned starts with "WARC/1."; record offsets
// increase.
#include <cstdlib>
#include <string>

#include "fuzz_file.h"
#include "winnow/reader.h"
#include "winnow/warc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = winnow::fuzz::WriteInputFile("warc", data, size);
  if (path.empty()) return 0;

  winnow::ReaderOptions options;
  options.format = winnow::InputFormat::kWarc;
  options.batch_bytes = 512;
  options.max_record_bytes = 8192;
  auto files = winnow::ExpandInputs({path}, options);
  if (!files.ok()) return 0;
  winnow::RecordSource source(*files, options);
  winnow::RecordParser parser(options);
  winnow::RecordBatch batch;
  winnow::Doc doc;
  uint64_t last_offset = 0;
  bool first = true;
  for (int i = 0; i < 100000 && source.NextBatch(&batch); ++i) {
    for (const winnow::RawRecord& r : batch.records) {
      std::string_view bytes = batch.RecordBytes(r);
      if (bytes.substr(0, 7) != "WARC/1.") std::abort();
      if (!first && r.byte_offset <= last_offset) std::abort();
      first = false;
      last_offset = r.byte_offset;
      (void)parser.Parse(batch, r, source.files(), &doc);
    }
  }
  return 0;
}
