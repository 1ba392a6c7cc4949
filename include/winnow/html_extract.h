// html_extract.h — the main content of a web page: title, byline, date,
// language, canonical URL and text, one paragraph per line.
//
// ExtractHtml() reads one page (raw bytes in any character set; see
// charset.h), parses it with libxml2's HTML parser, and keeps the text a
// reader came for, without navigation, headers, footers, sidebars, related
// links, comments, share bars, cookie notices, ads, captions, credits and
// appeals. The text keeps the page's structure as plain text:
//
//   Heading                       headings, alone on their line
//   A paragraph.                  paragraphs
//   - a list item                 list items, after "- "
//   cell | cell | cell            table rows, cells joined by " | "
//   quoted paragraph              block quotes, as paragraphs
//   preformatted line             <pre> blocks, line by line
//
// How: script, style and svg bodies are dropped by a tag lexer, the page is
// parsed (libxml2) into a compact tree and cut into blocks, each block is
// scored by a BlockScorer (block_scorer.h: DOM cues and text features), and
// a second model decides which blocks to keep in the page's context: the
// content region (the element whose subtree holds the most likely content
// and the least likely boilerplate), the neighbours' scores, the evidence
// of the parent elements, and page-level traits. Both models are small
// networks fitted on held-in pages of a public benchmark; quality figures
// are in docs/results/extract_quality.md. A kept paragraph of 40
// characters or more that repeats an earlier one word for word (a
// carousel's clone, a page's mobile copy) is written once.
// Metadata comes from meta tags, Open Graph, JSON-LD and the markup
// (html_metadata.h).
//
//   winnow::ExtractedPage page;
//   winnow::Status st = winnow::ExtractHtml(
//       {.bytes = html, .content_type = "text/html; charset=utf-8",
//        .url = "https://example.com/a"}, {}, &page);
//   if (!st.ok()) return st;   // only for input that is not a web page
//   Use(page.meta.title, page.text);
//
// Failure: a page larger than ExtractOptions::max_html_bytes
// (ResourceExhausted) and bytes that are not text (binary data served as
// text/html: DataError) are errors. Malformed and truncated HTML is not:
// the parser recovers as browsers do, and an empty page gives empty text.
// Messages do not name the input; callers prefix the record's location.
//
// Cost: about 2.8 ms for a typical 280 KB page on one core (360 pages per
// second, docs/BENCHMARKS.md), most of it in the HTML parser; memory about
// 10 times the page size while it is parsed.
// Any nesting depth is handled without recursion.
#ifndef WINNOW_HTML_EXTRACT_H_
#define WINNOW_HTML_EXTRACT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "winnow/block_scorer.h"
#include "winnow/charset.h"
#include "winnow/html_metadata.h"
#include "winnow/status.h"

namespace winnow {

struct ExtractOptions {
  // Larger pages are an error: they bound the memory one page can take
  // (the parser needs about ten times the page size).
  uint64_t max_html_bytes = uint64_t{64} << 20;  // 64 MiB
  // Prefix list items with "- ".
  bool list_markers = true;
  // Keep table rows (cells joined by " | ").
  bool tables = true;
  // Blocks whose probability of being kept, in the page's context, is at
  // least this are kept: lower keeps more (recall), higher less.
  double threshold = 0.38;  // maximizes mean F1 on held-in benchmark pages
  // Judge the kept blocks again with the plain-text paragraph classifier
  // (paragraph_classifier.h), told each block's element and link density,
  // and drop what it removes: the DOM model sees markup, the classifier
  // words (appeals, sign-ups, credits, interface strings).
  bool classify_paragraphs = true;
  // The scorer to use; null: NewDefaultBlockScorer(). Not owned; used by
  // one thread at a time.
  BlockScorer* scorer = nullptr;
};

// What one extraction did, for the run's counters.
struct ExtractStats {
  uint32_t blocks = 0;          // blocks the page was cut into
  uint32_t blocks_kept = 0;
  uint32_t paragraphs = 0;      // output lines
  uint64_t hidden_skipped = 0;  // hidden elements left out
};

struct ExtractedPage {
  PageMetadata meta;
  std::string text;  // one paragraph per line, no trailing newline
  CharsetInfo charset;  // the character set found, and how
  ExtractStats stats;
};

struct HtmlInput {
  std::string_view bytes;         // the page as served
  std::string_view content_type;  // HTTP Content-Type, if known
  std::string_view url;           // where it was fetched, if known
};

Status ExtractHtml(const HtmlInput& input, const ExtractOptions& options,
                   ExtractedPage* page);

// The same, for a page already decoded to valid UTF-8.
Status ExtractHtmlUtf8(std::string_view utf8, std::string_view url,
                       const ExtractOptions& options, ExtractedPage* page);

}  // namespace winnow

#endif  // WINNOW_HTML_EXTRACT_H_
