// Fuzzes the reader of the repeat index file (RepeatIndex::Load), which a
// resumed winnow run reads back. Properties: no crash; an index that loads
// answers lookups, and saving and loading it again gives the same answers.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <string>

#include "fuzz_file.h"
#include "winnow/paragraph_repeats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path =
      winnow::fuzz::WriteInputFile("repeat-index", data, size);
  if (path.empty()) return 0;
  winnow::RepeatOptions options;
  auto a = winnow::RepeatIndex::Load(path, options);
  if (!a.ok()) return 0;
  const std::string again = path + ".again";
  if (!a->Save(again).ok()) std::abort();
  auto b = winnow::RepeatIndex::Load(again, options);
  std::remove(again.c_str());
  if (!b.ok()) std::abort();
  // Probe with the values in the input itself.
  for (size_t i = 0; i + 16 <= size; i += 4) {
    uint64_t p, s;
    std::memcpy(&p, data + i, 8);
    std::memcpy(&s, data + i + 8, 8);
    if (a->SourceCount(s, p) != b->SourceCount(s, p)) std::abort();
    if (a->CorpusCount(p).docs != b->CorpusCount(p).docs) std::abort();
  }
  if (a->stats().documents != b->stats().documents) std::abort();
  return 0;
}
