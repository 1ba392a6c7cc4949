// extract_blocks: writes the blocks of web pages with their model features,
// one line per block, for refitting the default block model:
//
//   extract_blocks [--block-model MODEL.inc] PAGE.html[.gz] ... > blocks.tsv
//
// --block-model scores blocks with a block model file instead of the
// built-in one (out-of-fold scores for the selection features).
//
// Columns: page id (file name up to the first "."), block index, owner
// node, the kBlockFeatureCount block features, the kSelectFeatureCount
// selection features (computed with the current block model), the block
// text (tabs and newlines as spaces).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "html/mlp.h"
#include "html/prestrip.h"

#include "html/blocks.h"
#include "html/dom.h"
#include "html/select.h"
#include "winnow/block_scorer.h"
#include "winnow/byte_source.h"
#include "winnow/charset.h"

namespace {

// A block model read from a block_model.inc file at run time, for
// out-of-fold scores when fitting the selection model.
class FileScorer final : public winnow::BlockScorer {
 public:
  bool Load(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string text = ss.str();
    std::vector<std::vector<double>> values;
    size_t p = 0;
    while ((p = text.find('=', p)) != std::string::npos) {
      size_t e = text.find(';', p);
      std::string body = text.substr(p + 1, e - p - 1);
      std::vector<double> v;
      const char* c = body.c_str();
      char* end;
      while (*c) {
        if ((*c >= '0' && *c <= '9') || *c == '-' || *c == '.') {
          v.push_back(std::strtod(c, &end));
          c = end;
        } else {
          ++c;
        }
      }
      values.push_back(v);
      p = e;
    }
    if (values.size() != 6) return false;
    inputs_ = static_cast<int>(values[0][0]);
    hidden_ = static_cast<int>(values[1][0]);
    w1_ = values[2];
    b1_ = values[3];
    w2_ = values[4];
    b2_ = values[5][0];
    return inputs_ == winnow::kBlockFeatureCount &&
           w1_.size() == static_cast<size_t>(inputs_ * hidden_);
  }
  void Score(std::span<const winnow::BlockFeatures> blocks,
             std::span<double> scores) override {
    winnow::BlockFeatureVectors(blocks, &x_);
    winnow::html::MlpWeights m{inputs_, hidden_, w1_.data(), b1_.data(),
                               w2_.data(), b2_};
    for (size_t i = 0; i < blocks.size(); ++i) {
      scores[i] = winnow::html::MlpPredict(m, x_.data() + i * inputs_);
    }
  }

 private:
  int inputs_ = 0, hidden_ = 0;
  std::vector<double> w1_, b1_, w2_;
  double b2_ = 0;
  std::vector<float> x_;
};

}  // namespace

int main(int argc, char** argv) {
  winnow::html::Dom dom;
  winnow::html::PageBlocks blocks;
  std::vector<float> x, sx;
  std::vector<double> scores;
  std::unique_ptr<winnow::BlockScorer> scorer = winnow::NewDefaultBlockScorer();
  int first = 1;
  if (argc > 2 && std::strcmp(argv[1], "--block-model") == 0) {
    auto fs = std::make_unique<FileScorer>();
    if (!fs->Load(argv[2])) {
      std::fprintf(stderr, "%s: not a block model\n", argv[2]);
      return 2;
    }
    scorer = std::move(fs);
    first = 3;
  }
  std::string utf8, line;
  for (int a = first; a < argc; ++a) {
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
    winnow::html::StripNonText(&utf8);
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
