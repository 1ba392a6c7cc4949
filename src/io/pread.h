// pread.h (internal) — reading exactly n bytes at an offset of an open
// file, for the stages that come back to their work files at known places.
#ifndef WINNOW_SRC_IO_PREAD_H_
#define WINNOW_SRC_IO_PREAD_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "winnow/status.h"

namespace winnow {

// Reads n bytes at `off` of `fd` into p, retrying short reads and EINTR.
// IoError naming `path` when the read fails; DataError naming `path` and
// the byte when the file ends first (a work file cut short).
Status PreadFully(int fd, char* p, size_t n, uint64_t off,
                  const std::string& path);

}  // namespace winnow

#endif  // WINNOW_SRC_IO_PREAD_H_
