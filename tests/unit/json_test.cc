#include "winnow/json.h"

#include <gtest/gtest.h>

#include <string>

namespace winnow {
namespace {

std::string Quote(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

TEST(Json, EscapesWhatJsonRequires) {
  EXPECT_EQ(Quote("plain text, longer than eight bytes"),
            "\"plain text, longer than eight bytes\"");
  EXPECT_EQ(Quote("a\"b\\c\nd\te\rf\x01g"),
            "\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\"");
  EXPECT_EQ(Quote("caf\xC3\xA9 \xE2\x80\x94"), "\"caf\xC3\xA9 \xE2\x80\x94\"");
}

TEST(Json, UnescapeInvertsEscape) {
  std::string s = "a\"b\\c\nd\te\x01 caf\xC3\xA9";
  std::string quoted = Quote(s);
  std::string back;
  ASSERT_TRUE(JsonUnescape(quoted.substr(1, quoted.size() - 2), &back));
  EXPECT_EQ(back, s);
}

TEST(Json, UnescapeDecodesSurrogatePairs) {
  std::string out;
  ASSERT_TRUE(JsonUnescape("\\ud83d\\ude00 \\u00e9", &out));
  EXPECT_EQ(out, "\xF0\x9F\x98\x80 \xC3\xA9");
  ASSERT_TRUE(JsonUnescape("\\ud83d", &out));
  EXPECT_EQ(out, "\xEF\xBF\xBD");
  EXPECT_FALSE(JsonUnescape("\\x", &out));
}

TEST(Json, ScansTopLevelFields) {
  std::string j = R"( {"a": 1, "b" : {"x": [1, "}"]}, "c\"d":"e,f" , "g":null} )";
  std::vector<FieldSpan> f;
  ASSERT_TRUE(ScanObjectFields(j, &f));
  ASSERT_EQ(f.size(), 4u);
  auto val = [&](int i) {
    return j.substr(f[i].value_begin, f[i].value_end - f[i].value_begin);
  };
  auto key = [&](int i) {
    return j.substr(f[i].key_begin, f[i].key_end - f[i].key_begin);
  };
  EXPECT_EQ(val(0), "1");
  EXPECT_EQ(val(1), R"({"x": [1, "}"]})");
  EXPECT_EQ(key(2), R"("c\"d")");
  EXPECT_EQ(val(2), R"("e,f")");
  EXPECT_EQ(val(3), "null");
  EXPECT_TRUE(ScanObjectFields("{}", &f));
  EXPECT_TRUE(f.empty());
  EXPECT_FALSE(ScanObjectFields("[1]", &f));
}

TEST(Json, DocWritesFieldsInOrderWithTextReplaced) {
  Doc d;
  d.raw = R"({"id":7, "text":"old", "url":"https://x.example/a", "n":1.50})";
  ASSERT_TRUE(ScanObjectFields(d.raw, &d.fields));
  d.text_field = 1;
  d.text = "new \"text\"\n";
  std::string out;
  AppendDocJson(d, {{"n", "2"}, {"cluster", "\"c1\""}}, &out);
  EXPECT_EQ(out,
            R"({"id":7,"text":"new \"text\"\n","url":"https://x.example/a","n":2,"cluster":"c1"})"
            "\n");
}

TEST(Json, TextDocWritesIdAndText) {
  Doc d;
  d.id = "dir/a.txt";
  d.text = "x";
  std::string out;
  AppendDocJson(d, {}, &out);
  EXPECT_EQ(out, "{\"id\":\"dir/a.txt\",\"text\":\"x\"}\n");
}

TEST(Json, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace winnow
