// Fuzzes the reader of winnow run's manifest (run.txt). Properties: no
// crash; a manifest that parses writes back as text that parses to the
// same manifest.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pipeline/run_manifest.h"

using winnow::pipeline::RunManifest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto a = RunManifest::Parse(text, "fuzz");
  if (!a.ok()) return 0;
  auto b = RunManifest::Parse(a->Text(), "again");
  if (!b.ok()) std::abort();
  if (a->options != b->options || a->inputs != b->inputs ||
      a->done != b->done || a->docs != b->docs || a->rejected != b->rejected ||
      a->bytes != b->bytes || a->counters.items() != b->counters.items()) {
    std::abort();
  }
  return 0;
}
