// Reading web pages: formats from names and bytes, HTML files, WARC
// archives, JSONL with an HTML field, and extraction as a step.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "winnow/extract_step.h"
#include "winnow/json.h"
#include "winnow/reader.h"

namespace winnow {
namespace {

namespace fs = std::filesystem;

class ReaderHtml : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("winnow-reader-html-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& data) {
    std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << data;
    return p;
  }
  std::vector<Doc> ReadAll(const std::vector<std::string>& paths,
                           ReaderOptions options = {}) {
    DocReader reader(paths, options);
    std::vector<Doc> docs;
    Doc d;
    for (;;) {
      auto more = reader.Next(&d);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
      docs.push_back(d);
    }
    return docs;
  }
  fs::path dir_;
};

TEST_F(ReaderHtml, FormatNames) {
  EXPECT_EQ(*ParseInputFormat("html"), InputFormat::kHtml);
  EXPECT_EQ(*ParseInputFormat("warc"), InputFormat::kWarc);
  EXPECT_FALSE(ParseInputFormat("pdf").ok());
  EXPECT_EQ(ParseInputFormat("pdf").status().message(),
            "unknown input format \"pdf\" (expected auto, text, jsonl, html "
            "or warc)");
  std::string a = Write("a.HTM.gz", "x");
  std::string b = Write("b.warc.zst", "x");
  auto files = ExpandInputs({a, b}, {});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ((*files)[0].format, InputFormat::kHtml);
  EXPECT_EQ((*files)[1].format, InputFormat::kWarc);
}

TEST_F(ReaderHtml, SniffedPagesAndArchives) {
  std::string page = Write("page", "\n<!-- hi --><!DOCTYPE html><p>x</p>");
  std::string warc = Write(
      "archive",
      "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://h.example/p"
      "\r\nContent-Length: 38\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>in a warc</p>\r\n"
      "\r\n\r\n");
  std::string text = Write("notes", "<3 plain text");
  auto docs = ReadAll({page, warc, text});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_TRUE(docs[0].html);
  EXPECT_TRUE(docs[1].html);
  EXPECT_EQ(docs[1].url, "https://h.example/p");
  EXPECT_EQ(docs[1].source, "h.example");
  EXPECT_NE(docs[1].text.find("<p>in a warc</p>"), std::string::npos);
  EXPECT_FALSE(docs[2].html);
}

TEST_F(ReaderHtml, HtmlFieldOfJsonl) {
  std::string j = Write("p.jsonl",
                        "{\"id\":\"a\",\"html\":\"<p>x</p>\",\"k\":1}\n"
                        "{\"id\":\"b\",\"html\":null}\n");
  ReaderOptions options;
  options.html_field = "html";
  DocReader reader(std::vector<std::string>{j}, options);
  Doc d;
  auto more = reader.Next(&d);
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_TRUE(d.html);
  EXPECT_EQ(d.text, "<p>x</p>");
  more = reader.Next(&d);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().message(),
            j + ":2: HTML field \"html\" is null, not a string");
}

TEST_F(ReaderHtml, ExtractDocBuildsTheOutputRecord) {
  std::string j = Write(
      "p.jsonl",
      "{\"id\":\"a\",\"title\":\"kept\",\"html\":\"<html lang=de><body>"
      "<article><p>Ein langer Absatz mit genug Worten, damit er als Inhalt "
      "der Seite gilt und nicht als Navigation oder als Fußzeile.</p>"
      "<p>Der zweite Absatz erzählt, wie die Gemeinde den alten Bahnhof "
      "gekauft hat und was sie in den nächsten Jahren daraus machen will.</p>"
      "<p>Im dritten Absatz sagt die Bürgermeisterin, dass die Bürger bis "
      "zum Ende des Monats ihre Vorschläge einreichen können.</p>"
      "</article></body></html>\",\"k\":1}\n");
  ReaderOptions options;
  options.html_field = "html";
  DocReader reader(std::vector<std::string>{j}, options);
  Doc d;
  ASSERT_TRUE(*reader.Next(&d));
  Counters c;
  ExtractStepOptions eo;
  ASSERT_TRUE(ExtractDoc(d, eo, &c).ok());
  EXPECT_FALSE(d.html);
  std::string out;
  AppendDocJson(d, {}, &out);
  // Carried fields first, in order, then the metadata the record lacks.
  EXPECT_EQ(out.rfind("{\"id\":\"a\",\"title\":\"kept\",\"k\":1,\"author\":", 0),
            0u)
      << out;
  EXPECT_NE(out.find("\"language\":\"de\""), std::string::npos);
  EXPECT_NE(out.find("\"text\":\"Ein langer Absatz"), std::string::npos) << out;
  EXPECT_EQ(out.find("\"html\""), std::string::npos);
  EXPECT_EQ(c.Get("extract.pages"), 1u);
}

TEST_F(ReaderHtml, ExtractDocReportsWhereABadPageIs) {
  std::string p = Write("junk.html", std::string(4000, '\x01'));
  auto docs = ReadAll({p});
  ASSERT_EQ(docs.size(), 1u);
  Counters c;
  Status st = ExtractDoc(docs[0], {}, &c);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_EQ(st.message().rfind(p + ": not text: 4000 of the first 4000 bytes",
                               0),
            0u)
      << st.message();
}

TEST_F(ReaderHtml, PlainTextPassesThrough) {
  std::string p = Write("n.txt", "just text");
  auto docs = ReadAll({p});
  Counters c;
  ASSERT_TRUE(ExtractDoc(docs[0], {}, &c).ok());
  EXPECT_EQ(docs[0].text, "just text");
  EXPECT_EQ(c.Get("extract.not_html"), 1u);
}

}  // namespace
}  // namespace winnow
