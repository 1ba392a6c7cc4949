#include "winnow/json.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>
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

// Byte by byte, the escaping RFC 8259 section 7 asks for, to check the
// block-wise scan against.
std::string ReferenceQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

TEST(Json, EscapeMatchesByteByByteReference) {
  // Escapes at every offset of a 16- and 8-byte block, in runs and alone,
  // among ASCII and bytes >= 0x80 (which must pass as they are).
  std::mt19937 rng(7);
  const std::string alphabet = std::string("abc xyz\"\\\n\t\x01\x1f\x7f") +
                               "\x80\xC3\xA9\xFF ";
  for (int round = 0; round < 5000; ++round) {
    std::string s(rng() % 70, ' ');
    const int escapes = static_cast<int>(rng() % 4);  // 0: mostly clean
    for (char& c : s) {
      c = escapes == 0 && rng() % 8 != 0 ? 'q' : alphabet[rng() % alphabet.size()];
    }
    ASSERT_EQ(Quote(s), ReferenceQuote(s)) << round;
    ASSERT_EQ(JsonStringSize(s), ReferenceQuote(s).size()) << round;
  }
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

// Objects of random nested values, with brackets and escaped quotes inside
// strings, values long enough to cross the scanner's sixteen-byte steps:
// each field's span must be exactly the value written.
TEST(Json, ScansRandomNestedFields) {
  std::mt19937 rng(11);
  std::function<std::string(int)> value = [&](int depth) -> std::string {
    const int kind = depth > 3 ? static_cast<int>(rng() % 3) : rng() % 5;
    if (kind == 0) return std::to_string(rng() % 100000);
    if (kind == 1 || kind == 2) {
      static constexpr std::string_view kPieces[] = {
          "a", "bc", "[", "]", "{", "}", "\\\"", "\\\\", "\\n", ",", ":",
          "long plain words here", "\\u00e9"};
      std::string str = "\"";
      for (int n = rng() % 12; n > 0; --n) {
        str += kPieces[rng() % std::size(kPieces)];
      }
      return str + "\"";
    }
    const bool object = kind == 3;
    std::string v = object ? "{" : "[";
    for (int n = rng() % 5; n > 0; --n) {
      if (v.size() > 1) v += rng() % 2 ? "," : " , ";
      if (object) v += "\"k" + std::to_string(rng() % 9) + "\":";
      v += value(depth + 1);
    }
    return v + (object ? "}" : "]");
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> values;
    std::string j = "{";
    for (int n = rng() % 6; n > 0; --n) {
      if (!values.empty()) j += ",";
      j += rng() % 2 ? " " : "";
      j += "\"f" + std::to_string(values.size()) + "\":";
      values.push_back(value(0));
      j += values.back();
    }
    j += "}";
    std::vector<FieldSpan> f;
    ASSERT_TRUE(ScanObjectFields(j, &f)) << j;
    ASSERT_EQ(f.size(), values.size()) << j;
    for (size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(j.substr(f[i].value_begin, f[i].value_end - f[i].value_begin),
                values[i])
          << j;
    }
  }
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

// DocJsonSize must give exactly the bytes AppendDocJson writes: the
// distributed dedup reserves each rank's share of the output with it.
TEST(Json, SizesAgreeWithWrittenBytes) {
  std::mt19937 rng(7);
  static constexpr char kBytes[] = "ab \"\\\n\r\t\b\f\x01\x1f/\xC3\xA9z";
  const std::string alphabet(kBytes, sizeof kBytes - 1);
  auto random_text = [&](size_t max) {
    std::string t;
    const size_t n = rng() % (max + 1);
    for (size_t i = 0; i < n; ++i) {
      // Mostly plain runs, so that the eight-byte fast path is taken too.
      t.push_back(rng() % 4 == 0 ? alphabet[rng() % alphabet.size()] : 'q');
    }
    return t;
  };
  const char* raws[] = {
      R"({"id":7, "text":"old", "url":"https://x.example/a", "n":1.50})",
      R"({"text":"x","cluster":12,"cluster_size":"old"})",
      R"({"cluster":1,"id":"a\"b","text":"y","cluster":2})",
  };
  for (int round = 0; round < 2000; ++round) {
    Doc d;
    const int kind = round % 4;
    if (kind < 3) {
      d.raw = raws[kind];
      ASSERT_TRUE(ScanObjectFields(d.raw, &d.fields));
      d.text_field = kind == 0 ? 1 : kind == 1 ? 0 : 2;
    } else {
      d.id = random_text(12);
    }
    d.text = random_text(40);
    std::vector<OutputField> extra;
    if (round % 3 != 0) extra.push_back({"cluster", std::to_string(rng() % 1000)});
    if (round % 5 != 0) extra.push_back({"cluster_size", ""});
    if (round % 7 == 0) extra.push_back({"k\"ey", "\"v\""});
    std::string out = "prefix";
    AppendDocJson(d, extra, &out);
    ASSERT_EQ(DocJsonSize(d, extra), out.size() - 6) << out;
    std::string q;
    AppendJsonString(&q, d.text);
    ASSERT_EQ(JsonStringSize(d.text), q.size()) << q;
  }
  EXPECT_EQ(JsonStringSize(""), 2u);
  EXPECT_EQ(JsonStringSize("\x01"), 8u);
}

TEST(Json, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace winnow
