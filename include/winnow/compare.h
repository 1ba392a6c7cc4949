// compare.h — why two documents were, or were not, clustered as
// duplicates.
//
// CompareTexts cleans both texts (clean.h; optional), shingles them exactly
// as `winnow dedup` does (shingle.h), and reports:
//
//   - the distinct shingle counts and how many are shared;
//   - Jaccard, exact and as the MinHash signatures estimate it;
//   - containment both ways (|A ∩ B| / |A| and / |B|) and by the smaller;
//   - whether the normalized texts are identical (an exact duplicate);
//   - for each measure, the decision `winnow dedup` would take on these two
//     documents with the given options: do they share an LSH band key (are
//     they a candidate pair), and is the verified similarity at or above the
//     threshold;
//   - the paragraphs (lines of the cleaned text) that only one side has: a
//     paragraph is listed when fewer than half of its own shingles occur in
//     the other document (a paragraph shorter than one shingle: when its
//     words do not occur in the other document in a row).
//
//   winnow::CompareOptions o;
//   winnow::Comparison c = winnow::CompareTexts(text_a, text_b, o);
//   c.jaccard;         // 0.57 for the seed pair
//   c.containment;     // 0.89
//   c.only_b[0].text;  // "A Message from The Moscow Times: ..."
//
// Cost: linear in the texts plus one signature each. Never fails.
#ifndef WINNOW_COMPARE_H_
#define WINNOW_COMPARE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/lsh.h"
#include "winnow/minhash.h"
#include "winnow/shingle.h"
#include "winnow/similarity.h"

namespace winnow {

struct CompareOptions {
  bool clean = true;          // CleanText both texts first (--no-clean)
  ShingleOptions shingle;     // --ngram 5, --seed 0
  int num_perm = 128;         // --num-perm
  SketchScheme scheme = SketchScheme::kOnePermutation;
  // The dedup settings the decision is taken under (dedup.h's defaults).
  double threshold = 0.8;     // --threshold
  uint32_t min_shingles = 30;  // --min-shingles
  double max_size_ratio = 2.0;  // --max-size-ratio
};

struct ParagraphOnly {
  std::string text;     // the cleaned paragraph
  double covered = 0;   // fraction of its shingles found in the other side
};

// What `winnow dedup` would do with the pair under one measure.
struct PairDecision {
  Measure measure = Measure::kJaccard;
  LshParams lsh;             // bands and rows for this measure
  double lsh_threshold = 0;  // the Jaccard threshold they were chosen for
  double candidate_probability = 0;  // P(share a band) at the true Jaccard
  bool candidate = false;    // the two signatures share a band key
  double similarity = 0;     // the verified (estimated) similarity
  bool small = false;        // containment fell back to Jaccard (too small)
  bool clustered = false;    // exact duplicate, or candidate and verified
};

struct Comparison {
  uint64_t words_a = 0, words_b = 0;
  uint64_t paragraphs_a = 0, paragraphs_b = 0;
  uint64_t shingles_a = 0, shingles_b = 0;  // distinct
  uint64_t shared = 0;                      // |A ∩ B|
  double jaccard = 0;                       // exact
  double jaccard_estimate = 0;              // from the signatures
  double containment_a_in_b = 0;            // |A ∩ B| / |A|
  double containment_b_in_a = 0;            // |A ∩ B| / |B|
  double containment = 0;                   // |A ∩ B| / min(|A|, |B|)
  bool exact_duplicate = false;             // same normalized text
  PairDecision jaccard_decision, containment_decision;
  std::vector<ParagraphOnly> only_a, only_b;
};

Comparison CompareTexts(std::string_view a, std::string_view b,
                        const CompareOptions& options);

}  // namespace winnow

#endif  // WINNOW_COMPARE_H_
