// Page metadata: meta tags, JSON-LD (schema.org), markup.
#include "html/metadata.h"

#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace winnow {
namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool ValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  if (d > kDays[m - 1]) return false;
  if (m == 2 && d == 29) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (!leap) return false;
  }
  return true;
}

// Reads exactly `n` digits at s[*i].
bool Digits(std::string_view s, size_t* i, int n, int* v) {
  if (*i + n > s.size()) return false;
  int x = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (!IsDigit(c)) return false;
    x = x * 10 + (c - '0');
  }
  *i += n;
  *v = x;
  return true;
}

int MonthFromName(std::string_view w) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  char a[3] = {Lower(w[0]), Lower(w[1]), Lower(w[2])};
  for (int m = 0; m < 12; ++m) {
    if (std::memcmp(a, kMonths[m], 3) == 0) return m + 1;
  }
  return 0;
}

std::string FormatDate(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// ISO forms: YYYY-MM-DD[THH:MM[:SS[.f]][Z|+HH:MM|+HHMM]], also with "/" or
// no separators for the date.
std::string IsoDate(std::string_view s) {
  size_t i = 0;
  int y, m, d;
  if (!Digits(s, &i, 4, &y)) return "";
  char sep = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
    sep = s[i++];
  }
  if (!Digits(s, &i, 2, &m)) {
    // "2023-4-7": single digits.
    if (!sep || !Digits(s, &i, 1, &m)) return "";
  }
  if (sep) {
    if (i >= s.size() || s[i] != sep) return "";
    ++i;
  }
  if (!Digits(s, &i, 2, &d)) {
    if (!sep || !Digits(s, &i, 1, &d)) return "";
  }
  if (!ValidDate(y, m, d)) return "";
  std::string out = FormatDate(y, m, d);
  if (i == s.size()) return out;
  if (s[i] != 'T' && s[i] != ' ') return IsDigit(s[i]) ? "" : out;
  ++i;
  int hh, mm, ss = 0;
  if (!Digits(s, &i, 2, &hh) || i >= s.size() || s[i] != ':') return out;
  ++i;
  if (!Digits(s, &i, 2, &mm)) return out;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, &i, 2, &ss)) return out;
  }
  if (hh > 23 || mm > 59 || ss > 60) return out;
  while (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", out.c_str(), hh, mm, ss);
  out = buf;
  if (i < s.size() && s[i] == 'Z') return out + "Z";
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    char sign = s[i++];
    int oh, om = 0;
    if (!Digits(s, &i, 2, &oh)) return out;
    if (i < s.size() && s[i] == ':') ++i;
    Digits(s, &i, 2, &om);
    if (oh > 14 || om > 59) return out;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, oh, om);
    return out + buf;
  }
  return out;
}

// Word forms: "Mon, 10 Apr 2023 ...", "April 10, 2023", "10 April 2023",
// "10. April 2023".
std::string WordDate(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size() && words.size() < 8) {
    while (i < s.size() && !IsDigit(s[i]) && !IsAlpha(s[i])) ++i;
    size_t j = i;
    if (i < s.size() && IsDigit(s[i])) {
      while (j < s.size() && IsDigit(s[j])) ++j;
    } else {
      while (j < s.size() && IsAlpha(s[j])) ++j;
    }
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  int y = 0, m = 0, d = 0;
  for (size_t k = 0; k < words.size(); ++k) {
    std::string_view w = words[k];
    if (IsAlpha(w[0])) {
      if (!m) m = MonthFromName(w);
      continue;
    }
    if (w.size() == 4 && !y) {
      y = std::atoi(std::string(w).c_str());
    } else if (w.size() <= 2 && !d) {
      d = std::atoi(std::string(w).c_str());
    } else if (w.size() == 2 && k + 1 < words.size() &&
               words[k + 1].size() == 2) {
      break;  // a time, "09:30"
    }
    if (y && m && d) break;
  }
  if (!ValidDate(y, m, d)) return "";
  return FormatDate(y, m, d);
}

bool IsHttpUrl(std::string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

// JSON-LD: the schema.org fields we use, from the first object of an
// article-like (else any) type.
struct LdFields {
  std::string headline, author, date_published, date_created, language,
      url, publisher;
  bool article = false;
};

bool ArticleType(std::string_view t) {
  static constexpr std::string_view kTypes[] = {
      "Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle",
      "TechArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
      "ReportageNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
      "SocialMediaPosting", "DiscussionForumPosting", "Recipe", "HowTo",
      "Review", "QAPage", "Question"};
  for (std::string_view k : kTypes) {
    if (t == k) return true;
  }
  return false;
}

std::string_view GetString(simdjson::dom::element e) {
  std::string_view s;
  if (!e.get_string().get(s)) return s;
  return "";
}

std::string AuthorName(simdjson::dom::element e) {
  std::string_view s;
  if (!e.get_string().get(s)) return std::string(s);
  simdjson::dom::object o;
  if (!e.get_object().get(o)) {
    simdjson::dom::element n;
    if (!o.at_key("name").get(n)) return std::string(GetString(n));
    return "";
  }
  simdjson::dom::array a;
  if (!e.get_array().get(a)) {
    std::string out;
    size_t count = 0;
    for (simdjson::dom::element x : a) {
      std::string name(GetString(x));
      simdjson::dom::object xo;
      simdjson::dom::element n;
      if (name.empty() && !x.get_object().get(xo) && !xo.at_key("name").get(n)) {
        name = GetString(n);
      }
      if (name.empty()) continue;
      if (!out.empty()) out += ", ";
      out += name;
      if (++count == 8) break;
    }
    return out;
  }
  return "";
}

void ReadLdObject(simdjson::dom::object o, LdFields* f) {
  bool article = false;
  simdjson::dom::element type;
  if (!o.at_key("@type").get(type)) {
    std::string_view t = GetString(type);
    if (!t.empty()) {
      article = ArticleType(t);
    } else {
      simdjson::dom::array ta;
      if (!type.get_array().get(ta)) {
        for (simdjson::dom::element x : ta) article |= ArticleType(GetString(x));
      }
    }
  }
  // An article-like object overrides what a generic one gave.
  if (f->article && !article) return;
  if (article && !f->article) *f = LdFields();
  f->article = article;
  simdjson::dom::element e;
  auto set = [&](const char* key, std::string* out) {
    if (out->empty() && !o.at_key(key).get(e)) out->assign(GetString(e));
  };
  set("headline", &f->headline);
  if (f->headline.empty() && article) set("name", &f->headline);
  if (f->author.empty() && !o.at_key("author").get(e)) f->author = AuthorName(e);
  if (f->author.empty() && !o.at_key("creator").get(e)) {
    f->author = AuthorName(e);
  }
  set("datePublished", &f->date_published);
  set("dateCreated", &f->date_created);
  set("inLanguage", &f->language);
  set("url", &f->url);
  if (f->publisher.empty() && !o.at_key("publisher").get(e)) {
    f->publisher = AuthorName(e);
  }
}

void ReadJsonLd(std::string_view body, simdjson::dom::parser* parser,
                LdFields* f) {
  simdjson::padded_string padded(body);
  simdjson::dom::element root;
  if (parser->parse(padded).get(root)) return;
  // Iterative walk over objects and arrays, at most a few levels deep:
  // schema.org data nests its articles in @graph lists or arrays.
  std::vector<std::pair<simdjson::dom::element, int>> stack = {{root, 0}};
  size_t visited = 0;
  while (!stack.empty() && ++visited < 2000) {
    auto [e, depth] = stack.back();
    stack.pop_back();
    simdjson::dom::object o;
    simdjson::dom::array a;
    if (!e.get_object().get(o)) {
      ReadLdObject(o, f);
      simdjson::dom::element g;
      if (depth < 4 && !o.at_key("@graph").get(g)) stack.push_back({g, depth + 1});
    } else if (!e.get_array().get(a) && depth < 4) {
      // Reverse so that the first item is read first.
      std::vector<simdjson::dom::element> items;
      for (simdjson::dom::element x : a) {
        items.push_back(x);
        if (items.size() > 200) break;
      }
      for (size_t k = items.size(); k-- > 0;) stack.push_back({items[k], depth + 1});
    }
  }
}

std::string_view MetaValue(const html::RawMeta& raw,
                           std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    for (const auto& [key, value] : raw.meta) {
      if (key == k && !value.empty()) return value;
    }
  }
  return "";
}

// "Story title | Site" -> "Story title" when the tail looks like a site
// name (shorter than the head).
std::string StripSiteName(std::string title) {
  static constexpr std::string_view kSeps[] = {" | ", " - ", " – ", " — ",
                                               " :: ", " » ", " · "};
  for (std::string_view sep : kSeps) {
    size_t p = title.rfind(sep);
    if (p != std::string::npos && p > 0 &&
        title.size() - p - sep.size() < p) {
      return title.substr(0, p);
    }
  }
  return title;
}

}  // namespace

std::string NormalizeDate(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' ||
                        s.front() == '\t')) {
    s.remove_prefix(1);
  }
  if (s.size() > 100) s = s.substr(0, 100);
  std::string iso = IsoDate(s);
  if (!iso.empty()) return iso;
  return WordDate(s);
}

std::string NormalizeLanguage(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  while (i < s.size() && IsAlpha(s[i]) && out.size() < 8) {
    out.push_back(Lower(s[i++]));
  }
  if (out.size() < 2 || out.size() > 3) return "";
  if (i < s.size() && s[i] != '-' && s[i] != '_' && s[i] != ' ' &&
      s[i] != ',' && s[i] != ';') {
    return "";
  }
  return out;
}

std::string ResolveUrl(std::string_view base, std::string_view href) {
  std::string h = html::CollapseSpace(href);
  if (h.empty() || IsHttpUrl(h) || base.empty()) return h;
  size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return h;
  if (h.rfind("//", 0) == 0) return std::string(base.substr(0, scheme_end + 1)) + h;
  size_t host_end = base.find_first_of("/?#", scheme_end + 3);
  std::string_view origin = base.substr(0, host_end);
  if (h[0] == '/') return std::string(origin) + h;
  if (h[0] == '#' || h[0] == '?') {
    size_t cut = base.find(h[0] == '#' ? "#" : "?");
    return std::string(base.substr(0, cut)) + h;
  }
  // A relative path: replace the last segment of the base path.
  std::string_view path = host_end == std::string_view::npos
                              ? std::string_view("/")
                              : base.substr(host_end);
  size_t q = path.find_first_of("?#");
  path = path.substr(0, q);
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string_view::npos
                        ? "/"
                        : std::string(path.substr(0, slash + 1));
  return std::string(origin) + dir + h;
}

namespace html {

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

void BuildMetadata(const RawMeta& raw, std::string_view url,
                   PageMetadata* meta) {
  *meta = PageMetadata();
  LdFields ld;
  if (!raw.json_ld.empty()) {
    thread_local simdjson::dom::parser parser;
    for (const std::string& body : raw.json_ld) ReadJsonLd(body, &parser, &ld);
  }

  std::string title(MetaValue(raw, {"og:title", "twitter:title"}));
  if (title.empty()) title = ld.headline;
  if (title.empty()) title = StripSiteName(CollapseSpace(raw.title));
  if (title.empty()) title = raw.first_h1;
  meta->title = CollapseSpace(title);

  std::string author(MetaValue(raw, {"author", "article:author",
                                     "parsely-author", "sailthru.author",
                                     "byl", "dc.creator", "dcterms.creator",
                                     "citation_author"}));
  if (IsHttpUrl(author)) author.clear();
  if (author.empty()) author = ld.author;
  if (author.empty()) author = raw.rel_author;
  author = CollapseSpace(author);
  if (author.rfind("By ", 0) == 0 || author.rfind("by ", 0) == 0) {
    author = author.substr(3);
  }
  meta->author = author.size() > 200 ? author.substr(0, 200) : author;

  std::string date(MetaValue(raw, {"article:published_time",
                                   "og:published_time", "datepublished"}));
  if (date.empty()) date = ld.date_published;
  if (date.empty()) {
    date = MetaValue(raw, {"date", "pubdate", "publishdate", "publish-date",
                           "publish_date", "dc.date", "dc.date.issued",
                           "dcterms.created", "dcterms.date", "sailthru.date",
                           "parsely-pub-date", "citation_publication_date",
                           "article.published", "published_time"});
  }
  if (date.empty()) date = ld.date_created;
  if (date.empty() && !raw.time_datetimes.empty()) {
    date = raw.time_datetimes.front();
  }
  std::string iso = NormalizeDate(date);
  meta->date = iso.empty() ? CollapseSpace(date) : iso;

  std::string lang = NormalizeLanguage(raw.html_lang);
  if (lang.empty()) {
    lang = NormalizeLanguage(MetaValue(raw, {"content-language", "language",
                                             "og:locale", "dc.language"}));
  }
  if (lang.empty()) lang = NormalizeLanguage(ld.language);
  meta->language = lang;

  std::string canonical = raw.canonical;
  if (canonical.empty()) canonical = MetaValue(raw, {"og:url"});
  if (canonical.empty() && IsHttpUrl(ld.url)) canonical = ld.url;
  meta->canonical_url = ResolveUrl(url, canonical);

  meta->site_name = CollapseSpace(MetaValue(raw, {"og:site_name"}));
  if (meta->site_name.empty()) meta->site_name = CollapseSpace(ld.publisher);
  meta->description = CollapseSpace(
      MetaValue(raw, {"og:description", "description", "twitter:description"}));
}

}  // namespace html
}  // namespace winnow
