// blob_file.h — variable-length values per document (ids, shingle sets),
// as two work files: NAME.idx holds n + 1 byte offsets (uint64), NAME.dat
// the bytes. Internal to src/dedup.
#ifndef WINNOW_SRC_DEDUP_BLOB_FILE_H_
#define WINNOW_SRC_DEDUP_BLOB_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/external_sort.h"
#include "winnow/status.h"

namespace winnow::dedup {

class BlobWriter {
 public:
  static Result<std::unique_ptr<BlobWriter>> Create(const std::string& base);
  Status Append(std::string_view value);
  Status Commit();

 private:
  std::unique_ptr<RecordWriter> idx_, dat_;
  uint64_t offset_ = 0;
};

// Random access (thread-safe) or in order.
class BlobReader {
 public:
  static Result<std::unique_ptr<BlobReader>> Open(const std::string& base);
  uint64_t size() const { return offsets_.size() - 1; }
  uint64_t ValueSize(uint64_t i) const { return offsets_[i + 1] - offsets_[i]; }
  Status Get(uint64_t i, std::string* out) const;
  // Reads value i into `out`, which must hold ValueSize(i) bytes.
  Status GetInto(uint64_t i, void* out) const;

 private:
  std::vector<uint64_t> offsets_;
  std::unique_ptr<RecordReader> dat_;
};

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_BLOB_FILE_H_
