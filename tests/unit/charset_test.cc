// Character sets: where the charset comes from, conversion, fallbacks.
#include <gtest/gtest.h>

#include "winnow/charset.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

TEST(Charset, ContentTypeParameter) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=ISO-8859-1"),
            "iso-8859-1");
  EXPECT_EQ(CharsetFromContentType("text/html;Charset=\"utf-8\""), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
}

TEST(Charset, MetaTagsInTheHead) {
  EXPECT_EQ(MetaCharset("<html><head><meta charset='windows-1251'>"),
            "windows-1251");
  EXPECT_EQ(MetaCharset("<meta http-equiv=\"Content-Type\" "
                        "content=\"text/html; charset=Shift_JIS\">"),
            "shift_jis");
  EXPECT_EQ(MetaCharset("<p>charset=utf-8</p>"), "");
  std::string late(5000, ' ');
  late += "<meta charset=koi8-r>";
  EXPECT_EQ(MetaCharset(late), "") << "only the first 4096 bytes count";
}

TEST(Charset, LabelsMapAsTheEncodingStandardSays) {
  EXPECT_EQ(CanonicalCharset("Latin1"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("US-ASCII"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("GB2312"), "gb18030");
  EXPECT_EQ(CanonicalCharset("utf8"), "utf-8");
  EXPECT_EQ(CanonicalCharset(""), "");
}

TEST(Charset, HttpHeaderWinsOverMeta) {
  std::string out;
  CharsetInfo info;
  DecodeHtml("<meta charset=utf-8><p>caf\xE9</p>", "text/html; charset=latin1",
             &out, &info);
  EXPECT_EQ(info.source, CharsetSource::kHttp);
  EXPECT_EQ(info.charset, "windows-1252");
  EXPECT_TRUE(info.converted);
  EXPECT_NE(out.find("caf\xC3\xA9"), std::string::npos);
}

TEST(Charset, MetaDeclaresWindows1252) {
  std::string out;
  CharsetInfo info;
  DecodeHtml("<meta charset=windows-1252><p>\x93quoted\x94 \x80</p>", "", &out,
             &info);
  EXPECT_EQ(info.source, CharsetSource::kMeta);
  EXPECT_NE(out.find("\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC"),
            std::string::npos);
}

TEST(Charset, ByteOrderMarkWins) {
  std::string out;
  CharsetInfo info;
  const std::string utf16le("\xFF\xFE<\0p\0>\0\xE9\0", 10);
  DecodeHtml(utf16le, "text/html; charset=utf-8", &out, &info);
  EXPECT_EQ(info.source, CharsetSource::kBom);
  EXPECT_EQ(out, "<p>\xC3\xA9");
}

TEST(Charset, UndeclaredValidUtf8StaysUtf8) {
  std::string out;
  CharsetInfo info;
  DecodeHtml("<p>na\xC3\xAFve</p>", "", &out, &info);
  EXPECT_EQ(info.source, CharsetSource::kDetected);
  EXPECT_EQ(info.charset, "utf-8");
  EXPECT_FALSE(info.converted);
  EXPECT_EQ(out, "<p>na\xC3\xAFve</p>");
}

TEST(Charset, UndeclaredInvalidUtf8IsWindows1252) {
  std::string out;
  CharsetInfo info;
  DecodeHtml("<p>na\xEFve</p>", "", &out, &info);
  EXPECT_EQ(info.charset, "windows-1252");
  EXPECT_EQ(out, "<p>na\xC3\xAFve</p>");
}

TEST(Charset, UnknownLabelFallsBackAndIsCounted) {
  std::string out;
  CharsetInfo info;
  DecodeHtml("<p>plain</p>", "text/html; charset=x-no-such-charset", &out,
             &info);
  EXPECT_TRUE(info.unknown_label);
  EXPECT_EQ(info.charset, "utf-8");
  EXPECT_EQ(out, "<p>plain</p>");
}

TEST(Charset, DeclaredUtf8WithBadBytesIsRepaired) {
  std::string out;
  CharsetInfo info;
  DecodeHtml("<p>a\xFF" "b</p>", "text/html; charset=utf-8", &out, &info);
  EXPECT_EQ(info.invalid, 1u);
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(Charset, BytesInvalidInTheCharsetBecomeReplacementCharacters) {
  std::string out;
  CharsetInfo info;
  // 0x81 is unassigned in windows-1252 (glibc's iconv rejects it).
  DecodeHtml("a\x81z", "text/html; charset=windows-1252", &out, &info);
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out.front(), 'a');
  EXPECT_EQ(out.back(), 'z');
}

}  // namespace
}  // namespace winnow
