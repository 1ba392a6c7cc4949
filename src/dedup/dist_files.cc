#include "dist_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace winnow::dedup {

// Sends bytes [begin, end) of `path` to `dest` in chunks, then an empty
// message.
Status SendFileRange(Communicator& comm, int dest, const std::string& path,
                     uint64_t begin, uint64_t end) {
  std::string buf;
  if (end > begin) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return ErrnoError("cannot open " + path, errno);
    if (std::fseek(f, static_cast<long>(begin), SEEK_SET) != 0) {
      std::fclose(f);
      return ErrnoError("cannot seek in " + path, errno);
    }
    uint64_t left = end - begin;
    while (left > 0) {
      buf.resize(std::min<uint64_t>(left, kFileChunk));
      if (std::fread(buf.data(), 1, buf.size(), f) != buf.size()) {
        std::fclose(f);
        return IoError(path + ": shorter than its manifest says");
      }
      left -= buf.size();
      Status st = comm.Send(dest, buf);
      if (!st.ok()) {
        std::fclose(f);
        return st;
      }
    }
    std::fclose(f);
  }
  return comm.Send(dest, {});
}

Status ForEachFileChunk(const std::string& path,
                        const std::function<Status(std::string_view)>& write) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return ErrnoError("cannot open " + path, errno);
  std::string buf(kFileChunk, '\0');
  size_t got;
  Status st;
  while (st.ok() && (got = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    st = write(std::string_view(buf.data(), got));
  }
  if (st.ok() && std::ferror(f)) st = ErrnoError("cannot read " + path, errno);
  std::fclose(f);
  return st;
}

uint64_t FileSize(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::fseek(f, 0, SEEK_END);
  const long n = std::ftell(f);
  std::fclose(f);
  return n > 0 ? static_cast<uint64_t>(n) : 0;
}

// Receives chunks from `source` until the empty message, passing each to
// `write`.
Status RecvInto(Communicator& comm, int source,
                const std::function<Status(std::string_view)>& write) {
  std::string buf;
  for (;;) {
    WINNOW_RETURN_IF_ERROR(comm.Recv(source, &buf));
    if (buf.empty()) return OkStatus();
    WINNOW_RETURN_IF_ERROR(write(buf));
  }
}

// Copies the first `size` bytes of `from` into `fd` at `offset` (`to`
// names it): in the kernel (copy_file_range), else through a buffer.
Status CopyRange(const std::string& from, uint64_t size, int fd, uint64_t offset,
                 const std::string& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return ErrnoError("cannot open " + from, errno);
  loff_t in_off = 0, out_off = static_cast<loff_t>(offset);
  Status st;
  bool kernel = true;
  std::string buf;
  while (st.ok() && static_cast<uint64_t>(in_off) < size) {
    const size_t want = static_cast<size_t>(
        std::min<uint64_t>(size - static_cast<uint64_t>(in_off), 1 << 30));
    if (kernel) {
      const ssize_t n = ::copy_file_range(in, &in_off, fd, &out_off, want, 0);
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
                    errno == EOPNOTSUPP)) {
        kernel = false;  // another file system or kernel: copy here
        buf.resize(4 << 20);
        continue;
      }
      st = n == 0 ? IoError(from + ": shorter than its manifest says")
                  : ErrnoError("cannot copy " + from + " into " + to, errno);
      break;
    }
    const ssize_t n = ::pread(in, buf.data(), std::min(want, buf.size()), in_off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      st = n == 0 ? IoError(from + ": shorter than its manifest says")
                  : ErrnoError("cannot read " + from, errno);
      break;
    }
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::pwrite(fd, buf.data() + done, static_cast<size_t>(n - done),
                                 out_off + done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        st = ErrnoError("cannot write " + to, errno);
        break;
      }
      done += w;
    }
    in_off += n;
    out_off += n;
  }
  ::close(in);
  return st;
}

Status RecvFile(Communicator& comm, int source, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return ErrnoError("cannot create " + path, errno);
  Status st = RecvInto(comm, source, [&](std::string_view b) -> Status {
    if (std::fwrite(b.data(), 1, b.size(), f) != b.size()) {
      return ErrnoError("cannot write " + path, errno);
    }
    return OkStatus();
  });
  if (std::fclose(f) != 0 && st.ok()) st = ErrnoError("cannot write " + path, errno);
  return st;
}


}  // namespace winnow::dedup
