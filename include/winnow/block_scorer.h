// block_scorer.h — how likely one block of a web page is its main content.
//
// The extractor (html_extract.h) cuts a page into blocks — paragraphs,
// headings, list items, table rows, quotes, preformatted text — and
// describes each by its text and by where it sits in the page: inside
// <article> or <nav>, under an element named "sidebar" or "entry-content",
// how much of it is link text, how far down the page. A BlockScorer turns
// those features into a probability that the block belongs to the main
// content. The extractor then decides, in the page's context, which blocks
// to keep (src/html/select.h).
//
// This interface is the seam between the HTML side and the plain-text
// paragraph model: a scorer sees each block's text, so a text classifier
// (stopword density, caption and credit patterns, appeals, share prompts,
// cookie notices) plugs in here and is combined with the DOM features.
// NewDefaultBlockScorer() is winnow's built-in model: a small neural
// network (one hidden layer) over the features of BlockFeatureVectors(),
// fitted on held-in pages of a public benchmark (see
// docs/results/extract_quality.md).
//
//   auto scorer = winnow::NewDefaultBlockScorer();
//   std::vector<double> p(blocks.size());
//   scorer->Score(blocks, p);   // p[i] in [0, 1]
//
// Cost: the default scorer is a few hundred operations per block.
// Scorers never fail; each thread uses its own instance.
#ifndef WINNOW_BLOCK_SCORER_H_
#define WINNOW_BLOCK_SCORER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace winnow {

enum class BlockKind : uint8_t {
  kParagraph,  // <p>, or text directly in a generic container
  kHeading,    // <h1>..<h6>
  kListItem,   // <li>, <dt>, <dd>
  kTableRow,   // <tr>: cells joined by " | "
  kQuote,      // inside <blockquote>
  kPre,        // inside <pre>: lines kept as they are
  kCaption,    // <figcaption>, <caption>
};

// What class and id names of a block's ancestors say (bits of
// BlockFeatures::cue_bits).
enum CueBits : uint16_t {
  kCueContent = 1 << 0,       // article, content, entry, post, story, body
  kCueNav = 1 << 1,           // nav, menu, breadcrumb, pagination
  kCueSide = 1 << 2,          // sidebar, widget
  kCueHeaderFooter = 1 << 3,  // header, footer, masthead, copyright
  kCueComment = 1 << 4,       // comment, reply, respond, disqus
  kCueShare = 1 << 5,         // share, social, follow
  kCueRelated = 1 << 6,       // related, recommended, popular, trending
  kCueAd = 1 << 7,            // ad, ads, advert, sponsor, promo
  kCueAppeal = 1 << 8,        // newsletter, subscribe, donate, cookie, modal
  kCueMeta = 1 << 9,          // byline, author, date, tags, category
  kCueCaption = 1 << 10,      // caption, credit, gallery
  kCueHidden = 1 << 11,       // hidden, sr-only, visually-hidden
  kCueTitle = 1 << 12,        // title, headline, heading
  // cookie, consent, gdpr: set with kCueAppeal. Not a model feature; it
  // tells the extractor that an element is a consent dialog however much
  // of the page's text it holds.
  kCueConsent = 1 << 13,
};

// Structural elements around a block (bits of BlockFeatures::context).
enum ContextBits : uint16_t {
  kInNav = 1 << 0,      // <nav>, <menu>
  kInHeader = 1 << 1,   // <header>
  kInFooter = 1 << 2,   // <footer>
  kInAside = 1 << 3,    // <aside>
  kInForm = 1 << 4,     // <form>, <fieldset>, <label>
  kInFigure = 1 << 5,   // <figure>
  kInTable = 1 << 6,    // <table>
  kInList = 1 << 7,     // <ul>, <ol>, <dl>
  kInDialog = 1 << 8,   // <dialog>
  kInMain = 1 << 9,     // <article>, <main>, role=main, itemprop=articleBody
  kInAddress = 1 << 10, // <address>
  kInDetails = 1 << 11, // <details>
};

struct BlockFeatures {
  std::string_view text;  // whitespace collapsed, UTF-8
  BlockKind kind = BlockKind::kParagraph;
  uint8_t heading_level = 0;  // 1..6 for headings
  uint32_t chars = 0;         // code points of text
  uint32_t words = 0;
  uint32_t link_chars = 0;    // code points inside <a>
  uint32_t links = 0;         // <a> elements
  uint32_t index = 0;         // position among the page's blocks
  uint32_t depth = 0;         // element nesting depth
  int32_t cue_sum = 0;        // summed class/id cue scores of ancestors
  uint16_t cue_bits = 0;      // CueBits of ancestors
  uint16_t context = 0;       // ContextBits
};

// Number of entries BlockFeatureVector() writes.
inline constexpr int kBlockFeatureCount = 60;

// The numeric features of every block of one page (its own, and a little
// of its neighbours'), as the default model reads them: row i of `out`
// (blocks.size() rows of kBlockFeatureCount values) describes blocks[i].
// Exposed so that the model can be refitted (scripts/extract_train.py).
void BlockFeatureVectors(std::span<const BlockFeatures> blocks,
                         std::vector<float>* out);

class BlockScorer {
 public:
  virtual ~BlockScorer() = default;
  // Writes into scores[i] the probability that blocks[i] is main content.
  // `blocks` are all the blocks of one page, in reading order.
  virtual void Score(std::span<const BlockFeatures> blocks,
                     std::span<double> scores) = 0;
};

std::unique_ptr<BlockScorer> NewDefaultBlockScorer();

}  // namespace winnow

#endif  // WINNOW_BLOCK_SCORER_H_
