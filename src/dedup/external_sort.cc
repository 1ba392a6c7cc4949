#include "winnow/external_sort.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "io/pread.h"

namespace winnow {
namespace {

constexpr char kMagic[8] = {'W', 'N', 'W', 'O', 'R', 'K', '0', '1'};

std::atomic<uint64_t> g_tmp_counter{0};

struct Header {
  char magic[8];
  uint32_t record_size;
  uint32_t reserved;
  uint64_t count;
  uint64_t reserved2;
};
static_assert(sizeof(Header) == kWorkHeaderBytes);

Status WriteFully(int fd, const char* p, size_t n, const std::string& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write " + path, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return OkStatus();
}


}  // namespace

// ---- RecordWriter ----

RecordWriter::RecordWriter(std::string path, std::string tmp, int fd,
                           uint32_t size, size_t buffer_bytes)
    : path_(std::move(path)),
      tmp_(std::move(tmp)),
      fd_(fd),
      record_size_(size) {
  size_t records = std::max<size_t>(1, buffer_bytes / size);
  buffer_.resize(records * size);
}

Result<std::unique_ptr<RecordWriter>> RecordWriter::Create(
    const std::string& path, uint32_t record_size, size_t buffer_bytes) {
  if (record_size == 0) return InternalError("record size 0 for " + path);
  std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" +
                    std::to_string(g_tmp_counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create " + tmp, errno);
  std::unique_ptr<RecordWriter> w(
      new RecordWriter(path, tmp, fd, record_size, buffer_bytes));
  // Placeholder header; Commit() writes the real one.
  char zeros[kWorkHeaderBytes] = {};
  Status st = WriteFully(fd, zeros, sizeof zeros, tmp);
  if (!st.ok()) return st;
  return w;
}

RecordWriter::~RecordWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(tmp_.c_str());
}

Status RecordWriter::FlushBuffer() {
  if (used_ == 0) return OkStatus();
  Status st = WriteFully(fd_, buffer_.data(), used_, tmp_);
  used_ = 0;
  return st;
}

Status RecordWriter::Append(const void* records, size_t count) {
  if (count == 0) return OkStatus();
  const char* p = static_cast<const char*>(records);
  size_t bytes = count * record_size_;
  count_ += count;
  if (bytes >= buffer_.size()) {
    WINNOW_RETURN_IF_ERROR(FlushBuffer());
    return WriteFully(fd_, p, bytes, tmp_);
  }
  if (used_ + bytes > buffer_.size()) WINNOW_RETURN_IF_ERROR(FlushBuffer());
  std::memcpy(buffer_.data() + used_, p, bytes);
  used_ += bytes;
  return OkStatus();
}

Status RecordWriter::Commit() {
  WINNOW_RETURN_IF_ERROR(FlushBuffer());
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.record_size = record_size_;
  h.count = count_;
  if (::pwrite(fd_, &h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) {
    return ErrnoError("cannot write " + tmp_, errno);
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    return ErrnoError("cannot close " + tmp_, errno);
  }
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    return ErrnoError("cannot rename " + tmp_ + " to " + path_, errno);
  }
  committed_ = true;
  std::vector<char>().swap(buffer_);
  return OkStatus();
}

// ---- RecordReader ----

RecordReader::RecordReader(std::string path, int fd, uint32_t size,
                           uint64_t count, size_t buffer_bytes)
    : path_(std::move(path)), fd_(fd), record_size_(size), count_(count) {
  size_t records = std::max<size_t>(1, buffer_bytes / size);
  buffer_.resize(records * size);
}

Result<std::unique_ptr<RecordReader>> RecordReader::Open(
    const std::string& path, uint32_t record_size, size_t buffer_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open " + path, errno);
  Header h{};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return ErrnoError("cannot stat " + path, e);
  }
  Status s = PreadFully(fd, reinterpret_cast<char*>(&h), sizeof h, 0, path);
  if (!s.ok() || std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) {
    ::close(fd);
    return DataError(path + ": not a winnow work file (bad header)");
  }
  if (h.record_size != record_size) {
    ::close(fd);
    return DataError(path + ": work file holds " +
                     std::to_string(h.record_size) + "-byte records, expected " +
                     std::to_string(record_size));
  }
  const uint64_t want = kWorkHeaderBytes + h.count * record_size;
  if (static_cast<uint64_t>(st.st_size) != want) {
    ::close(fd);
    return DataError(path + ": work file is " + std::to_string(st.st_size) +
                     " bytes, its header says " + std::to_string(want));
  }
  return std::unique_ptr<RecordReader>(
      new RecordReader(path, fd, record_size, h.count, buffer_bytes));
}

RecordReader::~RecordReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool RecordReader::Fill() {
  const uint64_t left_records = count_ - next_ - (end_ - begin_) / record_size_;
  if (left_records == 0) return false;
  // Move the unread tail (less than one record never happens: reads are
  // whole records) and read more.
  size_t want = std::min<uint64_t>(buffer_.size() / record_size_,
                                   left_records) *
                record_size_;
  Status st = PreadFully(fd_, buffer_.data(), want, file_pos_, path_);
  if (!st.ok()) {
    status_ = st;
    return false;
  }
  file_pos_ += want;
  begin_ = 0;
  end_ = want;
  return true;
}

bool RecordReader::Next(void* out) {
  if (begin_ == end_ && !Fill()) return false;
  std::memcpy(out, buffer_.data() + begin_, record_size_);
  begin_ += record_size_;
  ++next_;
  return true;
}

size_t RecordReader::NextBlock(const void** records, size_t max) {
  if (begin_ == end_ && !Fill()) return 0;
  size_t n = std::min<size_t>(max, (end_ - begin_) / record_size_);
  *records = buffer_.data() + begin_;
  begin_ += n * record_size_;
  next_ += n;
  return n;
}

Status RecordReader::ReadAt(uint64_t index, void* out, size_t n) const {
  if (index + n > count_) {
    return InternalError(path_ + ": record " + std::to_string(index + n) +
                         " is past the end (" + std::to_string(count_) + ")");
  }
  return PreadFully(fd_, static_cast<char*>(out), n * record_size_,
                    kWorkHeaderBytes + index * record_size_, path_);
}

Status WriteRecordFile(const std::string& path, uint32_t record_size,
                       const void* records, size_t count) {
  auto w = RecordWriter::Create(path, record_size);
  if (!w.ok()) return w.status();
  WINNOW_RETURN_IF_ERROR((*w)->Append(records, count));
  return (*w)->Commit();
}

Status ReadRecordFile(const std::string& path, uint32_t record_size,
                      std::vector<char>* out, uint64_t* count) {
  auto r = RecordReader::Open(path, record_size);
  if (!r.ok()) return r.status();
  *count = (*r)->count();
  out->resize((*r)->count() * record_size);
  if (out->empty()) return OkStatus();
  return (*r)->ReadAt(0, out->data(), (*r)->count());
}

}  // namespace winnow
