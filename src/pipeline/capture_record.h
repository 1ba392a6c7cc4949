// capture_record.h — one document as the run job keeps it between stages:
// a line of the work file `captures.jsonl`. Internal to src/pipeline.
//
//   {"id":"web/001","sh":1234567,"text":"ALL CLEANED PARAGRAPHS",
//    "p":"AQAC...base64...","tf":1,"if":0,
//    "r":{...the input record, its text value ""...}}
//
// The prepare pass writes it once per document read: the cleaned text
// (paragraphs one per line), the source's hash ("sh", SourceHash), and in
// "p" per paragraph what the decision needs once the repeat counts exist
// (boilerplate.h, PreparedDoc: the byte range in the document's original
// text, ParagraphHash and its word count, and the paragraph's own
// evidence). "p" is those values packed as binary and written in base64
// (the layout is in capture_record.cc): readers get them with a table
// lookup per character instead of parsing some ninety decimal numbers a
// document, which the JSON parser of the dedup stage's reader and the
// hand reader of consensus each spent more time on than on the rest of the
// line. Scores are kept as their bits, so every later reading decides
// exactly alike. `r` carries the input record's other fields through
// ("tf"/"if": its text and id fields' indices among its top-level fields);
// plain-text documents have no "r".
//
// For a record whose text cleaning left as it was, read from a plain JSONL
// file (capture_input.h), the line holds neither the text ("text":"") nor
// the record: "p" also holds where the record is in its input.
//
// The dedup stage reads the line as a JSONL record (`text` is its text) and
// decides its paragraphs before sketching (DecideCapture); consensus reads
// it whole (CaptureParser).
#ifndef WINNOW_SRC_PIPELINE_CAPTURE_RECORD_H_
#define WINNOW_SRC_PIPELINE_CAPTURE_RECORD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture_input.h"
#include "winnow/boilerplate.h"
#include "winnow/doc.h"
#include "winnow/status.h"

namespace winnow::pipeline {

struct CaptureRecord {
  uint64_t ordinal = 0;  // position in the input (set by the reader)
  std::string id;
  uint64_t source_hash = 0;
  // clean.text and clean.paragraphs (both offsets), and the paragraphs'
  // stored values; clean.stats and clean.wrap are not kept.
  PreparedDoc doc;
  // The input JSON object (its text value "" when the line held the
  // text), or "" for plain text.
  std::string record;
  int text_field = -1, id_field = -1;

  std::string_view Paragraph(size_t i) const {
    const ParagraphSpan& p = doc.clean.paragraphs[i];
    return std::string_view(doc.clean.text)
        .substr(p.out_begin, p.out_end - p.out_begin);
  }
};

// Appends the work-file line for `doc` (after extraction) and its prepared
// paragraphs. With `in`, the text and the record stay in the input
// (capture_input.h): the line holds "text":"" and no "r", and "p" holds
// `in`.
void AppendCaptureRecord(const Doc& doc, const PreparedDoc& prepared,
                         std::string* out,
                         const CaptureInputRef* in = nullptr);

// Where a work-file line came from, for error messages only (made into a
// string when an error needs it): "FILE:LINE", or "FILE: capture N" for a
// capture read back at its place in the file.
struct CaptureWhere {
  std::string_view file;
  uint64_t line = 0;  // 1-based line, or with `ordinal` the capture's
  bool ordinal = false;
  std::string ToString() const;
};

// Reads work-file lines back. ParagraphEvidence::rule and weak_rule of what
// it returns point into the parser, which must outlive the records. Not
// thread-safe: one per thread.
class CaptureParser {
 public:
  CaptureParser();
  ~CaptureParser();
  // Where lines that keep their text in the input ("in") read it; without
  // one such lines are a DataError. Not owned.
  void set_input_reader(CaptureInputReader* reader) { input_ = reader; }

  // Parses one line (without its '\n'). A malformed line is a DataError
  // naming `where`.
  Status Parse(std::string_view line, const CaptureWhere& where,
               CaptureRecord* out);

  // For a line already read as a JSONL record (`doc`: its text is the
  // cleaned text, its fields the line's): the source hash and the
  // paragraphs, into `out` (clean.text is copied from doc.text).
  Status ParseParagraphs(const Doc& doc, uint64_t* source_hash,
                         PreparedDoc* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  CaptureInputReader* input_ = nullptr;
};

}  // namespace winnow::pipeline

#endif  // WINNOW_SRC_PIPELINE_CAPTURE_RECORD_H_
