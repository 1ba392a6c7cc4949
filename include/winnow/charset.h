// charset.h — reading a web page's bytes as UTF-8.
//
// Pages come in many character sets. DecodeHtml() finds the page's one the
// way browsers do (WHATWG Encoding and HTML "determining the character
// encoding", simplified) and converts the bytes to UTF-8 with iconv:
//
//   1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
//   2. the charset parameter of the HTTP Content-Type header;
//   3. <meta charset=...> or <meta http-equiv=Content-Type content=...>
//      in the first 4096 bytes;
//   4. otherwise: UTF-8 if the bytes are valid UTF-8, else windows-1252
//      (the Web's default for undeclared legacy pages).
//
// Labels are mapped as the WHATWG Encoding standard does where it matters:
// iso-8859-1, latin1 and us-ascii mean windows-1252; gb2312 and gbk mean
// gb18030; shift_jis means windows-31j; euc-kr means windows-949; a meta
// tag declaring UTF-16 means UTF-8. A label iconv does not know falls
// through to step 4 and is counted.
//
//   std::string utf8;
//   winnow::CharsetInfo info;
//   winnow::DecodeHtml(bytes, "text/html; charset=ISO-8859-1", &utf8, &info);
//   // info.charset == "windows-1252", info.source == CharsetSource::kHttp
//
// Failure: none. Bytes invalid in the chosen charset become U+FFFD and are
// counted; the output is always valid UTF-8.
//
// Cost: valid UTF-8 pages are checked and copied once (8 bytes at a
// time for ASCII); others go through iconv (one descriptor per thread and
// charset, opened once).
#ifndef WINNOW_CHARSET_H_
#define WINNOW_CHARSET_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

enum class CharsetSource : uint8_t { kBom, kHttp, kMeta, kDetected };

std::string_view CharsetSourceName(CharsetSource s);

struct CharsetInfo {
  std::string charset = "utf-8";  // lowercase canonical name used
  CharsetSource source = CharsetSource::kDetected;
  bool converted = false;        // went through iconv (not UTF-8 input)
  bool unknown_label = false;    // a declared charset iconv does not know
  uint64_t invalid = 0;          // invalid sequences replaced by U+FFFD
};

void DecodeHtml(std::string_view bytes, std::string_view content_type,
                std::string* utf8, CharsetInfo* info);

// The charset parameter of a Content-Type value, lowercased; "" if none.
std::string CharsetFromContentType(std::string_view content_type);

// The charset a <meta> tag declares in the first 4096 bytes; "" if none.
std::string MetaCharset(std::string_view head);

// The canonical name winnow uses for a charset label ("latin1" ->
// "windows-1252"); "" for an empty label.
std::string CanonicalCharset(std::string_view label);

}  // namespace winnow

#endif  // WINNOW_CHARSET_H_
