#include "capture_index.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>

namespace winnow::pipeline {
namespace {

static_assert(std::endian::native == std::endian::little,
              "captures.idx is written in the machine's byte order, "
              "little-endian");

constexpr size_t kEntriesPerRead = size_t{1} << 16;  // 512 KiB

}  // namespace

Result<std::unique_ptr<CaptureIndexWriter>> CaptureIndexWriter::Create(
    const std::string& path) {
  OutputOptions o;
  o.sync = false;
  auto out = OutputFile::Create(path, o);
  if (!out.ok()) return out.status();
  return std::unique_ptr<CaptureIndexWriter>(
      new CaptureIndexWriter(std::move(*out)));
}

Status CaptureIndexWriter::Add(std::string_view records,
                               std::span<const uint64_t> line_ends) {
  buf_.resize(line_ends.size() * sizeof(uint64_t));
  char* at = buf_.data();
  for (uint64_t end : line_ends) {
    const uint64_t v = base_ + end;
    std::memcpy(at, &v, sizeof v);
    at += sizeof v;
  }
  base_ += records.size();
  return out_->Write(buf_);
}

Status CaptureIndexWriter::Commit() { return out_->Commit(); }

Result<std::unique_ptr<CaptureIndexReader>> CaptureIndexReader::Open(
    const std::string& path, uint64_t captures_size) {
  std::FILE* f = std::fopen(path.c_str(), "rbe");
  if (!f) return ErrnoError("cannot open " + path, errno);
  struct stat st {};
  if (::fstat(fileno(f), &st) != 0) {
    const int e = errno;
    std::fclose(f);
    return ErrnoError("cannot read " + path, e);
  }
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size % sizeof(uint64_t) != 0) {
    std::fclose(f);
    return DataError(path + ": " + std::to_string(size) +
                     " bytes is not a whole number of 8-byte entries");
  }
  return std::unique_ptr<CaptureIndexReader>(new CaptureIndexReader(
      path, f, size / sizeof(uint64_t), captures_size));
}

CaptureIndexReader::~CaptureIndexReader() { std::fclose(f_); }

bool CaptureIndexReader::Refill() {
  const uint64_t left = lines_ - read_;
  const size_t want =
      static_cast<size_t>(std::min<uint64_t>(left, kEntriesPerRead));
  buf_.resize(want);
  const size_t got = std::fread(buf_.data(), sizeof(uint64_t), want, f_);
  if (got != want) {
    status_ = std::ferror(f_) ? ErrnoError("cannot read " + path_, errno)
                              : DataError(path_ + ": ends early");
    return false;
  }
  at_ = 0;
  return true;
}

bool CaptureIndexReader::Next(CaptureSpan* span) {
  if (!status_.ok()) return false;
  if (read_ == lines_) {
    if (end_ != captures_size_) {
      status_ = DataError(path_ + ": its " + std::to_string(lines_) +
                          " lines end at byte " + std::to_string(end_) +
                          ", the captures file at " +
                          std::to_string(captures_size_));
    }
    return false;
  }
  if (at_ == buf_.size() && !Refill()) return false;
  const uint64_t end = buf_[at_++];
  if (end <= end_ || end > captures_size_) {
    status_ = DataError(path_ + ": entry " + std::to_string(read_ + 1) +
                        " (" + std::to_string(end) +
                        ") does not follow the one before (" +
                        std::to_string(end_) +
                        ") inside the captures file of " +
                        std::to_string(captures_size_) + " bytes");
    return false;
  }
  span->offset = end_;
  span->length = end - end_ - 1;  // without the '\n'
  end_ = end;
  ++read_;
  return true;
}

}  // namespace winnow::pipeline
