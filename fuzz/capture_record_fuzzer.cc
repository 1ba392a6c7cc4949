// Fuzzes the reader of winnow run's work-file lines (captures.jsonl).
// Properties: no crash; a line that parses has paragraph spans inside its
// text and record field indices inside its record; writing it back and
// reading it again gives the same values; and reading it as a JSONL record
// (as the dedup stage does) gives the same paragraphs.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pipeline/capture_record.h"
#include "winnow/json.h"

using winnow::pipeline::CaptureParser;
using winnow::pipeline::CaptureRecord;

namespace {

bool SameParagraphs(const winnow::PreparedDoc& a, const winnow::PreparedDoc& b) {
  if (a.clean.text != b.clean.text ||
      a.paragraphs.size() != b.paragraphs.size() ||
      a.clean.paragraphs.size() != b.clean.paragraphs.size()) {
    return false;
  }
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    const auto& x = a.paragraphs[i];
    const auto& y = b.paragraphs[i];
    const auto& s = a.clean.paragraphs[i];
    const auto& t = b.clean.paragraphs[i];
    if (x.hash != y.hash || x.words != y.words ||
        x.evidence.quality != y.evidence.quality ||
        x.evidence.cls != y.evidence.cls ||
        x.evidence.score != y.evidence.score ||
        x.evidence.rule != y.evidence.rule ||
        x.evidence.weak_cls != y.evidence.weak_cls ||
        x.evidence.weak != y.evidence.weak ||
        x.evidence.weak_rule != y.evidence.weak_rule ||
        x.evidence.words != y.evidence.words ||
        x.evidence.sentence_ends != y.evidence.sentence_ends ||
        s.out_begin != t.out_begin || s.out_end != t.out_end ||
        s.in_begin != t.in_begin || s.in_end != t.in_end) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  static CaptureParser parser;
  CaptureRecord a;
  if (!parser.Parse(line, {"fuzz", 1}, &a).ok()) return 0;
  const auto& spans = a.doc.clean.paragraphs;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (spans[i].out_begin >= spans[i].out_end ||
        spans[i].out_end > a.doc.clean.text.size()) {
      std::abort();
    }
    (void)a.Paragraph(i);
  }

  // Rebuild what the prepare pass had, write it, read it back. The source
  // name is gone (only its hash is kept), so compare everything else.
  winnow::Doc doc;
  doc.id = a.id;
  doc.raw = a.record;
  if (!doc.raw.empty() && !winnow::ScanObjectFields(doc.raw, &doc.fields)) {
    std::abort();  // Parse accepted a record that is not an object
  }
  doc.text_field = a.text_field;
  doc.id_field = a.id_field;
  std::string again;
  winnow::pipeline::AppendCaptureRecord(doc, a.doc, &again);
  again.pop_back();  // '\n'
  CaptureRecord b;
  if (!parser.Parse(again, {"fuzz", 2}, &b).ok()) std::abort();
  if (b.id != a.id || !SameParagraphs(a.doc, b.doc) ||
      b.text_field != a.text_field || b.id_field != a.id_field) {
    std::abort();
  }

  // The same line read as a JSONL record.
  winnow::Doc rec;
  rec.raw = again;
  if (!winnow::ScanObjectFields(rec.raw, &rec.fields)) std::abort();
  rec.text = a.doc.clean.text;
  winnow::PreparedDoc c;
  uint64_t sh = 0;
  if (!parser.ParseParagraphs(rec, &sh, &c).ok()) std::abort();
  if (!SameParagraphs(b.doc, c)) std::abort();
  return 0;
}
