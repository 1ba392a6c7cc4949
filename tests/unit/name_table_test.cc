// NameTable against std::map: every listed name found with its value,
// nothing else found, on a table filled to its limit.
#include "html/name_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "html/dom.h"

namespace winnow::html {
namespace {

TEST(NameTable, FindsExactlyTheListedNames) {
  std::mt19937 rng(11);
  std::map<std::string, int> reference;
  while (reference.size() < 32) {
    std::string name(1 + rng() % 12, 'a');
    for (char& c : name) c = static_cast<char>('a' + rng() % 4);
    reference.emplace(name, static_cast<int>(reference.size()));
  }
  NameTable<int, 64> table;  // half full
  for (const auto& [name, value] : reference) table.Insert(name, value);
  for (int round = 0; round < 20000; ++round) {
    std::string name(rng() % 13, 'a');
    for (char& c : name) c = static_cast<char>('a' + rng() % 4);
    auto it = reference.find(name);
    const int* got = table.Find(name);
    if (it == reference.end()) {
      EXPECT_EQ(got, nullptr) << name;
    } else {
      ASSERT_NE(got, nullptr) << name;
      EXPECT_EQ(*got, it->second) << name;
    }
  }
}

TEST(NameTable, BuiltAtCompileTime) {
  static constexpr NameTable<int, 8>::Entry kEntries[] = {{"a", 1}, {"b", 2}};
  static constexpr NameTable<int, 8> kTable(kEntries);
  static_assert(*kTable.Find("b") == 2);
  static_assert(kTable.Find("c") == nullptr);
}

TEST(NameTable, TagNames) {
  EXPECT_EQ(TagFromName("div"), Tag::kDiv);
  EXPECT_EQ(TagFromName("figcaption"), Tag::kFigcaption);
  EXPECT_EQ(TagFromName("svg"), Tag::kControl);
  EXPECT_EQ(TagFromName("DIV"), Tag::kOther);  // names arrive lowercase
  EXPECT_EQ(TagFromName(""), Tag::kOther);
  EXPECT_EQ(TagFromName("custom-element"), Tag::kOther);
}

}  // namespace
}  // namespace winnow::html
