#include "io/pread.h"

#include <unistd.h>

#include <cerrno>

namespace winnow {

Status PreadFully(int fd, char* p, size_t n, uint64_t off,
                  const std::string& path) {
  while (n > 0) {
    ssize_t r = ::pread(fd, p, n, static_cast<off_t>(off));
    if (r < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot read " + path, errno);
    }
    if (r == 0) {
      return DataError(path + ": byte " + std::to_string(off) +
                       ": work file ends early");
    }
    p += r;
    n -= static_cast<size_t>(r);
    off += static_cast<uint64_t>(r);
  }
  return OkStatus();
}

}  // namespace winnow
