// Fuzzes the dedup work directory's manifest parser: any bytes either parse
// or give a DataError naming a line; what parses saves and parses back to
// the same manifest.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include "dedup/work_dir.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = winnow::dedup::Manifest::Parse(text, "manifest.txt");
  if (!m.ok()) {
    if (m.status().code() != winnow::ErrorCode::kDataError ||
        m.status().message().rfind("manifest.txt", 0) != 0) {
      std::abort();
    }
    return 0;
  }
  // Round trip through the saved form (Save writes what Parse reads).
  std::string path = "/tmp/winnow-manifest-fuzz-" + std::to_string(getpid());
  if (!m->Save(path).ok()) return 0;
  auto again = winnow::dedup::Manifest::Load(path);
  std::remove(path.c_str());
  if (!again.ok() || again->entries.size() != m->entries.size() ||
      again->options != m->options || again->inputs != m->inputs) {
    std::abort();
  }
  for (size_t i = 0; i < m->entries.size(); ++i) {
    if (again->entries[i].stage != m->entries[i].stage ||
        again->entries[i].shard != m->entries[i].shard ||
        again->entries[i].values != m->entries[i].values) {
      std::abort();
    }
  }
  return 0;
}
