// Fuzzes the reader of winnow run's work-file lines (captures.jsonl).
// Properties: no crash; a line that parses has paragraph ranges inside its
// text and record field indices inside its record, and writing it back and
// reading it again gives the same record.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pipeline/capture_record.h"
#include "winnow/json.h"

using winnow::pipeline::CaptureParser;
using winnow::pipeline::CaptureRecord;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  static CaptureParser parser;
  CaptureRecord a;
  if (!parser.Parse(line, "fuzz:1", &a).ok()) return 0;

  // Rebuild what the boilerplate pass had, write it, read it back.
  winnow::Doc doc;
  doc.id = a.id;
  doc.raw = a.record;
  if (!doc.raw.empty() && !winnow::ScanObjectFields(doc.raw, &doc.fields)) {
    std::abort();  // Parse accepted a record that is not an object
  }
  doc.text_field = a.text_field;
  doc.id_field = a.id_field;
  winnow::BoilerplateResult r;
  r.clean.text = a.clean;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    const auto& p = a.paragraphs[i];
    if (p.out_begin > p.out_end || p.out_end > a.clean.size()) std::abort();
    (void)a.Paragraph(i);
    r.clean.paragraphs.push_back({p.out_begin, p.out_end, p.in_begin,
                                  p.in_end});
    r.verdicts.push_back(p.verdict);
    r.repeats.push_back(p.repeats);
  }
  std::string again;
  winnow::pipeline::AppendCaptureRecord(doc, r, &again);
  again.pop_back();  // '\n'
  CaptureRecord b;
  if (!parser.Parse(again, "fuzz:2", &b).ok()) std::abort();
  if (b.id != a.id || b.clean != a.clean ||
      b.paragraphs.size() != a.paragraphs.size() ||
      b.text_field != a.text_field || b.id_field != a.id_field) {
    std::abort();
  }
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    const auto& x = a.paragraphs[i].verdict;
    const auto& y = b.paragraphs[i].verdict;
    if (x.keep != y.keep || x.cls != y.cls || x.rule != y.rule ||
        x.score != y.score || x.leaning != y.leaning) {
      std::abort();
    }
  }
  return 0;
}
