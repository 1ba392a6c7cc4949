#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "winnow/writer.h"

namespace winnow {
namespace {

std::atomic<uint64_t> g_tmp_counter{0};

bool EndsWithLower(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

Status GzipBlock(std::string_view in, int level, std::string* out) {
  z_stream s;
  std::memset(&s, 0, sizeof s);
  if (deflateInit2(&s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return InternalError("zlib: deflateInit2 failed");
  }
  size_t old = out->size();
  out->resize(old + deflateBound(&s, in.size()) + 32);
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(out->data() + old);
  s.avail_out = static_cast<uInt>(out->size() - old);
  int rc = deflate(&s, Z_FINISH);
  size_t produced = (out->size() - old) - s.avail_out;
  deflateEnd(&s);
  if (rc != Z_STREAM_END) return InternalError("zlib: deflate failed");
  out->resize(old + produced);
  return OkStatus();
}

Status ZstdBlock(std::string_view in, int level, std::string* out) {
  size_t old = out->size();
  out->resize(old + ZSTD_compressBound(in.size()));
  size_t n = ZSTD_compress(out->data() + old, out->size() - old, in.data(),
                           in.size(), level);
  if (ZSTD_isError(n)) {
    out->resize(old);
    return InternalError(std::string("zstd: ") + ZSTD_getErrorName(n));
  }
  out->resize(old + n);
  return OkStatus();
}

}  // namespace

Compression CompressionForPath(std::string_view path) {
  if (EndsWithLower(path, ".gz")) return Compression::kGzip;
  if (EndsWithLower(path, ".zst") || EndsWithLower(path, ".zstd")) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

Result<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path,
                                                       OutputOptions options) {
  if (path.empty() || path == "-") {
    return std::unique_ptr<OutputFile>(
        new OutputFile("-", "", 1, Compression::kNone, options));
  }
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) return InvalidArgument(path + ": not a file name");
  // A device or a pipe (/dev/null, a FIFO) is written in place: renaming a
  // temporary file over it would replace the device with a regular file.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) &&
      !S_ISDIR(st.st_mode)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoError(path + ": cannot open output", errno);
    return std::unique_ptr<OutputFile>(
        new OutputFile(path, "", fd, CompressionForPath(path), options));
  }
  std::string tmp = dir + "." + base + ".tmp-" + std::to_string(getpid()) +
                    "-" + std::to_string(g_tmp_counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return ErrnoError(path + ": cannot create output file", errno);
  }
  return std::unique_ptr<OutputFile>(
      new OutputFile(path, tmp, fd, CompressionForPath(path), options));
}

OutputFile::OutputFile(std::string path, std::string tmp_path, int fd,
                       Compression compression, OutputOptions options)
    : path_(std::move(path)),
      tmp_path_(std::move(tmp_path)),
      fd_(fd),
      compression_(compression),
      options_(options) {}

OutputFile::~OutputFile() {
  if (tmp_path_.empty() && fd_ > 2) ::close(fd_);  // a device written in place
  if (!tmp_path_.empty()) {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_path_.c_str());
  }
}

Status OutputFile::Encode(std::string_view plain, std::string* encoded) const {
  switch (compression_) {
    case Compression::kNone:
      encoded->append(plain);
      return OkStatus();
    case Compression::kGzip:
      return GzipBlock(plain, options_.gzip_level, encoded);
    case Compression::kZstd:
      return ZstdBlock(plain, options_.zstd_level, encoded);
  }
  return InternalError("unknown compression");
}

Status OutputFile::WriteAll(std::string_view bytes) {
  if (failed_) return IoError(path_ + ": an earlier write failed");
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      failed_ = true;
      if (errno == EPIPE) broken_pipe_ = true;
      return ErrnoError(path_ + ": write failed", errno);
    }
    bytes.remove_prefix(n);
    bytes_written_ += n;
  }
  // Start writeback of each finished 8 MiB in the background, so that the
  // fsync in Commit() has little left to do and does not stall the end of
  // a run. Advisory: errors surface at fsync.
  constexpr uint64_t kWriteback = uint64_t{8} << 20;
  if (options_.sync && !tmp_path_.empty() &&
      bytes_written_ - synced_ >= kWriteback) {
    uint64_t end = bytes_written_ - bytes_written_ % kWriteback;
    sync_file_range(fd_, static_cast<off_t>(synced_),
                    static_cast<off_t>(end - synced_), SYNC_FILE_RANGE_WRITE);
    synced_ = end;
  }
  return OkStatus();
}

Status OutputFile::WriteEncoded(std::string_view encoded) {
  return WriteAll(encoded);
}

Status OutputFile::Write(std::string_view plain) {
  if (plain.empty()) return OkStatus();
  if (compression_ == Compression::kNone) return WriteAll(plain);
  std::string enc;
  WINNOW_RETURN_IF_ERROR(Encode(plain, &enc));
  return WriteAll(enc);
}

Status OutputFile::AdoptFile(const std::string& path) {
  if (failed_) return IoError(path_ + ": an earlier write failed");
  if (!tmp_path_.empty()) {
    if (::close(fd_) != 0) {
      fd_ = -1;
      failed_ = true;
      return ErrnoError(path_ + ": close failed", errno);
    }
    fd_ = -1;
    if (::rename(path.c_str(), tmp_path_.c_str()) == 0) {
      fd_ = ::open(tmp_path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
      if (fd_ < 0) {
        failed_ = true;
        return ErrnoError(path_ + ": cannot reopen output", errno);
      }
      struct stat st {};
      if (::fstat(fd_, &st) == 0) bytes_written_ = static_cast<uint64_t>(st.st_size);
      return OkStatus();
    }
    if (errno != EXDEV) {
      failed_ = true;
      return ErrnoError(path_ + ": cannot move " + path + " into place", errno);
    }
    fd_ = ::open(tmp_path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd_ < 0) {
      failed_ = true;
      return ErrnoError(path_ + ": cannot reopen output", errno);
    }
    bytes_written_ = 0;
  }
  // Another file system, stdout or a device: copy.
  int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return ErrnoError("cannot open " + path, errno);
  std::string buf(1 << 20, '\0');
  Status st;
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      st = ErrnoError("cannot read " + path, errno);
      break;
    }
    if (n == 0) break;
    st = WriteAll(std::string_view(buf.data(), static_cast<size_t>(n)));
    if (!st.ok()) break;
  }
  ::close(in);
  return st;
}

Status OutputFile::Extend(uint64_t size) {
  if (failed_) return IoError(path_ + ": an earlier write failed");
  if (tmp_path_.empty()) return InternalError(path_ + ": cannot extend stdout");
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    failed_ = true;
    return ErrnoError(path_ + ": cannot extend the output", errno);
  }
  bytes_written_ = size;
  return OkStatus();
}

Status OutputFile::Commit() {
  if (committed_) return OkStatus();
  if (failed_) return IoError(path_ + ": not committed after a failed write");
  if (tmp_path_.empty()) {
    committed_ = true;
    return OkStatus();
  }
  if (options_.sync && ::fsync(fd_) != 0) {
    return ErrnoError(path_ + ": fsync failed", errno);
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    return ErrnoError(path_ + ": close failed", errno);
  }
  fd_ = -1;
  if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    return ErrnoError(path_ + ": cannot rename the finished output into place",
                      errno);
  }
  committed_ = true;
  return OkStatus();
}

}  // namespace winnow
