#include "winnow/reflow.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_set>
#include <utility>

#include "text/line_scan.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// What reflow needs to know about one line.
struct LineInfo {
  std::string_view trimmed;  // without leading and trailing spaces
  int indent = 0;            // leading spaces (a tab counts as one)
  int length = 0;            // code points: indent + trimmed
  int first_word = 0;        // code points of the first word of `trimmed`
  bool blank = true;
  bool collapsible = false;  // has tabs or runs of spaces inside
  bool list_item = false;
  bool table_row = false;
  bool ends_sentence = false;
  bool starts_upper = false;
  bool starts_lower = false;
};

uint32_t FirstCodePoint(std::string_view s, size_t* len) {
  uint32_t cp = 0;
  size_t n = s.empty() ? 0 : DecodeUtf8(s, 0, &cp);
  *len = n;
  return n ? cp : 0;
}

// The code point that ends at s[end) (s is valid UTF-8).
uint32_t LastCodePoint(std::string_view s, size_t* start) {
  size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  if (i > 0) --i;
  uint32_t cp = 0;
  if (!s.empty()) DecodeUtf8(s, i, &cp);
  *start = i;
  return cp;
}

bool IsOpeningPunct(uint32_t cp) {
  switch (cp) {
    case '"':
    case '\'':
    case '(':
    case '[':
    case '{':
    case 0xAB:
    case 0xBB:
    case 0x2018:
    case 0x201C:
    case 0x201E:
    case 0x201A:
    case 0x2039:
    case 0x300C:
    case 0x300E:
    case 0xBF:
    case 0xA1:
      return true;
  }
  return false;
}

bool IsClosingPunct(uint32_t cp) {
  switch (cp) {
    case '"':
    case '\'':
    case ')':
    case ']':
    case '}':
    case 0xBB:
    case 0xAB:
    case 0x2019:
    case 0x201D:
    case 0x203A:
    case 0x300D:
    case 0x300F:
      return true;
  }
  return false;
}

bool IsSentenceEnd(uint32_t cp) {
  switch (cp) {
    case '.':
    case '!':
    case '?':
    case ':':
    case 0x2026:
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF0E:
    case 0x061F:
    case 0x0964:
      return true;
  }
  return false;
}

utf8proc_propval_t Category(uint32_t cp) {
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->category;
}

bool IsLetter(uint32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  auto c = Category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

// Scripts written without spaces between words: a wrap inside them joins
// without a space. Hangul uses spaces and is not included.
bool IsUnspacedScript(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x312F) || (cp >= 0x31A0 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

// "-", "*", "+", "•" and friends followed by a space; "12." or "12)" or
// "(a)" or "a)" followed by a space.
bool StartsListItem(std::string_view t) {
  size_t len;
  uint32_t cp = FirstCodePoint(t, &len);
  auto space_at = [&](size_t i) { return i < t.size() && IsSpace(t[i]); };
  switch (cp) {
    case '-':
    case '*':
    case '+':
    case 0x2022:
    case 0x00B7:
    case 0x25E6:
    case 0x25AA:
    case 0x25CF:
    case 0x2013:
    case 0x2014:
    case 0x2043:
    case 0x25A0:
    case 0x25BA:
    case 0x27A2:
    case 0x2219:
      return space_at(len);
  }
  size_t i = 0;
  if (t[0] == '(') i = 1;
  size_t digits = 0;
  while (i + digits < t.size() && t[i + digits] >= '0' &&
         t[i + digits] <= '9' && digits < 4) {
    ++digits;
  }
  if (digits > 0) {
    size_t j = i + digits;
    if (j < t.size() && (t[j] == '.' || t[j] == ')')) return space_at(j + 1);
    return false;
  }
  // A single letter enumerator needs a closing parenthesis: "a) ", "(b) ".
  // "A. Smith" is a name, not a list item.
  if (i < t.size() && ((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z') &&
      i + 1 < t.size() && t[i + 1] == ')') {
    return space_at(i + 2);
  }
  return false;
}

// Columns `s` takes on a fixed-width display: wide East Asian characters
// count two, combining marks none (UAX #11 East Asian Width, as utf8proc
// reports it). Wrap widths are measured in these columns.
int DisplayWidth(std::string_view s) {
  int width = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t v;
      std::memcpy(&v, s.data() + i, 8);
      if ((v & 0x8080808080808080ULL) == 0) {
        width += 8;
        i += 8;
        continue;
      }
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++width;
      ++i;
      continue;
    }
    uint32_t cp;
    size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) len = 1;
    width += utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp));
    i += len;
  }
  return width;
}

LineInfo Analyze(std::string_view line) {
  LineInfo info;
  size_t b = 0;
  while (b < line.size() && IsSpace(line[b])) ++b;
  size_t e = line.size();
  while (e > b && IsSpace(line[e - 1])) --e;
  info.trimmed = line.substr(b, e - b);
  info.indent = static_cast<int>(b);
  if (info.trimmed.empty()) return info;
  info.blank = false;
  const std::string_view t = info.trimmed;
  const LineScan scan = ScanLine(t);
  if (scan.non_ascii) {
    info.length = info.indent + DisplayWidth(t);
    info.first_word = DisplayWidth(t.substr(0, scan.first_space));
  } else {
    info.length = info.indent + static_cast<int>(t.size());
    info.first_word = static_cast<int>(scan.first_space);
  }
  info.collapsible = scan.double_space || scan.tab;
  info.list_item = StartsListItem(t);
  // Columns: two or more "|" cells, a tab inside the line, or a gap of
  // three or more spaces between words.
  info.table_row =
      scan.pipes >= 2 || scan.tab ||
      (scan.double_space && t.find("   ") != std::string_view::npos);

  // First letter after opening punctuation decides the case.
  size_t i = 0;
  while (i < info.trimmed.size()) {
    uint32_t cp;
    size_t len = DecodeUtf8(info.trimmed, i, &cp);
    if (len == 0) break;
    if (IsOpeningPunct(cp)) {
      i += len;
      continue;
    }
    if (cp < 0x80) {
      info.starts_upper = cp >= 'A' && cp <= 'Z';
      info.starts_lower = cp >= 'a' && cp <= 'z';
      break;
    }
    auto c = Category(cp);
    info.starts_upper = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
    info.starts_lower = c == UTF8PROC_CATEGORY_LL;
    break;
  }
  // Last character before closing punctuation decides the sentence end.
  std::string_view rest = info.trimmed;
  while (!rest.empty()) {
    size_t start;
    uint32_t cp = LastCodePoint(rest, &start);
    if (IsClosingPunct(cp)) {
      rest = rest.substr(0, start);
      continue;
    }
    info.ends_sentence = IsSentenceEnd(cp);
    break;
  }
  return info;
}

// Slack, in columns, for proportional fonts: print captures wrap at a pixel
// width, so a line of n characters may fill the measure with a little more
// or less.
int Slack(int n) { return 1 + n / 40; }

bool IsInner(const std::vector<LineInfo>& info, size_t i) {
  return !info[i].blank && i + 1 < info.size() && !info[i + 1].blank;
}

// Lowercased words of the document, for dehyphenation: letters-only words,
// and hyphenated compounds written within a line ("long-term").
class Vocabulary {
 public:
  explicit Vocabulary(const std::vector<LineInfo>& lines) {
    std::string word, compound;
    auto flush = [&] {
      if (!word.empty()) words_.insert(word);
      if (!compound.empty() && compound != word) compounds_.insert(compound);
      word.clear();
      compound.clear();
    };
    for (const LineInfo& l : lines) {
      std::string_view t = l.trimmed;
      size_t i = 0;
      while (i < t.size()) {
        uint32_t cp;
        size_t len = DecodeUtf8(t, i, &cp);
        if (len == 0) len = 1;
        if (IsLetter(cp)) {
          uint32_t lower = static_cast<uint32_t>(
              utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
          AppendUtf8(&word, lower);
          AppendUtf8(&compound, lower);
        } else if (cp == '-' && !word.empty() && i + len < t.size()) {
          // Inside "long-term": the parts are words, the whole a compound.
          words_.insert(word);
          word.clear();
          compound.push_back('-');
        } else {
          flush();
        }
        i += len;
      }
      flush();
    }
  }
  bool Has(const std::string& w) const { return words_.count(w) > 0; }
  bool HasCompound(const std::string& w) const {
    return compounds_.count(w) > 0;
  }

 private:
  std::unordered_set<std::string> words_;
  std::unordered_set<std::string> compounds_;
};

// Trailing letters of `s` (before its final hyphen), and leading letters of
// `t`.
std::string_view TrailingLetters(std::string_view s) {
  size_t i = s.size();
  while (i > 0) {
    size_t start;
    uint32_t cp = LastCodePoint(s.substr(0, i), &start);
    if (!IsLetter(cp)) break;
    i = start;
  }
  return s.substr(i);
}

std::string_view LeadingLetters(std::string_view t) {
  size_t i = 0;
  while (i < t.size()) {
    uint32_t cp;
    size_t len = DecodeUtf8(t, i, &cp);
    if (len == 0 || !IsLetter(cp)) break;
    i += len;
  }
  return t.substr(0, i);
}

// Appends `t` with runs of spaces and tabs collapsed to one space.
void AppendCollapsed(std::string* out, std::string_view t) {
  size_t i = 0;
  while (i < t.size()) {
    size_t j = i;
    while (j < t.size() && !IsSpace(t[j])) ++j;
    out->append(t.data() + i, j - i);
    if (j == t.size()) break;
    while (j < t.size() && IsSpace(t[j])) ++j;
    if (j < t.size()) out->push_back(' ');
    i = j;
  }
}

std::vector<LineInfo> AnalyzeLines(const std::vector<SourceLine>& lines) {
  std::vector<LineInfo> info;
  info.reserve(lines.size());
  for (const SourceLine& l : lines) info.push_back(Analyze(l.text));
  return info;
}

WrapAnalysis WrapFromInfo(const std::vector<LineInfo>& info,
                          const ReflowOptions& opt) {
  // Interval stabbing over [n - d, n + 1 + w + d] of each inner line whose
  // break could be a wrap (not before a list item, not in a table).
  std::vector<std::pair<int, int>> events;  // (position, +1 open / -1 close)
  int inner = 0, continuation = 0;
  std::vector<int> lengths, uppers;
  for (size_t i = 0; i < info.size(); ++i) {
    if (!IsInner(info, i)) continue;
    const LineInfo& a = info[i];
    const LineInfo& b = info[i + 1];
    if (b.list_item || a.table_row || b.table_row) continue;
    ++inner;
    if (b.starts_lower || (!a.ends_sentence && !b.starts_upper)) ++continuation;
    int d = Slack(a.length);
    events.push_back({a.length - d, +1});
    int upper = a.length + 1 + b.first_word + d;
    events.push_back({upper + 1, -1});
    lengths.push_back(a.length);
    uppers.push_back(upper);
  }
  WrapAnalysis w;
  w.inner_lines = inner;
  if (inner < opt.min_inner_lines) return w;
  std::sort(events.begin(), events.end());
  int cover = 0, best = 0, best_at = 0;
  for (const auto& [pos, delta] : events) {
    cover += delta;
    if (cover > best) {
      best = cover;
      best_at = pos;
    }
  }
  w.width = best_at;
  // Lines shorter than half the width are deliberate breaks (headings,
  // addresses): they neither support nor contradict wrapping, and they are
  // never joined (the next word would have to be longer than half the line).
  int considered = 0, covering = 0;
  for (size_t k = 0; k < lengths.size(); ++k) {
    if (lengths[k] * 2 < w.width) continue;
    ++considered;
    covering +=
        lengths[k] - Slack(lengths[k]) <= w.width && uppers[k] >= w.width;
  }
  w.coverage = considered > 0 ? static_cast<double>(covering) / considered : 0;
  best = covering;
  w.continuation = static_cast<double>(continuation) / inner;
  w.wrapped = best >= opt.min_inner_lines && w.coverage >= opt.min_coverage &&
              w.continuation >= opt.min_continuation &&
              w.width >= opt.min_width && w.width <= opt.max_width;
  return w;
}

void ReflowFromInfo(const std::vector<SourceLine>& lines,
                    const std::vector<LineInfo>& info, const WrapAnalysis& wrap,
                    const ReflowOptions& opt, std::string* text,
                    std::vector<ParagraphSpan>* paragraphs,
                    ReflowCounts* counts) {
  int blocks = 0;
  for (size_t i = 0; i < info.size(); ++i) {
    if (!info[i].blank && (i == 0 || info[i - 1].blank)) ++blocks;
  }
  // With blank lines between paragraphs, every break inside a block is a
  // wrap candidate; without them, a sentence end before a capital near the
  // margin may end a paragraph.
  const bool blank_separated = blocks >= 2;
  std::unique_ptr<Vocabulary> vocab;

  bool open = false;     // a paragraph is being written
  int item_indent = -1;  // indent of the list item being written, if any
  ParagraphSpan span;
  for (size_t i = 0; i < info.size(); ++i) {
    const LineInfo& a = info[i];
    if (a.blank) continue;
    if (!open) {
      if (!text->empty()) text->push_back('\n');
      span.out_begin = static_cast<uint32_t>(text->size());
      span.in_begin = lines[i].in_begin;
      open = true;
      item_indent = a.list_item ? a.indent : -1;
    }
    if (a.collapsible) {
      AppendCollapsed(text, a.trimmed);
    } else {
      text->append(a.trimmed);
    }
    span.in_end = lines[i].in_end;

    bool join = false;
    if (wrap.wrapped && IsInner(info, i)) {
      const LineInfo& b = info[i + 1];
      // Deeper indentation starts a paragraph, except under a list item,
      // where it is the item's hanging indent.
      bool indent_ok = b.indent < a.indent + 2 ||
                       (item_indent >= 0 && b.indent > item_indent);
      join = a.length * 2 >= wrap.width &&
             a.length + 1 + b.first_word + Slack(a.length) >= wrap.width &&
             !b.list_item && !a.table_row && !b.table_row && indent_ok;
      if (join && !blank_separated && a.ends_sentence && b.starts_upper &&
          a.length < wrap.width) {
        join = false;
      }
    }
    if (!join) {
      span.out_end = static_cast<uint32_t>(text->size());
      paragraphs->push_back(span);
      open = false;
      continue;
    }
    ++counts->lines_joined;
    const LineInfo& b = info[i + 1];
    size_t last_start;
    uint32_t last = LastCodePoint(a.trimmed, &last_start);
    size_t first_len;
    uint32_t first = FirstCodePoint(b.trimmed, &first_len);
    if (last == '-' && last_start > 0) {
      size_t before_start;
      uint32_t before =
          LastCodePoint(a.trimmed.substr(0, last_start), &before_start);
      if (IsLetter(before) && b.starts_lower) {
        // "word-" + "word": no space; the hyphen goes only when the joined
        // word is attested and the document does not write it hyphenated.
        if (opt.dehyphenate) {
          std::string left =
              LowercaseUtf8(TrailingLetters(a.trimmed.substr(0, last_start)));
          std::string right = LowercaseUtf8(LeadingLetters(b.trimmed));
          if (!vocab) vocab = std::make_unique<Vocabulary>(info);
          std::string joined = left + right;
          bool hyphenated_here = vocab->HasCompound(left + "-" + right);
          bool known = vocab->Has(joined);
          if (!known && opt.use_lexicon) {
            const Lexicon& lex =
                opt.lexicon ? *opt.lexicon : Lexicon::Default();
            known = lex.Contains(joined);
          }
          if (known && !hyphenated_here) {
            text->pop_back();  // the hyphen
            ++counts->hyphens_joined;
          }
        }
        continue;
      }
      if (before >= '0' && before <= '9' &&
          (b.starts_lower || (first >= '0' && first <= '9'))) {
        continue;  // "12-" + "hour": one word, keep the hyphen
      }
    }
    if (last == 0x2014 && last_start > 0) continue;  // "word—" + "word"
    if (IsUnspacedScript(last) && IsUnspacedScript(first)) continue;
    text->push_back(' ');
  }
  if (open) {
    span.out_end = static_cast<uint32_t>(text->size());
    paragraphs->push_back(span);
  }
}

}  // namespace

WrapAnalysis AnalyzeWrapping(const std::vector<SourceLine>& lines,
                             const ReflowOptions& options) {
  return WrapFromInfo(AnalyzeLines(lines), options);
}

void ReflowLines(const std::vector<SourceLine>& lines, const WrapAnalysis& wrap,
                 const ReflowOptions& options, std::string* text,
                 std::vector<ParagraphSpan>* paragraphs, ReflowCounts* counts) {
  ReflowFromInfo(lines, AnalyzeLines(lines), wrap, options, text, paragraphs,
                 counts);
}

WrapAnalysis Reflow(const std::vector<SourceLine>& lines,
                    const ReflowOptions& options, std::string* text,
                    std::vector<ParagraphSpan>* paragraphs,
                    ReflowCounts* counts) {
  text->clear();
  paragraphs->clear();
  std::vector<LineInfo> info = AnalyzeLines(lines);
  WrapAnalysis wrap = WrapFromInfo(info, options);
  const uint64_t joined_before = counts->lines_joined;
  ReflowFromInfo(lines, info, wrap, options, text, paragraphs, counts);

  // When no line was joined, trimmed, collapsed or dropped, the output lines
  // are the input lines and the analysis below would repeat this one.
  bool same_lines = counts->lines_joined == joined_before;
  for (size_t i = 0; same_lines && i < info.size(); ++i) {
    same_lines = !info[i].blank && !info[i].collapsible &&
                 info[i].trimmed.size() == lines[i].text.size();
  }
  if (same_lines) return wrap;

  // Cleaning must be idempotent, but trimming, collapsing spaces and
  // dropping blank lines change what the analysis sees. So the output is
  // analysed again and reflowed until it is a fixed point: a text that
  // reflow leaves unchanged. Every round that changes the text removes at
  // least one line break, and real documents settle in one or two rounds.
  constexpr int kMaxRounds = 16;
  std::vector<SourceLine> out_lines;
  std::string next_text;
  std::vector<ParagraphSpan> next_paragraphs;
  for (int round = 0; round < kMaxRounds; ++round) {
    out_lines.clear();
    for (const ParagraphSpan& p : *paragraphs) {
      out_lines.push_back(
          {std::string_view(*text).substr(p.out_begin, p.out_end - p.out_begin),
           p.in_begin, p.in_end});
    }
    info = AnalyzeLines(out_lines);
    WrapAnalysis again = WrapFromInfo(info, options);
    if (!again.wrapped) break;
    next_text.clear();
    next_paragraphs.clear();
    ReflowCounts round_counts;
    ReflowFromInfo(out_lines, info, again, options, &next_text,
                   &next_paragraphs, &round_counts);
    if (round_counts.lines_joined == 0) break;
    counts->lines_joined += round_counts.lines_joined;
    counts->hyphens_joined += round_counts.hyphens_joined;
    text->swap(next_text);
    paragraphs->swap(next_paragraphs);
    if (!wrap.wrapped) wrap = again;
  }
  return wrap;
}

}  // namespace winnow
