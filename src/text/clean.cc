#include "winnow/clean.h"

#include "winnow/normalize.h"

namespace winnow {

void CleanStats::Add(const CleanStats& o) {
  invalid_utf8 += o.invalid_utf8;
  control_chars += o.control_chars;
  odd_spaces += o.odd_spaces;
  nfc_changed += o.nfc_changed;
  lines_joined += o.lines_joined;
  hyphens_joined += o.hyphens_joined;
  paragraphs += o.paragraphs;
}

void CleanText(std::string_view input, const CleanOptions& options,
               CleanResult* result) {
  // Scratch space reused across calls on the same thread.
  thread_local std::string normalized;
  thread_local std::vector<LineSpan> spans;
  thread_local std::vector<SourceLine> lines;

  result->text.clear();
  result->paragraphs.clear();
  result->stats = CleanStats();
  result->wrap = WrapAnalysis();

  NormalizeStats ns;
  NormalizeChars(input, options.nfc, &normalized, &spans, &ns);
  lines.clear();
  lines.reserve(spans.size());
  size_t pos = 0;
  for (const LineSpan& span : spans) {
    size_t nl = normalized.find('\n', pos);
    if (nl == std::string::npos) nl = normalized.size();
    lines.push_back({std::string_view(normalized).substr(pos, nl - pos),
                     span.begin, span.end});
    pos = nl + 1;
  }

  ReflowCounts counts;
  if (options.reflow) {
    result->wrap = Reflow(lines, options.reflow_options, &result->text,
                          &result->paragraphs, &counts);
  } else {
    ReflowLines(lines, WrapAnalysis(), options.reflow_options, &result->text,
                &result->paragraphs, &counts);
  }
  CleanStats& st = result->stats;
  st.invalid_utf8 = ns.invalid_utf8;
  st.control_chars = ns.control_chars;
  st.odd_spaces = ns.odd_spaces;
  st.nfc_changed = ns.nfc_changed;
  st.lines_joined = counts.lines_joined;
  st.hyphens_joined = counts.hyphens_joined;
  st.paragraphs = result->paragraphs.size();
}

}  // namespace winnow
