// Base64 (RFC 4648, section 4): the RFC's test vectors, every byte string
// reads back as written, and anything the encoder would not write is
// refused.
#include "io/base64.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace winnow {
namespace {

std::string Encode(const std::string& s) {
  std::string out = "prefix:";
  AppendBase64(&out, s);
  return out.substr(7);
}

TEST(Base64, TheRfcVectors) {
  // RFC 4648, section 10.
  const std::pair<std::string, std::string> v[] = {
      {"", ""},         {"f", "Zg=="},        {"fo", "Zm8="},
      {"foo", "Zm9v"},  {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, coded] : v) {
    EXPECT_EQ(Encode(plain), coded);
    std::string back = "junk";
    ASSERT_TRUE(DecodeBase64(coded, &back)) << coded;
    EXPECT_EQ(back, plain);
  }
}

TEST(Base64, EveryByteStringReadsBackAsWritten) {
  std::mt19937 rng(7);
  for (int n = 0; n < 400; ++n) {
    std::string bytes(static_cast<size_t>(n), '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    const std::string coded = Encode(bytes);
    ASSERT_EQ(coded.size(), (bytes.size() + 2) / 3 * 4);
    std::string back;
    ASSERT_TRUE(DecodeBase64(coded, &back)) << n;
    ASSERT_EQ(back, bytes) << n;
  }
}

TEST(Base64, OnlyWhatTheEncoderWritesIsRead) {
  std::string out;
  for (const char* bad : {"Z", "Zm9", "Zm9v=", "Zg=", "Z===", "====", "Zg==Zg==",
                          "Zm9*", "Zm9v\n", " Zm9v", "Zm-v", "Zm_v", "Zh==",
                          "Zm9=", "Zm8=Zm8="}) {
    EXPECT_FALSE(DecodeBase64(bad, &out)) << bad;
  }
  // "Zh==" and "Zm9=" hold bits past their last byte: another spelling of
  // "f" and "fo", refused so that each byte string has one.
  EXPECT_TRUE(DecodeBase64("Zg==", &out));
  EXPECT_TRUE(DecodeBase64("Zm8=", &out));
}

// The reference: the RFC's decoding written the plain way, one character
// at a time.
bool ReferenceDecode(const std::string& s, std::string* out) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out->clear();
  if (s.size() % 4 != 0) return false;
  for (size_t i = 0; i < s.size(); i += 4) {
    const bool last = i + 4 == s.size();
    uint32_t x = 0;
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s[i + k];
      if (c == '=' && last && k >= 2 && (k == 3 || s[i + 3] == '=')) {
        ++pad;
        x <<= 6;
        continue;
      }
      if (pad > 0) return false;
      const size_t v = alphabet.find(c);
      if (v == std::string::npos || c == '\0') return false;
      x = x << 6 | static_cast<uint32_t>(v);
    }
    if ((pad == 1 && (x & 0xFF) != 0) || (pad == 2 && (x & 0xFFFF) != 0)) {
      return false;
    }
    out->push_back(static_cast<char>(x >> 16));
    if (pad < 2) out->push_back(static_cast<char>(x >> 8));
    if (pad < 1) out->push_back(static_cast<char>(x));
  }
  return true;
}

// Against the reference, on strings long enough for the sixteen-character
// blocks and their tails, mostly of the alphabet with now and then any
// other byte (every byte value, at every position of a block).
TEST(Base64, DecodesAsTheReferenceOnRandomStrings) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::mt19937 rng(13);
  int refused = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s(4 * (rng() % 40), 'A');
    for (char& c : s) c = alphabet[rng() % 64];
    if (!s.empty() && rng() % 3 == 0) {
      s[rng() % s.size()] = static_cast<char>(rng() % 256);
    }
    if (!s.empty() && rng() % 4 == 0) {
      s.back() = '=';
      if (rng() % 2) s[s.size() - 2] = '=';
    }
    std::string want, got;
    const bool ok = ReferenceDecode(s, &want);
    ASSERT_EQ(DecodeBase64(s, &got), ok) << s;
    if (ok) {
      ASSERT_EQ(got, want) << s;
    } else {
      ++refused;
    }
  }
  EXPECT_GT(refused, 2000);
}

}  // namespace
}  // namespace winnow
