#include "sig_store.h"

#include "winnow/minhash.h"
#include "winnow/similarity.h"

namespace winnow::dedup {

Result<std::unique_ptr<SigStore>> SigStore::Open(const JobContext& job,
                                                 uint64_t budget) {
  std::unique_ptr<SigStore> s(new SigStore());
  s->job_ = &job;
  s->k_ = job.options.num_perm;
  s->shard_docs_ = job.options.shard_docs;
  s->counts_.resize(job.docs);
  WINNOW_RETURN_IF_ERROR(ForEachMeta(job, [&](uint64_t ord, const DocMeta& m) {
    s->counts_[ord] = m.shingles;
  }));
  const uint32_t sig_bytes = static_cast<uint32_t>(4 * s->k_);
  const bool load = job.docs * sig_bytes <= budget;
  for (uint32_t shard = 0; shard < job.sketch_shards; ++shard) {
    auto r = RecordReader::Open(job.SketchFile("sig", shard) + ".bin",
                                sig_bytes, 1 << 20);
    if (!r.ok()) return r.status();
    if (load) {
      std::vector<uint32_t> v((*r)->count() * s->k_);
      if (!v.empty()) {
        WINNOW_RETURN_IF_ERROR((*r)->ReadAt(0, v.data(), (*r)->count()));
      }
      s->memory_.push_back(std::move(v));
    } else {
      s->files_.push_back(std::move(*r));
    }
    if (job.options.verify == VerifyMode::kExact) {
      auto b = BlobReader::Open(job.SketchFile("shingles", shard));
      if (!b.ok()) return b.status();
      s->shingles_.push_back(std::move(*b));
    }
  }
  return s;
}

Status SigStore::Signature(uint32_t ord, uint32_t* out) const {
  const uint64_t shard = ord / shard_docs_;
  const uint64_t i = ord % shard_docs_;
  if (!memory_.empty()) {
    const uint32_t* p = memory_[shard].data() + i * k_;
    std::copy(p, p + k_, out);
    return OkStatus();
  }
  return files_[shard]->ReadAt(i, out, 1);
}

Status SigStore::Shingles(uint32_t ord, std::vector<uint64_t>* out) const {
  const uint64_t shard = ord / shard_docs_;
  const uint64_t i = ord % shard_docs_;
  const BlobReader& b = *shingles_[shard];
  out->resize(b.ValueSize(i) / sizeof(uint64_t));
  return b.GetInto(i, out->data());
}

Result<double> SigStore::Similarity(uint32_t a, uint32_t b, Scratch* s) const {
  const DedupOptions& o = job_->options;
  double j = 0;
  if (o.verify == VerifyMode::kExact) {
    if (s->cached_a != a) {
      WINNOW_RETURN_IF_ERROR(Shingles(a, &s->sh_a));
      s->cached_a = a;
    }
    WINNOW_RETURN_IF_ERROR(Shingles(b, &s->sh_b));
    j = ExactJaccard(s->sh_a.data(), s->sh_a.size(), s->sh_b.data(),
                     s->sh_b.size());
  } else if (!memory_.empty()) {
    const uint32_t* pa =
        memory_[a / shard_docs_].data() + (a % shard_docs_) * k_;
    const uint32_t* pb =
        memory_[b / shard_docs_].data() + (b % shard_docs_) * k_;
    j = EstimateJaccard(pa, pb, k_);
  } else {
    s->sig_a.resize(k_);
    s->sig_b.resize(k_);
    if (s->cached_a != a) {
      WINNOW_RETURN_IF_ERROR(Signature(a, s->sig_a.data()));
      s->cached_a = a;
    }
    WINNOW_RETURN_IF_ERROR(Signature(b, s->sig_b.data()));
    j = EstimateJaccard(s->sig_a.data(), s->sig_b.data(), k_);
  }
  return PairSimilarity(o.measure, j, counts_[a], counts_[b], o.min_shingles);
}

}  // namespace winnow::dedup
