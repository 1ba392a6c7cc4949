// similarity.h — the two measures of how alike two shingle sets are, and
// how a pair is judged.
//
//   Jaccard      |A ∩ B| / |A ∪ B|: the same text, give or take edits.
//   containment  |A ∩ B| / min(|A|, |B|): the smaller text is (mostly)
//                inside the larger one — "the same story plus extra
//                material" (a donation appeal, a photo caption, comments).
//
// Containment alone would call a one-line document a duplicate of every
// article that quotes its line. So a pair whose smaller set has fewer than
// `min_shingles` shingles is judged by Jaccard even in containment mode: a
// short document is a duplicate only of a document about as short.
//
// Estimates come from signatures (minhash.h): Jaccard directly, containment
// through the exact set sizes, which the sketch stage records. The exact
// values come from sorted distinct shingle hashes (IntersectionSize).
//
//   double s = winnow::PairSimilarity(Measure::kContainment, 0.57, 520, 755,
//                                     /*min_shingles=*/30);  // ~0.89
//
// Never fails.
#ifndef WINNOW_SIMILARITY_H_
#define WINNOW_SIMILARITY_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "winnow/status.h"

namespace winnow {

enum class Measure { kJaccard, kContainment };

std::string_view MeasureName(Measure m);  // "jaccard", "containment"
Result<Measure> ParseMeasure(std::string_view name);

// The pair's similarity under `measure`, from its Jaccard similarity and
// the two set sizes (see above for `min_shingles`).
double PairSimilarity(Measure measure, double jaccard, uint64_t size_a,
                      uint64_t size_b, uint64_t min_shingles);

// |A ∩ B| for sorted arrays of distinct values.
size_t IntersectionSize(const uint64_t* a, size_t na, const uint64_t* b,
                        size_t nb);

// Exact Jaccard of sorted distinct arrays; 0 when both are empty.
double ExactJaccard(const uint64_t* a, size_t na, const uint64_t* b,
                    size_t nb);

}  // namespace winnow

#endif  // WINNOW_SIMILARITY_H_
