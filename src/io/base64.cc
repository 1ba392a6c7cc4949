#include "io/base64.h"

#include <tmmintrin.h>

#include <array>
#include <cstdint>

namespace winnow {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr uint8_t kInvalid = 0xFF;
constexpr auto kValues = [] {
  std::array<uint8_t, 256> v{};
  v.fill(kInvalid);
  for (int i = 0; i < 64; ++i) v[static_cast<uint8_t>(kAlphabet[i])] = i;
  return v;
}();

}  // namespace

void AppendBase64(std::string* out, std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  const size_t base = out->size();
  out->resize(base + (n + 2) / 3 * 4);
  char* o = out->data() + base;
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t x = uint32_t{p[i]} << 16 | uint32_t{p[i + 1]} << 8 | p[i + 2];
    *o++ = kAlphabet[x >> 18];
    *o++ = kAlphabet[(x >> 12) & 63];
    *o++ = kAlphabet[(x >> 6) & 63];
    *o++ = kAlphabet[x & 63];
  }
  if (i + 1 == n) {
    const uint32_t x = uint32_t{p[i]} << 16;
    *o++ = kAlphabet[x >> 18];
    *o++ = kAlphabet[(x >> 12) & 63];
    *o++ = '=';
    *o++ = '=';
  } else if (i + 2 == n) {
    const uint32_t x = uint32_t{p[i]} << 16 | uint32_t{p[i + 1]} << 8;
    *o++ = kAlphabet[x >> 18];
    *o++ = kAlphabet[(x >> 12) & 63];
    *o++ = kAlphabet[(x >> 6) & 63];
    *o++ = '=';
  }
}

namespace {

// Sixteen characters at a time with SSSE3 (W. Muła and D. Lemire, "Faster
// Base64 Encoding and Decoding Using AVX2 Instructions", ACM Transactions on
// the Web 12(3), 2018, section 4, in its 128-bit form): each character's
// high and low nibbles index two tables whose bits meet only for a
// character outside the alphabet; a third table, indexed by the high
// nibble (and '/'), holds what to add to turn the character into its six
// bits; two multiply-adds pack four six-bit values into three bytes and a
// shuffle puts the twelve bytes in order. Returns the characters decoded
// (a multiple of sixteen; fewer when a block holds a character outside the
// alphabet, which the scalar loop then reports), writing 12 bytes per 16
// characters at `o` plus 4 bytes of overshoot.
__attribute__((target("ssse3"))) size_t DecodeBlocksSsse3(const uint8_t* t,
                                                          size_t n,
                                                          uint8_t* o) {
  const __m128i lut_lo =
      _mm_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                    0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
  const __m128i lut_hi =
      _mm_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10,
                    0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
  const __m128i lut_roll =
      _mm_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m128i mask_2f = _mm_set1_epi8(0x2F);
  const __m128i zero = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i str =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
    const __m128i hi_nibbles =
        _mm_and_si128(_mm_srli_epi32(str, 4), mask_2f);
    const __m128i lo_nibbles = _mm_and_si128(str, mask_2f);
    const __m128i hi = _mm_shuffle_epi8(lut_hi, hi_nibbles);
    const __m128i lo = _mm_shuffle_epi8(lut_lo, lo_nibbles);
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(lo, hi), zero)) !=
        0xFFFF) {
      break;  // a character outside the alphabet
    }
    const __m128i eq_2f = _mm_cmpeq_epi8(str, mask_2f);
    const __m128i roll =
        _mm_shuffle_epi8(lut_roll, _mm_add_epi8(eq_2f, hi_nibbles));
    const __m128i six = _mm_add_epi8(str, roll);
    // [00dddddd 00cccccc 00bbbbbb 00aaaaaa] per 32-bit lane, then
    // [0000aaaa aabbbbbb] per 16, then [00000000 aaaaaabb bbbbcccc
    // ccdddddd] per 32.
    const __m128i ab_cd =
        _mm_maddubs_epi16(six, _mm_set1_epi32(0x01400140));
    const __m128i abcd = _mm_madd_epi16(ab_cd, _mm_set1_epi32(0x00011000));
    const __m128i bytes = _mm_shuffle_epi8(
        abcd, _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1,
                            -1, -1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o + i / 4 * 3), bytes);
  }
  return i;
}

bool CpuHasSsse3() {
  static const bool ssse3 = __builtin_cpu_supports("ssse3");
  return ssse3;
}

}  // namespace

bool DecodeBase64(std::string_view text, std::string* out) {
  out->clear();
  const size_t n = text.size();
  if (n % 4 != 0) return false;
  if (n == 0) return true;
  const auto* t = reinterpret_cast<const uint8_t*>(text.data());
  const size_t pad = t[n - 1] == '=' ? (t[n - 2] == '=' ? 2 : 1) : 0;
  const size_t whole = pad ? n - 4 : n;
  // Room for the vector loop's four bytes of overshoot, cut off after.
  out->resize(n / 4 * 3 + 4);
  auto* o = reinterpret_cast<uint8_t*>(out->data());
  size_t i = CpuHasSsse3() ? DecodeBlocksSsse3(t, whole, o) : 0;
  o += i / 4 * 3;
  // The rest of the whole groups: an invalid character anywhere sets the
  // top bit of `bad`.
  uint32_t bad = 0;
  for (; i < whole; i += 4) {
    const uint32_t a = kValues[t[i]], b = kValues[t[i + 1]],
                   c = kValues[t[i + 2]], d = kValues[t[i + 3]];
    bad |= a | b | c | d;
    const uint32_t x = a << 18 | b << 12 | c << 6 | d;
    *o++ = static_cast<uint8_t>(x >> 16);
    *o++ = static_cast<uint8_t>(x >> 8);
    *o++ = static_cast<uint8_t>(x);
  }
  if (bad & 0x80) return false;
  if (pad) {
    const uint32_t a = kValues[t[n - 4]], b = kValues[t[n - 3]];
    const uint32_t c = pad == 1 ? kValues[t[n - 2]] : 0;
    if ((a | b | c) & 0x80) return false;
    const uint32_t x = a << 18 | b << 12 | c << 6;
    // The bits past the last byte must be zero, so that each byte string
    // has one encoding only.
    if (pad == 2 ? (x & 0xFFFF) != 0 : (x & 0xFF) != 0) return false;
    *o++ = static_cast<uint8_t>(x >> 16);
    if (pad == 1) *o++ = static_cast<uint8_t>(x >> 8);
  }
  out->resize(n / 4 * 3 - pad);
  return true;
}

}  // namespace winnow
