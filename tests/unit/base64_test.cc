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

}  // namespace
}  // namespace winnow
