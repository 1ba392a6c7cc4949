// lsh.h — locality-sensitive hashing of MinHash signatures: which pairs of
// documents are worth comparing at all.
//
// A signature of k values is cut into b bands of r rows (b · r <= k; values
// past b · r are not banded). Each band is hashed to a 64-bit key; two
// documents whose keys agree in at least one band are a candidate pair.
// For two sets of Jaccard similarity s, the probability of that is
//
//   P(s) = 1 - (1 - s^r)^b
//
// an S-curve that rises around (1/b)^(1/r). ChooseLshParams picks b and r
// for a threshold t by minimizing the weighted areas of its two errors
// (as in Leskovec, Rajaraman, Ullman, "Mining of Massive Datasets", ch. 3,
// with the false-positive/false-negative integrals computed numerically):
//
//   false positives  FP = ∫_0^t P(s) ds        (dissimilar pairs compared)
//   false negatives  FN = ∫_t^1 (1 - P(s)) ds  (similar pairs never seen)
//
// minimizing w_fp · FP + w_fn · FN over every b, r with b · r <= k.
//
// Weights. winnow verifies every candidate pair, so a false positive costs
// one signature comparison while a false negative is a duplicate never
// found. The default weights are therefore 0.1 and 0.9: with k = 128 and
// t = 0.8 that chooses 14 bands of 9 rows (a pair at the threshold is a
// candidate with probability 0.87) instead of the 9 x 13 of equal weights
// (0.40). On a generated corpus this raised pair recall at 0.8 from 0.80 to
// 0.88 for a precision 0.97 instead of 0.98, at the same run time
// (docs/results/dedup_quality.md).
//
// Containment. A pair with containment c = |A ∩ B| / min(|A|, |B|) and
// size ratio R = max/min has Jaccard c / (1 + R - c). To keep candidates of
// unequal size, containment mode bands for the Jaccard threshold of the
// largest size ratio it promises to catch (ContainmentLshThreshold; cf.
// E. Zhu, F. Nargesian, K. Q. Pu, R. J. Miller, "LSH Ensemble: Internet-
// Scale Domain Search", VLDB 2016, which partitions by size instead).
//
//   winnow::LshParams p = winnow::ChooseLshParams(0.8, 128);  // 14 x 9
//   uint64_t key = winnow::BandKey(sig, 3, p.rows, seed);
//
// Cost: ChooseLshParams integrates each of the ~k ln k shapes on a fixed
// grid (about 10 ms for k = 128); BandKey is one XXH3 over 4 · r bytes.
#ifndef WINNOW_LSH_H_
#define WINNOW_LSH_H_

#include <cstdint>

#include "winnow/status.h"

namespace winnow {

struct LshParams {
  int bands = 0;
  int rows = 0;
  double fp_area = 0;  // ∫_0^t P(s) ds
  double fn_area = 0;  // ∫_t^1 (1 - P(s)) ds
};

// Pr[a pair of Jaccard similarity s shares at least one band key].
double CandidateProbability(double s, int bands, int rows);

// The false-positive and false-negative areas of (bands, rows) at
// `threshold` (Simpson's rule on 200 intervals each).
void LshErrorAreas(double threshold, int bands, int rows, double* fp,
                   double* fn);

inline constexpr double kLshFpWeight = 0.1;
inline constexpr double kLshFnWeight = 0.9;

// The (bands, rows) with bands * rows <= num_perm minimizing
// fp_weight * FP + fn_weight * FN at `threshold` (in (0, 1)). Ties go to
// fewer bands (less index space).
LshParams ChooseLshParams(double threshold, int num_perm,
                          double fp_weight = kLshFpWeight,
                          double fn_weight = kLshFnWeight);

// Checks user-given bands and rows against num_perm; fills the error areas.
Result<LshParams> MakeLshParams(int bands, int rows, int num_perm,
                                double threshold);

// The Jaccard similarity below which no pair with containment at least
// `containment` and size ratio at most `max_size_ratio` (>= 1) falls:
// c / (1 + R - c).
double ContainmentLshThreshold(double containment, double max_size_ratio);

// The 64-bit key of band `band` (rows values starting at band * rows),
// seeded with the band number so equal values in different bands never
// share a key.
uint64_t BandKey(const uint32_t* signature, int band, int rows,
                 uint64_t seed);

}  // namespace winnow

#endif  // WINNOW_LSH_H_
