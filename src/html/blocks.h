// blocks.h (internal) — cutting a converted page into blocks of text.
//
// A block is the text between two block-level boundaries (an element like
// <p>, <div>, <li>, <h2>, <tr>, <br> opening or closing), with its
// whitespace collapsed as a browser renders it; <pre> keeps its lines.
// Each block carries the features a BlockScorer reads and the node that
// owns it (its nearest block-level ancestor), so that the extractor can
// sum block scores over subtrees.
#ifndef WINNOW_HTML_BLOCKS_H_
#define WINNOW_HTML_BLOCKS_H_

#include <string>
#include <vector>

#include "html/dom.h"
#include "winnow/block_scorer.h"

namespace winnow::html {

struct PageBlocks {
  std::vector<BlockFeatures> blocks;  // text views point into `text`
  std::vector<int32_t> owner;         // owning node of each block
  std::string text;
  std::string first_h1;               // text of the first <h1> block

  void Clear() {
    blocks.clear();
    owner.clear();
    text.clear();
    first_h1.clear();
  }
};

struct BlockOptions {
  bool tables = true;  // false: table rows are left out
  // Hidden elements' text (kFlagHidden). Off by default; the extractor
  // turns it on for pages whose visible part holds no content (pages that
  // render by revealing hidden server-rendered markup).
  bool include_hidden = false;
};

void BuildBlocks(const Dom& dom, const BlockOptions& options,
                 PageBlocks* out);

}  // namespace winnow::html

#endif  // WINNOW_HTML_BLOCKS_H_
