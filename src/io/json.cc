#include "winnow/json.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "io/base64.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// True if any of the 8 bytes is < 0x20, '"' or '\\' (SWAR test, see
// "Bit Twiddling Hacks", "determine if a word has a byte less than n").
inline bool NeedsEscape8(uint64_t v) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  uint64_t lt20 = (v - kOnes * 0x20) & ~v & kHigh;
  uint64_t q = v ^ (kOnes * '"');
  uint64_t has_q = (q - kOnes) & ~q & kHigh;
  uint64_t b = v ^ (kOnes * '\\');
  uint64_t has_b = (b - kOnes) & ~b & kHigh;
  return (lt20 | has_q | has_b) != 0;
}

inline void AppendEscapedByte(std::string* out, unsigned char c) {
  switch (c) {
    case '"': out->append("\\\""); return;
    case '\\': out->append("\\\\"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    default:
      if (c < 0x20) {
        char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(u, 6);
      } else {
        out->push_back(static_cast<char>(c));
      }
  }
}

// The bytes AppendEscapedByte writes for `c`.
inline size_t EscapedByteSize(unsigned char c) {
  switch (c) {
    case '"': case '\\': case '\n': case '\r': case '\t': case '\b': case '\f':
      return 2;
    default:
      return c < 0x20 ? 6 : 1;
  }
}

#if defined(__SSE2__)
// Bit k set when byte k of the 16 at `p` is < 0x20, '"' or '\\'.
inline unsigned EscapeMask16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Unsigned v <= 0x1f exactly when min(v, 0x1f) == v.
  const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i slash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(ctl, _mm_or_si128(quote, slash))));
}
#endif

// Calls on_escape(i, s[i]) for each byte of `s` that a JSON string must
// escape, in order: sixteen bytes at a time where SSE2 is there (each
// escape found from the block's bit mask), eight clean bytes at a time
// for the rest.
template <class OnEscape>
void ForEachEscape(std::string_view s, OnEscape on_escape) {
  size_t i = 0;
  const size_t n = s.size();
  const char* p = s.data();
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    for (unsigned m = EscapeMask16(p + i); m != 0; m &= m - 1) {
      const size_t k = i + static_cast<size_t>(__builtin_ctz(m));
      on_escape(k, static_cast<unsigned char>(p[k]));
    }
  }
#endif
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t v;
      std::memcpy(&v, p + i, 8);
      if (!NeedsEscape8(v)) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c == '"' || c == '\\') on_escape(i, c);
    ++i;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Read4Hex(std::string_view s, size_t i, uint32_t* v) {
  if (i + 4 > s.size()) return false;
  uint32_t x = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = HexValue(s[i + k]);
    if (h < 0) return false;
    x = x * 16 + h;
  }
  *v = x;
  return true;
}

size_t SkipWs(std::string_view s, size_t i) {
  while (i < s.size() &&
         (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
    ++i;
  }
  return i;
}

// Returns the offset just past the string starting at s[i] == '"'.
size_t SkipString(std::string_view s, size_t i) {
  ++i;
  while (i < s.size()) {
    const char* p = static_cast<const char*>(
        std::memchr(s.data() + i, '"', s.size() - i));
    if (!p) return s.size();
    size_t q = p - s.data();
    size_t bs = 0;
    while (q - bs > i && s[q - bs - 1] == '\\') ++bs;
    if (bs % 2 == 0) return q + 1;
    i = q + 1;
  }
  return s.size();
}

inline bool IsBracketOrQuote(char c) {
  return c == '"' || c == '{' || c == '}' || c == '[' || c == ']';
}

// The offset of the first '"', '{', '}', '[' or ']' at or after s[i], or
// s.size(): inside an array or object only these matter to SkipValue.
// Sixteen bytes at a time with SSE2: '[' (0x5B) and '{' (0x7B) are the
// only bytes that OR 0x20 makes 0x7B, ']' and '}' the only ones it makes
// 0x7D.
size_t NextBracketOrQuote(std::string_view s, size_t i) {
#if defined(__SSE2__)
  while (i + 16 <= s.size()) {
    const __m128i x =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
    const __m128i hit = _mm_or_si128(
        _mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
        _mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')),
                     _mm_cmpeq_epi8(folded, _mm_set1_epi8('}'))));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i < s.size() && !IsBracketOrQuote(s[i])) ++i;
  return i;
}

// Returns the offset just past the value starting at s[i].
size_t SkipValue(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  char c = s[i];
  if (c == '"') return SkipString(s, i);
  if (c == '{' || c == '[') {
    int depth = 0;
    while ((i = NextBracketOrQuote(s, i)) < s.size()) {
      const char d = s[i];
      if (d == '"') {
        i = SkipString(s, i);
        continue;
      }
      if (d == '{' || d == '[') {
        ++depth;
      } else if (--depth == 0) {
        return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
         s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
    ++i;
  }
  return i;
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  size_t run = 0;  // start of bytes not yet copied
  ForEachEscape(s, [&](size_t i, unsigned char c) {
    out->append(s.data() + run, i - run);
    AppendEscapedByte(out, c);
    run = i + 1;
  });
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

bool AppendJsonStringLossy(std::string* out, std::string_view s) {
  if (IsValidUtf8(s)) {
    AppendJsonString(out, s);
    return true;
  }
  std::string repaired;
  RepairUtf8(s, &repaired);
  AppendJsonString(out, repaired);
  return false;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  AppendBase64(&out, bytes);
  return out;
}

bool JsonUnescape(std::string_view s, std::string* out) {
  out->clear();
  out->reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    // The bytes up to the next escape, in one copy.
    const void* bs = std::memchr(s.data() + i, '\\', s.size() - i);
    const size_t j =
        bs ? static_cast<size_t>(static_cast<const char*>(bs) - s.data())
           : s.size();
    out->append(s.data() + i, j - i);
    if (j == s.size()) return true;
    i = j;
    if (++i >= s.size()) return false;
    switch (s[i]) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        uint32_t cp;
        if (!Read4Hex(s, i + 1, &cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo;
          if (i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u' &&
              Read4Hex(s, i + 3, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;  // lone high surrogate
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = 0xFFFD;  // lone low surrogate
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

bool ScanObjectFields(std::string_view s, std::vector<FieldSpan>* fields) {
  fields->clear();
  size_t i = SkipWs(s, 0);
  if (i >= s.size() || s[i] != '{') return false;
  i = SkipWs(s, i + 1);
  if (i < s.size() && s[i] == '}') return true;
  while (i < s.size()) {
    if (s[i] != '"') return false;
    FieldSpan f;
    f.key_begin = static_cast<uint32_t>(i);
    i = SkipString(s, i);
    f.key_end = static_cast<uint32_t>(i);
    i = SkipWs(s, i);
    if (i >= s.size() || s[i] != ':') return false;
    i = SkipWs(s, i + 1);
    f.value_begin = static_cast<uint32_t>(i);
    i = SkipValue(s, i);
    f.value_end = static_cast<uint32_t>(i);
    fields->push_back(f);
    i = SkipWs(s, i);
    if (i >= s.size()) return false;
    if (s[i] == '}') return true;
    if (s[i] != ',') return false;
    i = SkipWs(s, i + 1);
  }
  return false;
}

size_t JsonStringSize(std::string_view s) {
  size_t size = s.size() + 2;
  ForEachEscape(s, [&](size_t, unsigned char c) {
    size += EscapedByteSize(c) - 1;
  });
  return size;
}

namespace {

// Where EmitDocJson puts a record: appended to a string, or only counted
// (DocJsonSize), so that the two cannot disagree.
struct AppendSink {
  std::string* out;
  void Put(char c) { out->push_back(c); }
  void Put(std::string_view s) { out->append(s); }
  void String(std::string_view s) { AppendJsonString(out, s); }
};

struct CountSink {
  size_t size = 0;
  void Put(char) { ++size; }
  void Put(std::string_view s) { size += s.size(); }
  void String(std::string_view s) { size += JsonStringSize(s); }
};

template <class Sink>
void EmitDocJson(const Doc& doc, const std::vector<OutputField>& extra,
                 Sink& out) {
  // The extras that replace a field the document has.
  std::vector<bool> used(extra.size(), false);
  auto find_extra = [&](std::string_view raw_key) -> int {
    if (raw_key.size() < 2) return -1;
    std::string_view k = raw_key.substr(1, raw_key.size() - 2);
    for (size_t e = 0; e < extra.size(); ++e) {
      if (!used[e] && extra[e].key == k) return static_cast<int>(e);
    }
    return -1;
  };
  out.Put('{');
  bool first = true;
  if (doc.raw.empty()) {
    out.Put(std::string_view("\"id\":"));
    out.String(doc.id);
    out.Put(std::string_view(",\"text\":"));
    out.String(doc.text);
    first = false;
  } else {
    for (size_t i = 0; i < doc.fields.size(); ++i) {
      const FieldSpan& f = doc.fields[i];
      if (!first) out.Put(',');
      first = false;
      std::string_view key = doc.FieldKey(f);
      out.Put(key);
      out.Put(':');
      if (static_cast<int>(i) == doc.text_field) {
        out.String(doc.text);
        continue;
      }
      int e = find_extra(key);
      if (e >= 0) {
        used[e] = true;
        out.Put(std::string_view(extra[e].json));
      } else {
        out.Put(doc.FieldValue(f));
      }
    }
  }
  for (size_t e = 0; e < extra.size(); ++e) {
    if (used[e]) continue;
    if (!first) out.Put(',');
    first = false;
    out.String(extra[e].key);
    out.Put(':');
    out.Put(std::string_view(extra[e].json));
  }
  out.Put(std::string_view("}\n"));
}

}  // namespace

void AppendDocJson(const Doc& doc, const std::vector<OutputField>& extra,
                   std::string* out) {
  AppendSink sink{out};
  EmitDocJson(doc, extra, sink);
}

size_t DocJsonSize(const Doc& doc, const std::vector<OutputField>& extra) {
  CountSink sink;
  EmitDocJson(doc, extra, sink);
  return sink.size;
}

}  // namespace winnow
