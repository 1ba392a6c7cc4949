// The default block scorer: a small neural network (mlp.h) over
// BlockFeatureVectors.
// The weights (block_model.inc) are fitted by scripts/extract_train.py on
// the held-in pages of the extraction benchmark; the features are general
// (text statistics, link density, element and class-name cues), never a
// site's own markup.
#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "html/mlp.h"
#include "winnow/block_scorer.h"

namespace winnow {
namespace {

#include "html/block_model.inc"

static_assert(kBlockModelInputs == kBlockFeatureCount,
              "block_model.inc does not match kBlockFeatureCount");

constexpr html::MlpWeights kBlockModel = {
    kBlockModelInputs, kBlockModelHidden, kBlockModelW1, kBlockModelB1,
    kBlockModelW2, kBlockModelB2};

// Frequent function words of the seven languages winnow's paragraph model
// knows (en, de, fr, es, it, pt, nl): running prose is full of them,
// menus and link lists are not.
const std::unordered_set<std::string_view>& Stopwords() {
  static const auto* words = new std::unordered_set<std::string_view>{
      "the", "and", "of", "to", "a", "in", "is", "that", "for", "it", "as",
      "was", "with", "be", "on", "not", "he", "she", "they", "we", "this",
      "are", "or", "by", "at", "from", "but", "have", "has", "had", "an",
      "which", "their", "were", "been", "will", "would", "there", "can",
      "its", "also", "into", "than", "more", "about", "who", "when", "if",
      "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "mit",
      "den", "von", "sich", "auf", "für", "dem", "auch", "es", "im", "wird",
      "le", "la", "les", "et", "des", "est", "un", "une", "du", "que", "qui",
      "dans", "pour", "pas", "sur", "au", "avec", "ce", "il", "elle", "sont",
      "el", "los", "las", "y", "en", "del", "se", "por", "con", "una", "para",
      "es", "lo", "como", "su", "al", "más", "pero", "di", "il", "che", "è",
      "per", "non", "della", "sono", "gli", "da", "nel", "o", "os", "as",
      "do", "da", "em", "um", "uma", "não", "na", "no", "de", "het", "een",
      "van", "ik", "je", "niet", "op", "dat", "zijn", "voor", "met", "ook"};
  return *words;
}

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

struct TextStats {
  double stopword_ratio = 0;
  double avg_word_len = 0;
  double capital_ratio = 0;
  double digit_ratio = 0;
  double punct_per_word = 0;
  double sentences = 0;
  double separators = 0;  // "|", "•", "·", "/" between words
  bool terminal = false;
  bool legal = false, appeal = false, ui = false, cookie = false;
};

TextStats Analyze(const BlockFeatures& b) {
  TextStats s;
  std::string_view t = b.text;
  const auto& stop = Stopwords();
  size_t words = 0, stops = 0, caps = 0, letters = 0, digits = 0, punct = 0;
  size_t seps = 0, sentences = 0;
  char word[32];
  size_t wn = 0, wlen = 0;
  bool word_long = false;
  auto end_word = [&] {
    if (wlen == 0) return;
    ++words;
    if (!word_long && stop.count(std::string_view(word, wn))) ++stops;
    wn = wlen = 0;
    word_long = false;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\n') {
      end_word();
      continue;
    }
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
        c == '?') {
      ++punct;
      if ((c == '.' || c == '!' || c == '?') &&
          (i + 1 == t.size() || t[i + 1] == ' ')) {
        ++sentences;
      }
      end_word();
      continue;
    }
    if (c == '|' || c == '/' || c == '>') {
      ++seps;
      end_word();
      continue;
    }
    if (c >= '0' && c <= '9') ++digits;
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80;
    if (!alpha && !(c >= '0' && c <= '9') && c != '\'' && c != '-') {
      end_word();
      continue;
    }
    if (u >= 0x80 && (u & 0xC0) == 0x80) {
      // continuation byte: part of the current letter
    } else {
      ++wlen;
      if (alpha) ++letters;
      if (wlen == 1 && c >= 'A' && c <= 'Z') ++caps;
    }
    if (wn < sizeof word) {
      word[wn++] = Lower(c);
    } else {
      word_long = true;
    }
  }
  end_word();
  // Bullets and middle dots as separators.
  for (size_t p = 0; (p = t.find("\xE2\x80\xA2", p)) != std::string_view::npos;
       p += 3) {
    ++seps;
  }
  double w = words > 0 ? static_cast<double>(words) : 1.0;
  s.stopword_ratio = stops / w;
  s.avg_word_len = letters / w;
  s.capital_ratio = caps / w;
  s.digit_ratio = b.chars > 0 ? static_cast<double>(digits) / b.chars : 0;
  s.punct_per_word = punct / w;
  s.sentences = static_cast<double>(sentences);
  s.separators = seps / w;
  if (!t.empty()) {
    std::string_view end = t.substr(t.size() >= 4 ? t.size() - 4 : 0);
    s.terminal = Contains(end, ".") || Contains(end, "!") ||
                 Contains(end, "?") || Contains(end, "\xE2\x80\x9D") ||
                 Contains(end, "\"") || Contains(end, "\xE3\x80\x82");
  }
  if (b.chars <= 400) {
    std::string lower;
    lower.reserve(t.size());
    for (char c : t) lower.push_back(Lower(c));
    s.legal = Contains(lower, "\xC2\xA9") || Contains(lower, "copyright") ||
              Contains(lower, "all rights reserved") ||
              Contains(lower, "privacy policy") ||
              Contains(lower, "terms of ") || Contains(lower, "terms and");
    s.appeal = Contains(lower, "subscribe") ||
               Contains(lower, "newsletter") || Contains(lower, "sign up") ||
               Contains(lower, "donate") || Contains(lower, "support us") ||
               Contains(lower, "inbox") || Contains(lower, "free trial");
    s.ui = Contains(lower, "share") || Contains(lower, "follow us") ||
           Contains(lower, "read more") || Contains(lower, "log in") ||
           Contains(lower, "login") || Contains(lower, "skip to") ||
           Contains(lower, "click here") || Contains(lower, "menu") ||
           Contains(lower, "search") || Contains(lower, "load more") ||
           Contains(lower, "comments") || Contains(lower, "advertisement") ||
           Contains(lower, "related") || Contains(lower, "previous") ||
           Contains(lower, "next");
    s.cookie = Contains(lower, "cookie") || Contains(lower, "consent");
  }
  return s;
}

double LinkDensity(const BlockFeatures& b) {
  return b.chars > 0 ? std::min(1.0, static_cast<double>(b.link_chars) /
                                         b.chars)
                     : 0.0;
}

class DefaultScorer final : public BlockScorer {
 public:
  void Score(std::span<const BlockFeatures> blocks,
             std::span<double> scores) override {
    BlockFeatureVectors(blocks, &x_);
    for (size_t i = 0; i < blocks.size(); ++i) {
      const float* x = x_.data() + i * kBlockFeatureCount;
      scores[i] = html::MlpPredict(kBlockModel, x);
      // When the markup and the words agree that a block is an appeal
      // (inside a "newsletter"/"donate"/"subscribe" element and saying
      // "subscribe", "donate", "sign up") or a share prompt (inside a
      // "share"/"social" element and saying "share", "follow us"), it is
      // not content, whatever else it looks like; nor is a figure caption
      // with its credit (<figcaption> in a <figure>). The benchmark the
      // model is fitted on has too few of them to learn this on its own.
      const bool appeal = x[22 + 8] > 0 && x[49] > 0;  // kCueAppeal, phrase
      const bool share = x[22 + 5] > 0 && x[50] > 0;   // kCueShare, phrase
      const bool caption = blocks[i].kind == BlockKind::kCaption &&
                           (blocks[i].context & kInFigure);
      if (appeal || share || caption) scores[i] = std::min(scores[i], 0.05);
    }
  }

 private:
  std::vector<float> x_;
};

}  // namespace

void BlockFeatureVectors(std::span<const BlockFeatures> blocks,
                         std::vector<float>* out) {
  const size_t n = blocks.size();
  out->assign(n * kBlockFeatureCount, 0.0f);
  uint32_t max_chars = 1;
  for (const BlockFeatures& b : blocks) max_chars = std::max(max_chars, b.chars);
  for (size_t i = 0; i < n; ++i) {
    const BlockFeatures& b = blocks[i];
    float* x = out->data() + i * kBlockFeatureCount;
    TextStats s = Analyze(b);
    double ld = LinkDensity(b);
    int k = 0;
    x[k++] = 1.0f;                                         // 0 bias
    x[k++] = static_cast<float>(std::log1p(b.chars) / 8);  // 1
    x[k++] = static_cast<float>(std::log1p(b.words) / 6);  // 2
    x[k++] = static_cast<float>(ld);                       // 3
    x[k++] = ld > 0.5 ? 1.0f : 0.0f;                       // 4
    x[k++] = static_cast<float>(std::log1p(b.links) / 3);  // 5
    x[k++] = s.terminal ? 1.0f : 0.0f;                     // 6
    x[k++] = static_cast<float>(std::min(1.0, s.punct_per_word));  // 7
    x[k++] = static_cast<float>(s.stopword_ratio);         // 8
    x[k++] = static_cast<float>(std::min(2.0, s.avg_word_len / 10));  // 9
    x[k++] = static_cast<float>(s.capital_ratio);          // 10
    x[k++] = static_cast<float>(s.digit_ratio);            // 11
    for (int kind = 0; kind < 7; ++kind) {                 // 12..18
      x[k++] = static_cast<int>(b.kind) == kind ? 1.0f : 0.0f;
    }
    x[k++] = b.heading_level / 6.0f;                       // 19
    x[k++] = (b.context & kInMain) ? 1.0f : 0.0f;          // 20
    x[k++] = static_cast<float>(std::clamp(b.cue_sum, -20, 20) / 10.0);  // 21
    for (int bit = 0; bit < 13; ++bit) {                   // 22..34
      x[k++] = (b.cue_bits >> bit) & 1 ? 1.0f : 0.0f;
    }
    static constexpr uint16_t kContexts[] = {
        kInNav,  kInHeader, kInFooter, kInAside,   kInForm,   kInFigure,
        kInTable, kInList,  kInDialog, kInAddress, kInDetails};
    for (uint16_t c : kContexts) {                         // 35..45
      x[k++] = (b.context & c) ? 1.0f : 0.0f;
    }
    x[k++] = n > 1 ? static_cast<float>(i) / (n - 1) : 0.0f;  // 46
    x[k++] = b.words < 4 ? 1.0f : 0.0f;                    // 47
    x[k++] = s.legal ? 1.0f : 0.0f;                        // 48
    x[k++] = s.appeal ? 1.0f : 0.0f;                       // 49
    x[k++] = s.ui ? 1.0f : 0.0f;                           // 50
    x[k++] = s.cookie ? 1.0f : 0.0f;                       // 51
    x[k++] = i > 0 ? static_cast<float>(std::log1p(blocks[i - 1].chars) / 8)
                   : 0.0f;                                 // 52
    x[k++] = i + 1 < n
                 ? static_cast<float>(std::log1p(blocks[i + 1].chars) / 8)
                 : 0.0f;                                   // 53
    x[k++] = i > 0 ? static_cast<float>(LinkDensity(blocks[i - 1])) : 0.0f;
    x[k++] = i + 1 < n ? static_cast<float>(LinkDensity(blocks[i + 1]))
                       : 0.0f;                             // 55
    x[k++] = static_cast<float>(static_cast<double>(b.chars) / max_chars);
    x[k++] = ld > 0.9 ? 1.0f : 0.0f;                       // 57
    x[k++] = static_cast<float>(std::min(1.0, s.separators));  // 58
    x[k++] = static_cast<float>(std::log1p(s.sentences) / 3);  // 59
  }
}

std::unique_ptr<BlockScorer> NewDefaultBlockScorer() {
  return std::make_unique<DefaultScorer>();
}

}  // namespace winnow
