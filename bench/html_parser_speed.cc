// html_parser_speed: the measurement behind the choice of HTML parser.
// Parses decompressed pages with gumbo (libgumbo, an HTML5 parser) and with
// libxml2's HTML parser (as winnow calls it: recover, no network,
// XML_PARSE_HUGE), parse and free only, one thread; then a page nested
// 100,000 elements deep with each.
//
//   html_parser_speed PAGE.html ...
#include <gumbo.h>
#include <libxml/HTMLparser.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "winnow/byte_source.h"

namespace {

double Gumbo(const std::vector<std::string>& pages) {
  auto t0 = std::chrono::steady_clock::now();
  for (const std::string& p : pages) {
    GumboOutput* o = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(),
                                              p.size());
    gumbo_destroy_output(&kGumboDefaultOptions, o);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
      .count();
}

double Libxml2(const std::vector<std::string>& pages) {
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  auto t0 = std::chrono::steady_clock::now();
  for (const std::string& p : pages) {
    htmlDocPtr d = htmlReadMemory(p.data(), static_cast<int>(p.size()),
                                  nullptr, "UTF-8", options);
    xmlFreeDoc(d);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> pages;
  double bytes = 0;
  for (int a = 1; a < argc; ++a) {
    auto b = winnow::ReadWholeFile(argv[a]);
    if (!b.ok()) {
      std::fprintf(stderr, "%s\n", b.status().message().c_str());
      return 1;
    }
    bytes += b->size();
    pages.push_back(std::move(*b));
  }
  xmlInitParser();
  double n = static_cast<double>(pages.size());
  if (!pages.empty()) {
    double g = Gumbo(pages);
    double x = Libxml2(pages);
    std::printf("gumbo   %.0f pages %.1f MB %.2f s %.1f pages/s\n", n,
                bytes / 1e6, g, n / g);
    std::printf("libxml2 %.0f pages %.1f MB %.2f s %.1f pages/s (%.1fx)\n", n,
                bytes / 1e6, x, n / x, g / x);
  }
  std::string deep = "<html><body>";
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "x";
  for (int i = 0; i < 100000; ++i) deep += "</div>";
  std::vector<std::string> one = {deep};
  std::printf("100,000-deep page: gumbo %.2f s, libxml2 %.2f s\n", Gumbo(one),
              Libxml2(one));
  return 0;
}
