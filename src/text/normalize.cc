#include "winnow/normalize.h"

#include <utf8proc.h>

#include <cstdlib>
#include <cstring>

#include "winnow/utf8.h"

namespace winnow {
namespace {

// True when every byte of the 8 is printable ASCII (0x20..0x7E).
inline bool AllPrintableAscii8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  uint64_t below_20 = (v - kOnes * 0x20) & ~v & kHigh;
  uint64_t t = v + kOnes * (0x80 - 0x7F);  // high bit set for bytes >= 0x7F
  uint64_t at_or_above_7f = (t | v) & kHigh;
  return (below_20 | at_or_above_7f) == 0;
}

// A code point that can neither change under NFC nor combine with its
// neighbours: a starter with no canonical decomposition that is not a mark
// and not a conjoining Hangul vowel or trailing consonant. A line made only
// of such characters is already in NFC (UAX #15, "Quick Check").
bool NfcStable(uint32_t cp) {
  if (cp < 0x300) return true;
  if (cp >= 0x1160 && cp <= 0x11FF) return false;  // Hangul jamo V, T
  if (cp >= 0xD7B0 && cp <= 0xD7FF) return false;  // Hangul jamo ext-B
  const utf8proc_property_t* p =
      utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  if (p->combining_class != 0) return false;
  if (p->category == UTF8PROC_CATEGORY_MN ||
      p->category == UTF8PROC_CATEGORY_MC ||
      p->category == UTF8PROC_CATEGORY_ME) {
    return false;
  }
  // A canonical decomposition (decomp_type 0 with a sequence) may be undone
  // or redone by NFC; let utf8proc decide.
  if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0) return false;
  return true;
}

}  // namespace

bool NfcLine(std::string_view line, std::string* out) {
  utf8proc_uint8_t* dst = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(line.data()),
      static_cast<utf8proc_ssize_t>(line.size()), &dst,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0) return false;  // cannot happen for valid UTF-8
  std::string_view result(reinterpret_cast<const char*>(dst),
                          static_cast<size_t>(n));
  bool changed = result != line;
  if (changed) out->assign(result);
  std::free(dst);
  return changed;
}

void NormalizeChars(std::string_view in, bool nfc, std::string* out,
                    std::vector<LineSpan>* lines, NormalizeStats* stats) {
  out->clear();
  out->reserve(in.size());
  lines->clear();
  size_t line_out_begin = 0;
  uint32_t line_in_begin = 0;
  bool line_needs_nfc = false;
  std::string scratch;

  auto end_line = [&](size_t in_end, size_t next_in_begin) {
    if (nfc && line_needs_nfc) {
      std::string_view line(out->data() + line_out_begin,
                            out->size() - line_out_begin);
      if (NfcLine(line, &scratch)) {
        out->resize(line_out_begin);
        out->append(scratch);
        ++stats->nfc_changed;
      }
    }
    lines->push_back({line_in_begin, static_cast<uint32_t>(in_end)});
    line_needs_nfc = false;
    line_in_begin = static_cast<uint32_t>(next_in_begin);
  };
  auto newline = [&](size_t at, size_t next) {
    end_line(at, next);
    out->push_back('\n');
    line_out_begin = out->size();
  };

  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && AllPrintableAscii8(in.data() + i)) {
      size_t j = i + 8;
      while (j + 8 <= n && AllPrintableAscii8(in.data() + j)) j += 8;
      out->append(in.data() + i, j - i);
      i = j;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c >= 0x20 && c < 0x7F) {
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c == '\n') {
      newline(i, i + 1);
      ++i;
      continue;
    }
    if (c == '\r') {
      size_t next = (i + 1 < n && in[i + 1] == '\n') ? i + 2 : i + 1;
      newline(i, next);
      i = next;
      continue;
    }
    if (c == '\t') {
      out->push_back('\t');
      ++i;
      continue;
    }
    if (c == 0x0B || c == 0x0C) {
      newline(i, i + 1);
      ++i;
      continue;
    }
    if (c < 0x80) {  // other C0 controls and DEL
      ++stats->control_chars;
      ++i;
      continue;
    }
    uint32_t cp;
    size_t len = DecodeUtf8(in, i, &cp);
    if (len == 0) {
      out->append("\xEF\xBF\xBD");
      ++stats->invalid_utf8;
      i += InvalidSequenceLength(in, i);
      continue;
    }
    switch (cp) {
      case 0x85:
      case 0x2028:
        newline(i, i + len);
        break;
      case 0x2029:
        newline(i, i + len);
        newline(i + len, i + len);
        break;
      case 0xA0:
      case 0x1680:
      case 0x202F:
      case 0x205F:
      case 0x3000:
        out->push_back(' ');
        ++stats->odd_spaces;
        break;
      case 0xAD:
      case 0x180E:
      case 0x200B:
      case 0x2060:
      case 0xFEFF:
        ++stats->control_chars;
        break;
      default:
        if (cp >= 0x80 && cp <= 0x9F) {
          ++stats->control_chars;
        } else if (cp >= 0x2000 && cp <= 0x200A) {
          out->push_back(' ');
          ++stats->odd_spaces;
        } else {
          out->append(in.data() + i, len);
          if (!line_needs_nfc && !NfcStable(cp)) line_needs_nfc = true;
        }
    }
    i += len;
  }
  end_line(n, n);
}

}  // namespace winnow
