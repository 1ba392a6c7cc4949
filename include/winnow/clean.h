// clean.h — text cleanup: valid UTF-8, normalized characters, one paragraph
// per line.
//
// CleanText() turns the text of one captured document into winnow's clean
// form, in two passes:
//
// 1. Characters (see normalize.h). Invalid UTF-8 becomes U+FFFD; CR LF, CR,
//    NEL, LS, VT and FF become "\n" and PS a blank line; tabs and odd spaces
//    (no-break, en/em, thin, ideographic, ...) become " "; other control
//    characters and invisible format characters (zero-width space, BOM,
//    soft hyphen, word joiner) are removed; the text is put in Unicode NFC.
//
// 2. Paragraphs (see reflow.h). Text hard-wrapped at a fixed width is
//    rejoined into one paragraph per line, words hyphenated across a line
//    end are rejoined where the document shows the joined word, and lines
//    that are really separate (lists, headings, addresses, verse, table
//    rows, short lines) stay separate. Lines are trimmed, runs of spaces
//    become one, blank lines are dropped.
//
// The result is one paragraph per line, paragraphs separated by "\n", no
// trailing newline. Cleaning is idempotent: CleanText(CleanText(x)) equals
// CleanText(x).
//
//   winnow::CleanResult r;
//   winnow::CleanText("Hello\r\nwor-\nld,  and the world.\n", {}, &r);
//
// Each output paragraph records the byte range of the input it came from
// (CleanResult::paragraphs), so later stages can show any paragraph they
// remove in the original text.
//
// Cost: linear in the input; ASCII text is scanned eight bytes at a time and
// only lines holding characters that NFC may change go through utf8proc.
// Never fails: any byte string is valid input.
#ifndef WINNOW_CLEAN_H_
#define WINNOW_CLEAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/reflow.h"

namespace winnow {

struct CleanOptions {
  bool nfc = true;     // Unicode normalization form C
  bool reflow = true;  // paragraph recovery (reflow.h); off: lines kept
  ReflowOptions reflow_options;
};

struct CleanStats {
  uint64_t invalid_utf8 = 0;     // invalid sequences replaced by U+FFFD
  uint64_t control_chars = 0;    // control and invisible characters removed
  uint64_t odd_spaces = 0;       // tabs and Unicode spaces made " "
  uint64_t nfc_changed = 0;      // lines that NFC changed
  uint64_t lines_joined = 0;     // hard line breaks removed by reflow
  uint64_t hyphens_joined = 0;   // words rejoined across a line-end hyphen
  uint64_t paragraphs = 0;       // output lines

  void Add(const CleanStats& o);
};

struct CleanResult {
  std::string text;
  std::vector<ParagraphSpan> paragraphs;
  CleanStats stats;
  WrapAnalysis wrap;  // what reflow concluded about line wrapping
};

void CleanText(std::string_view input, const CleanOptions& options,
               CleanResult* result);

}  // namespace winnow

#endif  // WINNOW_CLEAN_H_
