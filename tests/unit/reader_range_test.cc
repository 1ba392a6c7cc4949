// Byte ranges of a JSONL file (InputFile::range_begin): ranges cut at any
// offsets read every line exactly once, with the line numbers, offsets and
// errors of reading the whole file. Checked against reading the whole file
// for cuts at and around every line start (and between) of a file that
// holds the awkward cases: a byte order mark, blank lines, CRLF, lines
// longer than a read, one over the record limit, a last line without a
// newline.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_util.h"
#include "winnow/reader.h"

namespace winnow {
namespace {

using testing::TempDir;

// What a reader saw: records as "line offset size head", errors as
// "! line offset message".
std::vector<std::string> Read(const std::vector<InputFile>& files,
                              const ReaderOptions& opt) {
  RecordSource src(files, opt);
  RecordBatch b;
  std::vector<std::string> seen;
  uint64_t ordinal = 0;
  while (src.NextBatch(&b)) {
    for (const RawRecord& r : b.records) {
      EXPECT_EQ(r.ordinal, ordinal++);
      seen.push_back(std::to_string(r.line) + " " +
                     std::to_string(r.byte_offset) + " " +
                     std::to_string(r.size) + " " +
                     std::string(b.RecordBytes(r).substr(0, 24)));
    }
    for (const InputError& e : b.errors) {
      seen.push_back("! " + std::to_string(e.location.line) + " " +
                     std::to_string(e.location.byte_offset) + " " +
                     e.status.message());
    }
  }
  return seen;
}

// The file's lines before a range beginning at `begin` (> 0).
uint64_t LinesBefore(const std::string& content, uint64_t begin) {
  return 1 + static_cast<uint64_t>(
                 std::count(content.begin(), content.begin() + begin, '\n'));
}

class ReaderRange : public ::testing::Test {
 protected:
  void SetUp() override {
    // Reads are 64 KiB: the long lines cross them, one is over the limit.
    auto line = [&](const std::string& l) {
      starts_.push_back(content_.size());
      content_ += l;
    };
    content_ = "\xEF\xBB\xBF";
    line("{\"id\":1}\n");
    line("\n");
    line("{\"id\":2,\"text\":\"crlf\"}\r\n");
    line("   \n");
    line("{\"id\":3,\"text\":\"" + std::string(200000, 'x') + "\"}\n");
    for (int i = 0; i < 300; ++i) {
      line("{\"id\":" + std::to_string(10 + i) + ",\"text\":\"" +
           std::string(50 + i % 200, 'a' + i % 26) + "\"}\n");
      if (i % 50 == 7) line("\n");
    }
    line("{\"id\":4,\"text\":\"" + std::string(70000, 'y') + "\"}\n");
    line("{\"id\":5,\"text\":\"no newline at the end\"}");
    path_ = dir_.Write("in.jsonl", content_);
    opt_.max_record_bytes = 80000;
    opt_.batch_bytes = 1000;  // reads of 64 KiB
    whole_ = Read({File()}, opt_);
    // Cut points: around every line start, and in between.
    for (uint64_t s : starts_) {
      for (uint64_t c = s > 2 ? s - 2 : 1; c <= s + 2; ++c) cuts_.push_back(c);
    }
    for (uint64_t c = 1; c < content_.size(); c += 1013) cuts_.push_back(c);
    std::sort(cuts_.begin(), cuts_.end());
    cuts_.erase(std::unique(cuts_.begin(), cuts_.end()), cuts_.end());
    while (!cuts_.empty() && cuts_.back() >= content_.size()) cuts_.pop_back();
  }
  InputFile File() const {
    InputFile f;
    f.path = f.name = path_;
    f.format = InputFormat::kJsonl;
    f.size = content_.size();
    return f;
  }
  InputFile Range(uint64_t begin, uint64_t end) const {
    InputFile f = File();
    f.range_begin = begin;
    f.range_end = end;
    f.line_base = begin > 0 ? LinesBefore(content_, begin) : 0;
    return f;
  }

  TempDir dir_;
  std::string content_, path_;
  std::vector<uint64_t> starts_, cuts_;
  ReaderOptions opt_;
  std::vector<std::string> whole_;
};

TEST_F(ReaderRange, TheWholeFileHasEveryCase) {
  ASSERT_EQ(whole_.size(), 2u + 1 + 300 + 2);
  EXPECT_EQ(whole_[0], "1 3 8 {\"id\":1}");  // after the byte order mark
  EXPECT_EQ(whole_[1], "3 " + std::to_string(starts_[2]) +
                           " 22 {\"id\":2,\"text\":\"crlf\"}");
  EXPECT_EQ(whole_[2].substr(0, 4), "! 5 ");
  EXPECT_NE(whole_[2].find(":5: line is longer"), std::string::npos);
  EXPECT_EQ(whole_.back(), std::to_string(starts_.size()) + " " +
                               std::to_string(starts_.back()) +
                               " 39 {\"id\":5,\"text\":\"no newli");
}

TEST_F(ReaderRange, TwoRangesCutAnywhereReadTheWholeFile) {
  const uint64_t size = content_.size();
  for (uint64_t c : cuts_) {
    auto a = Read({Range(0, c)}, opt_);
    auto b = Read({Range(c, size)}, opt_);
    a.insert(a.end(), b.begin(), b.end());
    ASSERT_EQ(a, whole_) << "cut at " << c;
  }
}

TEST_F(ReaderRange, ThreeRangesCutAnywhereReadTheWholeFile) {
  const uint64_t size = content_.size();
  for (size_t i = 0; i < cuts_.size(); i += 13) {
    for (size_t j = i; j < cuts_.size(); j += 17) {
      const uint64_t c1 = cuts_[i], c2 = cuts_[j];
      auto got = Read({Range(0, c1)}, opt_);
      for (auto [b, e] : {std::pair{c1, c2}, std::pair{c2, size}}) {
        if (e <= b) continue;
        auto part = Read({Range(b, e)}, opt_);
        got.insert(got.end(), part.begin(), part.end());
      }
      ASSERT_EQ(got, whole_) << "cuts at " << c1 << " and " << c2;
    }
  }
}

TEST_F(ReaderRange, RangesOfOneSourceFollowOneAnother) {
  // Several ranges (of one file here) in one RecordSource, as a rank reads
  // its share: ordinals run on, each range keeps its own line numbers.
  const uint64_t size = content_.size();
  auto got = Read({Range(0, 20), Range(20, 70000), Range(70000, size)}, opt_);
  EXPECT_EQ(got, whole_);
}

TEST_F(ReaderRange, ARangeInsideOneLineReadsNothing) {
  // Bytes 50..190000 lie inside the over-long line 5: no line starts there.
  EXPECT_TRUE(Read({Range(50, 190000)}, opt_).empty());
}

TEST_F(ReaderRange, OnlyJsonlIsReadInRanges) {
  InputFile f = Range(5, 30);
  f.format = InputFormat::kText;
  auto got = Read({f}, opt_);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("only JSONL files are read in ranges"),
            std::string::npos);
}

TEST_F(ReaderRange, AMissingFileIsAnErrorNamingIt) {
  InputFile f = Range(5, 30);
  f.path = f.name = dir_.File("gone.jsonl");
  auto got = Read({f}, opt_);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("gone.jsonl: cannot open"), std::string::npos);
}

}  // namespace
}  // namespace winnow
