#include "text/line_scan.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow {

#if !defined(__SSE2__)
namespace {

// Exact per-byte equality mask: the high bit of each byte of the result is
// set iff that byte of `v` equals `c` (no borrow between bytes, unlike the
// shorter "has zero byte" test).
inline uint64_t BytesEqual(uint64_t v, unsigned char c) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  uint64_t x = v ^ (0x0101010101010101ULL * c);
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

}  // namespace
#endif

LineScan ScanLine(std::string_view t) {
  LineScan r;
  r.first_space = t.size();
  uint64_t prev_space_top = 0;  // was the last byte of the previous block ' '
  size_t k = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: one compare per byte class, one movemask each.
  // Most blocks of prose hold spaces and nothing else this scan looks for,
  // which one test of the other classes' combined mask tells.
  for (; k + 16 <= t.size(); k += 16) {
    const __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + k));
    const __m128i tbv = _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'));
    const __m128i barv = _mm_cmpeq_epi8(v, _mm_set1_epi8('|'));
    const uint32_t sp = static_cast<uint32_t>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
    const uint32_t other = static_cast<uint32_t>(
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(tbv, barv), v)));
    uint32_t tb = 0;
    if (other != 0) {
      tb = static_cast<uint32_t>(_mm_movemask_epi8(tbv));
      const uint32_t bar = static_cast<uint32_t>(_mm_movemask_epi8(barv));
      r.non_ascii |= _mm_movemask_epi8(v) != 0;
      r.tab |= tb != 0;
      for (uint32_t b = bar; b != 0; b &= b - 1) ++r.pipes;
    }
    if ((sp | tb) != 0 && r.first_space == t.size()) {
      r.first_space = k + static_cast<size_t>(__builtin_ctz(sp | tb));
    }
    r.double_space |= (sp & ((sp << 1) | prev_space_top)) != 0;
    prev_space_top = (sp >> 15) & 1;  // byte 15's flag, as byte 0's
  }
#else
  for (; k + 8 <= t.size(); k += 8) {
    uint64_t v;
    std::memcpy(&v, t.data() + k, 8);
    uint64_t sp = BytesEqual(v, ' ');
    uint64_t tb = BytesEqual(v, '\t');
    uint64_t bar = BytesEqual(v, '|');
    r.non_ascii |= (v & 0x8080808080808080ULL) != 0;
    if ((sp | tb) && r.first_space == t.size()) {
      r.first_space = k + __builtin_ctzll(sp | tb) / 8;
    }
    r.tab |= tb != 0;
    if (bar) r.pipes += __builtin_popcountll(bar);
    r.double_space |= ((sp & (sp << 8)) | (sp & prev_space_top)) != 0;
    prev_space_top = (sp >> 56) & 0x80;  // byte 7's flag, as byte 0's
  }
#endif
  bool prev = prev_space_top != 0;
  for (; k < t.size(); ++k) {
    char c = t[k];
    bool is_space = c == ' ';
    if ((is_space || c == '\t') && r.first_space == t.size()) r.first_space = k;
    r.double_space |= is_space && prev;
    prev = is_space;
    if (c == '\t') r.tab = true;
    if (c == '|') ++r.pipes;
    if (static_cast<unsigned char>(c) >= 0x80) r.non_ascii = true;
  }
  return r;
}

}  // namespace winnow
