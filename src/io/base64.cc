#include "io/base64.h"

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

bool DecodeBase64(std::string_view text, std::string* out) {
  out->clear();
  const size_t n = text.size();
  if (n % 4 != 0) return false;
  if (n == 0) return true;
  const auto* t = reinterpret_cast<const uint8_t*>(text.data());
  const size_t pad = t[n - 1] == '=' ? (t[n - 2] == '=' ? 2 : 1) : 0;
  out->resize(n / 4 * 3 - pad);
  auto* o = reinterpret_cast<uint8_t*>(out->data());
  // Whole groups: an invalid character anywhere sets the top bit of `bad`.
  uint32_t bad = 0;
  const size_t whole = pad ? n - 4 : n;
  for (size_t i = 0; i < whole; i += 4) {
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
  return true;
}

}  // namespace winnow
