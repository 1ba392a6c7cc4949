#include "html/blocks.h"

#include <algorithm>

namespace winnow::html {
namespace {

// What a node inherits from its ancestors (itself included).
struct Context {
  int32_t block_owner = -1;  // nearest block-level ancestor-or-self
  int32_t cue_sum = 0;
  uint16_t cue_bits = 0;
  uint16_t context = 0;
  uint32_t depth = 0;
  BlockKind kind = BlockKind::kParagraph;
  uint8_t heading_level = 0;
  bool in_link = false;
  int32_t link_node = -1;  // nearest <a> ancestor
  bool in_pre = false;
  bool in_table = false;
};

uint16_t TagContext(Tag t) {
  switch (t) {
    case Tag::kNav: case Tag::kMenu: return kInNav;
    case Tag::kHeader: return kInHeader;
    case Tag::kFooter: return kInFooter;
    case Tag::kAside: return kInAside;
    case Tag::kForm: case Tag::kFieldset: case Tag::kLabel:
    case Tag::kControl:
      return kInForm;
    case Tag::kFigure: return kInFigure;
    case Tag::kTable: return kInTable;
    case Tag::kUl: case Tag::kOl: case Tag::kDl: return kInList;
    case Tag::kDialog: return kInDialog;
    case Tag::kArticle: case Tag::kMain: return kInMain;
    case Tag::kAddress: return kInAddress;
    case Tag::kDetails: return kInDetails;
    default: return 0;
  }
}

bool IsHtmlSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// A no-break space (U+00A0, C2 A0 in UTF-8) at t[k].
bool IsNbsp(std::string_view t, size_t k) {
  return static_cast<unsigned char>(t[k]) == 0xC2 && k + 1 < t.size() &&
         static_cast<unsigned char>(t[k + 1]) == 0xA0;
}

// One past the run of bytes from t[from] that are neither HTML whitespace
// nor the start of a no-break space.
size_t WordEnd(std::string_view t, size_t from) {
  size_t k = from;
  while (k < t.size() && !IsHtmlSpace(static_cast<unsigned char>(t[k])) &&
         !IsNbsp(t, k)) {
    ++k;
  }
  return k;
}

// Per-node and per-block working arrays. Kept per thread between pages:
// they are as long as the page has nodes, and allocating them afresh for
// every page costs more than filling them.
struct BuilderScratch {
  std::vector<Context> ctx;
  std::vector<uint64_t> subtree_text;
  std::vector<size_t> starts, sizes;
  std::vector<int32_t> open;
};

class Builder {
 public:
  Builder(const Dom& dom, const BlockOptions& options, BuilderScratch* scratch,
          PageBlocks* out)
      : dom_(dom),
        options_(options),
        out_(out),
        ctx_(scratch->ctx),
        subtree_text_(scratch->subtree_text),
        starts_(scratch->starts),
        sizes_(scratch->sizes),
        open_(scratch->open) {
    starts_.clear();
    sizes_.clear();
    open_.clear();
  }

  void Run() {
    const std::vector<Node>& nodes = dom_.nodes;
    ctx_.assign(nodes.size(), Context());
    // Text under each element, to tell a real page header from an element
    // that (by the page's design or the parser's recovery from bad markup)
    // wraps most of the page.
    subtree_text_.assign(nodes.size(), 0);
    for (size_t i = nodes.size(); i-- > 0;) {
      if (nodes[i].tag == Tag::kText) subtree_text_[i] = nodes[i].text_size;
      if (nodes[i].parent >= 0) subtree_text_[nodes[i].parent] += subtree_text_[i];
    }
    big_text_ = nodes.empty() ? 0 : subtree_text_[0] * 4 / 10;
    std::vector<int32_t>& open = open_;
    for (size_t i = 0; i < nodes.size(); ++i) {
      while (!open.empty() && i >= nodes[open.back()].end) {
        Close(open.back());
        open.pop_back();
      }
      const Node& n = nodes[i];
      if (((n.flags & kFlagHidden) && !options_.include_hidden) ||
          (n.tag == Tag::kControl && subtree_text_[i] <= big_text_)) {
        if (IsBlockTag(n.tag)) Flush();
        i = n.end - 1;  // skip the subtree
        continue;
      }
      Context& c = ctx_[i];
      if (n.parent >= 0) c = ctx_[n.parent];
      if (n.tag == Tag::kText) {
        AddText(i);
        continue;
      }
      Inherit(static_cast<int32_t>(i), &c);
      if (IsBlockTag(n.tag)) Flush();
      if (n.tag == Tag::kTd || n.tag == Tag::kTh) {
        if (cur_size() > 0) pending_cell_ = true;
      }
      if (n.end > i + 1) open.push_back(static_cast<int32_t>(i));
    }
    while (!open.empty()) {
      Close(open.back());
      open.pop_back();
    }
    Flush();
    // Views into the text, now that it no longer moves.
    for (size_t b = 0; b < out_->blocks.size(); ++b) {
      out_->blocks[b].text =
          std::string_view(out_->text).substr(starts_[b], sizes_[b]);
    }
  }

 private:
  size_t cur_size() const { return out_->text.size() - cur_start_; }

  void Inherit(int32_t i, Context* c) {
    const Node& n = dom_.nodes[i];
    ++c->depth;
    if (IsBlockTag(n.tag)) c->block_owner = i;
    // An element holding most of the page's text is not a header, footer,
    // sidebar or comment section, whatever its name.
    const bool big = subtree_text_[i] > big_text_;
    // Except a cookie consent dialog: on a page of little text, its
    // purposes and vendor lists can be most of what the page holds. (Not
    // <body> or <html>, whose classes often say that a banner is showing.)
    const bool consent = (n.cue_bits & kCueConsent) && n.tag != Tag::kBody &&
                         n.tag != Tag::kHtml;
    if (!big || n.cue > 0 || consent) {
      c->cue_sum += n.cue;
      c->cue_bits |= n.cue_bits;
    }
    c->context |= big ? (TagContext(n.tag) & (kInMain | kInTable | kInList))
                      : TagContext(n.tag);
    if (n.flags & kFlagSemanticMain) c->context |= kInMain;
    switch (n.tag) {
      case Tag::kA:
        c->in_link = true;
        c->link_node = i;
        break;
      case Tag::kPre:
        c->in_pre = true;
        c->kind = BlockKind::kPre;
        break;
      case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4:
      case Tag::kH5: case Tag::kH6:
        c->kind = BlockKind::kHeading;
        c->heading_level = static_cast<uint8_t>(HeadingLevel(n.tag));
        break;
      case Tag::kLi: case Tag::kDt: case Tag::kDd:
        c->kind = BlockKind::kListItem;
        break;
      case Tag::kTr:
        c->kind = BlockKind::kTableRow;
        c->in_table = true;
        break;
      case Tag::kBlockquote: c->kind = BlockKind::kQuote; break;
      case Tag::kFigcaption: case Tag::kCaption:
        c->kind = BlockKind::kCaption;
        break;
      case Tag::kP:
        // A paragraph inside a layout table cell is a paragraph.
        if (c->kind == BlockKind::kTableRow) c->kind = BlockKind::kParagraph;
        break;
      default:
        break;
    }
  }

  void Close(int32_t i) {
    const Node& n = dom_.nodes[i];
    if (IsBlockTag(n.tag)) Flush();
  }

  void AddText(size_t i) {
    const Node& n = dom_.nodes[i];
    const Context& c = ctx_[i];
    if (!options_.tables && c.in_table) return;
    std::string_view t = dom_.Text(n);
    std::string& out = out_->text;
    if (cur_size() == 0) {
      cur_owner_ = c.block_owner;
      cur_ctx_ = i;
    }
    size_t before = out.size();
    if (c.in_pre) {
      if (pending_space_ && cur_size() > 0) out.push_back(' ');
      pending_space_ = false;
      for (size_t k = 0; k < t.size(); ++k) {
        char ch = t[k];
        if (ch == '\r') {
          if (k + 1 < t.size() && t[k + 1] == '\n') continue;
          ch = '\n';
        }
        if (ch == '\f' || ch == '\v') ch = '\n';
        if (ch == '\n' && cur_size() == 0) continue;
        out.push_back(ch);
      }
    } else {
      size_t k = 0;
      while (k < t.size()) {
        if (IsHtmlSpace(static_cast<unsigned char>(t[k]))) {
          pending_space_ = true;
          ++k;
          continue;
        }
        if (IsNbsp(t, k)) {
          pending_space_ = true;
          k += 2;
          continue;
        }
        if (pending_cell_) {
          if (cur_size() > 0) out.append(" | ");
          pending_cell_ = false;
          pending_space_ = false;
        }
        if (pending_space_ && cur_size() > 0) out.push_back(' ');
        pending_space_ = false;
        // The rest of the word goes in as one piece.
        const size_t word_end = WordEnd(t, k);
        out.append(t.data() + k, word_end - k);
        k = word_end;
      }
    }
    if (c.in_link && out.size() > before) {
      cur_link_bytes_ += out.size() - before;
      if (c.link_node != last_link_) {
        ++cur_links_;
        last_link_ = c.link_node;
      }
    }
  }

  void Flush() {
    std::string& out = out_->text;
    pending_space_ = false;
    pending_cell_ = false;
    // Trim trailing spaces and newlines (pre blocks).
    while (cur_size() > 0 && (out.back() == ' ' || out.back() == '\n')) {
      out.pop_back();
    }
    if (cur_size() == 0 || cur_ctx_ < 0) {
      out.resize(cur_start_);
      Reset();
      return;
    }
    const Context& c = ctx_[cur_ctx_];
    std::string_view text = std::string_view(out).substr(cur_start_);
    BlockFeatures f;
    f.kind = c.kind;
    f.heading_level = c.kind == BlockKind::kHeading ? c.heading_level : 0;
    uint32_t chars = 0, words = 0;
    bool in_word = false;
    for (unsigned char ch : text) {
      if ((ch & 0xC0) != 0x80) ++chars;
      bool space = ch == ' ' || ch == '\n';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    f.chars = chars;
    f.words = words;
    // Link text in code points, estimated from its byte share.
    uint64_t link = std::min<uint64_t>(cur_link_bytes_, text.size());
    f.link_chars = text.empty() ? 0
                                : static_cast<uint32_t>(link * chars /
                                                        text.size());
    f.links = cur_links_;
    f.index = static_cast<uint32_t>(out_->blocks.size());
    f.depth = c.depth;
    f.cue_sum = c.cue_sum;
    f.cue_bits = c.cue_bits;
    f.context = c.context;
    if (f.kind == BlockKind::kHeading && f.heading_level == 1 &&
        out_->first_h1.empty()) {
      out_->first_h1 = std::string(text);
    }
    out_->blocks.push_back(f);
    out_->owner.push_back(cur_owner_ >= 0 ? cur_owner_ : 0);
    starts_.push_back(cur_start_);
    sizes_.push_back(out.size() - cur_start_);
    Reset();
  }

  void Reset() {
    cur_start_ = out_->text.size();
    cur_owner_ = -1;
    cur_ctx_ = -1;
    cur_link_bytes_ = 0;
    cur_links_ = 0;
  }

  const Dom& dom_;
  const BlockOptions& options_;
  PageBlocks* out_;
  std::vector<Context>& ctx_;
  std::vector<uint64_t>& subtree_text_;
  uint64_t big_text_ = 0;
  std::vector<size_t>& starts_;
  std::vector<size_t>& sizes_;
  std::vector<int32_t>& open_;
  size_t cur_start_ = 0;
  int32_t cur_owner_ = -1;
  int64_t cur_ctx_ = -1;  // a text node of the current block
  uint64_t cur_link_bytes_ = 0;
  uint32_t cur_links_ = 0;
  int32_t last_link_ = -1;
  bool pending_space_ = false;
  bool pending_cell_ = false;
};

}  // namespace

void BuildBlocks(const Dom& dom, const BlockOptions& options,
                 PageBlocks* out) {
  thread_local BuilderScratch scratch;
  out->Clear();
  Builder(dom, options, &scratch, out).Run();
}

}  // namespace winnow::html
