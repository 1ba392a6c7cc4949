#include "html/dom.h"

#include "html/name_table.h"

namespace winnow::html {

namespace {

// clang-format off
constexpr NameTable<Tag, 256>::Entry kTagNames[] = {
    {"a", Tag::kA}, {"address", Tag::kAddress}, {"article", Tag::kArticle},
    {"aside", Tag::kAside}, {"b", Tag::kB},
    {"blockquote", Tag::kBlockquote}, {"body", Tag::kBody},
    {"br", Tag::kBr}, {"caption", Tag::kCaption},
    {"center", Tag::kCenter}, {"code", Tag::kCode}, {"dd", Tag::kDd},
    {"details", Tag::kDetails}, {"dialog", Tag::kDialog},
    {"div", Tag::kDiv}, {"dl", Tag::kDl}, {"dt", Tag::kDt},
    {"em", Tag::kEm}, {"fieldset", Tag::kFieldset},
    {"figcaption", Tag::kFigcaption}, {"figure", Tag::kFigure},
    {"font", Tag::kFont}, {"footer", Tag::kFooter}, {"form", Tag::kForm},
    {"h1", Tag::kH1}, {"h2", Tag::kH2}, {"h3", Tag::kH3},
    {"h4", Tag::kH4}, {"h5", Tag::kH5}, {"h6", Tag::kH6},
    {"head", Tag::kHead}, {"header", Tag::kHeader}, {"hr", Tag::kHr},
    {"html", Tag::kHtml}, {"i", Tag::kI}, {"img", Tag::kImg},
    {"label", Tag::kLabel}, {"legend", Tag::kLegend}, {"li", Tag::kLi},
    {"main", Tag::kMain}, {"menu", Tag::kMenu}, {"nav", Tag::kNav},
    {"ol", Tag::kOl}, {"p", Tag::kP}, {"pre", Tag::kPre},
    {"section", Tag::kSection}, {"small", Tag::kSmall},
    {"span", Tag::kSpan}, {"strong", Tag::kStrong},
    {"summary", Tag::kSummary}, {"table", Tag::kTable},
    {"tbody", Tag::kTbody}, {"td", Tag::kTd}, {"tfoot", Tag::kTfoot},
    {"th", Tag::kTh}, {"thead", Tag::kThead}, {"time", Tag::kTime},
    {"title", Tag::kTitle}, {"tr", Tag::kTr}, {"u", Tag::kU},
    {"ul", Tag::kUl}, {"sup", Tag::kSup}, {"sub", Tag::kSub},
    {"cite", Tag::kCite}, {"q", Tag::kQ}, {"abbr", Tag::kAbbr},
    {"mark", Tag::kMark}, {"del", Tag::kDel}, {"ins", Tag::kIns},
    {"s", Tag::kS}, {"kbd", Tag::kKbd}, {"samp", Tag::kSamp},
    {"var", Tag::kVar}, {"tt", Tag::kTt}, {"big", Tag::kBig},
    {"wbr", Tag::kInline}, {"nobr", Tag::kInline},
    {"bdi", Tag::kInline}, {"bdo", Tag::kInline},
    {"data", Tag::kInline}, {"dfn", Tag::kInline},
    {"ruby", Tag::kInline}, {"rt", Tag::kInline}, {"rb", Tag::kInline},
    {"rp", Tag::kInline}, {"output", Tag::kInline},
    {"meter", Tag::kInline}, {"progress", Tag::kInline},
    {"picture", Tag::kInline}, {"source", Tag::kInline},
    {"button", Tag::kControl}, {"select", Tag::kControl},
    {"option", Tag::kControl}, {"optgroup", Tag::kControl},
    {"datalist", Tag::kControl}, {"textarea", Tag::kControl},
    {"iframe", Tag::kControl}, {"object", Tag::kControl},
    {"video", Tag::kControl}, {"audio", Tag::kControl},
    {"canvas", Tag::kControl}, {"map", Tag::kControl},
    {"svg", Tag::kControl}, {"math", Tag::kControl},
    {"template", Tag::kControl}, {"applet", Tag::kControl},
};
// clang-format on

constexpr NameTable<Tag, 256> kTagTable(kTagNames);

}  // namespace

Tag TagFromName(std::string_view name) {
  const Tag* tag = kTagTable.Find(name);
  return tag ? *tag : Tag::kOther;
}

bool IsBlockTag(Tag t) {
  switch (t) {
    case Tag::kAddress: case Tag::kArticle: case Tag::kAside:
    case Tag::kBlockquote: case Tag::kBody: case Tag::kBr:
    case Tag::kCaption: case Tag::kCenter: case Tag::kDd:
    case Tag::kDetails: case Tag::kDialog: case Tag::kDiv: case Tag::kDl:
    case Tag::kDt: case Tag::kFieldset: case Tag::kFigcaption:
    case Tag::kFigure: case Tag::kFooter: case Tag::kForm: case Tag::kH1:
    case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5:
    case Tag::kH6: case Tag::kHeader: case Tag::kHr: case Tag::kHtml:
    case Tag::kLegend: case Tag::kLi: case Tag::kMain: case Tag::kMenu:
    case Tag::kNav: case Tag::kOl: case Tag::kP: case Tag::kPre:
    case Tag::kSection: case Tag::kSummary: case Tag::kTable:
    case Tag::kTbody: case Tag::kTfoot: case Tag::kThead: case Tag::kTr:
    case Tag::kUl: case Tag::kOther:
      return true;
    default:
      return false;
  }
}

bool IsHeadingTag(Tag t) { return HeadingLevel(t) > 0; }

int HeadingLevel(Tag t) {
  switch (t) {
    case Tag::kH1: return 1;
    case Tag::kH2: return 2;
    case Tag::kH3: return 3;
    case Tag::kH4: return 4;
    case Tag::kH5: return 5;
    case Tag::kH6: return 6;
    default: return 0;
  }
}

}  // namespace winnow::html
