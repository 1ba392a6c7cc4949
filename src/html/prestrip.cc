#include "html/prestrip.h"

#include <cstring>
#include <string_view>

namespace winnow::html {
namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsTagNameEnd(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '>' || c == '/';
}

bool EqualsNoCase(std::string_view s, size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (Lower(s[i + k]) != word[k]) return false;
  }
  return true;
}

// Position of "</name" (any case, followed by a tag name end) at or after
// `from`, or npos.
size_t FindEndTag(std::string_view s, size_t from, std::string_view name) {
  size_t i = from;
  while (i < s.size()) {
    const void* p = std::memchr(s.data() + i, '<', s.size() - i);
    if (!p) return std::string_view::npos;
    size_t lt = static_cast<const char*>(p) - s.data();
    if (lt + 2 + name.size() <= s.size() && s[lt + 1] == '/' &&
        EqualsNoCase(s, lt + 2, name) &&
        (lt + 2 + name.size() == s.size() ||
         IsTagNameEnd(s[lt + 2 + name.size()]))) {
      return lt;
    }
    i = lt + 1;
  }
  return std::string_view::npos;
}

// End of the start tag beginning at s[lt] == '<': one past its '>', or
// npos. Quotes count only in attribute values (after '=').
size_t TagEnd(std::string_view s, size_t lt) {
  size_t i = lt + 1;
  bool after_equals = false;
  while (i < s.size()) {
    char c = s[i];
    if (c == '>') return i + 1;
    if (c == '=') {
      after_equals = true;
    } else if ((c == '"' || c == '\'') && after_equals) {
      const void* q = std::memchr(s.data() + i + 1, c, s.size() - i - 1);
      if (!q) return std::string_view::npos;
      i = static_cast<const char*>(q) - s.data();
      after_equals = false;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      after_equals = false;
    }
    ++i;
  }
  return std::string_view::npos;
}

// Attributes the extractor reads (parse_libxml.cc); the rest (href, src,
// srcset, data-*, event handlers, ...) only cost parsing time.
bool KeptAttribute(std::string_view name, bool link_or_meta) {
  static constexpr std::string_view kKept[] = {
      "class", "id", "role", "itemprop", "hidden", "aria-hidden", "style",
      "lang", "rel", "type", "datetime"};
  static constexpr std::string_view kHeadKept[] = {
      "href", "name", "property", "content", "http-equiv", "charset"};
  for (std::string_view k : kKept) {
    if (name.size() == k.size() && EqualsNoCase(name, 0, k)) return true;
  }
  if (link_or_meta) {
    for (std::string_view k : kHeadKept) {
      if (name.size() == k.size() && EqualsNoCase(name, 0, k)) return true;
    }
  }
  return false;
}

// The comments that bracket a React Suspense boundary in streamed
// server-rendered pages ("$" done, "$?" pending, "$!" failed, "/$" end):
// parse_libxml.cc needs them to drop a boundary's fallback when it moves
// the streamed content into place.
bool IsSuspenseMarker(std::string_view body) {
  return body == "$" || body == "$?" || body == "$!" || body == "/$";
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Writes the start tag s[lt, tag_end) to `out` with only the kept
// attributes. Attribute syntax as the HTML tokenizer reads it: a name up to
// whitespace, "/", ">" or "="; an optional "=" and a value, quoted or up
// to whitespace or ">".
void CopyTag(std::string_view s, size_t lt, size_t name_end, size_t tag_end,
             bool link_or_meta, char* d, size_t* out) {
  thread_local std::string tag;
  tag.clear();
  auto put = [&](std::string_view v) { tag.append(v); };
  put(s.substr(lt, name_end - lt));
  size_t i = name_end;
  const size_t end = tag_end - 1;  // the '>'
  while (i < end) {
    while (i < end && (IsSpace(s[i]) || s[i] == '/')) ++i;
    if (i >= end) break;
    size_t a = i;
    ++i;  // a name may start with '='
    while (i < end && !IsSpace(s[i]) && s[i] != '/' && s[i] != '=') ++i;
    std::string_view name = s.substr(a, i - a);
    size_t j = i;
    while (j < end && IsSpace(s[j])) ++j;
    size_t attr_end = i;
    if (j < end && s[j] == '=') {
      ++j;
      while (j < end && IsSpace(s[j])) ++j;
      if (j < end && (s[j] == '"' || s[j] == '\'')) {
        const void* q = std::memchr(s.data() + j + 1, s[j], end - j - 1);
        j = q ? static_cast<size_t>(static_cast<const char*>(q) - s.data()) + 1
              : end;
      } else {
        while (j < end && !IsSpace(s[j])) ++j;
      }
      attr_end = j;
    }
    if (KeptAttribute(name, link_or_meta)) {
      put(" ");
      put(s.substr(a, attr_end - a));
    }
    i = attr_end > i ? attr_end : i;
  }
  if (end > lt && s[end - 1] == '/') put("/");
  put(">");
  // Attributes written without a space between them in the page gain one
  // here; then keep the tag as it was, so that the output never outruns
  // the input it is written over.
  std::string_view result = tag;
  if (result.size() > tag_end - lt) result = s.substr(lt, tag_end - lt);
  std::memmove(d + *out, result.data(), result.size());
  *out += result.size();
}

}  // namespace

size_t StripNonText(std::string* html) {
  std::string_view s(*html);
  const size_t n = s.size();
  size_t in = 0, out = 0;
  char* d = html->data();
  auto copy = [&](size_t from, size_t to) {
    if (from != out) std::memmove(d + out, d + from, to - from);
    out += to - from;
  };
  while (in < n) {
    const void* p = std::memchr(s.data() + in, '<', n - in);
    if (!p) {
      copy(in, n);
      in = n;
      break;
    }
    size_t lt = static_cast<const char*>(p) - s.data();
    copy(in, lt);
    in = lt;
    if (s.substr(lt, 4) == "<!--") {
      size_t end = s.find("-->", lt + 4);
      if (end == std::string_view::npos) break;  // keep the rest
      if (IsSuspenseMarker(s.substr(lt + 4, end - lt - 4))) {
        copy(lt, end + 3);  // parse_libxml.cc reads it
      }
      in = end + 3;  // drop the comment
      continue;
    }
    if (lt + 1 >= n || !IsAlpha(s[lt + 1])) {
      copy(lt, lt + 1);
      in = lt + 1;
      continue;
    }
    size_t name_end = lt + 1;
    while (name_end < n && !IsTagNameEnd(s[name_end])) ++name_end;
    std::string_view name = s.substr(lt + 1, name_end - lt - 1);
    size_t tag_end = TagEnd(s, lt);
    if (tag_end == std::string_view::npos) break;  // keep the rest
    auto is = [&](std::string_view w) {
      return name.size() == w.size() && EqualsNoCase(name, 0, w);
    };
    bool drop = false, raw = false;
    // Decide from the tag before it is rewritten in place over itself.
    std::string_view end_name;
    if (is("script")) {
      std::string_view tag = s.substr(lt, tag_end - lt);
      bool json_ld = false;
      for (size_t k = 0; k + 8 <= tag.size(); ++k) {
        if (EqualsNoCase(tag, k, "ld+json")) {
          json_ld = true;
          break;
        }
      }
      end_name = "script";
      drop = !json_ld;
      raw = json_ld;
    } else if (is("style")) {
      end_name = "style";
      drop = true;
    } else if (is("svg")) {
      end_name = "svg";
      drop = true;
    } else if (is("title")) {
      end_name = "title";
      raw = true;
    } else if (is("textarea")) {
      end_name = "textarea";
      raw = true;
    } else if (is("xmp")) {
      end_name = "xmp";
      raw = true;
    }
    const bool self_closing_svg =
        is("svg") && tag_end >= 2 && s[tag_end - 2] == '/';
    const bool head_tag = is("link") || is("meta");
    // The rewritten tag is never longer than the original, and `out` never
    // passes `lt`: writing in place is safe (but overwrites s[lt, tag_end)).
    CopyTag(s, lt, name_end, tag_end, head_tag, d, &out);
    in = tag_end;
    if (!drop && !raw) continue;
    if (self_closing_svg) continue;  // <svg/>
    size_t close = FindEndTag(s, tag_end, end_name);
    if (close == std::string_view::npos) continue;  // unclosed: keep all
    if (raw) copy(tag_end, close);
    in = close;
  }
  if (in < n) copy(in, n);
  size_t removed = n - out;
  html->resize(out);
  return removed;
}

}  // namespace winnow::html
