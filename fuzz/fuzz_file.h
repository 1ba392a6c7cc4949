// fuzz_file.h — for fuzz targets whose code under test reads files: writes
// each fuzz input to one temporary file of the process and returns its path
// (empty when it cannot be written, and the input is skipped).
#ifndef WINNOW_FUZZ_FUZZ_FILE_H_
#define WINNOW_FUZZ_FUZZ_FILE_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace winnow::fuzz {

// `kind` names the file (/tmp/winnow-fuzz-KIND-XXXXXX), one per target.
inline std::string WriteInputFile(const char* kind, const uint8_t* data,
                                  size_t size) {
  static const std::string path = [kind] {
    std::string tmpl = std::string("/tmp/winnow-fuzz-") + kind + "-XXXXXX";
    int fd = mkstemp(tmpl.data());
    if (fd < 0) return std::string();
    close(fd);
    return tmpl;
  }();
  if (path.empty()) return path;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return std::string();
  const bool written = std::fwrite(data, 1, size, f) == size;
  if (std::fclose(f) != 0 || !written) return std::string();
  return path;
}

}  // namespace winnow::fuzz

#endif  // WINNOW_FUZZ_FUZZ_FILE_H_
