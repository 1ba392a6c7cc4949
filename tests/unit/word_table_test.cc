// WordTable against std::map, across the table's growth: every inserted
// word found with its value, nothing else found, a second insert of a word
// returns the value already there.
#include "boilerplate/word_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

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

}  // namespace
}  // namespace winnow::boilerplate
