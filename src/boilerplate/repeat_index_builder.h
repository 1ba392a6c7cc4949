// repeat_index_builder.h — the entries of a RepeatIndex from merged counts.
// Internal to src/boilerplate: RepeatCounter::Finish builds the whole index
// with it, CombineRepeatCounts each owner rank's part.
#ifndef WINNOW_SRC_BOILERPLATE_REPEAT_INDEX_BUILDER_H_
#define WINNOW_SRC_BOILERPLATE_REPEAT_INDEX_BUILDER_H_

#include <cstdint>
#include <vector>

#include "winnow/paragraph_repeats.h"
#include "winnow/status.h"

namespace winnow::boilerplate {

// Bytes an index of `pairs` repeated pairs and `wides` corpus-wide repeats
// holds in memory: the pairs, their lookup table, the corpus-wide repeats.
uint64_t RepeatIndexBytes(uint64_t pairs, uint64_t wides);

// The ResourceExhausted of an index over `budget` bytes.
Status RepeatIndexOverBudget(uint64_t budget);

// Takes records in (paragraph, source) order, each key once (a
// RepeatCounter::Reader's), and keeps the pairs at or above min_repeats and
// the paragraphs passing the corpus-wide thresholds. The counts of a
// paragraph are only whole when every source of it comes through the same
// builder.
class RepeatIndexBuilder {
 public:
  RepeatIndexBuilder(const RepeatOptions& options, uint64_t budget);
  // ResourceExhausted once the entries kept need more than `budget` bytes
  // (RepeatIndexBytes), checked as each paragraph closes.
  Status Add(const RepeatCounter::Record& r);
  // Closes the last paragraph; same error as Add.
  Status End();

  std::vector<RepeatIndex::Pair>& pairs() { return pairs_; }
  std::vector<RepeatIndex::Wide>& wide() { return wide_; }
  uint64_t distinct_pairs() const { return distinct_pairs_; }

 private:
  const RepeatOptions& options_;
  uint64_t budget_;
  bool open_ = false;
  uint64_t paragraph_ = 0, docs_ = 0, sources_ = 0;
  uint64_t distinct_pairs_ = 0;
  std::vector<RepeatIndex::Pair> pairs_;  // sorted by (paragraph, source)
  std::vector<RepeatIndex::Wide> wide_;   // sorted by paragraph
};

}  // namespace winnow::boilerplate

#endif  // WINNOW_SRC_BOILERPLATE_REPEAT_INDEX_BUILDER_H_
