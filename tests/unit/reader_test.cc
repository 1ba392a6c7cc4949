#include "winnow/reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"
#include "winnow/json.h"

namespace winnow {
namespace {

using testing::TempDir;
using testing::TestData;

std::vector<Doc> ReadAll(const std::vector<std::string>& paths,
                         ReaderOptions opt = {}, Status* error = nullptr) {
  DocReader reader(paths, opt);
  std::vector<Doc> docs;
  Doc d;
  for (;;) {
    auto more = reader.Next(&d);
    if (!more.ok()) {
      if (error) *error = more.status();
      break;
    }
    if (!*more) break;
    docs.push_back(d);
  }
  return docs;
}

TEST(Reader, ReadsJsonlFieldsIdsAndSources) {
  Status err;
  auto docs = ReadAll({TestData("reader/sample.jsonl")}, {}, &err);
  ASSERT_TRUE(err.ok()) << err.ToString();
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "a1");
  EXPECT_EQ(docs[0].text, "Caf\xC3\xA9 \xE2\x80\x94 one");
  EXPECT_EQ(docs[0].url, "https://News.Example.com:8080/x?y");
  EXPECT_EQ(docs[0].source, "news.example.com");
  EXPECT_EQ(docs[0].location.line, 1u);
  EXPECT_EQ(docs[1].id, "2");  // a number id keeps its JSON text
  EXPECT_EQ(docs[1].source, "wire");
  EXPECT_EQ(docs[1].location.line, 3u);  // the blank line 2 is skipped
  EXPECT_EQ(docs[2].id, TestData("reader/sample.jsonl") + ":4");
  EXPECT_EQ(docs[2].source, TestData("reader/sample.jsonl"));
  EXPECT_EQ(docs[2].ordinal, 2u);
}

TEST(Reader, CarriesFieldsThroughByteForByte) {
  auto docs = ReadAll({TestData("reader/sample.jsonl")});
  ASSERT_EQ(docs.size(), 3u);
  std::string out;
  AppendDocJson(docs[1], {}, &out);
  EXPECT_EQ(out,
            R"({"id":2,"source":"wire","text":"two\nlines","meta":{"k":[1,2]}})"
            "\n");
  out.clear();
  AppendDocJson(docs[0], {}, &out);
  EXPECT_NE(out.find(R"("n":1.50)"), std::string::npos);
}

TEST(Reader, DetectsCompressionFromMagicBytes) {
  auto plain = ReadAll({TestData("reader/sample.jsonl")});
  for (const char* name : {"reader/sample.jsonl.gz", "reader/sample.jsonl.zst"}) {
    Status err;
    auto docs = ReadAll({TestData(name)}, {}, &err);
    ASSERT_TRUE(err.ok()) << name << ": " << err.ToString();
    ASSERT_EQ(docs.size(), plain.size()) << name;
    for (size_t i = 0; i < docs.size(); ++i) EXPECT_EQ(docs[i].text, plain[i].text);
  }
  // The extension does not matter: a gzip file named .txt is still gzip.
  TempDir tmp;
  std::string gz = testing::Slurp(TestData("reader/sample.jsonl.gz"));
  auto docs = ReadAll({tmp.Write("misnamed.jsonl", gz)});
  EXPECT_EQ(docs.size(), plain.size());
}

TEST(Reader, ReadsConcatenatedGzipMembers) {
  auto docs = ReadAll({TestData("reader/concat.jsonl.gz")});
  EXPECT_EQ(docs.size(), 6u);
  EXPECT_EQ(docs[4].location.line, 7u);  // line numbers continue
}

TEST(Reader, TruncatedGzipNamesFileAndOffset) {
  Status err;
  ReadAll({TestData("reader/truncated.jsonl.gz")}, {}, &err);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.code(), ErrorCode::kDataError);
  EXPECT_NE(err.message().find("truncated.jsonl.gz: byte 60: truncated gzip"),
            std::string::npos)
      << err.message();
}

TEST(Reader, TruncatedZstdNamesFileAndOffset) {
  Status err;
  ReadAll({TestData("reader/truncated.jsonl.zst")}, {}, &err);
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.message().find("truncated.jsonl.zst: byte 50: truncated zstd"),
            std::string::npos)
      << err.message();
}

TEST(Reader, CorruptGzipIsADataError) {
  TempDir tmp;
  std::string gz = testing::Slurp(TestData("reader/sample.jsonl.gz"));
  gz[20] ^= 0x55;
  gz[30] ^= 0x55;
  Status err;
  ReadAll({tmp.Write("corrupt.gz", gz)}, {}, &err);
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.message().find("corrupt.gz: byte"), std::string::npos)
      << err.message();
}

TEST(Reader, MalformedLinesNameFileAndLine) {
  const std::string f = TestData("reader/bad.jsonl");
  DocReader reader({f}, {});
  Doc d;
  auto r = reader.Next(&d);
  ASSERT_TRUE(r.ok() && *r);
  EXPECT_EQ(d.id, "ok1");
  r = reader.Next(&d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind(f + ":2: malformed JSON (", 0), 0u)
      << r.status().message();
}

TEST(Reader, EachBadRecordHasItsOwnMessage) {
  const std::string f = TestData("reader/bad.jsonl");
  std::vector<std::string> files_in = {f};
  auto files = ExpandInputs(files_in, {});
  ASSERT_TRUE(files.ok());
  RecordSource src(*files, {});
  RecordParser parser({});
  RecordBatch batch;
  ASSERT_TRUE(src.NextBatch(&batch));
  std::vector<std::string> messages;
  for (const RawRecord& r : batch.records) {
    Doc d;
    Status st = parser.Parse(batch, r, src.files(), &d);
    messages.push_back(st.ok() ? "ok" : st.message());
  }
  ASSERT_EQ(messages.size(), 6u);
  EXPECT_EQ(messages[0], "ok");
  EXPECT_NE(messages[1].find(":2: malformed JSON"), std::string::npos);
  EXPECT_EQ(messages[2], f + ":3: text field \"text\" is a number, not a string");
  EXPECT_EQ(messages[3], f + ":4: text field \"text\" is missing (--text-field)");
  EXPECT_EQ(messages[4], f + ":5: expected a JSON object, found an array");
  EXPECT_EQ(messages[5], "ok");
}

TEST(Reader, InvalidUtf8InJsonIsRepairedAndCounted) {
  TempDir tmp;
  std::string p = tmp.Write("bad_utf8.jsonl", "{\"id\":\"x\",\"text\":\"caf\xE9\"}\n");
  Status err;
  auto docs = ReadAll({p}, {}, &err);
  ASSERT_TRUE(err.ok()) << err.ToString();
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].text, "caf\xEF\xBF\xBD");
  EXPECT_EQ(docs[0].invalid_utf8, 1u);
}

TEST(Reader, CustomTextAndIdFields) {
  TempDir tmp;
  std::string p = tmp.Write("c.jsonl", R"({"doc_id":"k","body":"b"})" "\n");
  ReaderOptions opt;
  opt.text_field = "body";
  opt.id_field = "doc_id";
  auto docs = ReadAll({p}, opt);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "k");
  EXPECT_EQ(docs[0].text, "b");
}

TEST(Reader, StripsBomAndCarriageReturn) {
  Status err;
  auto docs = ReadAll({TestData("reader/bom_crlf.jsonl")}, {}, &err);
  ASSERT_TRUE(err.ok()) << err.ToString();
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "bom");
}

TEST(Reader, WalksDirectoriesSortedSkippingHiddenFiles) {
  auto docs = ReadAll({TestData("reader/dir")});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "a.txt");
  EXPECT_EQ(docs[1].id, "b.txt");
  EXPECT_EQ(docs[2].id, "sub/c.txt");
  EXPECT_EQ(docs[0].text, "A text\n");
  EXPECT_EQ(docs[0].source, TestData("reader/dir"));
}

TEST(Reader, SniffsFormatOfUnknownExtensions) {
  TempDir tmp;
  std::string j = tmp.Write("data.dump", "  {\"text\":\"j\"}\n{\"text\":\"k\"}\n");
  std::string t = tmp.Write("notes.md", "{curly} but plain text\n");
  auto docs = ReadAll({j, t});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].text, "j");
  EXPECT_EQ(docs[1].text, "k");
  EXPECT_EQ(docs[2].text, "{curly} but plain text\n");
}

TEST(Reader, LongLinesAreReportedAndSkipped) {
  TempDir tmp;
  std::string big(5000, 'x');
  std::string p = tmp.Write(
      "long.jsonl", "{\"text\":\"a\"}\n{\"text\":\"" + big + "\"}\n{\"text\":\"c\"}\n");
  ReaderOptions opt;
  opt.max_record_bytes = 1000;
  opt.batch_bytes = 64;
  std::vector<std::string> in = {p};
  auto files = ExpandInputs(in, opt);
  ASSERT_TRUE(files.ok());
  RecordSource src(*files, opt);
  RecordParser parser(opt);
  RecordBatch batch;
  std::vector<std::string> seen;
  while (src.NextBatch(&batch)) {
    for (const RawRecord& r : batch.records) {
      Doc d;
      ASSERT_TRUE(parser.Parse(batch, r, src.files(), &d).ok());
      seen.push_back(d.text + "@" + std::to_string(r.line));
    }
    for (const InputError& e : batch.errors) seen.push_back(e.status.message());
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "a@1");
  EXPECT_NE(seen[1].find("long.jsonl:2: line is longer than the record limit"),
            std::string::npos)
      << seen[1];
  EXPECT_EQ(seen[2], "c@3");
}

TEST(Reader, MissingInputIsNotFound) {
  std::vector<std::string> in = {"/nonexistent/winnow/input.jsonl"};
  auto files = ExpandInputs(in, {});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(files.status().message(),
            "/nonexistent/winnow/input.jsonl: No such file or directory");
}

TEST(Reader, UnreadableInputNamesTheFile) {
  // Reading /proc/self/mem at offset 0 fails with EIO, even for root.
  Status err;
  ReadAll({"/proc/self/mem"}, {}, &err);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.code(), ErrorCode::kIoError);
  EXPECT_NE(err.message().find("/proc/self/mem"), std::string::npos)
      << err.message();
}

TEST(Reader, LinesSpanningReadsAreReassembled) {
  TempDir tmp;
  std::string content;
  for (int i = 0; i < 500; ++i) {
    content += "{\"id\":" + std::to_string(i) + ",\"text\":\"" +
               std::string(i % 97, 'a' + i % 26) + "\"}\n";
  }
  ReaderOptions opt;
  opt.batch_bytes = 100;  // smaller than many lines
  auto docs = ReadAll({tmp.Write("many.jsonl", content)}, opt);
  ASSERT_EQ(docs.size(), 500u);
  for (int i = 0; i < 500; ++i) {
    ASSERT_EQ(docs[i].id, std::to_string(i));
    ASSERT_EQ(docs[i].text, std::string(i % 97, 'a' + i % 26));
    ASSERT_EQ(docs[i].location.line, static_cast<uint64_t>(i + 1));
  }
}

TEST(UrlHost, ExtractsLowercaseHost) {
  EXPECT_EQ(UrlHost("https://User@WWW.Example.COM:443/p?q#f"), "www.example.com");
  EXPECT_EQ(UrlHost("http://example.org."), "example.org");
  EXPECT_EQ(UrlHost("//cdn.example.net/x"), "cdn.example.net");
  EXPECT_EQ(UrlHost("http://[::1]:80/"), "[::1]");
  EXPECT_EQ(UrlHost("not a url"), "");
}

}  // namespace
}  // namespace winnow
