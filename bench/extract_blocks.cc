// extract_blocks: writes the blocks of web pages with their model features,
// one line per block, for refitting the default block model:
//
//   extract_blocks PAGE.html[.gz] ... > blocks.tsv
//
// Columns: page id (file name up to the first "."), block index, owner
// node, the kBlockFeatureCount block features, the kSelectFeatureCount
// selection features (computed with the current block model), the block
// text (tabs and newlines as spaces).
#include <cstdio>
#include <string>
#include <vector>

#include "html/blocks.h"
#include "html/dom.h"
#include "html/select.h"
#include "winnow/block_scorer.h"
#include "winnow/byte_source.h"
#include "winnow/charset.h"

int main(int argc, char** argv) {
  winnow::html::Dom dom;
  winnow::html::PageBlocks blocks;
  std::vector<float> x, sx;
  std::vector<double> scores;
  auto scorer = winnow::NewDefaultBlockScorer();
  std::string utf8, line;
  for (int a = 1; a < argc; ++a) {
    std::string path = argv[a];
    auto bytes = winnow::ReadWholeFile(path);
    if (!bytes.ok()) {
      std::fprintf(stderr, "%s\n", bytes.status().message().c_str());
      return 1;
    }
    winnow::CharsetInfo info;
    winnow::DecodeHtml(*bytes, "", &utf8, &info);
    for (char& c : utf8) {
      if (c == '\0') c = ' ';
    }
    if (!winnow::html::ParseHtmlDom(utf8, &dom).ok()) continue;
    winnow::html::BuildBlocks(dom, {}, &blocks);
    winnow::BlockFeatureVectors(blocks.blocks, &x);
    scores.assign(blocks.blocks.size(), 0.0);
    scorer->Score(blocks.blocks, scores);
    winnow::html::SelectionFeatures(dom, blocks, scores, &sx);
    std::string id = path.substr(path.find_last_of('/') + 1);
    id = id.substr(0, id.find('.'));
    for (size_t i = 0; i < blocks.blocks.size(); ++i) {
      line = id + "\t" + std::to_string(i) + "\t" +
             std::to_string(blocks.owner[i]);
      for (int k = 0; k < winnow::kBlockFeatureCount; ++k) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "\t%.5g", x[i * winnow::kBlockFeatureCount + k]);
        line += buf;
      }
      for (int k = 0; k < winnow::html::kSelectFeatureCount; ++k) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "\t%.5g",
                      sx[i * winnow::html::kSelectFeatureCount + k]);
        line += buf;
      }
      line += "\t";
      for (char c : blocks.blocks[i].text) {
        line.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
      }
      line += "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  }
  return 0;
}
