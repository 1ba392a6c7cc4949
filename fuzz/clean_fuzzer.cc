// Fuzzes text cleanup. Properties: no crash; the output is valid UTF-8 with
// no blank lines, no control characters but "\n", and paragraph spans inside
// the input; cleaning is idempotent.
#include <cstdlib>
#include <string>

#include "winnow/clean.h"
#include "winnow/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  winnow::CleanResult r;
  winnow::CleanText(in, {}, &r);
  const std::string& t = r.text;
  if (!winnow::IsValidUtf8(t)) std::abort();
  if (!t.empty() && (t.front() == '\n' || t.back() == '\n')) std::abort();
  if (t.find("\n\n") != std::string::npos) std::abort();
  for (unsigned char c : t) {
    if ((c < 0x20 && c != '\n') || c == 0x7F) std::abort();
  }
  for (const auto& p : r.paragraphs) {
    if (p.in_begin > p.in_end || p.in_end > size) std::abort();
    if (p.out_begin > p.out_end || p.out_end > t.size()) std::abort();
  }
  winnow::CleanResult again;
  winnow::CleanText(t, {}, &again);
  if (again.text != t) std::abort();
  return 0;
}
