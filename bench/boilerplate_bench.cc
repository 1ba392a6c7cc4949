// Micro-benchmarks of the boilerplate stage: the classifier, the repeat
// hash, and consensus, on generated news-like text.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "winnow/boilerplate.h"
#include "winnow/consensus.h"
#include "winnow/paragraph_classifier.h"
#include "winnow/paragraph_repeats.h"

namespace {

std::string Sentence(std::mt19937* rng) {
  static const char* words[] = {
      "the", "of", "and", "council", "said", "on", "Tuesday", "that", "plan",
      "to", "rebuild", "harbour", "would", "go", "ahead", "despite", "a",
      "objections", "residents", "money", "bridge", "school", "in", "for"};
  std::string s;
  int n = 8 + (*rng)() % 14;
  for (int i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += words[(*rng)() % 24];
  }
  s[0] = static_cast<char>(std::toupper(s[0]));
  return s + ".";
}

// A story of 10 paragraphs with an appeal block and a footer.
std::string Document(std::mt19937* rng) {
  std::string d;
  for (int p = 0; p < 10; ++p) {
    for (int k = 0; k < 3; ++k) {
      if (k) d += ' ';
      d += Sentence(rng);
    }
    d += '\n';
  }
  d += "A message from The Herald:\nDear readers,\nPlease support us with a "
       "monthly contribution from just $3.\nRemind me later.\n© 2024 The "
       "Herald. All rights reserved.";
  return d;
}

void BM_ClassifyParagraphs(benchmark::State& state) {
  std::mt19937 rng(1);
  std::string doc = Document(&rng);
  std::vector<winnow::Verdict> v;
  for (auto _ : state) {
    winnow::ClassifyParagraphs(doc, {}, &v);
    benchmark::DoNotOptimize(v.data());
  }
  state.SetBytesProcessed(state.iterations() * doc.size());
  state.SetItemsProcessed(state.iterations() * v.size());  // paragraphs
}
BENCHMARK(BM_ClassifyParagraphs);

void BM_RemoveBoilerplate(benchmark::State& state) {
  std::mt19937 rng(2);
  std::string doc = Document(&rng);
  winnow::BoilerplateResult r;
  for (auto _ : state) {
    winnow::RemoveBoilerplate(doc, "herald.example", nullptr, {}, &r);
    benchmark::DoNotOptimize(r.text.data());
  }
  state.SetBytesProcessed(state.iterations() * doc.size());
  state.SetItemsProcessed(state.iterations() * r.verdicts.size());
}
BENCHMARK(BM_RemoveBoilerplate);

void BM_ParagraphHash(benchmark::State& state) {
  std::mt19937 rng(3);
  std::string p = Sentence(&rng) + " " + Sentence(&rng) + " " + Sentence(&rng);
  for (auto _ : state) benchmark::DoNotOptimize(winnow::ParagraphHash(p));
  state.SetBytesProcessed(state.iterations() * p.size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParagraphHash);

void BM_ConsensusPair(benchmark::State& state) {
  std::mt19937 rng(4);
  std::string a = Document(&rng), b = a;
  b.insert(0, "A photo caption. Photo: Jane Smith/Reuters\n");
  winnow::BoilerplateResult ra, rb;
  winnow::RemoveBoilerplate(a, "x", nullptr, {}, &ra);
  winnow::RemoveBoilerplate(b, "y", nullptr, {}, &rb);
  std::vector<winnow::CaptureText> caps = {
      winnow::CaptureFromBoilerplate("a", ra),
      winnow::CaptureFromBoilerplate("b", rb)};
  winnow::ConsensusResult c;
  for (auto _ : state) {
    winnow::BuildConsensus(caps, {}, &c);
    benchmark::DoNotOptimize(c.text.data());
  }
  state.SetBytesProcessed(state.iterations() * (a.size() + b.size()));
}
BENCHMARK(BM_ConsensusPair);

}  // namespace

BENCHMARK_MAIN();
