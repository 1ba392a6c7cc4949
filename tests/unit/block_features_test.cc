// The block features' phrase cues (legal, appeal, interface, cookie) and
// stopword ratio, checked against a plain reference: the text lowercased,
// then searched for each phrase.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/block_scorer.h"

namespace winnow {
namespace {

// Feature indices (block_scorer.cc).
constexpr int kStopwordRatio = 8;
constexpr int kLegal = 48;
constexpr int kAppeal = 49;
constexpr int kUi = 50;
constexpr int kCookie = 51;

const std::vector<std::vector<std::string_view>> kReferencePhrases = {
    {"\xC2\xA9", "copyright", "all rights reserved", "privacy policy",
     "terms of ", "terms and"},
    {"subscribe", "newsletter", "sign up", "donate", "support us", "inbox",
     "free trial"},
    {"share", "follow us", "read more", "log in", "login", "skip to",
     "click here", "menu", "search", "load more", "comments", "advertisement",
     "related", "previous", "next"},
    {"cookie", "consent"},
};

std::vector<bool> ReferenceCues(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<bool> cues;
  for (const auto& group : kReferencePhrases) {
    bool any = false;
    for (std::string_view p : group) any |= lower.find(p) != std::string::npos;
    cues.push_back(any);
  }
  return cues;
}

uint32_t CodePoints(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<float> Features(std::string_view text) {
  BlockFeatures b;
  b.text = text;
  b.chars = CodePoints(text);
  b.words = 1;
  std::vector<float> x;
  BlockFeatureVectors(std::span<const BlockFeatures>(&b, 1), &x);
  return x;
}

TEST(BlockFeatures, PhraseCuesMatchLowercaseSearch) {
  // Whole phrases, their prefixes and near misses, in random case, joined
  // by spaces, punctuation or nothing.
  std::vector<std::string> pieces = {"the",  "Terms", "term",     "log", "in",
                                     "\xC2", "\xA9",  "\xC3\xA9", "ne",  "xt",
                                     "cook", "ie",    "Sign",     "up",  "s"};
  for (const auto& group : kReferencePhrases) {
    for (std::string_view p : group) {
      pieces.emplace_back(p);
      pieces.emplace_back(p.substr(0, p.size() / 2 + 1));
    }
  }
  const std::string joins[] = {" ", "", ", ", " | ", "\n"};
  std::mt19937 rng(20240611);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k) {
      std::string piece = pieces[rng() % pieces.size()];
      for (char& c : piece) {
        if (c >= 'a' && c <= 'z' && rng() % 3 == 0)
          c = static_cast<char>(c - 32);
      }
      if (k > 0) text += joins[rng() % std::size(joins)];
      text += piece;
    }
    const std::vector<bool> want = ReferenceCues(text);
    const std::vector<float> x = Features(text);
    EXPECT_EQ(x[kLegal] > 0, want[0]) << text;
    EXPECT_EQ(x[kAppeal] > 0, want[1]) << text;
    EXPECT_EQ(x[kUi] > 0, want[2]) << text;
    EXPECT_EQ(x[kCookie] > 0, want[3]) << text;
  }
}

TEST(BlockFeatures, PhraseCuesOnlyInShortBlocks) {
  std::string text = "Privacy Policy";
  text += std::string(400, 'x');
  const std::vector<float> x = Features(text);
  EXPECT_EQ(x[kLegal], 0.0f);
}

TEST(BlockFeatures, StopwordRatioCountsListedWordsInAnyCase) {
  // "The", "and", "für", "della" are listed; "cat", "hat", "über",
  // "theatre" and the over-long "abcdefghijklmnopqrstuvwxyzabcdefgh" not.
  EXPECT_FLOAT_EQ(Features("The cat and THE hat")[kStopwordRatio], 3.0f / 5);
  EXPECT_FLOAT_EQ(Features("für über della theatre")[kStopwordRatio], 2.0f / 4);
  EXPECT_FLOAT_EQ(
      Features("abcdefghijklmnopqrstuvwxyzabcdefgh the")[kStopwordRatio],
      1.0f / 2);
}

}  // namespace
}  // namespace winnow
