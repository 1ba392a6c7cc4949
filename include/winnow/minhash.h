// minhash.h — MinHash signatures: a fixed-size sketch of a shingle set whose
// values agree, position by position, with probability equal to the Jaccard
// similarity of the two sets, J = |A ∩ B| / |A ∪ B|.
//
// Two schemes compute a signature of k = num_perm 32-bit values:
//
//   kOnePermutation (default)  One permutation hashing (P. Li, A. Owen,
//     C.-H. Zhang, "One Permutation Hashing", NIPS 2012) with optimal
//     densification (A. Shrivastava, "Optimal Densification for Fast and
//     Accurate Minwise Hashing", ICML 2017). Each shingle hash goes through
//     one seeded bijective mix (the permutation): the high 32 bits of the
//     result pick one of k bins, the low 32 bits are the value, and each
//     bin keeps its minimum. A bin that no shingle fell in
//     copies the value of the first non-empty bin on a fixed pseudo-random
//     probe sequence of its own, the same for every set, which keeps
//     Pr[values agree] = J for every position. Cost O(n + k) per set.
//
//   kCMinHash  C-MinHash (X. Li, P. Li, "C-MinHash: Rigorously Reducing K
//     Permutations to Two", 2021): value j is min over the set of
//     π(σ(x) + j mod 2^32), with σ and π fixed bijections of 32-bit
//     integers. O(n · k) work per set.
//
// Why one permutation hashing is the default (tests/unit/minhash_test.cc,
// bench/dedup_sketch_bench.cc; docs/BENCHMARKS.md): on ~400-word documents
// it signs 1.36 million documents a second against C-MinHash's 0.12
// million (11.8 times faster, one core), and its variance, relative to the
// J(1 - J)/k of k independent permutations, is 0.8-1.0 for sets of k
// elements or more (about 400 shingles per document) against C-MinHash's
// 1.0. Only sets much smaller than k pay for densification: 1.3-1.6 times
// the variance for sets of 4 to 20 shingles.
//
// The estimate of J is the fraction of agreeing positions; its variance is
// about J(1 - J)/k, so with k = 128 a true 0.8 reads 0.8 ± 0.035 (one
// standard deviation). The empty set's signature is all kEmptyValue; it
// agrees with itself everywhere, so callers treat empty sets apart.
//
//   winnow::Sketcher sketcher({.num_perm = 128, .seed = 1});
//   std::vector<uint32_t> a(128), b(128);
//   sketcher.Sign(hashes_a.data(), hashes_a.size(), a.data());
//   sketcher.Sign(hashes_b.data(), hashes_b.size(), b.data());
//   double j = winnow::EstimateJaccard(a.data(), b.data(), 128);
//
// Repeated hashes are allowed (a set is what counts). Never fails; a
// Sketcher holds scratch space, so use one per thread.
#ifndef WINNOW_MINHASH_H_
#define WINNOW_MINHASH_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "winnow/status.h"

namespace winnow {

enum class SketchScheme { kOnePermutation, kCMinHash };

std::string_view SketchSchemeName(SketchScheme s);
Result<SketchScheme> ParseSketchScheme(std::string_view name);

inline constexpr int kMinNumPerm = 1;
inline constexpr int kMaxNumPerm = 1024;
inline constexpr uint32_t kEmptyValue = 0xFFFFFFFFu;

struct SketchOptions {
  int num_perm = 128;  // values per signature (--num-perm), 1..1024
  uint64_t seed = 0;   // seeds the permutation(s) and the densification
                       // probes (--seed)
  SketchScheme scheme = SketchScheme::kOnePermutation;
};

class Sketcher {
 public:
  explicit Sketcher(SketchOptions options = {});

  // Writes num_perm() values for the set of `n` shingle hashes at `hashes`.
  void Sign(const uint64_t* hashes, size_t n, uint32_t* signature);

  int num_perm() const { return options_.num_perm; }
  const SketchOptions& options() const { return options_; }

 private:
  void SignOnePermutation(const uint64_t* hashes, size_t n, uint32_t* sig);
  void SignCMinHash(const uint64_t* hashes, size_t n, uint32_t* sig);

  SketchOptions options_;
  std::vector<uint32_t> bins_;  // scratch: bin minima before densification
};

// Positions where `a` and `b` (k values each) agree.
int MatchingValues(const uint32_t* a, const uint32_t* b, int k);

// The Jaccard estimate: MatchingValues / k.
double EstimateJaccard(const uint32_t* a, const uint32_t* b, int k);

// |A ∩ B| / min(|A|, |B|) for sets of sizes `size_a` and `size_b` whose
// Jaccard similarity is `jaccard`, using |A ∩ B| = J (|A| + |B|) / (1 + J).
// Clamped to [0, 1]; 0 when either set is empty.
double ContainmentFromJaccard(double jaccard, uint64_t size_a,
                              uint64_t size_b);

}  // namespace winnow

#endif  // WINNOW_MINHASH_H_
