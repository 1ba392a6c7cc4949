// extract_speed: pages per second of winnow's extraction on one thread.
//
//   extract_speed [--repeat N] PAGE.html ... 
//
// Pages are read (and decompressed) before the clock starts; then each is
// extracted N times (default 1) with ExtractHtml. Prints pages, bytes,
// seconds, pages/s and MB/s.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "winnow/byte_source.h"
#include "winnow/html_extract.h"

int main(int argc, char** argv) {
  int repeat = 1;
  std::vector<std::string> pages;
  size_t bytes = 0;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--repeat") == 0 && a + 1 < argc) {
      repeat = std::atoi(argv[++a]);
      continue;
    }
    auto b = winnow::ReadWholeFile(argv[a]);
    if (!b.ok()) {
      std::fprintf(stderr, "%s\n", b.status().message().c_str());
      return 1;
    }
    bytes += b->size();
    pages.push_back(std::move(*b));
  }
  winnow::ExtractedPage page;
  size_t out_chars = 0, failed = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const std::string& p : pages) {
      winnow::Status st = winnow::ExtractHtml({p, "", ""}, {}, &page);
      if (!st.ok()) ++failed;
      out_chars += page.text.size();
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                           start).count();
  double n = static_cast<double>(pages.size()) * repeat;
  std::printf("pages %.0f bytes %zu seconds %.3f pages_per_s %.1f MB_per_s "
              "%.1f failed %zu text_bytes %zu\n",
              n, bytes * repeat, s, n / s, bytes * repeat / s / 1e6, failed,
              out_chars);
  return 0;
}
