// Fuzzes shingling and sketching with properties: normalized text is valid
// UTF-8 and normalizing it again changes nothing; word starts and shingle
// counts agree with the words; a signature depends on the set of shingles
// only (repeats change nothing); the block and scalar normalizers agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dedup/shingle_internal.h"
#include "winnow/minhash.h"
#include "winnow/shingle.h"
#include "winnow/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string norm, again;
  std::vector<uint32_t> starts, starts2;
  winnow::NormalizeForShingles(text, &norm, &starts);
  if (!winnow::IsValidUtf8(norm)) std::abort();
  std::string scalar;
  std::vector<uint32_t> scalar_starts;
  winnow::internal::NormalizeScalarForTest(text, &scalar, &scalar_starts);
  if (scalar != norm || scalar_starts != starts) std::abort();
  winnow::NormalizeForShingles(norm, &again, &starts2);
  if (again != norm || starts2 != starts) std::abort();
  for (size_t i = 0; i < starts.size(); ++i) {
    if (starts[i] >= norm.size() && !norm.empty()) std::abort();
    if (i > 0 && norm[starts[i] - 1] != ' ') std::abort();
  }
  const int n = 1 + static_cast<int>(size % 6);
  winnow::Shingler s({n, 7});
  s.Process(text);
  if (s.normalized() != norm || s.words() != starts.size()) std::abort();
  const size_t words = starts.size();
  const size_t want = words == 0 ? 0 : (words <= static_cast<size_t>(n) ? 1 : words - n + 1);
  if (s.hashes().size() != want) std::abort();
  std::vector<uint64_t> sorted;
  s.SortedDistinct(&sorted);
  if (s.CountDistinct() != sorted.size()) std::abort();
  if (!s.hashes().empty()) {
    winnow::Sketcher sk({32, 3, winnow::SketchScheme::kOnePermutation});
    std::vector<uint32_t> a(32), b(32);
    sk.Sign(s.hashes().data(), s.hashes().size(), a.data());
    std::vector<uint64_t> twice = s.hashes();
    twice.insert(twice.end(), sorted.begin(), sorted.end());
    sk.Sign(twice.data(), twice.size(), b.data());
    if (a != b) std::abort();
  }
  return 0;
}
