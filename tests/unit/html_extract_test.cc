// Main-content extraction: structure kept as text, boilerplate left out,
// and every bad-input path (binary data, oversized pages, deep nesting,
// truncated and malformed markup).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "html/blocks.h"
#include "html/dom.h"
#include "winnow/byte_source.h"
#include "winnow/html_extract.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

const char* kProse[] = {
    "The committee met on Tuesday to discuss the budget for the coming year, "
    "and after a long debate it agreed to raise the grant for the libraries.",
    "Several members said that the reading rooms had been full all winter, "
    "and that the opening hours should be extended into the evening.",
    "The chair thanked the staff for their work and asked them to present a "
    "plan for the new hours at the next meeting, in the spring.",
};

// A second story, for pages that need prose after their other elements:
// a paragraph repeated word for word is kept once.
const char* kMoreProse[] = {
    "The library service said it would hire two more librarians for the "
    "evening shifts, and that the cost was covered by the larger grant.",
    "Readers who had written to the paper welcomed the decision, though some "
    "asked why the children's section would still close at five.",
    "The new hours will be tried for six months from April, and the "
    "committee will look again at the figures in the autumn.",
};

std::string Article(const std::string& inner) {
  return "<html lang='en'><head><title>Libraries get more money</title></head>"
         "<body><nav class='menu'><ul><li><a href='/'>Home</a></li>"
         "<li><a href='/news'>News</a></li><li><a href='/contact'>Contact</a>"
         "</li></ul></nav><article><div class='entry-content'>" +
         inner +
         "</div></article><footer class='site-footer'>"
         "<p>&copy; 2024 Town Paper. All rights reserved.</p>"
         "<a href='/privacy'>Privacy policy</a></footer></body></html>";
}

std::string Paragraphs() {
  std::string s;
  for (const char* p : kProse) s += std::string("<p>") + p + "</p>";
  return s;
}

std::string MoreParagraphs() {
  std::string s;
  for (const char* p : kMoreProse) s += std::string("<p>") + p + "</p>";
  return s;
}

ExtractedPage Extract(const std::string& html, Status* status = nullptr) {
  ExtractedPage page;
  Status st = ExtractHtml({html, "", ""}, {}, &page);
  if (status) {
    *status = st;
  } else {
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  return page;
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(HtmlExtract, KeepsProseDropsNavigationAndFooter) {
  ExtractedPage page = Extract(Article(Paragraphs()));
  for (const char* p : kProse) EXPECT_TRUE(Has(page.text, p)) << page.text;
  EXPECT_FALSE(Has(page.text, "Privacy policy"));
  EXPECT_FALSE(Has(page.text, "All rights reserved"));
  EXPECT_FALSE(Has(page.text, "Contact"));
  EXPECT_EQ(page.stats.paragraphs, 3u);
  EXPECT_EQ(page.meta.title, "Libraries get more money");
  EXPECT_EQ(page.meta.language, "en");
}

TEST(HtmlExtract, ParagraphRepeatedWordForWordIsKeptOnce) {
  // A carousel's cloned slide, or the mobile copy of a description: the
  // same paragraph twice. Short lines that recur (a price, "Yes") stay.
  std::string inner = Paragraphs() + "<ul><li>Price: $17.00</li></ul>" +
                      std::string("<p>") + kProse[1] + "</p>" +
                      "<ul><li>Price: $17.00</li></ul>" + MoreParagraphs();
  ExtractedPage page = Extract(Article(inner));
  const std::string text = page.text;
  size_t first = text.find(kProse[1]);
  ASSERT_NE(first, std::string::npos) << text;
  EXPECT_EQ(text.find(kProse[1], first + 1), std::string::npos) << text;
  size_t price = text.find("Price: $17.00");
  ASSERT_NE(price, std::string::npos) << text;
  EXPECT_NE(text.find("Price: $17.00", price + 1), std::string::npos) << text;
}

TEST(HtmlExtract, ConsentDialogHoldingMostOfThePageKeepsItsCues) {
  // A short post under a cookie consent dialog whose purposes and vendor
  // lists are most of the page's text. An element that big is taken for
  // the page's own wrapper and its names ignored (libxml2 can nest the
  // rest of a badly written page in an unclosed <header>), but a consent
  // dialog's names still count.
  std::string dialog = "<div id='cmp-consent-sdk'><div class='purposes'>";
  for (int i = 0; i < 12; ++i) {
    dialog += "<h5>Use profiles to select personalised advertising</h5>"
              "<p>Information about your activity on this service, such as "
              "the forms you submit and the content you look at, can be "
              "stored and combined with other information about you.</p>";
  }
  dialog += "</div></div>";
  std::string html = "<html><body><main><p>" + std::string(kProse[0]) +
                     "</p></main>" + dialog + "</body></html>";
  html::Dom dom;
  ASSERT_TRUE(html::ParseHtmlDom(html, &dom).ok());
  html::PageBlocks blocks;
  html::BuildBlocks(dom, {}, &blocks);
  ASSERT_GT(blocks.blocks.size(), 2u);
  EXPECT_EQ(blocks.blocks[0].cue_bits & kCueConsent, 0);
  for (size_t i = 1; i < blocks.blocks.size(); ++i) {
    EXPECT_NE(blocks.blocks[i].cue_bits & kCueConsent, 0) << i;
    EXPECT_LT(blocks.blocks[i].cue_sum, 0) << i;
  }
}

TEST(HtmlExtract, TheParagraphClassifierJudgesWhatTheMarkupKept) {
  // An appeal and a share prompt written as plain paragraphs inside the
  // article: nothing in the markup sets them apart, their words do.
  const std::string inner =
      Paragraphs() +
      "<p>Dear readers, independent local journalism depends on you. "
      "Please support us with a monthly contribution.</p>"
      "<p>Share this article</p>";
  ExtractedPage page;
  ASSERT_TRUE(ExtractHtml({Article(inner), "", ""}, {}, &page).ok());
  for (const char* p : kProse) EXPECT_TRUE(Has(page.text, p)) << page.text;
  EXPECT_FALSE(Has(page.text, "Dear readers")) << page.text;
  EXPECT_FALSE(Has(page.text, "Share this article")) << page.text;

  ExtractOptions markup_only;
  markup_only.classify_paragraphs = false;
  ASSERT_TRUE(ExtractHtml({Article(inner), "", ""}, markup_only, &page).ok());
  EXPECT_TRUE(Has(page.text, "Dear readers")) << page.text;
}

TEST(HtmlExtract, OneParagraphPerLineWhitespaceCollapsed) {
  ExtractedPage page = Extract(Article(
      "<p>The   committee\n met <b>on</b> <i>Tuesday</i>&nbsp;to discuss "
      "the budget for the coming year, and after a long debate it agreed "
      "to raise the grant for the libraries.</p>" + Paragraphs()));
  EXPECT_TRUE(Has(page.text,
                  "The committee met on Tuesday to discuss the budget"))
      << page.text;
  EXPECT_EQ(page.text.find("\n\n"), std::string::npos);
  EXPECT_NE(page.text.back(), '\n');
}

TEST(HtmlExtract, StructureKeptAsText) {
  std::string inner = Paragraphs() +
      "<h2>What the members asked for</h2>"
      "<p>The members listed the changes they want to see before the summer, "
      "and the chair promised an answer within a month of the meeting.</p>"
      "<ul><li>longer opening hours in the evening for the reading rooms</li>"
      "<li>a second reading room in the new school building downtown</li></ul>"
      "<blockquote><p>We cannot close the doors at five when people finish "
      "work at six, said one member of the committee.</p></blockquote>"
      "<table><tr><td>Central library</td><td>12,400 visits</td></tr>"
      "<tr><td>Harbour branch</td><td>3,100 visits</td></tr></table>"
      "<p>The figures below were given by the library service to the "
      "committee and cover the months from January to the end of March.</p>"
      "<pre>month  visits\n  jan  5100\n  feb  4800</pre>" + MoreParagraphs();
  ExtractedPage page = Extract(Article(inner));
  EXPECT_TRUE(Has(page.text, "\nWhat the members asked for\n")) << page.text;
  EXPECT_TRUE(Has(page.text,
                  "\n- longer opening hours in the evening for the reading "
                  "rooms\n"));
  EXPECT_TRUE(Has(page.text, "\nCentral library | 12,400 visits\n"));
  EXPECT_TRUE(Has(page.text, "\nWe cannot close the doors at five"));
  EXPECT_TRUE(Has(page.text, "\nmonth  visits\n  jan  5100\n  feb  4800\n"))
      << "pre blocks keep their lines and indentation";
}

TEST(HtmlExtract, ListMarkersAndTablesCanBeTurnedOff) {
  std::string inner = Paragraphs() +
      "<ul><li>longer opening hours in the evening for the reading rooms "
      "and the study halls of the central library</li></ul>"
      "<table><tr><td>Central library, main building, all floors</td>"
      "<td>12,400 visits in the first quarter of the year</td></tr></table>" +
      MoreParagraphs();
  ExtractOptions options;
  options.list_markers = false;
  options.tables = false;
  ExtractedPage page;
  ASSERT_TRUE(ExtractHtml({Article(inner), "", ""}, options, &page).ok());
  EXPECT_FALSE(Has(page.text, "- longer"));
  EXPECT_FALSE(Has(page.text, "12,400"));
}

TEST(HtmlExtract, HiddenScriptsStylesAndCommentsAreNotText) {
  std::string inner = Paragraphs() +
      "<script>var s = '<p>script text</p>';</script>"
      "<style>p { color: red }</style><!-- <p>commented out</p> -->"
      "<div style='display:none'><p>hidden paragraph that is long enough "
      "to look like content if it were visible on the page at all</p></div>"
      "<div hidden><p>another hidden paragraph, also long enough to look "
      "like the content of the page if it were shown to readers</p></div>";
  ExtractedPage page = Extract(Article(inner));
  EXPECT_FALSE(Has(page.text, "script text"));
  EXPECT_FALSE(Has(page.text, "color"));
  EXPECT_FALSE(Has(page.text, "commented out"));
  EXPECT_FALSE(Has(page.text, "hidden paragraph"));
  EXPECT_GE(page.stats.hidden_skipped, 2u);
}

TEST(HtmlExtract, HiddenContentIsUsedWhenNothingElseIs) {
  // Server-rendered pages that reveal their markup with a script.
  std::string html = "<html><body><div hidden>" + Paragraphs() +
                     "</div></body></html>";
  ExtractedPage page = Extract(html);
  EXPECT_TRUE(Has(page.text, kProse[0])) << page.text;
}

// React streaming: the shell holds a Suspense boundary (template B:n and a
// fallback) or a placeholder (template P:n); the content comes later in a
// hidden S:n element that a script moves into place.
TEST(HtmlExtract, StreamedSegmentsAreReadWhereTheirScriptPutsThem) {
  std::string html =
      "<html><body><nav class='menu'><a href='/'>Home</a></nav><article>"
      "<h1>Libraries get more money</h1>"
      "<!--$?--><template id=\"B:0\"></template><div>Loading story..."
      "<!--$--><span>nested fallback part</span><!--/$--></div><!--/$-->"
      "<p>" + std::string(kProse[2]) + "</p></article>"
      "<footer class='site-footer'><p>&copy; 2024 Town Paper.</p></footer>"
      "<div hidden id=\"S:0\"><p>" + std::string(kProse[0]) + "</p>"
      "<template id=\"P:1\"></template></div>"
      "<div hidden id=\"S:1\"><p>" + std::string(kProse[1]) + "</p></div>"
      "</body></html>";
  ExtractedPage page = Extract(html);
  const size_t first = page.text.find(kProse[0]);
  const size_t second = page.text.find(kProse[1]);
  const size_t third = page.text.find(kProse[2]);
  ASSERT_NE(first, std::string::npos) << page.text;
  ASSERT_NE(second, std::string::npos) << page.text;
  ASSERT_NE(third, std::string::npos) << page.text;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_FALSE(Has(page.text, "Loading")) << page.text;
  EXPECT_FALSE(Has(page.text, "nested fallback")) << page.text;
  EXPECT_EQ(page.stats.hidden_skipped, 0u);
}

TEST(HtmlExtract, HiddenElementsWithoutATemplateStayHidden) {
  std::string inner = Paragraphs() +
      "<div hidden id=\"S:7\"><p>a segment that no template asks for, long "
      "enough to look like content if it were shown to readers</p></div>";
  ExtractedPage page = Extract(Article(inner));
  EXPECT_FALSE(Has(page.text, "no template asks for")) << page.text;
}

TEST(HtmlExtract, EmptyAndTextlessPagesGiveEmptyText) {
  EXPECT_EQ(Extract("").text, "");
  EXPECT_EQ(Extract("<html><body></body></html>").text, "");
  EXPECT_EQ(Extract("<html><body><img src=x></body></html>").text, "");
}

TEST(HtmlExtract, TruncatedHtmlStillGivesItsText) {
  std::string html = Article(Paragraphs());
  html.resize(html.find(kProse[2]) + 40);  // cut inside the third paragraph
  ExtractedPage page = Extract(html);
  EXPECT_TRUE(Has(page.text, kProse[0])) << page.text;
}

TEST(HtmlExtract, MalformedMarkupIsRecovered) {
  std::string inner = "<p>" + std::string(kProse[0]) +
                      "<div><b><i>" + kProse[1] + "</b></i></p></span>"
                      "<p <p>>" + kProse[2] + "<table><td>";
  ExtractedPage page = Extract(Article(inner));
  EXPECT_TRUE(Has(page.text, "reading rooms had been full")) << page.text;
  EXPECT_TRUE(IsValidUtf8(page.text));
}

TEST(HtmlExtract, UnclosedButtonDoesNotSwallowThePage) {
  // libxml2 nests the rest of the page inside an unclosed <button>.
  std::string html = "<html><body><header><button><div>Menu</header>"
                     "<article>" + Paragraphs() + "</article></body></html>";
  ExtractedPage page = Extract(html);
  EXPECT_TRUE(Has(page.text, kProse[1])) << page.text;
}

TEST(HtmlExtract, DomNested100000DeepNeitherCrashesNorHangs) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += Paragraphs();
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</body></html>";
  // Also on a thread with a small stack: nothing may recurse per level.
  ExtractedPage page;
  Status st;
  std::thread t([&] { st = ExtractHtml({html, "", ""}, {}, &page); });
  t.join();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(Has(page.text, kProse[0]));
}

TEST(HtmlExtract, UnclosedInlineElementsNested100000Deep) {
  std::string html = "<html><body><p>" + std::string(kProse[0]);
  for (int i = 0; i < 100000; ++i) html += "<b><i>x";
  ExtractedPage page;
  Status st = ExtractHtml({html, "", ""}, {}, &page);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

TEST(HtmlExtract, FiftyMegabytePage) {
  // Under the sanitizers, which look for memory errors rather than limits,
  // a fifth of the size: the full page alone would take over a minute.
#ifdef WINNOW_SANITIZED
  const size_t megabytes = 10;
#else
  const size_t megabytes = 50;
#endif
  // Each item numbered: a paragraph repeated word for word is kept once.
  std::string html = "<html><body><article>";
  for (int item = 0; html.size() < (megabytes << 20); ++item) {
    html += "<div class='item'><p>" + std::string(kProse[0]) + " (" +
            std::to_string(item) + ")</p><a href='/x'>more</a></div>\n";
  }
  html += "</article></body></html>";
  ExtractedPage page;
  Status st = ExtractHtml({html, "", ""}, {}, &page);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_GT(page.text.size(), (megabytes << 20) / 5);
}

TEST(HtmlExtract, PageOverTheSizeLimitIsAnError) {
  ExtractOptions options;
  options.max_html_bytes = 1000;
  ExtractedPage page;
  Status st = ExtractHtml({std::string(1001, 'a'), "", ""}, options, &page);
  EXPECT_EQ(st.code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(st.message(),
            "page of 1001 bytes is larger than the limit of 1000 bytes "
            "(--max-html-bytes)");
}

TEST(HtmlExtract, BinaryJunkServedAsHtmlIsAnError) {
  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245 + 12345;
    junk.push_back(static_cast<char>(x >> 24));
  }
  Status st;
  Extract(junk, &st);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("not text: "), std::string::npos);
  EXPECT_NE(st.message().find("control bytes (binary data served as HTML?)"),
            std::string::npos)
      << st.message();
}

TEST(HtmlExtract, StrayNulBytesAreTolerated) {
  std::string inner = Paragraphs();
  inner.insert(inner.find("committee"), std::string("\0", 1));
  ExtractedPage page = Extract(Article(inner));
  EXPECT_TRUE(Has(page.text, "reading rooms")) << page.text;
}

TEST(HtmlExtract, SameResultOnManyThreads) {
  const std::string html = Article(Paragraphs());
  const std::string want = Extract(html).text;
  std::vector<std::thread> threads;
  std::vector<std::string> got(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      ExtractedPage page;
      for (int k = 0; k < 20; ++k) {
        (void)ExtractHtml({html, "", ""}, {}, &page);
      }
      got[t] = page.text;
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& g : got) EXPECT_EQ(g, want);
}

TEST(HtmlExtract, HandWrittenNewsPage) {
  auto html = ReadWholeFile(std::string(WINNOW_TEST_DATA) +
                            "/extract/pages/harbour.html");
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  ExtractedPage page;
  ASSERT_TRUE(ExtractHtml({*html, "", "https://courier.example/a/b"}, {},
                          &page).ok());
  EXPECT_TRUE(Has(page.text, "Repairs to the northern harbour wall"));
  EXPECT_TRUE(Has(page.text, "- grouting of the voids"));
  EXPECT_TRUE(Has(page.text, "Labour | £655,000"));
  for (const char* boilerplate :
       {"Share on Facebook", "We use cookies", "Most read", "Related stories",
        "Great news, about time", "All rights reserved", "Photo: Harbour",
        "Donate today", "Sport"}) {
    EXPECT_FALSE(Has(page.text, boilerplate)) << boilerplate;
  }
  EXPECT_EQ(page.meta.author, "Mara Lindqvist");
  EXPECT_EQ(page.meta.date, "2024-11-02T08:15:00+00:00");
  EXPECT_EQ(page.meta.canonical_url,
            "https://courier.example/news/harbour-wall-repairs");
}

}  // namespace
}  // namespace winnow
