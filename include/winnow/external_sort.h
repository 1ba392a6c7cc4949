// external_sort.h — sorting more fixed-size records than fit in memory:
// sorted runs on disk, then a k-way merge.
//
// The dedup stages (dedup.h) hand out band keys, candidate pairs and edges
// by the hundred million. ExternalSorter keeps at most `memory_bytes` of
// records; when the buffer is full it sorts it and writes it as a run file.
// MergeReader then streams all runs as one sorted sequence, reading each
// through a buffer of its own. Records must be trivially copyable and the
// order a strict total order over their bytes, so that the merged stream is
// the same whatever the budget (how records were split into runs) and the
// thread count.
//
//   struct Pair { uint32_t a, b; };
//   auto less = [](const Pair& x, const Pair& y) {
//     return x.a != y.a ? x.a < y.a : x.b < y.b; };
//   winnow::ExternalSorter<Pair, decltype(less)> sorter(
//       "/tmp/work", "pairs", 256 << 20, less);
//   for (...) WINNOW_RETURN_IF_ERROR(sorter.Add({a, b}));
//   WINNOW_RETURN_IF_ERROR(sorter.Flush());
//   auto merged = winnow::MergeReader<Pair, decltype(less)>::Open(
//       sorter.runs(), 1 << 20, less);
//   Pair p;
//   while ((*merged)->Next(&p)) Use(p);
//   WINNOW_RETURN_IF_ERROR((*merged)->status());
//
// Work files. Every run (and every other fixed-record file of the dedup
// stages) starts with a 32-byte header — magic "WNWORK01", record size,
// record count — and is written to a temporary name and renamed when
// complete, so a file under its final name is whole. A reader checks the
// header against the file's size, and a truncated or foreign file is a
// DataError naming it.
//
// Cost: sorting is std::sort, O(n log n) per run; the merge is a binary
// heap over the runs, O(log runs) per record, plus one read(2) per
// buffer. Memory: the sort buffer, plus one buffer per open run.
#ifndef WINNOW_EXTERNAL_SORT_H_
#define WINNOW_EXTERNAL_SORT_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "winnow/status.h"

namespace winnow {

inline constexpr size_t kWorkHeaderBytes = 32;

// Writes a work file of fixed-size records: buffered, atomic.
class RecordWriter {
 public:
  static Result<std::unique_ptr<RecordWriter>> Create(
      const std::string& path, uint32_t record_size,
      size_t buffer_bytes = size_t{1} << 20);
  ~RecordWriter();  // removes the temporary file unless committed
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  Status Append(const void* records, size_t count);
  // Completes the header, closes and renames the file to its final name.
  Status Commit();

  uint64_t count() const { return count_; }
  const std::string& path() const { return path_; }

 private:
  RecordWriter(std::string path, std::string tmp, int fd, uint32_t size,
               size_t buffer_bytes);
  Status FlushBuffer();

  std::string path_;
  std::string tmp_;
  int fd_ = -1;
  uint32_t record_size_ = 0;
  uint64_t count_ = 0;
  std::vector<char> buffer_;
  size_t used_ = 0;
  bool committed_ = false;
};

// Reads a work file of fixed-size records, sequentially (Next) or at an
// index (ReadAt, thread-safe).
class RecordReader {
 public:
  static Result<std::unique_ptr<RecordReader>> Open(
      const std::string& path, uint32_t record_size,
      size_t buffer_bytes = size_t{1} << 20);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  uint64_t count() const { return count_; }
  const std::string& path() const { return path_; }

  // Copies the next record to `out`; false at the end or on an error
  // (then status() says which).
  bool Next(void* out);
  // Points at up to `max` next records, in the reader's buffer; returns how
  // many (0 at the end or on an error).
  size_t NextBlock(const void** records, size_t max);
  const Status& status() const { return status_; }

  // Reads `n` records starting at record `index`.
  Status ReadAt(uint64_t index, void* out, size_t n) const;

 private:
  RecordReader(std::string path, int fd, uint32_t size, uint64_t count,
               size_t buffer_bytes);
  bool Fill();

  std::string path_;
  int fd_ = -1;
  uint32_t record_size_ = 0;
  uint64_t count_ = 0;
  uint64_t next_ = 0;  // records handed out
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes of buffer_
  uint64_t file_pos_ = kWorkHeaderBytes;
  Status status_;
};

// Writes `count` records to `path` in one go (a small table).
Status WriteRecordFile(const std::string& path, uint32_t record_size,
                       const void* records, size_t count);
// Reads a whole record file into `out` (count * record_size bytes).
Status ReadRecordFile(const std::string& path, uint32_t record_size,
                      std::vector<char>* out, uint64_t* count);

template <typename T>
Status WriteTable(const std::string& path, const std::vector<T>& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  return WriteRecordFile(path, sizeof(T), v.data(), v.size());
}

template <typename T>
Status ReadTable(const std::string& path, std::vector<T>* v) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::vector<char> bytes;
  uint64_t count = 0;
  WINNOW_RETURN_IF_ERROR(ReadRecordFile(path, sizeof(T), &bytes, &count));
  v->resize(count);
  if (count > 0) std::memcpy(v->data(), bytes.data(), count * sizeof(T));
  return OkStatus();
}

template <typename T, typename Less>
class ExternalSorter {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  // Runs are written to `dir`/`prefix`-NNNN.run.
  ExternalSorter(std::string dir, std::string prefix, size_t memory_bytes,
                 Less less = Less())
      : dir_(std::move(dir)),
        prefix_(std::move(prefix)),
        capacity_(std::max<size_t>(1, memory_bytes / sizeof(T))),
        less_(less) {}

  Status Add(const T& record) {
    if (buffer_.size() >= capacity_) WINNOW_RETURN_IF_ERROR(Flush());
    if (buffer_.capacity() == 0) {
      buffer_.reserve(std::min<size_t>(capacity_, size_t{1} << 16));
    }
    buffer_.push_back(record);
    ++added_;
    return OkStatus();
  }

  // Sorts what is buffered and writes it as a run (nothing if empty). When
  // kMaxRuns runs exist they are first merged into one, so that a merge
  // never opens more than kMaxRuns files.
  Status Flush() {
    if (buffer_.empty()) return OkStatus();
    if (runs_.size() >= kMaxRuns) WINNOW_RETURN_IF_ERROR(Compact());
    std::sort(buffer_.begin(), buffer_.end(), less_);
    auto w = RecordWriter::Create(NextRunPath(), sizeof(T));
    if (!w.ok()) return w.status();
    WINNOW_RETURN_IF_ERROR((*w)->Append(buffer_.data(), buffer_.size()));
    WINNOW_RETURN_IF_ERROR((*w)->Commit());
    runs_.push_back((*w)->path());
    buffer_.clear();
    return OkStatus();
  }

  static constexpr size_t kMaxRuns = 128;

  // Releases the sort buffer's memory (after the last Flush).
  void Release() { std::vector<T>().swap(buffer_); }

  const std::vector<std::string>& runs() const { return runs_; }
  uint64_t added() const { return added_; }

 private:
  std::string NextRunPath() {
    char name[32];
    std::snprintf(name, sizeof name, "-%04llu.run",
                  static_cast<unsigned long long>(next_run_++));
    return dir_ + "/" + prefix_ + name;
  }

  // Merges every run so far into one.
  Status Compact();

  std::string dir_;
  std::string prefix_;
  size_t capacity_;
  Less less_;
  std::vector<T> buffer_;
  std::vector<std::string> runs_;
  uint64_t next_run_ = 0;
  uint64_t added_ = 0;
};

// Streams sorted run files as one sorted sequence. Equal records come out
// in the order of their runs.
template <typename T, typename Less>
class MergeReader {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  static Result<std::unique_ptr<MergeReader>> Open(
      const std::vector<std::string>& runs, size_t buffer_bytes_each,
      Less less = Less()) {
    std::unique_ptr<MergeReader> m(new MergeReader(less));
    for (const std::string& path : runs) {
      auto r = RecordReader::Open(path, sizeof(T), buffer_bytes_each);
      if (!r.ok()) return r.status();
      m->readers_.push_back(std::move(*r));
    }
    m->heads_.resize(m->readers_.size());
    for (size_t i = 0; i < m->readers_.size(); ++i) {
      if (m->readers_[i]->Next(&m->heads_[i])) {
        m->heap_.push_back(i);
      } else if (!m->readers_[i]->status().ok()) {
        return m->readers_[i]->status();
      }
    }
    std::make_heap(m->heap_.begin(), m->heap_.end(), m->HeapLess());
    return m;
  }

  bool Next(T* out) {
    if (heap_.empty()) return false;
    auto cmp = HeapLess();
    std::pop_heap(heap_.begin(), heap_.end(), cmp);
    const size_t i = heap_.back();
    *out = heads_[i];
    if (readers_[i]->Next(&heads_[i])) {
      std::push_heap(heap_.begin(), heap_.end(), cmp);
    } else {
      heap_.pop_back();
      if (!readers_[i]->status().ok()) {
        status_ = readers_[i]->status();
        heap_.clear();
        return false;
      }
    }
    return true;
  }

  const Status& status() const { return status_; }
  uint64_t total() const {
    uint64_t n = 0;
    for (const auto& r : readers_) n += r->count();
    return n;
  }

 private:
  explicit MergeReader(Less less) : less_(less) {}

  // A max-heap on "comes later", so the top is the smallest; ties by run.
  auto HeapLess() {
    return [this](size_t a, size_t b) {
      if (less_(heads_[b], heads_[a])) return true;
      if (less_(heads_[a], heads_[b])) return false;
      return a > b;
    };
  }

  Less less_;
  std::vector<std::unique_ptr<RecordReader>> readers_;
  std::vector<T> heads_;
  std::vector<size_t> heap_;
  Status status_;
};

template <typename T, typename Less>
Status ExternalSorter<T, Less>::Compact() {
  auto merged = MergeReader<T, Less>::Open(runs_, 256 << 10, less_);
  if (!merged.ok()) return merged.status();
  auto w = RecordWriter::Create(NextRunPath(), sizeof(T));
  if (!w.ok()) return w.status();
  T r;
  while ((*merged)->Next(&r)) WINNOW_RETURN_IF_ERROR((*w)->Append(&r, 1));
  WINNOW_RETURN_IF_ERROR((*merged)->status());
  WINNOW_RETURN_IF_ERROR((*w)->Commit());
  merged->reset();
  for (const std::string& run : runs_) std::remove(run.c_str());
  runs_.assign(1, (*w)->path());
  return OkStatus();
}

}  // namespace winnow

#endif  // WINNOW_EXTERNAL_SORT_H_
