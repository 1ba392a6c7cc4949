// How a distributed run divides its input (src/dedup/dist_split.cc): the
// ranks' shares cover every input byte once, in input order, balanced by
// bytes; only uncompressed JSONL files are cut, and cuts close to a file's
// ends move there.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dedup/job.h"
#include "test_util.h"

namespace winnow {
namespace {

using testing::TempDir;

std::string Lines(int n, int width) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += "{\"id\":" + std::to_string(i) + ",\"text\":\"" +
         std::string(width, 'a') + "\"}\n";
  }
  return s;
}

InputFile Input(const std::string& path, uint64_t size,
                InputFormat format = InputFormat::kAuto) {
  InputFile f;
  f.path = f.name = f.id = f.root = path;
  f.format = format;
  f.size = size;
  return f;
}

// (file, begin, end) of each input of each rank.
struct Part {
  std::string path;
  uint64_t begin, end;
  bool operator==(const Part&) const = default;
};
std::vector<std::vector<Part>> Shares(const std::vector<InputFile>& in,
                                      int ranks) {
  std::vector<std::vector<Part>> out;
  for (int r = 0; r < ranks; ++r) {
    auto s = dedup::ShareInputs(in, r, ranks);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    out.emplace_back();
    for (const InputFile& f : s->inputs) {
      out.back().push_back(
          {f.path, f.range_begin, f.ranged() ? f.range_end : f.size});
    }
  }
  return out;
}

TEST(ShareInputs, OneBigFileIsCutIntoBalancedRanges) {
  TempDir dir;
  const std::string body = Lines(1000, 90);
  const std::string p = dir.Write("big.jsonl", body);
  const uint64_t n = body.size();
  for (int ranks = 1; ranks <= 5; ++ranks) {
    auto shares = Shares({Input(p, n)}, ranks);
    uint64_t at = 0;
    for (int r = 0; r < ranks; ++r) {
      ASSERT_EQ(shares[r].size(), 1u) << ranks << " ranks, rank " << r;
      EXPECT_EQ(shares[r][0].begin, at);
      at = shares[r][0].end;
      const uint64_t want = n / ranks;
      EXPECT_LE(shares[r][0].end - shares[r][0].begin, want + 1);
      EXPECT_GE(shares[r][0].end - shares[r][0].begin, want);
    }
    EXPECT_EQ(at, n);
    // Which rank continues which file, as every rank computes it.
    auto s = dedup::ShareInputs({Input(p, n)}, 0, ranks);
    for (int r = 0; r < ranks; ++r) {
      EXPECT_EQ(s->last_file[r], r + 1 < ranks ? 0 : -1);
    }
    // Every rank but the last is continued, with the bytes it reads.
    ASSERT_EQ(s->continued.size(), static_cast<size_t>(ranks - 1));
    for (int r = 0; r + 1 < ranks; ++r) {
      EXPECT_EQ(s->continued[r].rank, r);
      EXPECT_EQ(s->continued[r].begin, shares[r][0].begin);
      EXPECT_EQ(s->continued[r].end, shares[r][0].end);
    }
    auto last = dedup::ShareInputs({Input(p, n)}, ranks - 1, ranks);
    EXPECT_EQ(last->first_file, ranks > 1 ? 0 : -1);
    if (ranks > 1) {
      EXPECT_EQ(last->inputs[0].format, InputFormat::kJsonl);
    }
  }
}

TEST(ShareInputs, FilesAlreadyBalancedAreReadWhole) {
  // Four files of nearly equal size on two ranks: the cut falls a few
  // bytes from the end of the second file and moves there.
  TempDir dir;
  std::vector<InputFile> in;
  for (int i = 0; i < 4; ++i) {
    const std::string body = Lines(200 + (i == 1 ? 1 : 0), 90);
    in.push_back(Input(dir.Write("p" + std::to_string(i), body), body.size()));
  }
  auto shares = Shares(in, 2);
  ASSERT_EQ(shares[0].size(), 2u);
  ASSERT_EQ(shares[1].size(), 2u);
  EXPECT_EQ(shares[0][1], (Part{in[1].path, 0, in[1].size}));
  EXPECT_EQ(shares[1][0], (Part{in[2].path, 0, in[2].size}));
}

TEST(ShareInputs, CompressedAndTextFilesAreNeverCut) {
  TempDir dir;
  const std::string body = Lines(1000, 90);
  // gzip magic bytes: a compressed stream cannot be entered in the middle.
  const std::string gz = dir.Write("big.jsonl.gz", "\x1f\x8b" + body);
  const std::string txt = dir.Write("big.txt", body);
  const std::string plain = dir.Write("big.jsonl", body);
  const uint64_t n = body.size() + 2;
  auto shares =
      Shares({Input(gz, n), Input(txt, body.size(), InputFormat::kText),
              Input(plain, body.size())},
             3);
  EXPECT_EQ(shares[0], (std::vector<Part>{{gz, 0, n}}));
  EXPECT_EQ(shares[1], (std::vector<Part>{{txt, 0, body.size()}}));
  EXPECT_EQ(shares[2], (std::vector<Part>{{plain, 0, body.size()}}));
  // Two ranks: the cut falls in the middle of the text file, which goes
  // whole to the rank owning its middle; the JSONL file after it is cut
  // nowhere (it lies in one share).
  shares = Shares({Input(gz, n), Input(txt, body.size(), InputFormat::kText),
                   Input(plain, body.size())},
                  2);
  EXPECT_EQ(shares[0].size(), 1u);
  EXPECT_EQ(shares[1].size(), 2u);
}

TEST(ShareInputs, AFileThatLooksLikeJsonlIsCutWhateverItsName) {
  TempDir dir;
  const std::string body = Lines(1000, 90);
  const std::string p = dir.Write("part-00", body);
  auto shares = Shares({Input(p, body.size())}, 2);
  EXPECT_GT(shares[0][0].end, 0u);
  EXPECT_LT(shares[0][0].end, body.size());
}

TEST(ShareInputs, AMissingFileThatWouldBeCutIsAnErrorNamingIt) {
  auto s = dedup::ShareInputs({Input("/nonexistent/big.jsonl", 1 << 20)}, 0, 2);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("/nonexistent/big.jsonl: cannot open"),
            std::string::npos);
}

}  // namespace
}  // namespace winnow
