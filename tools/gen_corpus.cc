// winnow-gencorpus — a deterministic corpus of English-like documents with
// planted near-duplicates whose truth is known, for measuring `winnow
// dedup` (bench/dedup/, scripts/eval_dedup.sh).
//
//   winnow-gencorpus --docs 1000000 --seed 1 -o corpus.jsonl --truth truth.tsv
//
// Every document is a function of (seed, its index) only, so any prefix of a
// corpus is the corpus of that size, and documents are generated in
// parallel. An original document has ~400 words (350-450) of Zipf-
// distributed words from a fixed 8,000-word pseudo-English vocabulary plus
// common English function words, in sentences of 6-24 words and paragraphs
// of 3-6 sentences, one paragraph per line. With probability --dup-rate a
// document is instead derived from an earlier original (at most --window
// documents back) by one of:
//
//   edit-P      each word replaced by a random word with probability P
//               (P in 0.01 0.03 0.05 0.10 0.20 0.30)
//   rewrap      hard-wrapped at a width of 60-95 columns, paragraphs
//               separated by blank lines (normalizes to the same text)
//   boilerplate a block of 60-100 words from a pool of 16 shared blocks
//               appended (a donation appeal, a newsletter box, ...)
//   truncate-F  only the first fraction F (0.50-0.90) of the words
//   reorder     paragraphs shuffled
//
// The truth file (TSV, one line per derived document) says which original
// it came from, how, and the exact word 5-gram Jaccard and containment of
// the pair (winnow's own normalization and shingling, seed 0):
//
//   doc  base  kind  jaccard  containment
#include <tbb/parallel_for.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "corpus_gen.h"

using namespace winnow::corpus;

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: winnow-gencorpus --docs N [--seed S] [--dup-rate R] "
               "[--window W] -o OUT.jsonl [--truth TRUTH.tsv]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--docs" && (v = next())) {
      o.docs = std::strtoull(v, nullptr, 10);
    } else if (a == "--seed" && (v = next())) {
      o.seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--dup-rate" && (v = next())) {
      o.dup_rate = std::atof(v);
    } else if (a == "--window" && (v = next())) {
      o.window = std::max<uint64_t>(1, std::strtoull(v, nullptr, 10));
    } else if ((a == "-o" || a == "--output") && (v = next())) {
      o.out = v;
    } else if (a == "--truth" && (v = next())) {
      o.truth = v;
    } else {
      return Usage();
    }
  }
  if (o.out.empty() || !(o.dup_rate >= 0 && o.dup_rate <= 1)) return Usage();
  FILE* out = o.out == "-" ? stdout : std::fopen(o.out.c_str(), "wb");
  FILE* truth = o.truth.empty() ? nullptr : std::fopen(o.truth.c_str(), "wb");
  if (!out || (!o.truth.empty() && !truth)) {
    std::perror("winnow-gencorpus");
    return 1;
  }
  if (truth) std::fputs("doc\tbase\tkind\tjaccard\tcontainment\n", truth);
  const Vocabulary vocab;
  const std::vector<Draft> blocks = Blocks(vocab);
  const uint64_t chunk = 20000;
  std::vector<Generated> gen;
  for (uint64_t first = 0; first < o.docs; first += chunk) {
    const uint64_t n = std::min(chunk, o.docs - first);
    gen.assign(n, Generated{});
    tbb::parallel_for(tbb::blocked_range<uint64_t>(0, n, 256),
                      [&](const tbb::blocked_range<uint64_t>& r) {
                        winnow::Shingler shingler;
                        for (uint64_t k = r.begin(); k < r.end(); ++k) {
                          gen[k] = Make(o, vocab, blocks, first + k, &shingler);
                        }
                      });
    for (const Generated& g : gen) {
      if (std::fwrite(g.json.data(), 1, g.json.size(), out) != g.json.size() ||
          (truth && !g.truth.empty() &&
           std::fwrite(g.truth.data(), 1, g.truth.size(), truth) != g.truth.size())) {
        std::perror("winnow-gencorpus: write");
        return 1;
      }
    }
  }
  if ((out != stdout && std::fclose(out) != 0) || (truth && std::fclose(truth) != 0)) {
    std::perror("winnow-gencorpus: close");
    return 1;
  }
  return 0;
}
