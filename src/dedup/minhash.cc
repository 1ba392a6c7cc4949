#include "winnow/minhash.h"

#include <algorithm>

namespace winnow {
namespace {

// SplitMix64's finalizer (G. Steele, D. Lea, F. Flood, "Fast Splittable
// Pseudorandom Number Generators", OOPSLA 2014): a bijective 64-bit mixer.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}

// A bijective 32-bit mixer (xorshift-multiply rounds; any odd multiplier
// keeps the map a bijection).
inline uint32_t Mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7FEB352Du;
  x ^= x >> 15;
  x *= 0x846CA68Bu;
  x ^= x >> 16;
  return x;
}

// Maps a uniform 32-bit value onto [0, k) without division (D. Lemire,
// "Fast Random Integer Generation in an Interval", TOMACS 2019).
inline uint32_t Reduce(uint32_t x, uint32_t k) {
  return static_cast<uint32_t>((static_cast<uint64_t>(x) * k) >> 32);
}

}  // namespace

std::string_view SketchSchemeName(SketchScheme s) {
  return s == SketchScheme::kCMinHash ? "cminhash" : "oph";
}

Result<SketchScheme> ParseSketchScheme(std::string_view name) {
  if (name == "oph") return SketchScheme::kOnePermutation;
  if (name == "cminhash") return SketchScheme::kCMinHash;
  return InvalidArgument("unknown sketch scheme \"" + std::string(name) +
                         "\" (use oph or cminhash)");
}

Sketcher::Sketcher(SketchOptions options) : options_(options) {
  options_.num_perm = std::clamp(options_.num_perm, kMinNumPerm, kMaxNumPerm);
  bins_.resize(static_cast<size_t>(options_.num_perm));
}

void Sketcher::Sign(const uint64_t* hashes, size_t n, uint32_t* sig) {
  if (options_.scheme == SketchScheme::kCMinHash) {
    SignCMinHash(hashes, n, sig);
  } else {
    SignOnePermutation(hashes, n, sig);
  }
}

void Sketcher::SignOnePermutation(const uint64_t* hashes, size_t n,
                                  uint32_t* sig) {
  const uint32_t k = static_cast<uint32_t>(options_.num_perm);
  uint32_t* bins = bins_.data();
  std::fill(bins, bins + k, kEmptyValue);
  // The one permutation: a seeded bijective mix of the element hash (xor,
  // odd multiply, xorshift), so that the seed changes the sketch and inputs
  // need not be uniform; shingle hashes already are, so one round does.
  const uint64_t perm = Mix64(options_.seed ^ 0x3C6EF372FE94F82Bull);
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = (hashes[i] ^ perm) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
    const uint32_t bin = Reduce(static_cast<uint32_t>(h >> 32), k);
    uint32_t v = static_cast<uint32_t>(h);
    // kEmptyValue marks an empty bin; the one value it would shadow is
    // merged with its neighbour (a 2^-32 effect on agreement).
    v -= (v == kEmptyValue);
    bins[bin] = std::min(bins[bin], v);
  }
  uint32_t filled = 0;
  for (uint32_t j = 0; j < k; ++j) filled += bins[j] != kEmptyValue;
  if (filled == 0 || filled == k) {
    std::copy(bins, bins + k, sig);
    return;
  }
  // Optimal densification (Shrivastava 2017, Algorithm 2): empty bin j
  // probes bins h_j(1), h_j(2), ... until one that was filled by the set
  // itself. The probe sequence depends on j and the seed only, so two sets
  // that both leave j empty copy from the same bin whenever they share
  // their first filled probe.
  const uint64_t salt = Mix64(options_.seed ^ 0x6A09E667F3BCC909ull);
  for (uint32_t j = 0; j < k; ++j) {
    if (bins[j] != kEmptyValue) {
      sig[j] = bins[j];
      continue;
    }
    uint64_t state = salt + (static_cast<uint64_t>(j) << 32);
    for (;;) {
      state += 0x9E3779B97F4A7C15ull;
      const uint32_t probe =
          Reduce(static_cast<uint32_t>(Mix64(state) >> 32), k);
      if (bins[probe] != kEmptyValue) {
        sig[j] = bins[probe];
        break;
      }
    }
  }
}

// The inner loop (k bijections and minima per shingle) vectorizes; compile
// an AVX2 copy where the CPU has it.
__attribute__((target_clones("avx2", "default"))) void CMinHashKernel(
    const uint64_t* hashes, size_t n, uint32_t k, uint32_t sigma_salt,
    uint32_t pi_salt, uint32_t* sig) {
  for (uint32_t j = 0; j < k; ++j) sig[j] = kEmptyValue;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t h = hashes[i];
    const uint32_t x = static_cast<uint32_t>(h ^ (h >> 32));
    const uint32_t s = Mix32(x ^ sigma_salt);
    for (uint32_t j = 0; j < k; ++j) {
      uint32_t v = Mix32((s + j) ^ pi_salt);
      v -= (v == kEmptyValue);
      sig[j] = v < sig[j] ? v : sig[j];
    }
  }
}

void Sketcher::SignCMinHash(const uint64_t* hashes, size_t n, uint32_t* sig) {
  const uint64_t salts = Mix64(options_.seed ^ 0xBB67AE8584CAA73Bull);
  CMinHashKernel(hashes, n, static_cast<uint32_t>(options_.num_perm),
                 static_cast<uint32_t>(salts), static_cast<uint32_t>(salts >> 32),
                 sig);
}

__attribute__((target_clones("avx2", "default"))) int MatchingValues(
    const uint32_t* a, const uint32_t* b, int k) {
  int same = 0;
  for (int i = 0; i < k; ++i) same += a[i] == b[i];
  return same;
}

double EstimateJaccard(const uint32_t* a, const uint32_t* b, int k) {
  if (k <= 0) return 0;
  return static_cast<double>(MatchingValues(a, b, k)) / k;
}

double ContainmentFromJaccard(double j, uint64_t size_a, uint64_t size_b) {
  if (size_a == 0 || size_b == 0) return 0;
  if (j <= 0) return 0;
  const double inter = j * static_cast<double>(size_a + size_b) / (1 + j);
  const double c = inter / static_cast<double>(std::min(size_a, size_b));
  return std::clamp(c, 0.0, 1.0);
}

}  // namespace winnow
