#include "winnow/normalize.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "winnow/utf8.h"

namespace winnow {
namespace {

std::string Norm(std::string_view in, NormalizeStats* stats = nullptr) {
  std::string out;
  std::vector<LineSpan> lines;
  NormalizeStats local;
  NormalizeChars(in, true, &out, &lines, stats ? stats : &local);
  return out;
}

TEST(Normalize, LineBreaks) {
  EXPECT_EQ(Norm("a\r\nb\rc\nd"), "a\nb\nc\nd");
  EXPECT_EQ(Norm("a\xC2\x85" "b\xE2\x80\xA8" "c\x0B" "d\x0C" "e"),
            "a\nb\nc\nd\ne");
  EXPECT_EQ(Norm("a\xE2\x80\xA9" "b"), "a\n\nb");  // paragraph separator
}

TEST(Normalize, OddSpacesBecomeSpaces) {
  NormalizeStats st;
  EXPECT_EQ(Norm("a\xC2\xA0" "b\xE2\x80\x83" "c\xE3\x80\x80" "d\xE2\x80\xAF" "e",
                 &st),
            "a b c d e");
  EXPECT_EQ(st.odd_spaces, 4u);
  EXPECT_EQ(Norm("a\tb"), "a\tb");  // tabs are left for reflow
}

TEST(Normalize, ControlAndInvisibleCharactersAreRemoved) {
  NormalizeStats st;
  EXPECT_EQ(Norm("\xEF\xBB\xBF" "a\x01" "b\x7F" "c\xC2\x9F" "d\xC2\xAD" "e"
                 "\xE2\x80\x8B" "f",
                 &st),
            "abcdef");
  EXPECT_EQ(st.control_chars, 6u);
  // Joiners and direction marks are meaningful and kept.
  EXPECT_EQ(Norm("a\xE2\x80\x8D" "b\xE2\x80\x8F"), "a\xE2\x80\x8D" "b\xE2\x80\x8F");
}

TEST(Normalize, InvalidUtf8IsReplacedAndCounted) {
  NormalizeStats st;
  EXPECT_EQ(Norm("caf\xE9!", &st), "caf\xEF\xBF\xBD!");
  EXPECT_EQ(st.invalid_utf8, 1u);
}

TEST(Normalize, ComposesToNfc) {
  NormalizeStats st;
  EXPECT_EQ(Norm("Cafe\xCC\x81 ok\nplain", &st), "Caf\xC3\xA9 ok\nplain");
  EXPECT_EQ(st.nfc_changed, 1u);
  // Singleton decomposition: U+212B ANGSTROM SIGN -> U+00C5.
  EXPECT_EQ(Norm("\xE2\x84\xAB"), "\xC3\x85");
}

TEST(Normalize, LineSpansPointIntoTheInput) {
  std::string in = "ab\r\ncd\n\nef";
  std::string out;
  std::vector<LineSpan> lines;
  NormalizeStats st;
  NormalizeChars(in, true, &out, &lines, &st);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(in.substr(lines[0].begin, lines[0].end - lines[0].begin), "ab");
  EXPECT_EQ(in.substr(lines[1].begin, lines[1].end - lines[1].begin), "cd");
  EXPECT_EQ(lines[2].begin, lines[2].end);
  EXPECT_EQ(in.substr(lines[3].begin, lines[3].end - lines[3].begin), "ef");
}

// Property: on text without the characters the first pass maps, the result
// is exactly utf8proc's NFC of the whole input. This checks the shortcut
// that sends only some lines through utf8proc.
TEST(NormalizeProperty, MatchesFullNfc) {
  std::mt19937 rng(42);
  std::vector<uint32_t> pool = {'a', 'e', 'o', ' ', 'A', 0xE9, 0x301, 0x308,
                                0x327, 0x41, 0x1100, 0x1161, 0x11A8, 0xAC00,
                                0x3B1, 0x3AC, 0x439, 0x418, 0x306, 0x212B,
                                0x2126, 0x4E00, 0x9FA5, 0x1E9B, 0x323,
                                0x0F73, 0x0B47, 0x0B3E, 0x09C7, 0x09BE,
                                0x05D0, 0x05B8, 0xFB2F, 0x1F600};
  for (int trial = 0; trial < 5000; ++trial) {
    std::string in;
    int n = 1 + rng() % 12;
    for (int i = 0; i < n; ++i) AppendUtf8(&in, pool[rng() % pool.size()]);
    utf8proc_uint8_t* ref = utf8proc_NFC(
        reinterpret_cast<const utf8proc_uint8_t*>(in.c_str()));
    ASSERT_NE(ref, nullptr);
    std::string expected(reinterpret_cast<char*>(ref));
    std::free(ref);
    ASSERT_EQ(Norm(in), expected) << "input bytes: " << in;
  }
}

}  // namespace
}  // namespace winnow
