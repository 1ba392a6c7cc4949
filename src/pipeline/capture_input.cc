#include "capture_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>

#include "winnow/byte_source.h"
#include "winnow/json.h"

namespace winnow::pipeline {

uint64_t CaptureTextHash(std::string_view raw_value) {
  return XXH3_64bits(raw_value.data(), raw_value.size());
}

std::vector<bool> ReferableInputs(const std::vector<InputFile>& inputs) {
  std::vector<bool> ok(inputs.size(), false);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const InputFile& f = inputs[i];
    if (f.path == "-") continue;
    const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st {};
    char head[8];
    ssize_t n = 0;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      n = ::pread(fd, head, sizeof head, 0);
      ok[i] = n >= 0 &&
              DetectCompression(std::string_view(head, static_cast<size_t>(n))) ==
                  Compression::kNone;
    }
    ::close(fd);
  }
  return ok;
}

bool KeepByReference(const Doc& doc, bool was_html,
                     const std::vector<bool>& referable,
                     std::string_view clean_text) {
  if (was_html || doc.file_index >= referable.size() ||
      !referable[doc.file_index] || doc.raw.empty() || doc.text_field < 0 ||
      doc.invalid_utf8 != 0 || clean_text != doc.text) {
    return false;
  }
  // The reader decodes the value itself (JsonUnescape, not the JSON
  // parser that read it first): it must give this text.
  thread_local std::string decoded;
  const std::string_view v = doc.FieldValue(doc.fields[doc.text_field]);
  return v.size() >= 2 && JsonUnescape(v.substr(1, v.size() - 2), &decoded) &&
         decoded == doc.text;
}

struct CaptureInputReader::Impl {
  const std::vector<InputFile>* inputs;
  int fd = -1;
  uint32_t file = 0;  // the input `fd` reads
  // A window on that input, read ahead: bytes [window_begin,
  // window_begin + window_size) of it.
  std::string window;
  uint64_t window_begin = 0;
  size_t window_size = 0;
  uint64_t last_end = 0;  // of the bytes asked for last
  std::string single;     // a record read alone

  // Records asked for in input order (one after the other, or with a few
  // records between them) are read ahead; one far from the last is read
  // alone: a cluster's captures lie anywhere in the input.
  static constexpr size_t kReadAhead = size_t{1} << 20;
  static constexpr uint64_t kNear = uint64_t{64} << 10;

  Status Open(uint32_t f) {
    if (fd >= 0 && file == f) return OkStatus();
    if (fd >= 0) ::close(fd);
    window_size = 0;
    last_end = 0;
    fd = ::open((*inputs)[f].path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoError("cannot open " + (*inputs)[f].name, errno);
    file = f;
    return OkStatus();
  }

  // Bytes [offset, offset + n) of the open input; *short_read when the
  // input ends first.
  Result<const char*> Bytes(uint64_t offset, size_t n, bool* short_read) {
    const bool near = offset >= last_end && offset - last_end <= kNear;
    last_end = offset + n;
    if (offset >= window_begin && offset + n <= window_begin + window_size) {
      *short_read = false;
      return window.data() + (offset - window_begin);
    }
    if (!near) {
      // Read alone, into a buffer of its own: the window stays for the
      // records after the one read before.
      auto got = ReadInto(&single, offset, n);
      if (!got.ok()) return got.status();
      *short_read = *got < n;
      return single.data();
    }
    window_size = 0;
    auto got = ReadInto(&window, offset, std::max(n, kReadAhead));
    if (!got.ok()) return got.status();
    window_begin = offset;
    window_size = *got;
    *short_read = *got < n;
    return window.data();
  }

  // Up to `want` bytes at `offset` into *buf: how many there were before
  // the input's end.
  Result<size_t> ReadInto(std::string* buf, uint64_t offset, size_t want) {
    buf->resize(want);
    size_t got = 0;
    while (got < want) {
      ssize_t r = ::pread(fd, buf->data() + got, want - got,
                          static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return ErrnoError("cannot read " + (*inputs)[file].name, errno);
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    return got;
  }
};

CaptureInputReader::CaptureInputReader(const std::vector<InputFile>* inputs)
    : impl_(std::make_unique<Impl>()) {
  impl_->inputs = inputs;
}

CaptureInputReader::~CaptureInputReader() {
  if (impl_->fd >= 0) ::close(impl_->fd);
}

Status CaptureInputReader::Read(const CaptureInputRef& ref, bool verify,
                                std::string* text, std::string* record) {
  Impl& m = *impl_;
  if (!m.inputs || ref.file >= m.inputs->size()) {
    return DataError("a capture refers to input " + std::to_string(ref.file) +
                     " of " +
                     std::to_string(m.inputs ? m.inputs->size() : 0));
  }
  const std::string& name = (*m.inputs)[ref.file].name;
  auto where = [&] { return name + ": byte " + std::to_string(ref.offset); };
  if (ref.text_begin >= ref.text_end || ref.text_end > ref.length) {
    return DataError(where() + ": a capture's text lies outside its record");
  }
  WINNOW_RETURN_IF_ERROR(m.Open(ref.file));
  // The whole record when it is wanted, else its text's bytes only.
  const uint64_t from = record ? ref.offset : ref.offset + ref.text_begin;
  const size_t n = static_cast<size_t>(record ? ref.length
                                              : ref.text_end - ref.text_begin);
  bool short_read = false;
  auto bytes = m.Bytes(from, n, &short_read);
  if (!bytes.ok()) return bytes.status();
  if (short_read) {
    return DataError(where() +
                     ": the input ends before the record the prepare pass "
                     "read there (it changed since)");
  }
  const std::string_view value(*bytes + (record ? ref.text_begin : 0),
                               static_cast<size_t>(ref.text_end -
                                                   ref.text_begin));
  if ((verify && CaptureTextHash(value) != ref.text_hash) ||
      value.size() < 2 || value.front() != '"' || value.back() != '"' ||
      !JsonUnescape(value.substr(1, value.size() - 2), text)) {
    return DataError(where() +
                     ": the record there no longer holds the text the "
                     "prepare pass read (the input changed since); run "
                     "again without --resume");
  }
  if (record) {
    record->assign(*bytes, static_cast<size_t>(ref.text_begin));
    record->append("\"\"");
    record->append(*bytes + ref.text_end,
                   static_cast<size_t>(ref.length - ref.text_end));
  }
  return OkStatus();
}

}  // namespace winnow::pipeline
