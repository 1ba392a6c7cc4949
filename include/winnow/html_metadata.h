// html_metadata.h — what a web page says about itself.
//
// The extractor (html_extract.h) fills a PageMetadata from, in order of
// preference: Open Graph and article:* meta tags, JSON-LD (schema.org
// Article, NewsArticle, BlogPosting, WebPage, ... including @graph lists),
// other common meta names (author, dc.creator, date, dc.date, ...), and
// the markup itself (<title>, <html lang>, <link rel=canonical>, <time
// datetime>, <a rel=author>, the first <h1>). A field nothing provides is
// empty.
//
//   date      ISO 8601: "2023-04-10", or "2023-04-10T09:30:00+03:00" when
//             the page gives a time; the page's own string when it is not
//             a date winnow can read (NormalizeDate below).
//   language  the primary language subtag, lowercase: "en", "pt".
//   canonical_url  absolute, resolved against the page's URL.
//
// Cost: a few microseconds per page, plus parsing its JSON-LD (simdjson).
#ifndef WINNOW_HTML_METADATA_H_
#define WINNOW_HTML_METADATA_H_

#include <string>
#include <string_view>

namespace winnow {

struct PageMetadata {
  std::string title;
  std::string author;
  std::string date;          // published; ISO 8601 when readable
  std::string language;
  std::string canonical_url;
  std::string site_name;     // og:site_name, JSON-LD publisher name
  std::string description;   // og:description or meta description
};

// ISO 8601 form of a date as pages write it: "2023-04-10T09:30:00Z",
// "2023-04-10", "2023/04/10", "20230410", "Mon, 10 Apr 2023 09:30:00 GMT",
// "April 10, 2023", "10 April 2023". Returns "" when `s` is not one of
// these or not a valid calendar date.
std::string NormalizeDate(std::string_view s);

// "en-US", "en_us", "EN" -> "en"; "" when `s` is not a language tag.
std::string NormalizeLanguage(std::string_view s);

// `href` resolved against `base` (an absolute http(s) URL); `href` as is
// when it is already absolute or `base` is empty.
std::string ResolveUrl(std::string_view base, std::string_view href);

}  // namespace winnow

#endif  // WINNOW_HTML_METADATA_H_
