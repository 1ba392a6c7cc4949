// WordTable against std::map, across the table's growth: every inserted
// word found with its value, nothing else found, a second insert of a word
// returns the value already there.
#include "boilerplate/word_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace winnow::boilerplate {
namespace {

std::string RandomWord(std::mt19937& rng) {
  std::string w(1 + rng() % 6, 'a');
  for (char& c : w) c = static_cast<char>('a' + rng() % 5);
  return w;
}

TEST(WordTable, AgreesWithMapAcrossGrowth) {
  std::mt19937 rng(5);
  WordTable<int> table;
  std::map<std::string, int> reference;
  for (int step = 0; step < 3000; ++step) {
    const std::string w = RandomWord(rng);
    int& v = table.Insert(w, step);
    auto it = reference.emplace(w, step).first;
    EXPECT_EQ(v, it->second) << w;
    if (step % 100 == 0) {
      for (int probe = 0; probe < 200; ++probe) {
        const std::string q = RandomWord(rng);
        auto r = reference.find(q);
        const int* got = table.Find(q);
        if (r == reference.end()) {
          EXPECT_EQ(got, nullptr) << q;
        } else {
          ASSERT_NE(got, nullptr) << q;
          EXPECT_EQ(*got, r->second) << q;
        }
      }
    }
  }
}

// WordHash spreads words of every length over the table: no two of 200,000
// distinct words share a hash, and the low bits a table of 4,096 slots uses
// fill its buckets evenly (chi-square well below what a skewed hash gives).
TEST(WordHash, DistinctWordsSpreadOverTheTable) {
  std::mt19937 rng(9);
  std::set<std::string> words;
  while (words.size() < 200000) {
    std::string w(1 + rng() % 24, 'a');
    for (char& c : w) c = static_cast<char>('a' + rng() % 26);
    words.insert(w);
  }
  std::set<uint64_t> hashes;
  std::vector<int> buckets(4096, 0);
  for (const std::string& w : words) {
    const uint64_t h = WordHash(w);
    hashes.insert(h);
    ++buckets[h & 4095];
  }
  EXPECT_EQ(hashes.size(), words.size());
  const double expected = static_cast<double>(words.size()) / buckets.size();
  double chi2 = 0;
  for (int b : buckets) chi2 += (b - expected) * (b - expected) / expected;
  // 4,095 degrees of freedom: mean 4,095, standard deviation about 90.
  EXPECT_LT(chi2, 4095 + 6 * 90);
  // The same bytes hash the same wherever they lie.
  const std::string a = "xxnewsletterxx";
  EXPECT_EQ(WordHash(std::string_view(a).substr(2, 10)), WordHash("newsletter"));
  EXPECT_NE(WordHash("ab"), WordHash("ba"));
  EXPECT_NE(WordHash(""), WordHash(std::string_view("\0", 1)));
}

}  // namespace
}  // namespace winnow::boilerplate
