// utf8.h — UTF-8 validation, repair and decoding.
//
// winnow's text is always valid UTF-8 after cleaning. Invalid input bytes
// are replaced by U+FFFD following the Unicode Standard's "maximal subpart"
// practice (Unicode 15, section 3.9, U+FFFD substitution): each maximal
// prefix of a valid sequence, or each lone bad byte, becomes one U+FFFD.
// Overlong forms, surrogates (ED A0..BF) and code points above U+10FFFF are
// invalid (RFC 3629).
//
//   std::string fixed;
//   size_t bad = winnow::RepairUtf8("caf\xe9", &fixed);  // "caf\uFFFD", 1
//
// Cost: pure ASCII is checked eight bytes at a time.
#ifndef WINNOW_UTF8_H_
#define WINNOW_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

inline constexpr uint32_t kReplacementChar = 0xFFFD;

bool IsValidUtf8(std::string_view s);

// Writes `s` to `out` with invalid sequences replaced; returns how many
// replacements were made.
size_t RepairUtf8(std::string_view s, std::string* out);

// Appends the UTF-8 encoding of `cp` (must be a scalar value).
void AppendUtf8(std::string* out, uint32_t cp);
// Writes the UTF-8 encoding of `cp` to out[0..3]; returns its length.
// Inline: hot loops of the normalizers call it per code point.
inline size_t EncodeUtf8(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// `s` with every code point lowercased (Unicode simple case mapping);
// invalid bytes are dropped.
std::string LowercaseUtf8(std::string_view s);

// Length in bytes of the valid sequence at s[i], or 0 if it is invalid or
// truncated. *cp receives the code point.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp);

// Length of the ill-formed sequence at s[i] that one U+FFFD replaces (its
// maximal subpart); at least 1. Call only where DecodeUtf8 returned 0.
size_t InvalidSequenceLength(std::string_view s, size_t i);

// Number of code points in valid UTF-8 `s`.
size_t CountCodePoints(std::string_view s);

// True if all bytes are < 0x80.
bool IsAscii(std::string_view s);

}  // namespace winnow

#endif  // WINNOW_UTF8_H_
