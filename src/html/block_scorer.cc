// The default block scorer: a small neural network (mlp.h) over
// BlockFeatureVectors.
// The weights (block_model.inc) are fitted by scripts/extract_train.py on
// the held-in pages of the extraction benchmark; the features are general
// (text statistics, link density, element and class-name cues), never a
// site's own markup.
#include "winnow/block_scorer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "html/mlp.h"

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
constexpr std::string_view kStopwords[] = {
    "the",   "and",   "of",   "to",   "a",     "in",    "is",   "that", "for",
    "it",    "as",    "was",  "with", "be",    "on",    "not",  "he",   "she",
    "they",  "we",    "this", "are",  "or",    "by",    "at",   "from", "but",
    "have",  "has",   "had",  "an",   "which", "their", "were", "been", "will",
    "would", "there", "can",  "its",  "also",  "into",  "than", "more", "about",
    "who",   "when",  "if",   "der",  "die",   "das",   "und",  "ist",  "nicht",
    "ein",   "eine",  "zu",   "mit",  "den",   "von",   "sich", "auf",  "für",
    "dem",   "auch",  "es",   "im",   "wird",  "le",    "la",   "les",  "et",
    "des",   "est",   "un",   "une",  "du",    "que",   "qui",  "dans", "pour",
    "pas",   "sur",   "au",   "avec", "ce",    "il",    "elle", "sont", "el",
    "los",   "las",   "y",    "en",   "del",   "se",    "por",  "con",  "una",
    "para",  "es",    "lo",   "como", "su",    "al",    "más",  "pero", "di",
    "il",    "che",   "è",    "per",  "non",   "della", "sono", "gli",  "da",
    "nel",   "o",     "os",   "as",   "do",    "da",    "em",   "um",   "uma",
    "não",   "na",    "no",   "de",   "het",   "een",   "van",  "ik",   "je",
    "niet",  "op",    "dat",  "zijn", "voor",  "met",   "ook"};

// Every word of every block is looked up, so the set is an open-addressing
// table of words packed into integers (bytes and length), filled at
// compile time: a lookup is a multiply and, mostly, one comparison.
constexpr size_t kPackedMaxBytes = 7;

constexpr uint64_t PackWord(std::string_view w) {
  uint64_t key = w.size();
  for (size_t i = 0; i < w.size(); ++i) {
    key |= uint64_t{static_cast<unsigned char>(w[i])} << (8 * (i + 1));
  }
  return key;
}

constexpr bool StopwordsFitPacking() {
  for (std::string_view w : kStopwords) {
    if (w.empty() || w.size() > kPackedMaxBytes) return false;
  }
  return true;
}
static_assert(StopwordsFitPacking(),
              "a stopword is longer than PackWord holds");

class StopwordSet {
 public:
  constexpr StopwordSet() {
    for (std::string_view w : kStopwords) {
      const uint64_t key = PackWord(w);
      size_t i = Slot(key);
      while (slots_[i] != 0 && slots_[i] != key) i = (i + 1) % kSlots;
      slots_[i] = key;
    }
  }

  bool Contains(std::string_view w) const {
    if (w.empty() || w.size() > kPackedMaxBytes) return false;
    const uint64_t key = PackWord(w);
    for (size_t i = Slot(key); slots_[i] != 0; i = (i + 1) % kSlots) {
      if (slots_[i] == key) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kSlots = 512;  // at most a third full
  static_assert(std::size(kStopwords) * 3 <= kSlots);
  static constexpr size_t Slot(uint64_t key) {
    return (key * 0x9E3779B97F4A7C15ull) >> 55;  // top 9 bits: 0..511
  }
  uint64_t slots_[kSlots] = {};
};

constexpr StopwordSet kStopwordSet;

// Phrases that mark a short block as legal small print, an appeal,
// interface text or a cookie notice, matched with ASCII case ignored.
enum PhraseCue : uint8_t {
  kPhraseLegal = 1,
  kPhraseAppeal = 2,
  kPhraseUi = 4,
  kPhraseCookie = 8,
};

struct Phrase {
  std::string_view text;  // lowercase
  PhraseCue cue;
};

constexpr Phrase kPhrases[] = {
    {"\xC2\xA9", kPhraseLegal},
    {"copyright", kPhraseLegal},
    {"all rights reserved", kPhraseLegal},
    {"privacy policy", kPhraseLegal},
    {"terms of ", kPhraseLegal},
    {"terms and", kPhraseLegal},
    {"subscribe", kPhraseAppeal},
    {"newsletter", kPhraseAppeal},
    {"sign up", kPhraseAppeal},
    {"donate", kPhraseAppeal},
    {"support us", kPhraseAppeal},
    {"inbox", kPhraseAppeal},
    {"free trial", kPhraseAppeal},
    {"share", kPhraseUi},
    {"follow us", kPhraseUi},
    {"read more", kPhraseUi},
    {"log in", kPhraseUi},
    {"login", kPhraseUi},
    {"skip to", kPhraseUi},
    {"click here", kPhraseUi},
    {"menu", kPhraseUi},
    {"search", kPhraseUi},
    {"load more", kPhraseUi},
    {"comments", kPhraseUi},
    {"advertisement", kPhraseUi},
    {"related", kPhraseUi},
    {"previous", kPhraseUi},
    {"next", kPhraseUi},
    {"cookie", kPhraseCookie},
    {"consent", kPhraseCookie},
};
static_assert(std::size(kPhrases) <= 32, "phrase sets are 32-bit masks");

// Masks over kPhrases: the phrases starting with each byte, and those of
// each cue.
struct PhraseMasks {
  uint32_t by_first_byte[256] = {};
  uint32_t by_cue[16] = {};  // indexed by PhraseCue
  constexpr PhraseMasks() {
    for (size_t i = 0; i < std::size(kPhrases); ++i) {
      by_first_byte[static_cast<unsigned char>(kPhrases[i].text[0])] |= 1u << i;
      by_cue[kPhrases[i].cue] |= 1u << i;
    }
  }
};

constexpr PhraseMasks kPhraseMasks;

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool StartsWithLower(std::string_view t, size_t at, std::string_view phrase) {
  if (t.size() - at < phrase.size()) return false;
  for (size_t k = 0; k < phrase.size(); ++k) {
    if (Lower(t[at + k]) != phrase[k]) return false;
  }
  return true;
}

// The PhraseCues of the phrases that occur in `t`. One pass: at each
// position only the phrases starting with its byte are compared, and none
// of a cue already found.
uint8_t FindPhraseCues(std::string_view t) {
  uint8_t found = 0;
  uint32_t open = (uint64_t{1} << std::size(kPhrases)) - 1;
  for (size_t p = 0; p < t.size() && open != 0; ++p) {
    uint32_t candidates =
        kPhraseMasks.by_first_byte[static_cast<unsigned char>(Lower(t[p]))] &
        open;
    while (candidates != 0) {
      const int i = __builtin_ctz(candidates);
      candidates &= candidates - 1;
      if (!StartsWithLower(t, p, kPhrases[i].text)) continue;
      found |= kPhrases[i].cue;
      open &= ~kPhraseMasks.by_cue[kPhrases[i].cue];
      candidates &= open;
    }
  }
  return found;
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
  size_t words = 0, stops = 0, caps = 0, letters = 0, digits = 0, punct = 0;
  size_t seps = 0, sentences = 0;
  char word[32];
  size_t wn = 0, wlen = 0;
  bool word_long = false;
  auto end_word = [&] {
    if (wlen == 0) return;
    ++words;
    if (!word_long && kStopwordSet.Contains(std::string_view(word, wn))) {
      ++stops;
    }
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
    const uint8_t cues = FindPhraseCues(t);
    s.legal = cues & kPhraseLegal;
    s.appeal = cues & kPhraseAppeal;
    s.ui = cues & kPhraseUi;
    s.cookie = cues & kPhraseCookie;
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
      scores[i] = model_.Predict(x);
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
  const html::Mlp model_{kBlockModel};
  std::vector<float> x_;
};

}  // namespace

void BlockFeatureVectors(std::span<const BlockFeatures> blocks,
                         std::vector<float>* out) {
  const size_t n = blocks.size();
  out->assign(n * kBlockFeatureCount, 0.0f);
  uint32_t max_chars = 1;
  for (const BlockFeatures& b : blocks) max_chars = std::max(max_chars, b.chars);
  constexpr double kPositionBlocks = 20;
  const double position_weight = std::min(1.0, n / kPositionBlocks);
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
    // Where the block's slot is centred, drawn towards the middle on pages
    // of fewer than kPositionBlocks blocks. Position says "header, menu" at
    // the top of a page and "footer" at the bottom because pages of the
    // usual size (99% of the benchmark's have more than 20 blocks) begin
    // and end with them; a page of a few paragraphs does not, and every
    // one of its blocks is near an end. (i / (n - 1) also put a page's
    // only block at 0, among the menus.)
    x[k++] = static_cast<float>(0.5 + ((i + 0.5) / n - 0.5) *
                                          position_weight);  // 46
    x[k++] = b.words < 4 ? 1.0f : 0.0f;                    // 47
    x[k++] = s.legal ? 1.0f : 0.0f;                        // 48
    x[k++] = s.appeal ? 1.0f : 0.0f;                       // 49
    x[k++] = s.ui ? 1.0f : 0.0f;                           // 50
    x[k++] = s.cookie ? 1.0f : 0.0f;                       // 51
    // The neighbours. A block at an edge of the page stands in for the
    // neighbour it lacks (replicate padding). An absent neighbour written
    // as an empty one (0 characters, no links) told the model "first or
    // last block of the page", and on the benchmark's pages those are
    // always headers, menus and footers, so the blocks of a page without
    // any (one to three paragraphs) all looked like its edges: boilerplate.
    const BlockFeatures& prev = i > 0 ? blocks[i - 1] : b;
    const BlockFeatures& next = i + 1 < n ? blocks[i + 1] : b;
    x[k++] = static_cast<float>(std::log1p(prev.chars) / 8);  // 52
    x[k++] = static_cast<float>(std::log1p(next.chars) / 8);  // 53
    x[k++] = static_cast<float>(LinkDensity(prev));        // 54
    x[k++] = static_cast<float>(LinkDensity(next));        // 55
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
