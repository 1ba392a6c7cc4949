// Fuzzes the JSONL path: record splitting, simdjson parsing, field scanning
// and writing the document back. Properties: no crash; every parsed document
// writes back as valid JSON whose fields re-parse to the same text.
#include <cstdlib>
#include <string>

#include "fuzz_file.h"
#include "winnow/json.h"
#include "winnow/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = winnow::fuzz::WriteInputFile("jsonl", data, size);
  if (path.empty()) return 0;

  winnow::ReaderOptions options;
  options.format = winnow::InputFormat::kJsonl;
  options.batch_bytes = 256;  // exercise lines that span reads
  options.max_record_bytes = 4096;
  winnow::DocReader reader(std::vector<std::string>{path}, options);
  winnow::Doc doc;
  for (int i = 0; i < 10000; ++i) {
    auto more = reader.Next(&doc);
    if (!more.ok() || !*more) break;
    std::string out;
    winnow::AppendDocJson(doc, {{"extra", "1"}}, &out);
    if (out.empty() || out.back() != '\n') std::abort();
    std::vector<winnow::FieldSpan> fields;
    if (!winnow::ScanObjectFields(
            std::string_view(out).substr(0, out.size() - 1), &fields)) {
      std::abort();
    }
  }
  return 0;
}
