// reflow.h — paragraph recovery: undoing hard line wraps.
//
// Print captures, e-mail and plain-text dumps break paragraphs into lines of
// a fixed width. Reflow finds out whether a document was wrapped and, if so,
// rejoins each paragraph into one line, without joining lines that are
// really separate.
//
// The rule. A line break inside a wrapped paragraph happens because the
// next word did not fit: if a line has length n and the next line starts
// with a word of length w, then n <= W < n + 1 + w for the wrap width W
// (the "fit test"; the same test text formatters use to tell a wrap from a
// deliberate break). Each line that is followed by another non-blank line
// (an "inner" line) thus votes for an interval [n - d, n + 1 + w + d] of
// widths, where d is a small slack for proportional fonts (print captures
// wrap at a pixel width, not a character count). The width W chosen is the
// lowest point covered by the most intervals (an interval-stabbing sweep).
//
// The document is wrapped when enough inner lines agree on W (coverage), W
// is a plausible width, and enough line breaks fall mid-sentence (the next
// line starts in lower case, or the line does not end a sentence and the
// next line does not start with a capital). Text that already has one
// paragraph per line has widely varying line lengths and no common W.
//
// In a wrapped document, a line is joined to the next one when the next
// word would not have fitted (n + 1 + w + d >= W), unless:
//   - the next line starts a list item ("-", "*", "•", "1.", "a)", ...);
//   - either line looks like a table row ("|" separators, aligned columns);
//   - the next line is indented more than this one by two or more columns
//     (a first-line paragraph indent);
//   - this line ends a sentence, the next begins with a capital, and this
//     line is shorter than W (a paragraph that happens to end near the
//     margin is kept apart unless its last line is at least full width).
// Short lines (headings, addresses, verse, sign-offs) pass the fit test as
// deliberate breaks and stay separate.
//
// A list item may wrap too: its continuation lines are usually indented to
// the item's text (a hanging indent). Inside an item, deeper indentation is
// a continuation, not a new paragraph.
//
// Hyphenation. When a joined line ends in "letters-" and the next starts
// with a lower-case letter, the two halves are written without a space, and
// the hyphen is removed when the joined word is a real word: the document
// shows it unbroken, or the lexicon (lexicon.h) has it, and the document
// does not spell it with the hyphen elsewhere. "cam-\npaign" becomes
// "campaign"; "long-\nterm" stays "long-term". A hyphen after a digit
// ("12-\nhour") joins without a space too.
//
// Cost: linear in the text, plus a sort of the inner lines' interval ends.
#ifndef WINNOW_REFLOW_H_
#define WINNOW_REFLOW_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/lexicon.h"

namespace winnow {

struct ReflowOptions {
  // Widths outside [min_width, max_width] columns are not hard wrapping.
  int min_width = 20;
  int max_width = 250;
  // At least this many inner lines are needed to call a document wrapped.
  int min_inner_lines = 2;
  // Fraction of inner lines that must agree on the width.
  double min_coverage = 0.6;
  // Fraction of inner lines whose break falls mid-sentence.
  double min_continuation = 0.3;
  bool dehyphenate = true;
  // Known words for dehyphenation. Null means Lexicon::Default(), loaded on
  // the first hyphenated line end; use_lexicon = false relies on the
  // document alone.
  const Lexicon* lexicon = nullptr;
  bool use_lexicon = true;
};

// What reflow concluded about one document.
struct WrapAnalysis {
  bool wrapped = false;
  int width = 0;              // W, in code points
  int inner_lines = 0;
  double coverage = 0;        // fraction of inner lines agreeing on W
  double continuation = 0;    // fraction of inner breaks mid-sentence
};

// One line of normalized text (no "\n"), with where it came from.
struct SourceLine {
  std::string_view text;
  uint32_t in_begin = 0;  // input offsets, for ParagraphSpan
  uint32_t in_end = 0;
};

// One output paragraph and the input bytes it came from.
struct ParagraphSpan {
  uint32_t out_begin = 0, out_end = 0;  // in the output text
  uint32_t in_begin = 0, in_end = 0;    // in the original input
};

struct ReflowCounts {
  uint64_t lines_joined = 0;
  uint64_t hyphens_joined = 0;
};

// Decides whether `lines` (blank lines included) were hard-wrapped.
WrapAnalysis AnalyzeWrapping(const std::vector<SourceLine>& lines,
                             const ReflowOptions& options);

// Appends the paragraphs of `lines` to `text`, separated by "\n": lines
// joined where `wrap` says so, trimmed, spaces collapsed, blank lines
// dropped. One ParagraphSpan per paragraph is appended to `paragraphs`.
void ReflowLines(const std::vector<SourceLine>& lines, const WrapAnalysis& wrap,
                 const ReflowOptions& options, std::string* text,
                 std::vector<ParagraphSpan>* paragraphs, ReflowCounts* counts);

// AnalyzeWrapping + ReflowLines, repeated on its own output until that is a
// fixed point, so that reflowing a reflowed text changes nothing. Replaces
// the contents of `text` and `paragraphs`.
WrapAnalysis Reflow(const std::vector<SourceLine>& lines,
                    const ReflowOptions& options, std::string* text,
                    std::vector<ParagraphSpan>* paragraphs,
                    ReflowCounts* counts);

}  // namespace winnow

#endif  // WINNOW_REFLOW_H_
