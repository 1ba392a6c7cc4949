// extract_step.h — main-content extraction as a document step.
//
// ExtractDoc() turns a Doc holding a web page (Doc::html: an HTML file, a
// WARC response, or a JSONL record read with an HTML field) into a Doc
// holding the page's text, whose fields are those of the output record
// (docs/FORMATS.md, "extract"):
//
//   {"id", "url", "title", "author", "date", "language", "canonical_url",
//    ["fetch_date", "warc_record_id" for WARC records,] "text"}
//
// Pages read from JSONL keep their other fields in order; the HTML field
// is dropped, the text goes into the text field (added at the end if the
// record has none), and each metadata field is added only when the record
// does not already have one. Later stages (clean, boilerplate, dedup) see
// an ordinary document and write it with AppendDocJson().
//
// A Doc without a page (plain text input) is left as it is.
//
//   winnow::Counters c;
//   winnow::Status st = winnow::ExtractDoc(doc, {}, &c);
//   if (!st.ok()) return st;  // "crawl.warc.gz: byte 8812: not text: ..."
//
// Counters (per run):
//   extract.pages            pages extracted
//   extract.empty_pages      pages where no main content was found
//   extract.paragraphs       output lines
//   extract.blocks           blocks scored
//   extract.blocks_kept      blocks kept
//   extract.hidden_skipped   hidden elements left out
//   extract.charset_converted pages converted from another character set
//   extract.charset_unknown  declared charsets iconv does not know
//   extract.invalid_bytes    bytes invalid in the page's charset (U+FFFD)
//   extract.not_html         documents passed through without extraction
//
// Cost: that of ExtractHtml() plus writing the record.
#ifndef WINNOW_EXTRACT_STEP_H_
#define WINNOW_EXTRACT_STEP_H_

#include <memory>
#include <string>

#include "winnow/counters.h"
#include "winnow/doc.h"
#include "winnow/html_extract.h"
#include "winnow/stream.h"

namespace winnow {

struct ExtractStepOptions {
  ExtractOptions extract;
  std::string text_field = "text";  // where the text goes in the record
  std::string html_field;           // JSONL: the field holding the page
  bool skip_empty = false;          // drop pages with no content (counted)
};

Status ExtractDoc(Doc& doc, const ExtractStepOptions& options,
                  Counters* counters);

std::unique_ptr<DocStep> NewExtractStep(const ExtractStepOptions& options);

}  // namespace winnow

#endif  // WINNOW_EXTRACT_STEP_H_
