// dom.h (internal) — the compact document tree the extractor works on.
//
// The HTML parser's own tree (libxml2) is converted once into this flat,
// preorder array of nodes: a node's subtree is the index range
// [i, end), so every walk over it is a plain loop (no recursion, whatever
// the nesting depth) and subtree sums are one reverse pass. Elements that
// never hold readable text (script, style, svg, forms' inputs, ...) are
// left out while converting, and hidden ones are flagged; what the page says about
// itself (title, meta tags, JSON-LD, canonical link, language) is collected
// on the way into RawMeta.
#ifndef WINNOW_HTML_DOM_H_
#define WINNOW_HTML_DOM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "winnow/status.h"

namespace winnow::html {

enum class Tag : uint8_t {
  kText,  // a text node
  kOther,
  kA, kAddress, kArticle, kAside, kB, kBlockquote, kBody, kBr, kCaption,
  kCenter, kCode, kDd, kDetails, kDialog, kDiv, kDl, kDt, kEm, kFieldset,
  kFigcaption, kFigure, kFont, kFooter, kForm, kH1, kH2, kH3, kH4, kH5, kH6,
  kHead, kHeader, kHr, kHtml, kI, kImg, kLabel, kLegend, kLi, kMain, kMenu,
  kNav, kOl, kP, kPre, kSection, kSmall, kSpan, kStrong, kSummary, kTable,
  kTbody, kTd, kTfoot, kTh, kThead, kTime, kTitle, kTr, kU, kUl, kSup, kSub,
  kCite, kQ, kAbbr, kMark, kDel, kIns, kS, kKbd, kSamp, kVar, kTt, kBig,
  kInline,  // other phrasing elements: wbr, nobr, bdi, data, dfn, ruby, ...
  // Elements whose content is not page text (button, select, textarea,
  // iframe, object, media, canvas, svg, math, template). Their subtree is
  // left out of the text unless it holds most of the page: an unclosed
  // one can swallow the rest of a badly written page.
  kControl,
};

// Tag for a lowercase element name; kOther when it is not one the
// extractor distinguishes.
Tag TagFromName(std::string_view name);

// Element classes the extractor reasons about.
bool IsBlockTag(Tag t);      // starts a new block of text
bool IsHeadingTag(Tag t);    // h1..h6
int HeadingLevel(Tag t);     // 1..6, 0 if not a heading

// Node flags, set while converting.
enum NodeFlags : uint16_t {
  kFlagSemanticMain = 1 << 0,  // <article>, <main>, role=main, articleBody
  kFlagCommentish = 1 << 1,    // class/id names a comment section
  kFlagHidden = 1 << 2,        // hidden, aria-hidden or display:none
};

struct Node {
  Tag tag = Tag::kOther;
  uint16_t flags = 0;
  int32_t parent = -1;
  uint32_t end = 0;         // one past the last node of the subtree
  uint32_t text_begin = 0;  // text nodes: range in Dom::text
  uint32_t text_size = 0;
  // Class/id cue score of this element alone (see cues.h): > 0 looks like
  // content ("article-body"), < 0 like boilerplate ("sidebar").
  int16_t cue = 0;
  uint16_t cue_bits = 0;  // CueBits of this element's own names
};

// What the page says about itself, as found in the markup.
struct RawMeta {
  std::string title;           // <title>
  std::string html_lang;       // <html lang>
  std::string canonical;       // <link rel=canonical href>
  // <meta name|property|itemprop=KEY content=VALUE>, key lowercased, in
  // document order.
  std::vector<std::pair<std::string, std::string>> meta;
  std::vector<std::string> json_ld;  // bodies of ld+json scripts
  std::vector<std::string> time_datetimes;  // <time datetime> values
  std::string rel_author;      // text of the first <a rel=author>
  std::string first_h1;        // text of the first <h1>
};

struct Dom {
  std::vector<Node> nodes;  // preorder; nodes[0] is the root element
  std::string text;         // text of all text nodes, back to back
  RawMeta meta;
  uint64_t hidden = 0;  // hidden elements (kFlagHidden)

  std::string_view Text(const Node& n) const {
    return std::string_view(text).substr(n.text_begin, n.text_size);
  }
  void Clear() {
    nodes.clear();
    text.clear();
    meta = RawMeta();
    hidden = 0;
  }
};

// Parses `utf8` (valid UTF-8, no NUL bytes) with libxml2's HTML parser and
// converts its tree into `dom`. Never recurses: any nesting depth is fine.
// Fails only when the parser returns no document at all.
Status ParseHtmlDom(std::string_view utf8, Dom* dom);

}  // namespace winnow::html

#endif  // WINNOW_HTML_DOM_H_
