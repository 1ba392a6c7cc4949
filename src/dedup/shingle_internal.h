// shingle_internal.h — the two implementations behind NormalizeForShingles
// (shingle.h), exposed so that tests and the fuzzer can check that they
// agree. Internal to src/dedup and tests.
#ifndef WINNOW_SRC_DEDUP_SHINGLE_INTERNAL_H_
#define WINNOW_SRC_DEDUP_SHINGLE_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::internal {

// Each writes the normalized text to `out` and the word starts to `starts`
// (both resized to fit exactly). The block version is the scalar one when
// the CPU lacks SSSE3 (HaveBlockNormalize() is false).
void NormalizeScalarForTest(std::string_view text, std::string* out,
                            std::vector<uint32_t>* starts);
void NormalizeBlocksForTest(std::string_view text, std::string* out,
                            std::vector<uint32_t>* starts);
bool HaveBlockNormalize();

}  // namespace winnow::internal

#endif  // WINNOW_SRC_DEDUP_SHINGLE_INTERNAL_H_
