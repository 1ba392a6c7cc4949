#include "winnow/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace winnow {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8, LowercasesEachCodePointAndDropsInvalidBytes) {
  EXPECT_EQ(LowercaseUtf8("CamPaign"), "campaign");
  EXPECT_EQ(LowercaseUtf8("\xC3\x89T\xC3\x89"), "\xC3\xA9t\xC3\xA9");  // ÉTÉ
  EXPECT_EQ(LowercaseUtf8("\xD0\x9D\xD0\x90\xD0\xA1"),
            "\xD0\xBD\xD0\xB0\xD1\x81");  // НАС
  // U+023A's lowercase, U+2C65, takes a byte more.
  EXPECT_EQ(LowercaseUtf8("\xC8\xBA"), "\xE2\xB1\xA5");
  EXPECT_EQ(LowercaseUtf8("a\xFF" "b\xE2\x82"), "ab");
  EXPECT_EQ(LowercaseUtf8(""), "");
  char buf[4];
  EXPECT_EQ(EncodeUtf8(0x41, buf), 1u);
  EXPECT_EQ(EncodeUtf8(0xE9, buf), 2u);
  EXPECT_EQ(EncodeUtf8(0x2C65, buf), 3u);
  EXPECT_EQ(EncodeUtf8(0x1F600, buf), 4u);
  EXPECT_EQ(std::string(buf, 4), "\xF0\x9F\x98\x80");
}

TEST(Utf8, ValidatesWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII text that is longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8, RejectsIllFormedSequences) {
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));       // truncated at the end
}

// Unicode 15, Table 3-8: "U+FFFD for Non-Shortest Form Sequences" and the
// surrounding examples of maximal subparts.
TEST(Utf8, RepairReplacesMaximalSubparts) {
  std::string out;
  size_t bad = RepairUtf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
                          &out);
  EXPECT_EQ(out, "a" + kFffd + kFffd + kFffd + "b" + kFffd + "c" + kFffd +
                     kFffd + "d");
  EXPECT_EQ(bad, 6u);
  bad = RepairUtf8("\xC0\xAF", &out);
  EXPECT_EQ(out, kFffd + kFffd);
  EXPECT_EQ(bad, 2u);
  bad = RepairUtf8("\xED\xA0\x80", &out);
  EXPECT_EQ(out, kFffd + kFffd + kFffd);
}

TEST(Utf8, RepairOfValidTextIsIdentity) {
  std::string in = "na\xC3\xAFve \xE2\x80\x94 \xF0\x9F\x8C\x8D ok";
  std::string out;
  EXPECT_EQ(RepairUtf8(in, &out), 0u);
  EXPECT_EQ(out, in);
}

TEST(Utf8Property, RepairAlwaysYieldsValidUtf8) {
  std::mt19937 rng(1);
  std::string out;
  for (int i = 0; i < 20000; ++i) {
    std::string in(rng() % 24, '\0');
    for (char& c : in) c = static_cast<char>(rng());
    RepairUtf8(in, &out);
    ASSERT_TRUE(IsValidUtf8(out));
    if (IsValidUtf8(in)) {
      ASSERT_EQ(out, in);
    }
  }
}

TEST(Utf8, EncodesAndDecodesEveryScalarValue) {
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 97)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    AppendUtf8(&s, cp);
    uint32_t back = 0;
    ASSERT_EQ(DecodeUtf8(s, 0, &back), s.size());
    ASSERT_EQ(back, cp);
  }
}

}  // namespace
}  // namespace winnow
