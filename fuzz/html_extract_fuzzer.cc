// Fuzzes the HTML path: charset detection and conversion, the pre-parse
// lexer, libxml2 parsing, block building, scoring and metadata.
// Properties: no crash, no sanitizer report; the text is valid UTF-8 with
// no blank lines; extracting is deterministic (the same input twice gives
// the same output, so no state leaks between pages on a thread).
#include <cstdlib>
#include <string>

#include "html/prestrip.h"
#include "winnow/html_extract.h"
#include "winnow/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first byte picks a declared charset, to reach the iconv paths.
  static const char* kTypes[] = {"", "text/html; charset=utf-8",
                                 "text/html; charset=windows-1252",
                                 "text/html; charset=shift_jis",
                                 "text/html; charset=utf-16le",
                                 "text/html; charset=no-such-charset"};
  std::string_view type = "";
  if (!input.empty()) {
    type = kTypes[static_cast<unsigned char>(input[0]) % 6];
  }
  winnow::ExtractOptions options;
  options.max_html_bytes = 1 << 20;
  winnow::ExtractedPage a, b;
  winnow::Status sa = winnow::ExtractHtml({input, type, "https://f.example/a/"},
                                          options, &a);
  winnow::Status sb = winnow::ExtractHtml({input, type, "https://f.example/a/"},
                                          options, &b);
  if (sa.ok() != sb.ok()) std::abort();
  if (!sa.ok()) return 0;
  if (a.text != b.text || a.meta.title != b.meta.title) std::abort();
  if (!winnow::IsValidUtf8(a.text)) std::abort();
  if (a.text.find("\n\n") != std::string::npos) std::abort();
  if (!a.text.empty() && (a.text.front() == '\n' || a.text.back() == '\n')) {
    std::abort();
  }
  // The lexer never grows its input.
  std::string s(input);
  size_t before = s.size();
  winnow::html::StripNonText(&s);
  if (s.size() > before) std::abort();
  return 0;
}
