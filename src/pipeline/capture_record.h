// capture_record.h — one document as the run job keeps it between stages:
// a line of the work file `captures.jsonl`. Internal to src/pipeline.
//
//   {"id":"web/001","text":"KEPT PARAGRAPHS","clean":"ALL PARAGRAPHS",
//    "p":[[out_begin,out_end,in_begin,in_end,keep,class,"rule",score,
//          repeats,leaning],...],
//    "tf":1,"if":0,"r":{...the input record, its text value ""...}}
//
// `text` is what the dedup stage reads; `clean` and `p` are what consensus
// needs (every cleaned paragraph and its verdict) and what --explain shows
// (byte ranges in the document's original text); `r` carries the input
// record's other fields through ("tf"/"if": its text and id fields' indices
// among its top-level fields). Plain-text documents have no "r".
#ifndef WINNOW_SRC_PIPELINE_CAPTURE_RECORD_H_
#define WINNOW_SRC_PIPELINE_CAPTURE_RECORD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/boilerplate.h"
#include "winnow/doc.h"
#include "winnow/paragraph_classifier.h"
#include "winnow/status.h"

namespace winnow::pipeline {

struct CaptureParagraph {
  uint32_t out_begin = 0, out_end = 0;  // in CaptureRecord::clean
  uint32_t in_begin = 0, in_end = 0;    // in the original text
  uint32_t repeats = 0;
  Verdict verdict;
};

struct CaptureRecord {
  uint64_t ordinal = 0;  // position in the input (set by the reader)
  std::string id;
  std::string clean;
  std::vector<CaptureParagraph> paragraphs;
  std::string record;  // the input JSON object, or "" for plain text
  int text_field = -1, id_field = -1;

  std::string_view Paragraph(size_t i) const {
    const CaptureParagraph& p = paragraphs[i];
    return std::string_view(clean).substr(p.out_begin, p.out_end - p.out_begin);
  }
};

// Appends the work-file line for `doc` (after extraction) and its
// boilerplate result.
void AppendCaptureRecord(const Doc& doc, const BoilerplateResult& r,
                         std::string* out);

// Reads work-file lines back. Verdict::rule of what it returns points into
// the parser, which must outlive the records. Not thread-safe: one per
// thread.
class CaptureParser {
 public:
  CaptureParser();
  ~CaptureParser();
  // Parses one line (without its '\n'). A malformed line is a DataError
  // naming `where`.
  Status Parse(std::string_view line, const std::string& where,
               CaptureRecord* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow::pipeline

#endif  // WINNOW_SRC_PIPELINE_CAPTURE_RECORD_H_
