#include "winnow/utf8.h"

#include <utf8proc.h>

#include <cstring>

namespace winnow {
namespace {

inline bool AllAscii8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return (v & 0x8080808080808080ULL) == 0;
}

}  // namespace

size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  // Ranges of Table 3-7 "Well-Formed UTF-8 Byte Sequences".
  if (c >= 0xC2 && c <= 0xDF) {
    if (i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      *cp = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
      return 2;
    }
    return 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (i + 2 < n && p[i + 1] >= lo && p[i + 1] <= hi &&
        (p[i + 2] & 0xC0) == 0x80) {
      *cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
      return 3;
    }
    return 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (i + 3 < n && p[i + 1] >= lo && p[i + 1] <= hi &&
        (p[i + 2] & 0xC0) == 0x80 && (p[i + 3] & 0xC0) == 0x80) {
      *cp = ((c & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12) |
            ((p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
      return 4;
    }
    return 0;
  }
  return 0;
}

// Length of the maximal subpart of an ill-formed sequence starting at s[i]:
// the longest prefix that could begin a valid sequence, at least 1.
size_t InvalidSequenceLength(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char c = p[i];
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  size_t k = 1;
  if (i + 1 < n && p[i + 1] >= lo && p[i + 1] <= hi) {
    k = 2;
    while (k < need && i + k < n && (p[i + k] & 0xC0) == 0x80) ++k;
  }
  return k;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  uint32_t cp;
  while (i < s.size()) {
    if (i + 8 <= s.size() && AllAscii8(s.data() + i)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

size_t RepairUtf8(std::string_view s, std::string* out) {
  out->clear();
  out->reserve(s.size());
  size_t bad = 0;
  size_t i = 0, run = 0;
  uint32_t cp;
  while (i < s.size()) {
    if (i + 8 <= s.size() && AllAscii8(s.data() + i)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len = DecodeUtf8(s, i, &cp);
    if (len > 0) {
      i += len;
      continue;
    }
    out->append(s.data() + run, i - run);
    out->append("\xEF\xBF\xBD");
    ++bad;
    i += InvalidSequenceLength(s, i);
    run = i;
  }
  out->append(s.data() + run, s.size() - run);
  return bad;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  char buf[4];
  out->append(buf, EncodeUtf8(cp, buf));
}

std::string LowercaseUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp;
    size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) {
      ++i;
      continue;
    }
    AppendUtf8(&out, static_cast<uint32_t>(
                         utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
    i += len;
  }
  return out;
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool IsAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    if (!AllAscii8(s.data() + i)) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

}  // namespace winnow
