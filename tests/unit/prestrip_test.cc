// The pre-parse lexer: removes script, style and svg bodies, comments and
// unread attributes, and nothing that a tokenizer would read as text.
#include <gtest/gtest.h>

#include <string>

#include "html/prestrip.h"

namespace winnow::html {
namespace {

std::string Strip(std::string s) {
  StripNonText(&s);
  return s;
}

TEST(Prestrip, DropsScriptStyleSvgBodiesAndComments) {
  EXPECT_EQ(Strip("<p>a</p><script>x<y</script><style>p{}</style>"
                  "<svg viewBox='0 0 1 1'><path d='M0'/></svg><!-- c -->b"),
            "<p>a</p><script></script><style></style><svg></svg>b");
}

TEST(Prestrip, KeepsSuspenseBoundaryComments) {
  // parse_libxml.cc needs them to put streamed segments in place.
  EXPECT_EQ(Strip("<!--$?--><template id=\"B:0\"></template>Loading"
                  "<!--/$--><!--$--><p>a</p><!--/$--><!--$!--><!-- $ -->"),
            "<!--$?--><template id=\"B:0\"></template>Loading<!--/$-->"
            "<!--$--><p>a</p><!--/$--><!--$!-->");
}

TEST(Prestrip, KeepsJsonLdAndRawTextElements) {
  EXPECT_EQ(Strip("<script type=\"application/ld+json\">{\"a\":\"<b>\"}"
                  "</script>"),
            "<script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>");
  EXPECT_EQ(Strip("<title>a <script> b</title><p>c</p>"),
            "<title>a <script> b</title><p>c</p>");
  EXPECT_EQ(Strip("<textarea><!-- x --></textarea>"),
            "<textarea><!-- x --></textarea>");
}

TEST(Prestrip, ScriptInsideACommentOrAttributeIsNotAScript) {
  EXPECT_EQ(Strip("<!-- <script> --><p>kept</p></script>"),
            "<p>kept</p></script>");
  // (title is not an attribute the extractor reads: it goes too)
  EXPECT_EQ(Strip("<a title='<script>' class=\"x>y\">kept</a>"),
            "<a class=\"x>y\">kept</a>");
}

TEST(Prestrip, UnclosedElementsAreKeptWhole) {
  EXPECT_EQ(Strip("<p>a<script>var x = 1; <p>b"),
            "<p>a<script>var x = 1; <p>b");
  EXPECT_EQ(Strip("<p>a<!-- no end"), "<p>a<!-- no end");
  EXPECT_EQ(Strip("<p class='never closed>text"), "<p class='never closed>text");
}

TEST(Prestrip, KeepsOnlyAttributesTheExtractorReads) {
  EXPECT_EQ(Strip("<div data-x='1' class=\"c\" onclick=\"go()\" id=i "
                  "hidden aria-hidden=\"true\" style='display:none'>"),
            "<div class=\"c\" id=i hidden aria-hidden=\"true\" "
            "style='display:none'>");
  EXPECT_EQ(Strip("<a href=\"/x\" rel=author>"), "<a rel=author>");
  EXPECT_EQ(Strip("<link rel=canonical href=\"/c\">"),
            "<link rel=canonical href=\"/c\">");
  EXPECT_EQ(Strip("<meta property=og:title content='T'/>"),
            "<meta property=og:title content='T'/>");
}

TEST(Prestrip, AttributesWithoutSpacesNeverGrowTheTag) {
  // A rewritten tag longer than the original is kept as it was.
  std::string s = "<div class=\"a\"id=\"b\">x</div>";
  EXPECT_EQ(Strip(s).size() <= s.size(), true);
  EXPECT_NE(Strip(s).find(">x</div>"), std::string::npos);
}

TEST(Prestrip, CaseInsensitiveTagNames) {
  EXPECT_EQ(Strip("<SCRIPT>x</SCRIPT ><p>y"), "<SCRIPT></SCRIPT ><p>y");
}

TEST(Prestrip, TextIsNeverTouched) {
  std::string text = "a < b and c > d; 3<4 & <!doctype html> e";
  std::string out = Strip(text);
  EXPECT_NE(out.find("a < b and c > d; 3<4 &"), std::string::npos) << out;
}

}  // namespace
}  // namespace winnow::html
