// Main-content extraction: decode, parse, cut into blocks, score, pick the
// content region, write its likely blocks as text.
#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_set>

#include "html/blocks.h"
#include "html/dom.h"
#include "html/metadata.h"
#include "html/prestrip.h"
#include "html/select.h"
#include "winnow/html_extract.h"
#include "winnow/paragraph_classifier.h"

namespace winnow {
namespace {

// Control bytes other than whitespace, escape (ISO-2022) and DEL in the
// first 8 KiB: text has almost none, binary data many.
bool LooksBinary(std::string_view bytes, std::string* why) {
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    return false;  // UTF-16 with a byte order mark
  }
  std::string_view head = bytes.substr(0, 8192);
  size_t control = 0;
  for (unsigned char c : head) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
        c != 0x1B) {
      ++control;
    }
  }
  if (head.size() >= 16 && control * 20 > head.size()) {
    *why = "not text: " + std::to_string(control) + " of the first " +
           std::to_string(head.size()) +
           " bytes are control bytes (binary data served as HTML?)";
    return true;
  }
  return false;
}

struct Scratch {
  std::string utf8;
  html::Dom dom;
  html::PageBlocks blocks;
  std::vector<double> scores;
  std::vector<double> keep;
  std::unique_ptr<BlockScorer> scorer;
  std::vector<uint32_t> kept;     // indices of the blocks kept
  std::vector<Block> paragraphs;  // the kept blocks, for the classifier
  std::vector<Verdict> verdicts;
  std::unordered_set<std::string_view> seen;  // texts of kept paragraphs
};

ParagraphKind KindOf(const BlockFeatures& b) {
  switch (b.kind) {
    case BlockKind::kHeading:
      return ParagraphKind::kHeading;
    case BlockKind::kListItem:
      return ParagraphKind::kListItem;
    case BlockKind::kTableRow:
      return ParagraphKind::kTableCell;
    case BlockKind::kCaption:
      return ParagraphKind::kCaption;
    case BlockKind::kParagraph:
    case BlockKind::kQuote:
      return ParagraphKind::kParagraph;
    default:
      return ParagraphKind::kUnknown;
  }
}

// The classes the words tell better than the markup. Navigation, noise and
// metadata are left to the DOM model: on listing and product pages short
// link-like lines are often the content.
bool Drops(const Verdict& v) {
  if (v.keep) return false;
  switch (v.cls) {
    case BoilerplateClass::kCaption:
    case BoilerplateClass::kAppeal:
    case BoilerplateClass::kNewsletter:
    case BoilerplateClass::kShare:
    case BoilerplateClass::kCookie:
    case BoilerplateClass::kInterface:
    case BoilerplateClass::kLegal:
      return true;
    default:
      return false;
  }
}

// Drops from `kept` the blocks the paragraph classifier removes.
void ClassifyKept(const std::vector<BlockFeatures>& blocks, Scratch& s) {
  s.paragraphs.clear();
  for (uint32_t i : s.kept) {
    const BlockFeatures& b = blocks[i];
    Block p;
    p.text = b.text;
    p.kind = KindOf(b);
    p.link_density = b.chars > 0 ? static_cast<float>(b.link_chars) /
                                       static_cast<float>(b.chars)
                                 : 0.0f;
    s.paragraphs.push_back(p);
  }
  ClassifyBlocks(s.paragraphs, ClassifierOptions(), &s.verdicts);
  size_t out = 0;
  for (size_t j = 0; j < s.kept.size(); ++j) {
    // Preformatted text (code, verse) is not prose: the classifier's
    // features do not apply to it.
    if (!Drops(s.verdicts[j]) || blocks[s.kept[j]].kind == BlockKind::kPre) {
      s.kept[out++] = s.kept[j];
    }
  }
  s.kept.resize(out);
}

// A paragraph that repeats one kept earlier, word for word, is the same
// text shown twice: carousels clone their slides, and pages carry a
// desktop and a mobile copy of a product description or a review, one
// of them hidden by a stylesheet the extractor does not read. Readers
// (and the benchmark's annotators) see it once. Short repeats are left
// alone: "$17.00", "Yes", "Reply" legitimately recur in product grids,
// tables and threads; so are preformatted blocks (code repeats).
constexpr uint32_t kMinRepeatChars = 40;

void DropRepeats(const std::vector<BlockFeatures>& blocks, Scratch& s) {
  s.seen.clear();
  size_t out = 0;
  for (uint32_t i : s.kept) {
    const BlockFeatures& b = blocks[i];
    if (b.chars >= kMinRepeatChars && b.kind != BlockKind::kPre) {
      if (!s.seen.insert(b.text).second) continue;
    }
    s.kept[out++] = i;
  }
  s.kept.resize(out);
}

Scratch& LocalScratch() {
  thread_local Scratch s;
  return s;
}

void AppendBlock(const BlockFeatures& b, const ExtractOptions& options,
                 std::string* out, uint32_t* lines) {
  auto line = [&](std::string_view s) {
    if (s.empty()) return;
    if (!out->empty()) out->push_back('\n');
    out->append(s);
    ++*lines;
  };
  if (b.kind == BlockKind::kPre) {
    std::string_view t = b.text;
    size_t i = 0;
    while (i <= t.size()) {
      size_t j = t.find('\n', i);
      if (j == std::string_view::npos) j = t.size();
      std::string_view l = t.substr(i, j - i);
      while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) {
        l.remove_suffix(1);
      }
      bool blank = l.find_first_not_of(" \t") == std::string_view::npos;
      if (!blank) line(l);
      i = j + 1;
    }
    return;
  }
  if (b.kind == BlockKind::kListItem && options.list_markers) {
    std::string s = "- ";
    s.append(b.text);
    line(s);
    return;
  }
  line(b.text);
}

}  // namespace

Status ExtractHtmlUtf8(std::string_view utf8, std::string_view url,
                       const ExtractOptions& options, ExtractedPage* page) {
  Scratch& s = LocalScratch();
  page->text.clear();
  page->stats = ExtractStats();
  WINNOW_RETURN_IF_ERROR(html::ParseHtmlDom(utf8, &s.dom));
  page->stats.hidden_skipped = s.dom.hidden;
  html::BlockOptions bo;
  bo.tables = options.tables;
  BlockScorer* scorer = options.scorer;
  if (!scorer) {
    if (!s.scorer) s.scorer = NewDefaultBlockScorer();
    scorer = s.scorer.get();
  }
  // Visible blocks first; hidden ones too when the visible part holds no
  // content at all.
  for (int pass = 0; pass < 2; ++pass) {
    bo.include_hidden = pass == 1;
    if (pass == 1) {
      if (!page->text.empty() || s.dom.hidden == 0) break;
      page->stats.hidden_skipped = 0;
      page->stats.paragraphs = 0;
      page->stats.blocks_kept = 0;
    }
    html::BuildBlocks(s.dom, bo, &s.blocks);
    if (pass == 0) {
      s.dom.meta.first_h1 = s.blocks.first_h1;
      html::BuildMetadata(s.dom.meta, url, &page->meta);
    }
    const std::vector<BlockFeatures>& blocks = s.blocks.blocks;
    const size_t n = blocks.size();
    page->stats.blocks = static_cast<uint32_t>(n);
    if (n == 0) continue;
    s.scores.assign(n, 0.0);
    scorer->Score(blocks, s.scores);
    html::SelectBlocks(s.dom, s.blocks, s.scores, &s.keep);
    s.kept.clear();
    for (size_t i = 0; i < n; ++i) {
      // Preformatted text (code, data, verse) is judged by the block
      // model alone: the selection model's context (neighbours' scores,
      // the region) is learned from prose, and demoted code listings and
      // tables at the edges of a page's text, next to appeals and
      // related links.
      const double p = blocks[i].kind == BlockKind::kPre
                           ? std::max(s.keep[i], s.scores[i])
                           : s.keep[i];
      if (p >= options.threshold) s.kept.push_back(i);
    }
    if (s.kept.empty()) {
      // Nothing passed in context: fall back to the blocks that look like
      // content on their own (short pages, a single paragraph).
      for (size_t i = 0; i < n; ++i) {
        if (s.scores[i] >= options.threshold) s.kept.push_back(i);
      }
    }
    if (options.classify_paragraphs) ClassifyKept(blocks, s);
    DropRepeats(blocks, s);
    for (uint32_t i : s.kept) {
      ++page->stats.blocks_kept;
      AppendBlock(blocks[i], options, &page->text, &page->stats.paragraphs);
    }
  }
  return OkStatus();
}

Status ExtractHtml(const HtmlInput& input, const ExtractOptions& options,
                   ExtractedPage* page) {
  if (input.bytes.size() > options.max_html_bytes) {
    return ResourceExhausted("page of " + std::to_string(input.bytes.size()) +
                             " bytes is larger than the limit of " +
                             std::to_string(options.max_html_bytes) +
                             " bytes (--max-html-bytes)");
  }
  std::string why;
  if (LooksBinary(input.bytes, &why)) return DataError(why);
  Scratch& s = LocalScratch();
  DecodeHtml(input.bytes, input.content_type, &s.utf8, &page->charset);
  // The parser reads C strings in places: no NUL bytes.
  if (std::memchr(s.utf8.data(), '\0', s.utf8.size())) {
    std::replace(s.utf8.begin(), s.utf8.end(), '\0', ' ');
  }
  html::StripNonText(&s.utf8);
  std::string utf8;
  utf8.swap(s.utf8);
  Status st = ExtractHtmlUtf8(utf8, input.url, options, page);
  s.utf8.swap(utf8);
  return st;
}

}  // namespace winnow
