// Page metadata: dates, languages, URLs, and what pages declare.
#include <gtest/gtest.h>

#include "winnow/html_extract.h"
#include "winnow/html_metadata.h"

namespace winnow {
namespace {

TEST(NormalizeDate, IsoForms) {
  EXPECT_EQ(NormalizeDate("2023-04-10"), "2023-04-10");
  EXPECT_EQ(NormalizeDate("2023-04-10T09:30:00Z"), "2023-04-10T09:30:00Z");
  EXPECT_EQ(NormalizeDate("2023-04-10T09:30:00.123+0300"),
            "2023-04-10T09:30:00+03:00");
  EXPECT_EQ(NormalizeDate("2023-04-10 09:30"), "2023-04-10T09:30:00");
  EXPECT_EQ(NormalizeDate("2023/4/7"), "2023-04-07");
  EXPECT_EQ(NormalizeDate("20230410"), "2023-04-10");
}

TEST(NormalizeDate, WordForms) {
  EXPECT_EQ(NormalizeDate("Mon, 10 Apr 2023 09:30:00 GMT"), "2023-04-10");
  EXPECT_EQ(NormalizeDate("April 10, 2023"), "2023-04-10");
  EXPECT_EQ(NormalizeDate("10. April 2023"), "2023-04-10");
}

TEST(NormalizeDate, RejectsWhatIsNotADate) {
  EXPECT_EQ(NormalizeDate("2023-02-30"), "");
  EXPECT_EQ(NormalizeDate("2023-13-01"), "");
  EXPECT_EQ(NormalizeDate("yesterday"), "");
  EXPECT_EQ(NormalizeDate(""), "");
  EXPECT_EQ(NormalizeDate("2100-02-29"), "") << "2100 is not a leap year";
  EXPECT_EQ(NormalizeDate("2024-02-29"), "2024-02-29");
}

TEST(NormalizeLanguage, PrimarySubtag) {
  EXPECT_EQ(NormalizeLanguage("en-US"), "en");
  EXPECT_EQ(NormalizeLanguage("pt_BR"), "pt");
  EXPECT_EQ(NormalizeLanguage("DE"), "de");
  EXPECT_EQ(NormalizeLanguage("english"), "");
  EXPECT_EQ(NormalizeLanguage(""), "");
}

TEST(ResolveUrl, RelativeForms) {
  const char* base = "https://a.example/news/2024/story.html?x=1";
  EXPECT_EQ(ResolveUrl(base, "/s/1"), "https://a.example/s/1");
  EXPECT_EQ(ResolveUrl(base, "//cdn.example/x"), "https://cdn.example/x");
  EXPECT_EQ(ResolveUrl(base, "other.html"),
            "https://a.example/news/2024/other.html");
  EXPECT_EQ(ResolveUrl(base, "http://b.example/"), "http://b.example/");
  EXPECT_EQ(ResolveUrl("", "/s/1"), "/s/1");
}

PageMetadata Meta(const std::string& html, std::string_view url = "") {
  ExtractedPage page;
  EXPECT_TRUE(ExtractHtmlUtf8(html, url, {}, &page).ok());
  return page.meta;
}

TEST(PageMetadata, OpenGraphAndArticleTags) {
  PageMetadata m = Meta(
      "<html lang='en-GB'><head><title>Story | Site</title>"
      "<meta property='og:title' content='The Story'>"
      "<meta property='article:published_time' content='2024-01-02T03:04:05Z'>"
      "<meta name='author' content='A. Writer'>"
      "<link rel='canonical' href='/story'></head><body></body></html>",
      "https://site.example/x?y");
  EXPECT_EQ(m.title, "The Story");
  EXPECT_EQ(m.date, "2024-01-02T03:04:05Z");
  EXPECT_EQ(m.author, "A. Writer");
  EXPECT_EQ(m.language, "en");
  EXPECT_EQ(m.canonical_url, "https://site.example/story");
}

TEST(PageMetadata, JsonLdGraphArticleWinsOverWebPage) {
  PageMetadata m = Meta(
      "<html><head><script type='application/ld+json'>"
      "{\"@graph\":[{\"@type\":\"WebPage\",\"name\":\"Home\"},"
      "{\"@type\":\"NewsArticle\",\"headline\":\"Real headline\","
      "\"author\":[{\"name\":\"Ann\"},{\"name\":\"Bo\"}],"
      "\"datePublished\":\"2022-05-06\",\"inLanguage\":\"fr-FR\"}]}"
      "</script></head><body></body></html>");
  EXPECT_EQ(m.title, "Real headline");
  EXPECT_EQ(m.author, "Ann, Bo");
  EXPECT_EQ(m.date, "2022-05-06");
  EXPECT_EQ(m.language, "fr");
}

TEST(PageMetadata, MalformedJsonLdIsIgnored) {
  PageMetadata m = Meta(
      "<html><head><title>Plain title - Site</title>"
      "<script type='application/ld+json'>{\"headline\": </script>"
      "</head><body><time datetime='2021-12-31'>New Year's Eve</time>"
      "</body></html>");
  EXPECT_EQ(m.title, "Plain title");
  EXPECT_EQ(m.date, "2021-12-31");
}

TEST(PageMetadata, UnreadableDateKeptAsWritten) {
  PageMetadata m = Meta(
      "<html><head><meta name='date' content='sometime in spring'></head>"
      "<body></body></html>");
  EXPECT_EQ(m.date, "sometime in spring");
}

}  // namespace
}  // namespace winnow
