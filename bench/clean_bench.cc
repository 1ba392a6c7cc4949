// Micro-benchmarks of text cleanup: CleanText on web-style text (one
// paragraph per line) and on print-style text (hard-wrapped), and the JSON
// string escaping every output record goes through (and the size it
// gives, which the distributed filter plans its output with).
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "winnow/clean.h"
#include "winnow/json.h"

namespace {

std::string Paragraph(std::mt19937& rng) {
  static const char* words[] = {"the",     "harbour", "authority", "said",
                                "on",      "Tuesday", "that",      "quay",
                                "would",   "reopen",  "container", "traffic",
                                "workers", "union",   "strike",    "month"};
  std::string p;
  int n = 60 + rng() % 40;
  for (int i = 0; i < n; ++i) {
    if (i) p += ' ';
    p += words[rng() % 16];
    if (i % 13 == 12) p += ".";
  }
  return p + ".";
}

std::string Wrap(const std::string& p, size_t width) {
  std::string out, line;
  size_t pos = 0;
  while (pos < p.size()) {
    size_t sp = p.find(' ', pos);
    if (sp == std::string::npos) sp = p.size();
    std::string w = p.substr(pos, sp - pos);
    pos = sp + 1;
    if (line.empty()) {
      line = w;
    } else if (line.size() + 1 + w.size() <= width) {
      line += " " + w;
    } else {
      out += line + "\n";
      line = w;
    }
  }
  return out + line;
}

std::string Document(bool wrapped) {
  std::mt19937 rng(wrapped ? 2 : 1);
  std::string doc;
  for (int i = 0; i < 6; ++i) {
    std::string p = Paragraph(rng);
    doc += wrapped ? Wrap(p, 80) + "\n\n" : p + "\n";
  }
  return doc;
}

void BM_CleanWebText(benchmark::State& state) {
  std::string doc = Document(false);
  winnow::CleanResult r;
  for (auto _ : state) {
    winnow::CleanText(doc, {}, &r);
    benchmark::DoNotOptimize(r.text.data());
  }
  state.SetBytesProcessed(state.iterations() * doc.size());
}
BENCHMARK(BM_CleanWebText);

void BM_CleanWrappedText(benchmark::State& state) {
  std::string doc = Document(true);
  winnow::CleanResult r;
  for (auto _ : state) {
    winnow::CleanText(doc, {}, &r);
    benchmark::DoNotOptimize(r.text.data());
  }
  state.SetBytesProcessed(state.iterations() * doc.size());
}
BENCHMARK(BM_CleanWrappedText);

void BM_JsonEscape(benchmark::State& state) {
  std::string doc = Document(false);
  std::string out;
  for (auto _ : state) {
    out.clear();
    winnow::AppendJsonString(&out, doc);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * doc.size());
}
BENCHMARK(BM_JsonEscape);

void BM_JsonStringSize(benchmark::State& state) {
  std::string doc = Document(false);
  for (auto _ : state) {
    benchmark::DoNotOptimize(winnow::JsonStringSize(doc));
  }
  state.SetBytesProcessed(state.iterations() * doc.size());
}
BENCHMARK(BM_JsonStringSize);

}  // namespace

BENCHMARK_MAIN();
