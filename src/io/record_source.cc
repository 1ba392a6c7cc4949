// RecordSource: reads files and cuts them into records, serially.
#include <algorithm>
#include <cstring>
#include <memory>

#include "file_source.h"
#include "winnow/reader.h"
#include "winnow/warc.h"

namespace winnow {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

// "WARC/1." starts a WARC file; a page starts with a doctype or an html,
// head or body tag (after comments); a first non-blank line that looks like
// a JSON object with string keys (starts with {" and ends with }) is JSONL;
// anything else is text.
InputFormat SniffInputFormat(std::string_view head) {
  if (head.substr(0, 7) == "WARC/1.") return InputFormat::kWarc;
  if (head.substr(0, kBom.size()) == kBom) head.remove_prefix(kBom.size());
  size_t i = 0;
  while (i < head.size()) {
    char c = head[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    std::string_view rest = head.substr(i);
    if (c == '{') {
      size_t e = rest.find('\n');
      std::string_view line = rest.substr(0, e);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' ||
                               line.back() == '\r')) {
        line.remove_suffix(1);
      }
      if (line.size() < 2 || line.back() != '}') return InputFormat::kText;
      size_t k = line.find_first_not_of(" \t", 1);
      return k != std::string_view::npos && (line[k] == '"' || line[k] == '}')
                 ? InputFormat::kJsonl
                 : InputFormat::kText;
    }
    if (StartsWithNoCase(rest, "<!--")) {
      size_t e = rest.find("-->");
      if (e == std::string_view::npos) return InputFormat::kText;
      i += e + 3;
      continue;
    }
    for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body",
                                 "<?xml"}) {
      if (StartsWithNoCase(rest, tag)) {
        if (tag == "<?xml" && rest.substr(0, 1024).find("<html") ==
                                  std::string_view::npos) {
          return InputFormat::kText;
        }
        return InputFormat::kHtml;
      }
    }
    return InputFormat::kText;
  }
  return InputFormat::kText;
}

void RecordBatch::Clear() {
  buffer.clear();
  records.clear();
  errors.clear();
  blank_lines = 0;
}

RecordSource::RecordSource(std::vector<InputFile> files, ReaderOptions options)
    : files_(std::move(files)), options_(std::move(options)) {
  for (const InputFile& f : files_) {
    if (f.size == 0 && f.path == "-") {
      raw_total_ = 0;
      break;
    }
    raw_total_ += f.size;
  }
}

RecordSource::~RecordSource() = default;

uint64_t RecordSource::raw_bytes_read() const {
  return raw_done_ + (current_ ? current_->raw_offset() - range_skip_ : 0);
}

void RecordSource::CloseCurrent() {
  warc_.reset();
  if (current_) {
    raw_done_ += current_->raw_offset() - range_skip_;
    current_.reset();
  }
  carry_.clear();
}

void RecordSource::FailCurrent(RecordBatch* batch, Status status,
                               std::string partial) {
  InputError e;
  e.status = std::move(status);
  e.location.file = files_[current_index_].name;
  e.location.line = partial.empty() ? 0 : line_ + 1;
  e.location.byte_offset = partial.empty() ? file_offset_ : carry_offset_;
  e.partial = std::move(partial);
  batch->errors.push_back(std::move(e));
  CloseCurrent();
}

bool RecordSource::OpenNext(RecordBatch* batch) {
  if (next_file_ >= files_.size()) return false;
  current_index_ = static_cast<uint32_t>(next_file_++);
  const InputFile& f = files_[current_index_];
  line_ = 0;
  file_offset_ = 0;
  carry_.clear();
  carry_offset_ = 0;
  skip_bom_ = true;
  skipping_line_ = false;
  skip_partial_ = false;
  range_end_ = UINT64_MAX;
  range_skip_ = 0;
  if (f.ranged()) {
    // A byte range of an uncompressed JSONL file: from range_begin on, the
    // partial line there skipped (it belongs to the range before).
    Status st;
    auto file = io::FileSource::Open(f.path);
    if (!file.ok()) {
      st = file.status();
    } else if (f.format != InputFormat::kJsonl) {
      st = InvalidArgument(f.name + ": only JSONL files are read in ranges");
    } else {
      st = (*file)->Seek(f.range_begin);
    }
    if (!st.ok()) {
      InputError e;
      e.status = st;
      e.location.file = f.name;
      batch->errors.push_back(std::move(e));
      return true;
    }
    current_ = std::move(*file);
    current_format_ = InputFormat::kJsonl;
    line_ = f.line_base;
    file_offset_ = f.range_begin;
    range_skip_ = f.range_begin;
    range_end_ = f.range_end;
    skip_bom_ = f.range_begin == 0;
    skipping_line_ = skip_partial_ = f.range_begin > 0;
    return true;
  }
  auto src = ByteSource::Open(f.path);
  if (!src.ok()) {
    InputError e;
    e.status = src.status();
    e.location.file = f.name;
    batch->errors.push_back(std::move(e));
    return true;
  }
  current_ = std::move(*src);
  current_format_ = f.format;
  if (current_format_ == InputFormat::kAuto) {
    // Read the head of the stream into carry_ to look at it.
    carry_.resize(kSniffBytes);
    size_t have = 0;
    while (have < kSniffBytes) {
      auto n = current_->Read(carry_.data() + have, kSniffBytes - have);
      if (!n.ok()) {
        carry_.resize(have);
        file_offset_ = have;
        bytes_read_ += have;
        FailCurrent(batch, n.status(), std::move(carry_));
        return true;
      }
      if (*n == 0) break;
      have += *n;
    }
    carry_.resize(have);
    file_offset_ = have;
    bytes_read_ += have;
    current_format_ = SniffInputFormat(carry_);
  }
  if (current_format_ == InputFormat::kWarc) {
    // The splitter reads the sniffed head again through a small adapter.
    warc_ = std::make_unique<WarcSplitter>(
        this->warc_input(), f.name, options_.max_record_bytes);
  }
  return true;
}

void RecordSource::ReadTextFile(RecordBatch* batch) {
  const InputFile& f = files_[current_index_];
  std::string content = std::move(carry_);
  carry_.clear();
  char buf[1 << 16];
  for (;;) {
    auto n = current_->Read(buf, sizeof buf);
    if (!n.ok()) {
      carry_offset_ = 0;
      line_ = 0;
      FailCurrent(batch, n.status(), std::move(content));
      return;
    }
    if (*n == 0) break;
    if (content.size() + *n > options_.max_record_bytes) {
      FailCurrent(batch,
                  ResourceExhausted(f.name + ": file is larger than the "
                                    "record limit of " +
                                    std::to_string(options_.max_record_bytes) +
                                    " bytes (--max-record-bytes)"),
                  "");
      return;
    }
    content.append(buf, *n);
    bytes_read_ += *n;
  }
  RawRecord r;
  r.file = current_index_;
  r.format = current_format_ == InputFormat::kHtml ? InputFormat::kHtml
                                                   : InputFormat::kText;
  r.begin = batch->buffer.size();
  r.size = content.size();
  r.line = 0;
  r.byte_offset = 0;
  r.ordinal = ordinal_++;
  batch->buffer.append(content);
  batch->records.push_back(r);
  CloseCurrent();
}

void RecordSource::ReadJsonlChunk(RecordBatch* batch) {
  const InputFile& f = files_[current_index_];
  // Bytes of the current file in the buffer begin at `start`; the first
  // `carry_.size()` of them continue a line begun in an earlier read.
  size_t start = batch->buffer.size();
  uint64_t start_offset = file_offset_ - carry_.size();
  batch->buffer.append(carry_);
  // Read at least as much as is carried, so a long line costs linear time.
  size_t want = std::max<size_t>({options_.batch_bytes, 64 * 1024, carry_.size()});
  carry_.clear();
  size_t old = batch->buffer.size();
  batch->buffer.resize(old + want);
  auto n = current_->Read(batch->buffer.data() + old, want);
  size_t got = n.ok() ? *n : 0;
  batch->buffer.resize(old + got);
  file_offset_ += got;
  bytes_read_ += got;
  bool at_end = n.ok() && got == 0;

  size_t pos = start;
  if (skipping_line_) {
    // Discard the rest of an over-long line reported earlier, or the
    // partial line before a range.
    const void* nl =
        std::memchr(batch->buffer.data() + pos, '\n', batch->buffer.size() - pos);
    if (!nl) {
      batch->buffer.resize(start);
      if (skip_partial_ && file_offset_ >= range_end_) {
        CloseCurrent();  // no line starts in the range
      } else if (!n.ok()) {
        FailCurrent(batch, n.status(), "");
      } else if (at_end) {
        CloseCurrent();
      }
      return;
    }
    size_t e = static_cast<const char*>(nl) - batch->buffer.data();
    batch->buffer.erase(pos, e + 1 - pos);
    start_offset += e + 1 - pos;
    // The partial line before a range is counted in line_base already.
    if (!skip_partial_) ++line_;
    skipping_line_ = skip_partial_ = false;
  }
  size_t line_start = pos;  // where the next line begins, its BOM included
  if (skip_bom_ && batch->buffer.size() - pos >= kBom.size()) {
    if (std::string_view(batch->buffer).substr(pos, kBom.size()) == kBom) {
      pos += kBom.size();
    }
    skip_bom_ = false;
  }
  auto offset_of = [&](size_t p) { return start_offset + (p - start); };
  auto emit = [&](size_t b, size_t e) {
    ++line_;
    size_t end = e;
    if (end > b && batch->buffer[end - 1] == '\r') --end;
    std::string_view line(batch->buffer.data() + b, end - b);
    if (IsBlank(line)) {
      ++batch->blank_lines;
      return;
    }
    RawRecord r;
    r.file = current_index_;
    r.format = InputFormat::kJsonl;
    r.begin = b;
    r.size = end - b;
    r.line = line_;
    r.byte_offset = offset_of(b);
    r.ordinal = ordinal_++;
    batch->records.push_back(r);
  };
  const char* base = batch->buffer.data();
  size_t size = batch->buffer.size();
  for (;;) {
    if (offset_of(line_start) > range_end_) {
      // The next line starts after the range: the range is read (and
      // whatever went wrong past it is not its concern).
      batch->buffer.resize(pos);
      CloseCurrent();
      return;
    }
    const void* nl = std::memchr(base + pos, '\n', size - pos);
    if (!nl) break;
    size_t e = static_cast<const char*>(nl) - base;
    emit(pos, e);
    pos = line_start = e + 1;
  }
  // pos..size is an incomplete line.
  if (!n.ok()) {
    carry_offset_ = offset_of(pos);
    std::string partial = batch->buffer.substr(pos);
    batch->buffer.resize(pos);
    FailCurrent(batch, n.status(), std::move(partial));
    return;
  }
  if (at_end) {
    if (pos < size) emit(pos, size);
    CloseCurrent();
    return;
  }
  if (size - pos > options_.max_record_bytes) {
    // Report the line and skip to its end; later lines are still read.
    InputError e;
    e.status = ResourceExhausted(
        f.name + ":" + std::to_string(line_ + 1) +
        ": line is longer than the record limit of " +
        std::to_string(options_.max_record_bytes) +
        " bytes (--max-record-bytes); it was skipped");
    e.location = {f.name, line_ + 1, offset_of(pos)};
    batch->errors.push_back(std::move(e));
    batch->buffer.resize(pos);
    skipping_line_ = true;
    return;
  }
  carry_.assign(batch->buffer, pos, std::string::npos);
  batch->buffer.resize(pos);
}

bool RecordSource::NextBatch(RecordBatch* batch) {
  batch->Clear();
  while (batch->buffer.size() < options_.batch_bytes &&
         batch->errors.empty()) {
    if (!current_) {
      if (!OpenNext(batch)) break;
      continue;
    }
    if (current_format_ == InputFormat::kText ||
        current_format_ == InputFormat::kHtml) {
      ReadTextFile(batch);
    } else if (current_format_ == InputFormat::kWarc) {
      ReadWarcRecords(batch);
    } else {
      ReadJsonlChunk(batch);
    }
  }
  bool any = !batch->records.empty() || !batch->errors.empty() ||
             batch->blank_lines > 0;
  batch->buffer.append(RecordBatch::kPadding, '\0');
  batch->buffer.resize(batch->buffer.size() - RecordBatch::kPadding);
  batch->buffer.reserve(batch->buffer.size() + RecordBatch::kPadding);
  return any;
}

}  // namespace winnow

namespace winnow {

// Feeds the WARC splitter: first the bytes read to sniff the format, then
// the rest of the stream.
class RecordSource::WarcInput final : public ByteSource {
 public:
  explicit WarcInput(RecordSource* owner) : owner_(owner) {}
  Result<size_t> Read(char* buf, size_t n) override {
    std::string& head = owner_->carry_;
    if (head_pos_ < head.size()) {
      size_t k = std::min(n, head.size() - head_pos_);
      std::memcpy(buf, head.data() + head_pos_, k);
      head_pos_ += k;
      if (head_pos_ == head.size()) {
        head.clear();
        head_pos_ = 0;
      }
      return k;
    }
    auto r = owner_->current_->Read(buf, n);
    if (r.ok()) {
      owner_->file_offset_ += *r;
      owner_->bytes_read_ += *r;
    }
    return r;
  }
  const std::string& name() const override { return owner_->current_->name(); }
  uint64_t raw_offset() const override { return owner_->current_->raw_offset(); }
  uint64_t raw_size() const override { return owner_->current_->raw_size(); }
  Compression compression() const override {
    return owner_->current_->compression();
  }

 private:
  RecordSource* owner_;
  size_t head_pos_ = 0;
};

ByteSource* RecordSource::warc_input() {
  warc_input_ = std::make_unique<WarcInput>(this);
  return warc_input_.get();
}

void RecordSource::ReadWarcRecords(RecordBatch* batch) {
  const InputFile& f = files_[current_index_];
  while (batch->buffer.size() < options_.batch_bytes && batch->errors.empty()) {
    WarcSplitter::Item item = warc_->Next();
    switch (item.kind) {
      case WarcSplitter::Kind::kRecord: {
        RawRecord r;
        r.file = current_index_;
        r.format = InputFormat::kWarc;
        r.begin = batch->buffer.size();
        r.size = item.bytes.size();
        r.byte_offset = item.offset;
        r.ordinal = ordinal_++;
        batch->buffer.append(item.bytes);
        batch->records.push_back(r);
        batch->counters.Add("warc.records", 1);
        break;
      }
      case WarcSplitter::Kind::kSkipped:
        batch->counters.Add("warc.records", 1);
        batch->counters.Add("warc.records_skipped", 1);
        break;
      case WarcSplitter::Kind::kRecordError: {
        InputError e;
        e.status = item.status;
        e.location = {f.name, 0, item.offset};
        e.partial = std::string(item.header);
        batch->errors.push_back(std::move(e));
        batch->counters.Add("warc.records", 1);
        break;
      }
      case WarcSplitter::Kind::kStreamError: {
        InputError e;
        e.status = item.status;
        e.location = {f.name, 0, item.offset};
        batch->errors.push_back(std::move(e));
        CloseCurrent();
        return;
      }
      case WarcSplitter::Kind::kEnd:
        CloseCurrent();
        return;
    }
  }
}

}  // namespace winnow
