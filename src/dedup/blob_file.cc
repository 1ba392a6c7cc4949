#include "blob_file.h"

namespace winnow::dedup {

Result<std::unique_ptr<BlobWriter>> BlobWriter::Create(const std::string& base) {
  auto w = std::make_unique<BlobWriter>();
  auto idx = RecordWriter::Create(base + ".idx", sizeof(uint64_t), 256 << 10);
  if (!idx.ok()) return idx.status();
  auto dat = RecordWriter::Create(base + ".dat", 1);
  if (!dat.ok()) return dat.status();
  w->idx_ = std::move(*idx);
  w->dat_ = std::move(*dat);
  uint64_t zero = 0;
  WINNOW_RETURN_IF_ERROR(w->idx_->Append(&zero, 1));
  return w;
}

Status BlobWriter::Append(std::string_view value) {
  WINNOW_RETURN_IF_ERROR(dat_->Append(value.data(), value.size()));
  offset_ += value.size();
  return idx_->Append(&offset_, 1);
}

Status BlobWriter::Commit() {
  WINNOW_RETURN_IF_ERROR(dat_->Commit());
  return idx_->Commit();
}

Result<std::unique_ptr<BlobReader>> BlobReader::Open(const std::string& base) {
  std::unique_ptr<BlobReader> r(new BlobReader());
  WINNOW_RETURN_IF_ERROR(ReadTable(base + ".idx", &r->offsets_));
  if (r->offsets_.empty()) {
    return DataError(base + ".idx: work file has no offsets");
  }
  auto dat = RecordReader::Open(base + ".dat", 1, 64 << 10);
  if (!dat.ok()) return dat.status();
  r->dat_ = std::move(*dat);
  if (r->offsets_.back() != r->dat_->count()) {
    return DataError(base + ".idx: offsets end at " +
                     std::to_string(r->offsets_.back()) + ", the data at " +
                     std::to_string(r->dat_->count()));
  }
  return r;
}

Status BlobReader::Get(uint64_t i, std::string* out) const {
  out->resize(ValueSize(i));
  if (out->empty()) return OkStatus();
  return dat_->ReadAt(offsets_[i], out->data(), out->size());
}

Status BlobReader::GetInto(uint64_t i, void* out) const {
  uint64_t n = ValueSize(i);
  if (n == 0) return OkStatus();
  return dat_->ReadAt(offsets_[i], out, n);
}

}  // namespace winnow::dedup
