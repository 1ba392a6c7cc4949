// WARC records: splitting, lying lengths and resynchronization, HTTP
// payloads with transfer and content codings.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "winnow/warc.h"

namespace winnow {
namespace {

// A ByteSource over a string, read in small pieces.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data, size_t piece = 7)
      : data_(std::move(data)), piece_(piece) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min({n, piece_, data_.size() - pos_});
    data_.copy(buf, k, pos_);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }
  uint64_t raw_offset() const override { return pos_; }
  uint64_t raw_size() const override { return data_.size(); }
  Compression compression() const override { return Compression::kNone; }

 private:
  std::string data_;
  size_t piece_;
  size_t pos_ = 0;
  std::string name_ = "t.warc";
};

std::string Http(const std::string& body, const std::string& headers =
                                              "Content-Type: text/html\r\n") {
  return "HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body;
}

std::string Record(const std::string& type, const std::string& block,
                   long delta = 0) {
  return "WARC/1.0\r\nWARC-Type: " + type +
         "\r\nWARC-Target-URI: https://x.example/" + type +
         "\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: " +
         std::to_string(static_cast<long>(block.size()) + delta) +
         "\r\n\r\n" + block + "\r\n\r\n";
}

struct Seen {
  std::vector<std::string> records;  // bytes of kRecord items
  std::vector<std::string> errors;
  std::vector<uint64_t> error_offsets;
  int skipped = 0;
};

Seen Split(const std::string& data, uint64_t max = 1 << 20) {
  StringSource src(data);
  WarcSplitter split(&src, "t.warc", max);
  Seen seen;
  for (int guard = 0; guard < 1000; ++guard) {
    auto item = split.Next();
    switch (item.kind) {
      case WarcSplitter::Kind::kRecord:
        seen.records.emplace_back(item.bytes);
        break;
      case WarcSplitter::Kind::kSkipped:
        ++seen.skipped;
        break;
      case WarcSplitter::Kind::kRecordError:
      case WarcSplitter::Kind::kStreamError:
        seen.errors.push_back(item.status.message());
        seen.error_offsets.push_back(item.offset);
        break;
      case WarcSplitter::Kind::kEnd:
        return seen;
    }
  }
  ADD_FAILURE() << "the splitter did not end";
  return seen;
}

TEST(WarcSplitter, ResponsesWithPagesOthersSkipped) {
  std::string data = Record("warcinfo", "software: x\r\n") +
                     Record("request", "GET / HTTP/1.1\r\n\r\n") +
                     Record("response", Http("<p>one</p>")) +
                     Record("response", Http("png", "Content-Type: image/png\r\n")) +
                     Record("response", "HTTP/1.1 404 Not Found\r\n\r\nno") +
                     Record("metadata", "a: b\r\n");
  Seen s = Split(data);
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_NE(s.records[0].find("<p>one</p>"), std::string::npos);
  EXPECT_EQ(s.skipped, 5);
  EXPECT_TRUE(s.errors.empty());
}

TEST(WarcSplitter, LyingContentLengthTooLongResyncsOnTheNextRecord) {
  std::string a = Record("response", Http("<p>a</p>"));
  std::string b = Record("response", Http("<p>b</p>"), 300);
  std::string c = Record("response", Http("<p>c</p>"));
  Seen s = Split(a + b + c + a + a);
  ASSERT_EQ(s.records.size(), 4u);
  EXPECT_NE(s.records[1].find("<p>c</p>"), std::string::npos);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.error_offsets[0], a.size());
  EXPECT_EQ(s.errors[0],
            "t.warc: byte " + std::to_string(a.size()) +
                ": WARC record Content-Length " +
                std::to_string(Http("<p>b</p>").size() + 300) +
                " does not end at a record boundary (the length is wrong or "
                "the record is damaged); skipped to the next record");
}

TEST(WarcSplitter, LyingContentLengthTooShort) {
  std::string a = Record("response", Http("<p>a</p>"), -5);
  std::string c = Record("response", Http("<p>c</p>"));
  Seen s = Split(a + c);
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_NE(s.records[0].find("<p>c</p>"), std::string::npos);
  EXPECT_EQ(s.errors.size(), 1u);
}

TEST(WarcSplitter, LengthPastTheEndOfTheInput) {
  std::string a = Record("response", Http("<p>a</p>"));
  std::string b = Record("response", Http("<p>b</p>"), 1000000);
  Seen s = Split(a + b);
  ASSERT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].find("runs past the end of the input"),
            std::string::npos)
      << s.errors[0];
}

TEST(WarcSplitter, LengthOverTheRecordLimit) {
  std::string b = Record("response", Http("<p>b</p>"), 5000);
  Seen s = Split(b + Record("response", Http("<p>c</p>")), 1000);
  EXPECT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].find("is larger than the record limit of 1000 bytes"),
            std::string::npos)
      << s.errors[0];
}

TEST(WarcSplitter, MissingOrBadContentLength) {
  std::string no_len = "WARC/1.0\r\nWARC-Type: response\r\n\r\nbody\r\n\r\n";
  std::string bad_len =
      "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\n";
  Seen s = Split(no_len + bad_len + Record("response", Http("<p>c</p>")));
  EXPECT_EQ(s.records.size(), 1u);
  ASSERT_EQ(s.errors.size(), 2u);
  EXPECT_NE(s.errors[0].find("WARC record has no Content-Length"),
            std::string::npos);
  EXPECT_NE(s.errors[1].find("invalid Content-Length \"12x\""),
            std::string::npos);
}

TEST(WarcSplitter, JunkBeforeAndBetweenRecords) {
  std::string junk = "this is not a warc file\n";
  std::string a = Record("response", Http("<p>a</p>"));
  Seen s = Split(junk + a + "\r\n\r\n" + a);
  EXPECT_EQ(s.records.size(), 2u);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.error_offsets[0], 0u);
  EXPECT_NE(s.errors[0].find("t.warc: byte 0: expected a WARC record"),
            std::string::npos);
}

TEST(WarcSplitter, HeaderCutOffAndEmptyInput) {
  Seen s = Split("WARC/1.0\r\nWARC-Type: resp");
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].find("WARC header cut off by the end of the input"),
            std::string::npos);
  EXPECT_TRUE(Split("").errors.empty());
}

std::string Gzip(const std::string& data, int window_bits = 15 + 16) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Chunked(const std::string& data) {
  std::string out;
  for (size_t i = 0; i < data.size(); i += 10) {
    std::string piece = data.substr(i, 10);
    char size[16];
    snprintf(size, sizeof size, "%zx\r\n", piece.size());
    out += size + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

TEST(ParseWarcRecord, FieldsAndPlainBody) {
  WarcPage page;
  ASSERT_TRUE(ParseWarcRecord(Record("response", Http("<p>x</p>",
              "Content-Type: text/html; charset=latin1\r\n")), 1 << 20, &page)
                  .ok());
  EXPECT_EQ(page.target_uri, "https://x.example/response");
  EXPECT_EQ(page.record_id, "urn:uuid:1");
  EXPECT_EQ(page.http_status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=latin1");
  EXPECT_EQ(page.body.substr(0, 8), "<p>x</p>");
}

TEST(ParseWarcRecord, ChunkedAndGzipped) {
  const std::string html = "<html><body><p>chunked and gzipped</p></body></html>";
  WarcPage page;
  Status st = ParseWarcRecord(
      Record("response",
             Http(Chunked(Gzip(html)),
                  "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                  "Content-Encoding: gzip\r\n")),
      1 << 20, &page);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(page.body, html);
}

TEST(ParseWarcRecord, RawDeflate) {
  const std::string html = "<p>deflated</p>";
  WarcPage page;
  ASSERT_TRUE(ParseWarcRecord(Record("response",
                                     Http(Gzip(html, -15),
                                          "Content-Encoding: deflate\r\n")),
                              1 << 20, &page)
                  .ok());
  EXPECT_EQ(page.body, html);
}

TEST(ParseWarcRecord, BadPayloadsAreErrors) {
  WarcPage page;
  Status st = ParseWarcRecord(
      Record("response", Http("zz\r\nabc", "Transfer-Encoding: chunked\r\n")),
      1 << 20, &page);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("HTTP transfer coding: bad chunk size line"),
            std::string::npos)
      << st.message();
  st = ParseWarcRecord(
      Record("response", Http("not gzip at all", "Content-Encoding: gzip\r\n")),
      1 << 20, &page);
  EXPECT_NE(st.message().find("content coding: cannot decompress"),
            std::string::npos)
      << st.message();
  st = ParseWarcRecord(
      Record("response", Http("x", "Content-Encoding: br\r\n")), 1 << 20,
      &page);
  EXPECT_NE(st.message().find("content coding \"br\" is not supported"),
            std::string::npos);
  st = ParseWarcRecord(Record("response", "garbage without a status"),
                       1 << 20, &page);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
}

TEST(ParseWarcRecord, DecompressionBombIsBounded) {
  std::string zeros(1 << 20, '\0');
  WarcPage page;
  Status st = ParseWarcRecord(
      Record("response", Http(Gzip(zeros), "Content-Encoding: gzip\r\n")),
      4096, &page);
  EXPECT_EQ(st.code(), ErrorCode::kResourceExhausted);
}

TEST(HeaderValue, CaseInsensitiveTrimmed) {
  EXPECT_EQ(HeaderValue("A: 1\r\ncontent-LENGTH:  42 \r\n", "Content-Length"),
            "42");
  EXPECT_EQ(HeaderValue("A: 1\r\n", "B"), "");
}

}  // namespace
}  // namespace winnow
