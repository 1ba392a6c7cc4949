// base64.h (internal) — binary data inside JSON strings: base64 as RFC 4648
// section 4 defines it (alphabet A-Z a-z 0-9 + /, '=' padding to a multiple
// of four characters). None of its characters needs escaping in JSON, so a
// reader takes the string's bytes as they lie, without unescaping.
//
//   std::string s;
//   AppendBase64(&s, bytes);           // 4 characters per 3 bytes
//   std::string back;
//   bool ok = DecodeBase64(s, &back);  // false: not base64
//
// Cost: a table lookup per character either way. DecodeBase64 accepts
// exactly what AppendBase64 writes (padded, no line breaks, no spaces) and
// rejects anything else, with false and *out unspecified.
#ifndef WINNOW_SRC_IO_BASE64_H_
#define WINNOW_SRC_IO_BASE64_H_

#include <string>
#include <string_view>

namespace winnow {

void AppendBase64(std::string* out, std::string_view bytes);

// Replaces *out with the bytes `text` encodes.
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace winnow

#endif  // WINNOW_SRC_IO_BASE64_H_
