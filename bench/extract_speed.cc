// extract_speed: pages per second of winnow's extraction on one thread.
//
//   extract_speed [--repeat N] [--runs R] PAGE.html ...
//
// Pages are read (and decompressed) before the clock starts; then each is
// extracted N times (default 1) with ExtractHtml on one thread. Prints
// pages, bytes, wall seconds, pages/s and MB/s, and the process CPU time
// with pages per CPU second: on a machine shared with other work the CPU
// figure is the per-core cost, the wall figure includes waiting for a core.
// With --runs R the whole set is timed R times and the best run (and the
// median CPU rate) is reported, the usual way to see through noise.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "winnow/byte_source.h"
#include "winnow/html_extract.h"

int main(int argc, char** argv) {
  int repeat = 1;
  int runs = 1;
  std::vector<std::string> pages;
  size_t bytes = 0;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--repeat") == 0 && a + 1 < argc) {
      repeat = std::atoi(argv[++a]);
      continue;
    }
    if (std::strcmp(argv[a], "--runs") == 0 && a + 1 < argc) {
      runs = std::atoi(argv[++a]);
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
  std::vector<double> walls, cpus;
  size_t out_chars = 0, failed = 0;
  for (int run = 0; run < runs; ++run) {
    out_chars = failed = 0;
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    for (int r = 0; r < repeat; ++r) {
      for (const std::string& p : pages) {
        winnow::Status st = winnow::ExtractHtml({p, "", ""}, {}, &page);
        if (!st.ok()) ++failed;
        out_chars += page.text.size();
      }
    }
    walls.push_back(std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start).count());
    cpus.push_back(static_cast<double>(std::clock() - cpu_start) /
                   CLOCKS_PER_SEC);
  }
  std::sort(walls.begin(), walls.end());
  std::sort(cpus.begin(), cpus.end());
  double n = static_cast<double>(pages.size()) * repeat;
  double wall = walls.front(), cpu = cpus.front();
  double cpu_median = cpus[cpus.size() / 2];
  std::printf("pages %.0f bytes %zu runs %d best_wall_s %.3f pages_per_s %.1f "
              "MB_per_s %.1f best_cpu_s %.3f pages_per_cpu_s %.1f "
              "median_pages_per_cpu_s %.1f failed %zu text_bytes %zu\n",
              n, bytes * repeat, runs, wall, n / wall,
              bytes * repeat / wall / 1e6, cpu, n / cpu, n / cpu_median,
              failed, out_chars);
  return 0;
}
