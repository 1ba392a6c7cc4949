// select.h (internal) — deciding which blocks to keep, in the page's
// context.
//
// The block scorer judges each block mostly on its own. The selector
// looks at the page: it finds the content region (the element whose
// subtree holds the most evidence for content, (2p - 1) * length summed
// over its blocks), and decides per block with a second logistic model
// over the block's score, its neighbours' scores, whether it is in the
// region, and how much evidence its parent and grandparent elements hold
// (stacked generalization, D. H. Wolpert, Neural Networks 5(2), 1992),
// and a few page-level traits (how much text, how list- and link-heavy),
// since what counts as the content of a product or listing page differs
// from an article's. Weights in select_model.inc (a small network, mlp.h),
// fitted by scripts/extract_train.py. On a page smaller than 99% of those
// it was fitted on (kSelectModelMinBlocks blocks, kSelectModelMinChars
// characters: a few paragraphs, a short list) its context features are
// outside the range it knows, and the block scores decide.
#ifndef WINNOW_HTML_SELECT_H_
#define WINNOW_HTML_SELECT_H_

#include <vector>

#include "html/blocks.h"
#include "html/dom.h"

namespace winnow::html {

inline constexpr int kSelectFeatureCount = 20;

// Features of every block (row-major, kSelectFeatureCount per block).
void SelectionFeatures(const Dom& dom, const PageBlocks& blocks,
                       const std::vector<double>& scores,
                       std::vector<float>* out);

// Probability that each block is kept, from SelectionFeatures.
void SelectBlocks(const Dom& dom, const PageBlocks& blocks,
                  const std::vector<double>& scores,
                  std::vector<double>* keep);

}  // namespace winnow::html

#endif  // WINNOW_HTML_SELECT_H_
