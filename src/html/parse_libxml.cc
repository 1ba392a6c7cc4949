// The libxml2 HTML parser, and the conversion of its tree into a Dom.
//
// libxml2 (2.9) is used with XML_PARSE_HUGE: without it the HTML parser
// stops at nesting depth 256 and silently drops the rest of the page. Its
// parser and xmlFreeDoc are iterative, so deep documents cost no stack; the
// conversion below is iterative too.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

#include "html/cues.h"
#include "html/dom.h"

namespace winnow::html {
namespace {

void SilentError(void*, const char*, ...) {}
void SilentStructuredError(void*, xmlErrorPtr) {}

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  // Error handlers are per thread in libxml2: set them on every call.
  xmlSetGenericErrorFunc(nullptr, SilentError);
  xmlSetStructuredErrorFunc(nullptr, SilentStructuredError);
}

std::string_view Str(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : "";
}

std::string_view AttrValue(const xmlAttr* a) {
  if (!a->children) return "";
  if (a->children->next == nullptr &&
      (a->children->type == XML_TEXT_NODE)) {
    return Str(a->children->content);
  }
  return "";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool ContainsWordIgnoreCase(std::string_view hay, std::string_view word) {
  size_t i = 0;
  while (i < hay.size()) {
    while (i < hay.size() && hay[i] == ' ') ++i;
    size_t j = i;
    while (j < hay.size() && hay[j] != ' ') ++j;
    if (EqualsIgnoreCase(hay.substr(i, j - i), word)) return true;
    i = j;
  }
  return false;
}

// display:none or visibility:hidden in an inline style.
bool StyleHides(std::string_view style) {
  std::string s;
  s.reserve(style.size());
  for (char c : style) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    s.push_back(c);
  }
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

// Elements whose content is never readable text of the page.
bool SkippedElement(std::string_view name) {
  // Void elements, raw text elements and the head. Elements that may hold
  // markup (button, iframe, svg, ...) are kept as Tag::kControl instead.
  static constexpr std::string_view kSkip[] = {
      "script", "style", "embed", "input", "head", "meta", "link", "title",
      "frameset", "frame", "param", "track", "area", "base", "img"};
  for (std::string_view s : kSkip) {
    if (s == name) return true;
  }
  return false;
}

void AppendSubtreeText(const xmlNode* n, std::string* out) {
  // Iterative: children first, then siblings, then back up to `n`.
  const xmlNode* cur = n->children;
  while (cur && cur != n) {
    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      out->append(Str(cur->content));
    }
    if (cur->type == XML_ELEMENT_NODE && cur->children) {
      cur = cur->children;
      continue;
    }
    while (cur && cur != n && !cur->next) cur = cur->parent;
    if (!cur || cur == n) break;
    cur = cur->next;
  }
}

// Collects title, meta, link and JSON-LD from an element that is not
// converted (they may sit in <head> or, in broken pages, in <body>).
void CollectHeadElement(const xmlNode* n, std::string_view name,
                        RawMeta* meta) {
  if (name == "title") {
    if (meta->title.empty()) AppendSubtreeText(n, &meta->title);
    return;
  }
  if (name == "meta") {
    std::string_view key, content;
    for (const xmlAttr* a = n->properties; a; a = a->next) {
      std::string_view an = Str(a->name);
      if (an == "name" || an == "property" || an == "itemprop" ||
          an == "http-equiv") {
        if (key.empty()) key = AttrValue(a);
      } else if (an == "content") {
        content = AttrValue(a);
      }
    }
    if (!key.empty() && !content.empty() && meta->meta.size() < 512) {
      std::string k(key);
      for (char& c : k) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      meta->meta.emplace_back(std::move(k), std::string(content));
    }
    return;
  }
  if (name == "link") {
    std::string_view rel, href;
    for (const xmlAttr* a = n->properties; a; a = a->next) {
      std::string_view an = Str(a->name);
      if (an == "rel") rel = AttrValue(a);
      if (an == "href") href = AttrValue(a);
    }
    if (meta->canonical.empty() && ContainsWordIgnoreCase(rel, "canonical")) {
      meta->canonical = std::string(href);
    }
    return;
  }
  if (name == "script") {
    for (const xmlAttr* a = n->properties; a; a = a->next) {
      if (Str(a->name) == "type" &&
          EqualsIgnoreCase(AttrValue(a), "application/ld+json") &&
          meta->json_ld.size() < 32) {
        std::string body;
        AppendSubtreeText(n, &body);
        meta->json_ld.push_back(std::move(body));
      }
    }
    return;
  }
  if (name == "head") {
    const xmlNode* cur = n->children;
    while (cur && cur != n) {
      if (cur->type == XML_ELEMENT_NODE) {
        CollectHeadElement(cur, Str(cur->name), meta);
      }
      cur = cur->next;
    }
  }
}

// React's streamed server rendering (React 18 and later, Next.js) sends a
// page in two parts: the shell, in which each part still loading is a
// Suspense boundary — a "<!--$?-->" comment, a <template id="B:n">, the
// fallback ("Loading...") and "<!--/$-->" — or a bare placeholder
// <template id="P:n">; and then, as each part is ready, its markup in a
// <div hidden id="S:n"> at the end of the body with a script call
// ($RC("B:n", "S:n") or $RS("S:n", "P:n")) that moves it into place. The
// scripts are not run here, so without this the page's main content often
// sits in hidden elements after the footer. The same move is made on the
// tree: each segment's children go before their template, and a
// boundary's fallback (up to its closing comment) is taken out.
// Segments and templates are paired by their shared suffix, as React's
// own calls pair them.
std::string_view StreamedId(const xmlNode* n, char kind) {
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (Str(a->name) != "id") continue;
    std::string_view v = AttrValue(a);
    if (v.size() >= 3 && v[0] == kind && v[1] == ':') return v.substr(2);
    return "";
  }
  return "";
}

bool HasAttribute(const xmlNode* n, std::string_view name) {
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (Str(a->name) == name) return true;
  }
  return false;
}

void RevealStreamedSegments(xmlNode* root) {
  struct Named {
    std::string_view id;
    xmlNode* node;
  };
  std::vector<Named> segments, boundaries, placeholders;
  // Iterative preorder walk over elements.
  xmlNode* cur = root;
  while (cur) {
    if (cur->type == XML_ELEMENT_NODE) {
      std::string_view name = Str(cur->name);
      if (name == "template") {
        std::string_view b = StreamedId(cur, 'B');
        if (!b.empty()) boundaries.push_back({b, cur});
        std::string_view p = StreamedId(cur, 'P');
        if (!p.empty()) placeholders.push_back({p, cur});
      } else if (HasAttribute(cur, "hidden")) {
        std::string_view sid = StreamedId(cur, 'S');
        if (!sid.empty()) segments.push_back({sid, cur});
      }
      if (cur->children) {
        cur = cur->children;
        continue;
      }
    }
    while (cur && cur != root && !cur->next) cur = cur->parent;
    if (!cur || cur == root) break;
    cur = cur->next;
  }
  if (segments.empty()) return;
  auto find = [](const std::vector<Named>& v, std::string_view id) {
    for (const Named& x : v) {
      if (x.id == id) return x.node;
    }
    return static_cast<xmlNode*>(nullptr);
  };
  // What is taken out goes under one detached element, freed at the end:
  // a node taken out may hold another one listed above, and each node must
  // be freed once.
  // It belongs to the document, so that freeing it frees names and text
  // from the document's dictionary the way the document itself would.
  xmlNode* removed = xmlNewDocNode(root->doc, nullptr,
                                   reinterpret_cast<const xmlChar*>("x"),
                                   nullptr);
  if (!removed) return;
  auto take_out = [&](xmlNode* n) {
    xmlUnlinkNode(n);
    xmlAddChild(removed, n);
  };
  for (const Named& seg : segments) {
    xmlNode* target = find(boundaries, seg.id);
    const bool boundary = target != nullptr;
    if (!target) target = find(placeholders, seg.id);
    if (!target || !target->parent) continue;
    if (boundary) {
      // The fallback: the template's later siblings up to the comment that
      // closes the boundary, nested boundaries inside it skipped whole.
      int depth = 0;
      xmlNode* end = nullptr;
      for (xmlNode* k = target->next; k; k = k->next) {
        if (k->type != XML_COMMENT_NODE) continue;
        std::string_view c = Str(k->content);
        if (c == "/$") {
          if (depth == 0) {
            end = k;
            break;
          }
          --depth;
        } else if (c == "$" || c == "$?" || c == "$!") {
          ++depth;
        }
      }
      if (end) {
        while (target->next != end) take_out(target->next);
      }
    }
    for (xmlNode* k = seg.node->children; k;) {
      xmlNode* next = k->next;
      xmlUnlinkNode(k);
      xmlAddPrevSibling(target, k);  // may merge k into a text neighbour
      k = next;
    }
    take_out(seg.node);
    take_out(target);
  }
  xmlFreeNode(removed);
}

}  // namespace

Status ParseHtmlDom(std::string_view utf8, Dom* dom) {
  dom->Clear();
  InitLibxml();
  // The text is already UTF-8 (charset.h): the encoding given and
  // HTML_PARSE_IGNORE_ENC keep the parser from switching encodings on a
  // <meta charset>. htmlCtxtReadMemory reads the bytes in place (no copy
  // of the page) and the context is reused per thread.
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | XML_PARSE_HUGE |
                      HTML_PARSE_IGNORE_ENC;
  if (utf8.size() > INT32_MAX) return ResourceExhausted("page too large");
  struct Context {
    // XML_SKIP_IDS: the tree builder would otherwise enter every id
    // attribute into the document's ID table (for XPath's id()), which
    // nothing here reads. htmlCtxtReadMemory's reset and options leave the
    // flag as set.
    htmlParserCtxtPtr ctxt = [] {
      htmlParserCtxtPtr c = htmlNewParserCtxt();
      if (c) c->loadsubset |= XML_SKIP_IDS;
      return c;
    }();
    ~Context() {
      if (ctxt) htmlFreeParserCtxt(ctxt);
    }
  };
  thread_local Context context;
  if (!context.ctxt) return ResourceExhausted("cannot create an HTML parser");
  htmlDocPtr doc = htmlCtxtReadMemory(context.ctxt, utf8.data(),
                                      static_cast<int>(utf8.size()), nullptr,
                                      "UTF-8", options);
  if (!doc) return OkStatus();  // nothing to read: an empty page
  struct Free {
    htmlDocPtr d;
    ~Free() { xmlFreeDoc(d); }
  } free_doc{doc};
  xmlNode* root = xmlDocGetRootElement(doc);
  if (!root) return OkStatus();
  // Only pages that stream segments pay for the walk.
  if (utf8.find("id=\"S:") != std::string_view::npos) {
    RevealStreamedSegments(root);
  }

  struct Frame {
    xmlNode* node;
    int32_t index;
    bool rel_author;
  };
  std::vector<Frame> stack;
  std::vector<Node>& nodes = dom->nodes;
  RawMeta& meta = dom->meta;

  auto parent_index = [&] {
    return stack.empty() ? -1 : stack.back().index;
  };

  // Returns true when `cur`'s children are to be visited; then a Frame has
  // been pushed for it.
  auto enter = [&](xmlNode* cur) -> bool {
    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      if (stack.empty()) return false;
      std::string_view t = Str(cur->content);
      if (t.empty()) return false;
      if (dom->text.size() + t.size() > UINT32_MAX) return false;
      Node n;
      n.tag = Tag::kText;
      n.parent = parent_index();
      n.text_begin = static_cast<uint32_t>(dom->text.size());
      n.text_size = static_cast<uint32_t>(t.size());
      n.end = static_cast<uint32_t>(nodes.size() + 1);
      dom->text.append(t);
      nodes.push_back(n);
      return false;
    }
    if (cur->type != XML_ELEMENT_NODE) return false;
    std::string_view name = Str(cur->name);
    if (SkippedElement(name)) {
      CollectHeadElement(cur, name, &meta);
      return false;
    }
    Tag tag = TagFromName(name);
    std::string_view cls, id, role, itemprop;
    bool hidden = false, rel_author = false;
    for (const xmlAttr* a = cur->properties; a; a = a->next) {
      std::string_view an = Str(a->name);
      if (an.empty()) continue;
      switch (an[0]) {
        case 'c':
          if (an == "class") cls = AttrValue(a);
          break;
        case 'i':
          if (an == "id") id = AttrValue(a);
          if (an == "itemprop") itemprop = AttrValue(a);
          break;
        case 'r':
          if (an == "role") role = AttrValue(a);
          if (an == "rel" && ContainsWordIgnoreCase(AttrValue(a), "author")) {
            rel_author = true;
          }
          break;
        case 'h':
          if (an == "hidden") hidden = true;
          break;
        case 'a':
          if (an == "aria-hidden" && EqualsIgnoreCase(AttrValue(a), "true")) {
            hidden = true;
          }
          break;
        case 's':
          if (an == "style" && StyleHides(AttrValue(a))) hidden = true;
          break;
        case 'l':
          if (an == "lang" && tag == Tag::kHtml) {
            meta.html_lang = std::string(AttrValue(a));
          }
          break;
        case 'd':
          if (an == "datetime" && tag == Tag::kTime &&
              meta.time_datetimes.size() < 16) {
            meta.time_datetimes.emplace_back(AttrValue(a));
          }
          break;
        default:
          break;
      }
    }
    Node n;
    if (hidden && tag != Tag::kHtml && tag != Tag::kBody) {
      ++dom->hidden;
      n.flags |= kFlagHidden;
    }
    n.tag = tag;
    n.parent = parent_index();
    if (!cls.empty() || !id.empty()) {
      NameCue cue = NameCues(cls, id);
      n.cue = static_cast<int16_t>(cue.score);
      n.cue_bits = cue.bits;
      if (cue.bits & kCueComment) n.flags |= kFlagCommentish;
    }
    if (tag == Tag::kArticle || tag == Tag::kMain ||
        EqualsIgnoreCase(role, "main") || EqualsIgnoreCase(role, "article") ||
        EqualsIgnoreCase(itemprop, "articleBody") ||
        EqualsIgnoreCase(itemprop, "text")) {
      n.flags |= kFlagSemanticMain;
    }
    if (EqualsIgnoreCase(role, "navigation") ||
        EqualsIgnoreCase(role, "menu") || EqualsIgnoreCase(role, "menubar")) {
      n.cue = static_cast<int16_t>(n.cue - 4);
      n.cue_bits |= kCueNav;
    } else if (EqualsIgnoreCase(role, "banner") ||
               EqualsIgnoreCase(role, "contentinfo")) {
      n.cue = static_cast<int16_t>(n.cue - 4);
      n.cue_bits |= kCueHeaderFooter;
    } else if (EqualsIgnoreCase(role, "complementary")) {
      n.cue = static_cast<int16_t>(n.cue - 3);
      n.cue_bits |= kCueSide;
    } else if (EqualsIgnoreCase(role, "dialog") ||
               EqualsIgnoreCase(role, "alertdialog")) {
      n.cue = static_cast<int16_t>(n.cue - 3);
      n.cue_bits |= kCueAppeal;
    }
    int32_t index = static_cast<int32_t>(nodes.size());
    n.end = static_cast<uint32_t>(index + 1);
    nodes.push_back(n);
    if (!cur->children) {
      if (rel_author && meta.rel_author.empty()) {
        AppendSubtreeText(cur, &meta.rel_author);
      }
      return false;
    }
    stack.push_back({cur, index, rel_author});
    return true;
  };

  auto leave = [&](const Frame& f) {
    nodes[f.index].end = static_cast<uint32_t>(nodes.size());
    if (f.rel_author && meta.rel_author.empty()) {
      AppendSubtreeText(f.node, &meta.rel_author);
    }
  };

  xmlNode* cur = root;
  for (;;) {
    if (enter(cur)) {
      cur = cur->children;
      continue;
    }
    // Move to the next sibling, closing finished ancestors.
    for (;;) {
      if (cur == root) return OkStatus();
      if (cur->next) {
        cur = cur->next;
        break;
      }
      if (stack.empty()) return OkStatus();
      Frame f = stack.back();
      stack.pop_back();
      leave(f);
      cur = f.node;
    }
  }
}

}  // namespace winnow::html
