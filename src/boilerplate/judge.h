// judge.h (private) — JudgeBlocks that also hashes: PrepareBoilerplate
// needs each paragraph's evidence and its ParagraphHash, and both come from
// the same features, so one pass over the text gives both.
#ifndef WINNOW_BOILERPLATE_JUDGE_H_
#define WINNOW_BOILERPLATE_JUDGE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "winnow/paragraph_classifier.h"

namespace winnow::boilerplate {

// JudgeBlocks; with `hashes` (and `words`) non-null, also each block's
// ParagraphHash (and its word count), resized to blocks.size().
void JudgeAndHashBlocks(std::span<const Block> blocks,
                        const ClassifierOptions& options,
                        std::vector<ParagraphEvidence>* evidence,
                        std::vector<uint64_t>* hashes,
                        std::vector<uint32_t>* words);

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_JUDGE_H_
