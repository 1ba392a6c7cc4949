// Micro-benchmarks of sketching: normalization (block and scalar),
// shingle hashing, distinct counting, and both signature schemes, on
// ~400-word English-like documents from the corpus generator. Throughput
// is reported in bytes of document text per second, one thread.
//
//   build/release/bench/dedup_sketch_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "corpus_gen.h"
#include "dedup/shingle_internal.h"
#include "winnow/minhash.h"
#include "winnow/shingle.h"

namespace {

// 2,000 generated documents (about 5 MB of text), made once.
const std::vector<std::string>& Docs() {
  static const std::vector<std::string> docs = [] {
    using namespace winnow::corpus;
    Options o;
    o.dup_rate = 0;
    const Vocabulary v;
    std::vector<std::string> d;
    for (uint64_t i = 0; i < 2000; ++i) d.push_back(Render(Original(v, 1, i), 0));
    return d;
  }();
  return docs;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const std::string& d : Docs()) n += static_cast<int64_t>(d.size());
  return n;
}

void BM_NormalizeBlocks(benchmark::State& state) {
  std::string out;
  std::vector<uint32_t> starts;
  for (auto _ : state) {
    for (const std::string& d : Docs()) {
      winnow::internal::NormalizeBlocksForTest(d, &out, &starts);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_NormalizeBlocks);

void BM_NormalizeScalar(benchmark::State& state) {
  std::string out;
  std::vector<uint32_t> starts;
  for (auto _ : state) {
    for (const std::string& d : Docs()) {
      winnow::internal::NormalizeScalarForTest(d, &out, &starts);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_NormalizeScalar);

// Normalize and hash every word 5-gram.
void BM_Shingle(benchmark::State& state) {
  winnow::Shingler s;
  for (auto _ : state) {
    for (const std::string& d : Docs()) {
      s.Process(d);
      benchmark::DoNotOptimize(s.hashes().data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Shingle);

void BM_CountDistinct(benchmark::State& state) {
  winnow::Shingler s;
  std::vector<std::vector<uint64_t>> hashes;
  for (const std::string& d : Docs()) {
    s.Process(d);
    hashes.push_back(s.hashes());
  }
  uint64_t total = 0;
  for (auto _ : state) {
    for (const std::string& d : Docs()) {
      s.Process(d);
      total += s.CountDistinct();
    }
  }
  benchmark::DoNotOptimize(total);
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_CountDistinct);

// Signing alone, on precomputed shingle hashes.
void Sign(benchmark::State& state, winnow::SketchScheme scheme) {
  winnow::Shingler s;
  std::vector<std::vector<uint64_t>> hashes;
  for (const std::string& d : Docs()) {
    s.Process(d);
    hashes.push_back(s.hashes());
  }
  winnow::Sketcher sk({128, 0, scheme});
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    for (const auto& h : hashes) {
      sk.Sign(h.data(), h.size(), sig.data());
      benchmark::DoNotOptimize(sig.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(hashes.size()));
}
void BM_SignOph(benchmark::State& state) {
  Sign(state, winnow::SketchScheme::kOnePermutation);
}
void BM_SignCMinHash(benchmark::State& state) {
  Sign(state, winnow::SketchScheme::kCMinHash);
}
BENCHMARK(BM_SignOph);
BENCHMARK(BM_SignCMinHash);

// What the sketch stage does per document (Jaccard mode): normalize,
// shingle, fingerprint, sign.
void BM_SketchDocument(benchmark::State& state) {
  winnow::Shingler s;
  winnow::Sketcher sk({128, 0, winnow::SketchScheme::kOnePermutation});
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    for (const std::string& d : Docs()) {
      s.Process(d);
      benchmark::DoNotOptimize(s.fingerprint());
      sk.Sign(s.hashes().data(), s.hashes().size(), sig.data());
      benchmark::DoNotOptimize(sig.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Docs().size()));
}
BENCHMARK(BM_SketchDocument);

}  // namespace

BENCHMARK_MAIN();
