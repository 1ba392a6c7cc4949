#include "file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace winnow::io {

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path) {
  if (path == "-") {
    struct stat st {};
    uint64_t size = 0;
    if (fstat(0, &st) == 0 && S_ISREG(st.st_mode)) size = st.st_size;
    return std::unique_ptr<FileSource>(new FileSource("-", 0, false, size));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(path + ": cannot open", errno);
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return ErrnoError(path + ": cannot stat", e);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IoError(path + ": is a directory");
  }
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  uint64_t size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  return std::unique_ptr<FileSource>(new FileSource(path, fd, true, size));
}

FileSource::FileSource(std::string name, int fd, bool owned, uint64_t size)
    : name_(std::move(name)), fd_(fd), owned_(owned), size_(size) {}

FileSource::~FileSource() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

Status FileSource::Seek(uint64_t offset) {
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
    return ErrnoError(name_ + ": cannot seek to byte " + std::to_string(offset),
                      errno);
  }
  peek_.clear();
  peek_pos_ = 0;
  eof_ = false;
  offset_ = offset;
  return OkStatus();
}

Status FileSource::Fill(size_t n) {
  if (peek_pos_ > 0) {
    peek_.erase(peek_.begin(), peek_.begin() + peek_pos_);
    peek_pos_ = 0;
  }
  while (peek_.size() < n && !eof_) {
    size_t old = peek_.size();
    peek_.resize(std::max(n, old + 4096));
    ssize_t r;
    do {
      r = ::read(fd_, peek_.data() + old, peek_.size() - old);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
      int e = errno;
      peek_.resize(old);
      return ErrnoError(name_ + ": byte " + std::to_string(offset_) +
                            ": read failed",
                        e);
    }
    peek_.resize(old + r);
    if (r == 0) eof_ = true;
  }
  return OkStatus();
}

std::string_view FileSource::Peek() const {
  return std::string_view(peek_.data() + peek_pos_, peek_.size() - peek_pos_);
}

Result<size_t> FileSource::Read(char* buf, size_t n) {
  if (peek_pos_ < peek_.size()) {
    size_t k = std::min(n, peek_.size() - peek_pos_);
    std::memcpy(buf, peek_.data() + peek_pos_, k);
    peek_pos_ += k;
    offset_ += k;
    return k;
  }
  if (eof_) return size_t{0};
  ssize_t r;
  do {
    r = ::read(fd_, buf, n);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    return ErrnoError(name_ + ": byte " + std::to_string(offset_) +
                          ": read failed",
                      errno);
  }
  if (r == 0) eof_ = true;
  offset_ += r;
  return static_cast<size_t>(r);
}

}  // namespace winnow::io
