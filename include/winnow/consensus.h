// consensus.h — one canonical text for a cluster of captures of one story.
//
// Near-duplicate detection groups the captures of a story (a print copy,
// the web page, a syndicated copy, an update); each capture brings its own
// page furniture and may lack or add paragraphs. BuildConsensus() turns the
// cleaned, classified paragraphs of the captures into the sequence of
// paragraphs the captures support, in story order:
//
//  1. Base. The capture with the most kept words (the most complete
//     telling; the earliest on a tie) gives the initial paragraph order.
//  2. Alignment. Every other capture is aligned to the columns built so far
//     by dynamic programming over the two paragraph sequences (a weighted
//     longest common subsequence; Needleman and Wunsch, J. Mol. Biol. 48,
//     1970, with zero gap cost), where two paragraphs may match when their
//     similarity reaches ConsensusOptions::match_similarity. Similarity is
//     the Dice coefficient of the paragraphs' word-bigram sets (word
//     shingles, Broder, "On the resemblance and containment of documents",
//     1997), so a changed word, a fixed typo or an added clause still
//     matches. Paragraphs that match nothing become new columns where they
//     stand between their aligned neighbours (progressive multiple
//     alignment, Feng and Doolittle, J. Mol. Evol. 25, 1987).
//  3. Decision, per column:
//       - kept by at least two captures' classifiers: kept;
//       - kept by exactly one (present in only one capture, or removed by
//         the others): kept when its boilerplate score is below
//         unsupported_max_score (story content the others lack, e.g. the
//         longer capture's extra paragraphs), else dropped as
//         "unsupported";
//       - kept by none: dropped with the class, rule and score the
//         classifier (or the repeat counter) gave it.
//     A single capture keeps exactly the paragraphs its classifier kept.
//  4. Text. A kept column's text is the base capture's version when the
//     base kept it, else the first capture's (in input order) that did.
//
//   std::vector<winnow::CaptureText> caps(2);
//   caps[0].id = "print"; caps[0].paragraphs = {...}; caps[0].verdicts = {...};
//   caps[1].id = "web";   ...
//   winnow::ConsensusResult r;
//   winnow::BuildConsensus(caps, {}, &r);
//   r.text;     // the canonical text, one paragraph per line
//   r.dropped;  // what was left out, and why
//
// Cost: for captures of n and m paragraphs, O(n * m) similarity checks,
// each linear in the two paragraphs' lengths; memory 5 bytes per DP cell.
// Pairs above max_alignment_cells cells align only identical paragraphs
// (longest increasing subsequence of unique matches, O(n log n)). Never
// fails.
#ifndef WINNOW_CONSENSUS_H_
#define WINNOW_CONSENSUS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/paragraph_classifier.h"

namespace winnow {

struct BoilerplateResult;

// The cleaned paragraphs of one capture, in order, and the verdicts of the
// boilerplate stage on them (one per paragraph; empty: all kept, score 0).
struct CaptureText {
  std::string_view id;
  std::vector<std::string_view> paragraphs;
  std::vector<Verdict> verdicts;
};

// Views `r`'s cleaned paragraphs and verdicts; `r` must outlive the result.
CaptureText CaptureFromBoilerplate(std::string_view id,
                                   const BoilerplateResult& r);

struct ConsensusOptions {
  // Two paragraphs align when the Dice coefficient of their word-bigram
  // sets reaches this.
  float match_similarity = 0.5f;
  // A paragraph kept by only one capture of several stays only when its
  // boilerplate score is below this.
  float unsupported_max_score = 0.3f;
  // Largest DP table (paragraphs x paragraphs) aligned by similarity.
  uint64_t max_alignment_cells = uint64_t{4} << 20;
  // Captures whose paragraphs are the base's, byte for byte, are aligned
  // paragraph to paragraph without computing the alignment, whose answer
  // that is (consensus.cc, SameParagraphsAsBase). The result is the same
  // either way; false computes it (for tests that hold the two equal).
  bool shortcut_identical = true;
};

struct ConsensusParagraph {
  std::string_view text;
  uint32_t capture = 0;    // whose version the text is
  uint32_t paragraph = 0;  // its index in that capture
  uint32_t support = 0;    // captures that have it and kept it
  uint32_t present = 0;    // captures that have it at all
};

struct DroppedParagraph {
  std::string_view text;
  uint32_t capture = 0;    // one capture that has it (the first)
  uint32_t paragraph = 0;
  uint32_t present = 0;    // captures that have it
  BoilerplateClass cls = BoilerplateClass::kContent;
  std::string_view rule;
  float score = 0;
};

struct ConsensusResult {
  std::string text;  // the kept paragraphs, one per line
  std::vector<ConsensusParagraph> paragraphs;
  std::vector<DroppedParagraph> dropped;  // in column order
  uint32_t base = 0;                      // index of the base capture
};

void BuildConsensus(std::span<const CaptureText> captures,
                    const ConsensusOptions& options, ConsensusResult* result);

// Aligns paragraph sequence `b` to `a`: (*match)[j] is the index in `a` of
// the paragraph matched to b[j], or -1. Matches keep the order of both
// sequences, pair only paragraphs whose similarity reaches `threshold`, and
// maximize the total similarity of the pairs.
void AlignParagraphs(std::span<const std::string_view> a,
                     std::span<const std::string_view> b, float threshold,
                     std::vector<int>* match);

// Dice coefficient of the word-bigram sets of `a` and `b` (unigram sets when
// either has fewer than two words), after lowercasing; in [0, 1].
float ParagraphSimilarity(std::string_view a, std::string_view b);

}  // namespace winnow

#endif  // WINNOW_CONSENSUS_H_
