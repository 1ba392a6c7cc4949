#include "text/line_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace winnow {
namespace {

// The scan written byte by byte, the plain way.
LineScan ReferenceScan(std::string_view t) {
  LineScan r;
  r.first_space = t.size();
  for (size_t k = 0; k < t.size(); ++k) {
    const char c = t[k];
    if ((c == ' ' || c == '\t') && r.first_space == t.size()) r.first_space = k;
    if (c == ' ' && k > 0 && t[k - 1] == ' ') r.double_space = true;
    if (c == '\t') r.tab = true;
    if (c == '|') ++r.pipes;
    if (static_cast<unsigned char>(c) >= 0x80) r.non_ascii = true;
  }
  return r;
}

void ExpectSame(std::string_view t) {
  const LineScan got = ScanLine(t);
  const LineScan want = ReferenceScan(t);
  EXPECT_EQ(got.first_space, want.first_space) << '"' << t << '"';
  EXPECT_EQ(got.pipes, want.pipes) << '"' << t << '"';
  EXPECT_EQ(got.tab, want.tab) << '"' << t << '"';
  EXPECT_EQ(got.double_space, want.double_space) << '"' << t << '"';
  EXPECT_EQ(got.non_ascii, want.non_ascii) << '"' << t << '"';
}

TEST(LineScan, EmptyAndPlainWords) {
  const LineScan e = ScanLine("");
  EXPECT_EQ(e.first_space, 0u);
  EXPECT_FALSE(e.double_space || e.tab || e.non_ascii);
  const LineScan w = ScanLine("The committee met on Tuesday to hear the plan");
  EXPECT_EQ(w.first_space, 3u);
  EXPECT_FALSE(w.double_space || w.tab || w.non_ascii);
  EXPECT_EQ(w.pipes, 0);
}

// A doubled space whose two spaces fall on either side of a block edge
// (bytes 15/16, 31/32, and the 8-byte edges of the portable path).
TEST(LineScan, DoubleSpaceAcrossBlockEdges) {
  for (size_t at = 1; at < 48; ++at) {
    std::string t(48, 'a');
    t[at - 1] = ' ';
    t[at] = ' ';
    EXPECT_TRUE(ScanLine(t).double_space) << "spaces at " << at - 1;
    ExpectSame(t);
  }
  // Spaces one apart never count.
  std::string t;
  for (int i = 0; i < 20; ++i) t += "a ";
  EXPECT_FALSE(ScanLine(t).double_space);
}

TEST(LineScan, TabsPipesAndNonAsciiAnywhere) {
  for (size_t at = 0; at < 40; ++at) {
    for (const char c : {'\t', '|', '\xC3'}) {
      std::string t(40, 'x');
      t[at] = c;
      ExpectSame(t);
    }
  }
  const LineScan p = ScanLine("a | b | c | d | e | f | g | h | i | j");
  EXPECT_EQ(p.pipes, 9);
}

// Random lines over the bytes the scan tells apart, at every length across
// several blocks: the block scan agrees with the byte loop on all of it.
TEST(LineScan, MatchesByteByByteReference) {
  std::mt19937 rng(7);
  const std::string alphabet = std::string("ab |\t.") + "\xC3\xA9" + "Z";
  for (int trial = 0; trial < 20000; ++trial) {
    const size_t n = rng() % 70;
    std::string t;
    // Mostly letters, so that a first space can come late.
    const bool sparse = rng() % 2 == 0;
    for (size_t i = 0; i < n; ++i) {
      t.push_back(sparse && rng() % 8 != 0 ? 'a'
                                           : alphabet[rng() % alphabet.size()]);
    }
    ExpectSame(t);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace winnow
