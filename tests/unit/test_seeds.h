// test_seeds.h — the seed pair, cleaned, for the boilerplate tests.
#ifndef WINNOW_TESTS_UNIT_TEST_SEEDS_H_
#define WINNOW_TESTS_UNIT_TEST_SEEDS_H_

#include <filesystem>
#include <string>
#include <vector>

#include "winnow/byte_source.h"

namespace winnow::testing {

inline std::string SeedDir() {
  return std::string(WINNOW_SHARED_DIR) + "/seeds";
}

inline bool SeedsPresent() { return std::filesystem::exists(SeedDir()); }

// The raw text of seed 000 (print capture) or 001 (web capture).
inline std::string ReadSeed(int which) {
  const char* name = which == 0 ? "/000_686b4e63baf677cf.txt"
                                : "/001_68847ea854be56bd.txt";
  auto r = ReadWholeFile(SeedDir() + name);
  return r.ok() ? *r : std::string();
}

inline std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

}  // namespace winnow::testing

#endif  // WINNOW_TESTS_UNIT_TEST_SEEDS_H_
