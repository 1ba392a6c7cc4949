#include "winnow/paragraph_repeats.h"

#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <queue>

#include "repeat_index_builder.h"
#include "text_features.h"
#include "winnow/utf8.h"

namespace winnow {

// ---- normalization and hashing ----------------------------------------------

uint64_t ParagraphHash(std::string_view p, uint32_t* words) {
  // The classifier's words (text_features.h) are the normal form's words:
  // maximal runs of letters, marks and digits.
  thread_local boilerplate::TextFeatures f;
  boilerplate::TokenizeWords(p, &f);
  return boilerplate::NormalFormHash(f, words);
}

uint64_t SourceHash(std::string_view source) {
  return XXH3_64bits(source.data(), source.size());
}

// ---- the index
// ----------------------------------------------------------------

namespace {

// The hash of a (paragraph, source) pair. Both are already hashes; the
// multiply mixes the source into every bit.
uint64_t PairHash(uint64_t paragraph, uint64_t source) {
  return (paragraph ^ (source * 0x9E3779B97F4A7C15ull)) *
         0xBF58476D1CE4E5B9ull;
}

// Where a pair starts probing in a table of `mask` + 1 slots.
size_t PairSlot(uint64_t h, size_t mask) {
  return static_cast<size_t>(h >> 32) & mask;
}

// Its bit in the filter of `mask` + 1 bits: the low bits, which the slot
// does not use.
size_t FilterBit(uint64_t h, size_t mask) {
  return static_cast<size_t>(h) & mask;
}

}  // namespace

RepeatIndex::RepeatIndex(RepeatOptions options, std::vector<Pair> pairs,
                         std::vector<Wide> wide, Stats stats)
    : options_(std::move(options)),
      pairs_(std::move(pairs)),
      wide_(std::move(wide)),
      stats_(stats) {
  if (pairs_.empty()) return;
  size_t n = 16;
  while (n < 2 * pairs_.size()) n *= 2;
  slots_.assign(n, 0);
  size_t bits = 64;
  while (bits < 16 * pairs_.size()) bits *= 2;
  filter_.assign(bits / 64, 0);
  for (size_t k = 0; k < pairs_.size(); ++k) {
    const uint64_t h = PairHash(pairs_[k].paragraph, pairs_[k].source);
    size_t i = PairSlot(h, n - 1);
    while (slots_[i] != 0) i = (i + 1) & (n - 1);
    slots_[i] = static_cast<uint32_t>(k + 1);
    const size_t b = FilterBit(h, bits - 1);
    filter_[b >> 6] |= uint64_t{1} << (b & 63);
  }
}

uint32_t RepeatIndex::SourceCount(uint64_t source, uint64_t paragraph) const {
  if (paragraph == 0 || pairs_.empty()) return 0;
  const uint64_t h = PairHash(paragraph, source);
  const size_t b = FilterBit(h, filter_.size() * 64 - 1);
  if (((filter_[b >> 6] >> (b & 63)) & 1) == 0) return 0;
  const size_t mask = slots_.size() - 1;
  for (size_t i = PairSlot(h, mask); slots_[i] != 0; i = (i + 1) & mask) {
    const Pair& p = pairs_[slots_[i] - 1];
    if (p.paragraph == paragraph && p.source == source) return p.docs;
  }
  return 0;
}

RepeatIndex::Wide RepeatIndex::CorpusCount(uint64_t paragraph) const {
  if (paragraph == 0) return {0, 0, 0};
  auto it = std::lower_bound(
      wide_.begin(), wide_.end(), paragraph,
      [](const Wide& w, uint64_t k) { return w.paragraph < k; });
  if (it == wide_.end() || it->paragraph != paragraph) return {0, 0, 0};
  return *it;
}

// ---- pass 1
// -----------------------------------------------------------------------

namespace {

using Record = RepeatCounter::Record;

// A run is a sorted sequence of records (paragraph, source, docs): 24 bytes
// in memory, 20 on disk (docs as uint32).
constexpr size_t kRecordBytes = 20;
constexpr size_t kMergeFanIn = 64;
// A shard's buffer, at most: 1 Mi keys (see Create).
constexpr uint64_t kMaxShardBufferBytes = uint64_t{16} << 20;
constexpr size_t kReadBuffer = 64 << 10;

bool KeyLess(const Record& a, const Record& b) {
  return a.paragraph != b.paragraph ? a.paragraph < b.paragraph
                                    : a.source < b.source;
}
bool SameKey(const Record& a, const Record& b) {
  return a.paragraph == b.paragraph && a.source == b.source;
}

// Sorts (paragraph, source) key pairs and turns them into counted records.
// Paragraph hashes are uniform, so the pairs are first scattered into
// buckets by the top bits of the hash (one counting pass, one move; about
// sixteen pairs a bucket) and then each bucket is sorted on its own: a
// comparison sort of a million pairs did some twenty levels of
// comparisons each, most of them cache misses. Any bucket a repeated
// paragraph fills is sorted like any other.
void SortAndCount(std::vector<uint64_t>* keys, std::vector<Record>* out) {
  const size_t n = keys->size() / 2;
  std::vector<std::pair<uint64_t, uint64_t>> v(n);
  int bits = 0;
  while (bits < 16 && (size_t{16} << bits) < n) ++bits;
  if (bits < 8) {
    for (size_t i = 0; i < n; ++i) v[i] = {(*keys)[2 * i], (*keys)[2 * i + 1]};
    std::sort(v.begin(), v.end());
  } else {
    const int shift = 64 - bits;
    std::vector<uint32_t> start((size_t{1} << bits) + 1, 0);
    for (size_t i = 0; i < n; ++i) ++start[((*keys)[2 * i] >> shift) + 1];
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::vector<uint32_t> at(start.begin(), start.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t p = (*keys)[2 * i];
      v[at[p >> shift]++] = {p, (*keys)[2 * i + 1]};
    }
    for (size_t b = 0; b + 1 < start.size(); ++b) {
      std::sort(v.begin() + start[b], v.begin() + start[b + 1]);
    }
  }
  out->clear();
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && v[j] == v[i]) ++j;
    out->push_back({v[i].first, v[i].second, j - i});
    i = j;
  }
  keys->clear();
}

// Sorts records and sums the docs of equal keys, in place.
void SortAndSum(std::vector<Record>* v) {
  std::sort(v->begin(), v->end(), KeyLess);
  size_t w = 0;
  for (size_t i = 0; i < v->size();) {
    Record r = (*v)[i++];
    while (i < v->size() && SameKey((*v)[i], r)) r.docs += (*v)[i++].docs;
    (*v)[w++] = r;
  }
  v->resize(w);
}

class RunReader {
 public:
  virtual ~RunReader() = default;
  // False at the end; errors through status().
  virtual bool Next(Record* r) = 0;
  virtual Status status() const { return OkStatus(); }
};

class MemoryRunReader : public RunReader {
 public:
  explicit MemoryRunReader(const std::vector<Record>* run) : run_(run) {}
  bool Next(Record* r) override {
    if (pos_ == run_->size()) return false;
    *r = (*run_)[pos_++];
    return true;
  }

 private:
  const std::vector<Record>* run_;
  size_t pos_ = 0;
};

class FileRunReader : public RunReader {
 public:
  explicit FileRunReader(std::string path) : path_(std::move(path)) {
    f_ = std::fopen(path_.c_str(), "rb");
    if (!f_) status_ = ErrnoError("cannot open run file " + path_, errno);
    buf_.resize(kReadBuffer - kReadBuffer % kRecordBytes);
  }
  ~FileRunReader() override {
    if (f_) std::fclose(f_);
  }
  bool Next(Record* r) override {
    if (!status_.ok()) return false;
    if (pos_ == len_) {
      len_ = std::fread(buf_.data(), 1, buf_.size(), f_);
      pos_ = 0;
      if (len_ == 0) {
        if (std::ferror(f_))
          status_ = ErrnoError("cannot read run file " + path_, errno);
        return false;
      }
      if (len_ % kRecordBytes != 0) {
        status_ =
            DataError(path_ + ": byte " +
                      std::to_string(offset_ + len_ - len_ % kRecordBytes) +
                      ": run file is truncated");
        return false;
      }
    }
    const char* p = buf_.data() + pos_;
    uint32_t c;
    std::memcpy(&r->paragraph, p, 8);
    std::memcpy(&r->source, p + 8, 8);
    std::memcpy(&c, p + 16, 4);
    r->docs = c;
    pos_ += kRecordBytes;
    offset_ += kRecordBytes;
    return true;
  }
  Status status() const override { return status_; }

 private:
  std::string path_;
  std::FILE* f_ = nullptr;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  uint64_t offset_ = 0;
  Status status_;
};

class RunWriter {
 public:
  explicit RunWriter(std::string path) : path_(std::move(path)) {
    f_ = std::fopen(path_.c_str(), "wb");
    if (!f_) status_ = ErrnoError("cannot create run file " + path_, errno);
  }
  ~RunWriter() {
    if (f_) std::fclose(f_);
  }
  void Add(const Record& r) {
    if (!status_.ok()) return;
    char rec[kRecordBytes];
    uint32_t c = static_cast<uint32_t>(std::min<uint64_t>(r.docs, UINT32_MAX));
    std::memcpy(rec, &r.paragraph, 8);
    std::memcpy(rec + 8, &r.source, 8);
    std::memcpy(rec + 16, &c, 4);
    buf_.append(rec, kRecordBytes);
    if (buf_.size() >= kReadBuffer) FlushBuffer();
  }
  Status Close() {
    FlushBuffer();
    if (f_ && std::fclose(f_) != 0 && status_.ok()) {
      status_ = ErrnoError("cannot write run file " + path_, errno);
    }
    f_ = nullptr;
    return status_;
  }
  uint64_t bytes() const { return bytes_; }

 private:
  void FlushBuffer() {
    if (!status_.ok() || buf_.empty()) return;
    if (std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      status_ = ErrnoError("cannot write run file " + path_, errno);
    }
    bytes_ += buf_.size();
    buf_.clear();
  }
  std::string path_;
  std::FILE* f_ = nullptr;
  std::string buf_;
  uint64_t bytes_ = 0;
  Status status_;
};

// K-way merge of sorted runs, summing the docs of equal keys.
class Merger {
 public:
  explicit Merger(std::vector<std::unique_ptr<RunReader>> readers)
      : readers_(std::move(readers)) {
    for (size_t i = 0; i < readers_.size(); ++i) Pull(i);
  }
  bool Next(Record* out) {
    if (heap_.empty()) return false;
    auto [r, i] = heap_.top();
    heap_.pop();
    Pull(i);
    while (!heap_.empty() && SameKey(heap_.top().first, r)) {
      auto [s, j] = heap_.top();
      heap_.pop();
      r.docs += s.docs;
      Pull(j);
    }
    *out = r;
    return true;
  }
  Status status() const {
    for (const auto& r : readers_) {
      if (!r->status().ok()) return r->status();
    }
    return OkStatus();
  }

 private:
  using Item = std::pair<Record, size_t>;
  struct Greater {
    bool operator()(const Item& a, const Item& b) const {
      return KeyLess(b.first, a.first);
    }
  };
  void Pull(size_t i) {
    Record r;
    if (readers_[i]->Next(&r)) heap_.push({r, i});
  }
  std::vector<std::unique_ptr<RunReader>> readers_;
  std::priority_queue<Item, std::vector<Item>, Greater> heap_;
};

std::string TempRoot(const std::string& configured) {
  if (!configured.empty()) return configured;
  const char* t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

}  // namespace

namespace boilerplate {

uint64_t RepeatIndexBytes(uint64_t pairs, uint64_t wides) {
  // Pairs, their lookup table (at most 16 bytes a pair) and the
  // corpus-wide repeats.
  return pairs * (sizeof(RepeatIndex::Pair) + 16) +
         wides * sizeof(RepeatIndex::Wide);
}

Status RepeatIndexOverBudget(uint64_t budget) {
  return ResourceExhausted(
      "the repeated-paragraph index needs more than the memory budget (" +
      (budget >= (uint64_t{1} << 20) ? std::to_string(budget >> 20) + " MiB"
                                     : std::to_string(budget >> 10) + " KiB") +
      "): raise --memory or --min-repeats");
}

RepeatIndexBuilder::RepeatIndexBuilder(const RepeatOptions& options,
                                       uint64_t budget)
    : options_(options), budget_(budget) {}

Status RepeatIndexBuilder::Add(const RepeatCounter::Record& r) {
  if (open_ && r.paragraph != paragraph_) {
    WINNOW_RETURN_IF_ERROR(End());
  }
  if (!open_) {
    open_ = true;
    paragraph_ = r.paragraph;
    docs_ = sources_ = 0;
  }
  ++distinct_pairs_;
  docs_ += r.docs;
  ++sources_;
  if (options_.min_repeats > 0 && r.docs >= options_.min_repeats) {
    pairs_.push_back(
        {r.paragraph, r.source,
         static_cast<uint32_t>(std::min<uint64_t>(r.docs, UINT32_MAX))});
  }
  return OkStatus();
}

Status RepeatIndexBuilder::End() {
  if (!open_) return OkStatus();
  open_ = false;
  if (options_.corpus_min_repeats > 0 && docs_ >= options_.corpus_min_repeats &&
      sources_ >= options_.corpus_min_sources) {
    wide_.push_back(
        {paragraph_,
         static_cast<uint32_t>(std::min<uint64_t>(docs_, UINT32_MAX)),
         static_cast<uint32_t>(std::min<uint64_t>(sources_, UINT32_MAX))});
  }
  if (RepeatIndexBytes(pairs_.size(), wide_.size()) > budget_) {
    return RepeatIndexOverBudget(budget_);
  }
  return OkStatus();
}

}  // namespace boilerplate

Result<std::unique_ptr<RepeatCounter>> RepeatCounter::Create(
    const RepeatOptions& options, int shards) {
  std::string root = TempRoot(options.tmp_dir);
  std::string templ = root + "/winnow-repeats-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) {
    return ErrnoError("cannot create a temporary directory in " + root, errno);
  }
  if (shards < 1) shards = 1;
  // Half the budget for the shards' buffers (16 bytes a key), the rest for
  // counted runs kept in memory and for the index. A shard sorts its
  // buffer when full, in the thread that fills it; the cap keeps those
  // sorts small and spread over the pass, where one buffer the size of the
  // budget was sorted only at the end, by the thread that destroys the
  // shards, while the other cores waited (about 2 s at 1 million
  // documents).
  uint64_t per_shard = options.memory_bytes / 2 / static_cast<uint64_t>(shards);
  per_shard = std::min<uint64_t>(per_shard, kMaxShardBufferBytes);
  size_t keys = static_cast<size_t>(std::max<uint64_t>(per_shard / 16, 1024));
  return std::unique_ptr<RepeatCounter>(
      new RepeatCounter(options, std::string(buf.data()), keys));
}

RepeatCounter::RepeatCounter(RepeatOptions options, std::string dir,
                             size_t shard_keys)
    : options_(std::move(options)),
      dir_(std::move(dir)),
      shard_keys_(shard_keys) {}

RepeatCounter::~RepeatCounter() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<RepeatCounter::Shard> RepeatCounter::NewShard() {
  return std::unique_ptr<Shard>(new Shard(this, shard_keys_));
}

RepeatCounter::Shard::Shard(RepeatCounter* owner, size_t capacity)
    : owner_(owner), capacity_(capacity) {}

RepeatCounter::Shard::~Shard() { Flush(); }

void RepeatCounter::Shard::AddDocument(uint64_t source,
                                       std::span<const uint64_t> paragraphs) {
  doc_.assign(paragraphs.begin(), paragraphs.end());
  std::sort(doc_.begin(), doc_.end());
  doc_.erase(std::unique(doc_.begin(), doc_.end()), doc_.end());
  ++documents_;
  for (uint64_t h : doc_) {
    if (h == 0) continue;
    keys_.push_back(h);
    keys_.push_back(source);
    ++occurrences_;
  }
  if (keys_.size() / 2 >= capacity_) Flush();
}

void RepeatCounter::Shard::Flush() {
  if (keys_.empty() && documents_ == 0) return;
  std::vector<Record> counted;
  SortAndCount(&keys_, &counted);
  owner_->Accept(&counted, documents_, occurrences_);
  documents_ = occurrences_ = 0;
}

void RepeatCounter::Accept(std::vector<Record>* counted, uint64_t documents,
                           uint64_t occurrences) {
  std::lock_guard<std::mutex> lock(mu_);
  documents_ += documents;
  occurrences_ += occurrences;
  AcceptLocked(counted);
}

void RepeatCounter::AcceptLocked(std::vector<Record>* counted) {
  if (counted->empty()) return;
  // Keep counted runs in memory while they fit in the other half of the
  // budget (24 bytes a record); spill them otherwise.
  const uint64_t budget_records = options_.memory_bytes / 2 / sizeof(Record);
  if (memory_run_records_ + counted->size() <= budget_records) {
    memory_run_records_ += counted->size();
    memory_runs_.push_back(std::move(*counted));
    counted->clear();
    return;
  }
  Status st = SpillLocked(counted);
  if (!st.ok() && error_.ok()) error_ = st;
}

Status RepeatCounter::SpillLocked(std::vector<Record>* counted) {
  std::string path = dir_ + "/run-" + std::to_string(runs_spilled_++);
  RunWriter w(path);
  for (const Record& r : *counted) w.Add(r);
  Status st = w.Close();
  bytes_spilled_ += w.bytes();
  files_.push_back(path);
  counted->clear();
  counted->shrink_to_fit();
  return st;
}

Status RepeatCounter::AddCounts(std::vector<Record>* records,
                                uint64_t documents, uint64_t occurrences) {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) {
    records->clear();
    return InternalError("RepeatCounter::AddCounts after the counter ended");
  }
  documents_ += documents;
  occurrences_ += occurrences;
  // A shard's part of the budget: its keys are 16 bytes, records 24.
  const size_t cap = std::max<size_t>(shard_keys_ * 16 / sizeof(Record), 1);
  for (const Record& r : *records) {
    if (r.paragraph == 0) continue;
    if (added_.size() == added_.capacity()) {
      // Grown by hand: doubling past `cap` would hold twice the part.
      added_.reserve(std::min(cap, std::max<size_t>(1024, 2 * added_.size())));
    }
    added_.push_back(r);
    if (added_.size() >= cap) FlushAddedLocked();
  }
  records->clear();
  return error_;
}

void RepeatCounter::FlushAddedLocked() {
  if (added_.empty()) return;
  SortAndSum(&added_);
  std::vector<Record> run(added_.begin(), added_.end());
  added_.clear();
  AcceptLocked(&run);
}

// ---- reading the merged counts

struct RepeatCounter::Reader::Merge {
  explicit Merge(std::vector<std::unique_ptr<RunReader>> readers)
      : merger(std::move(readers)) {}
  Merger merger;
};

RepeatCounter::Reader::Reader(RepeatCounter* owner,
                              std::unique_ptr<Merge> merge,
                              RepeatIndex::Stats stats)
    : owner_(owner), merge_(std::move(merge)), stats_(stats) {}

RepeatCounter::Reader::~Reader() = default;

bool RepeatCounter::Reader::Next(Record* r) {
  if (!merge_) return false;
  if (merge_->merger.Next(r)) {
    ++stats_.distinct_pairs;
    return true;
  }
  status_ = merge_->merger.status();
  merge_.reset();  // closes the run files
  std::lock_guard<std::mutex> lock(owner_->mu_);
  owner_->memory_runs_.clear();
  owner_->memory_runs_.shrink_to_fit();
  owner_->memory_run_records_ = 0;
  for (const std::string& f : owner_->files_) std::remove(f.c_str());
  owner_->files_.clear();
  return false;
}

Status RepeatCounter::Reader::status() const {
  return merge_ ? merge_->merger.status() : status_;
}

Result<std::unique_ptr<RepeatCounter::Reader>> RepeatCounter::ReadCounts() {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) {
    return InternalError("RepeatCounter: Finish or ReadCounts called twice");
  }
  finished_ = true;
  FlushAddedLocked();
  added_.shrink_to_fit();
  if (!error_.ok()) return error_;

  // Merge file runs in groups until one pass can merge them all.
  while (files_.size() + memory_runs_.size() > kMergeFanIn &&
         files_.size() > 1) {
    std::vector<std::string> rest;
    for (size_t g = 0; g < files_.size(); g += kMergeFanIn) {
      size_t end = std::min(files_.size(), g + kMergeFanIn);
      if (end - g == 1) {
        rest.push_back(files_[g]);
        continue;
      }
      std::vector<std::unique_ptr<RunReader>> readers;
      for (size_t k = g; k < end; ++k) {
        readers.push_back(std::make_unique<FileRunReader>(files_[k]));
      }
      Merger m(std::move(readers));
      std::string path = dir_ + "/run-" + std::to_string(runs_spilled_++);
      RunWriter w(path);
      Record r;
      while (m.Next(&r)) w.Add(r);
      WINNOW_RETURN_IF_ERROR(m.status());
      WINNOW_RETURN_IF_ERROR(w.Close());
      bytes_spilled_ += w.bytes();
      for (size_t k = g; k < end; ++k) std::remove(files_[k].c_str());
      rest.push_back(path);
    }
    files_ = std::move(rest);
  }

  std::vector<std::unique_ptr<RunReader>> readers;
  for (const std::string& f : files_) {
    readers.push_back(std::make_unique<FileRunReader>(f));
  }
  for (const auto& run : memory_runs_) {
    readers.push_back(std::make_unique<MemoryRunReader>(&run));
  }
  RepeatIndex::Stats stats;
  stats.documents = documents_;
  stats.occurrences = occurrences_;
  stats.runs_spilled = runs_spilled_;
  stats.bytes_spilled = bytes_spilled_;
  return std::unique_ptr<Reader>(new Reader(
      this, std::make_unique<Reader::Merge>(std::move(readers)), stats));
}

Result<RepeatIndex> RepeatCounter::Finish() {
  auto reader = ReadCounts();
  if (!reader.ok()) return reader.status();
  boilerplate::RepeatIndexBuilder index(options_, options_.memory_bytes);
  Record r;
  while ((*reader)->Next(&r)) WINNOW_RETURN_IF_ERROR(index.Add(r));
  WINNOW_RETURN_IF_ERROR(index.End());
  WINNOW_RETURN_IF_ERROR((*reader)->status());
  RepeatIndex::Stats stats = (*reader)->stats();
  stats.repeated_pairs = index.pairs().size();
  stats.corpus_repeats = index.wide().size();
  return RepeatIndex(options_, std::move(index.pairs()),
                     std::move(index.wide()), stats);
}

}  // namespace winnow
