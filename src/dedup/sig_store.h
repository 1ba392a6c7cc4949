// sig_store.h — random access to the signatures (and, for exact
// verification, the shingle sets) that the sketch stage wrote, and the
// similarity of a pair under the job's measure. Internal to src/dedup.
//
// Signatures are loaded into memory when they fit in the budget given;
// otherwise each lookup is a pread of 4 · num_perm bytes (served from the
// page cache when the machine has room, which does not count against the
// process's resident set).
#ifndef WINNOW_SRC_DEDUP_SIG_STORE_H_
#define WINNOW_SRC_DEDUP_SIG_STORE_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "blob_file.h"
#include "job.h"
#include "winnow/external_sort.h"

namespace winnow::dedup {

class SigStore {
 public:
  // `budget`: bytes the signatures may take in memory.
  static Result<std::unique_ptr<SigStore>> Open(const JobContext& job,
                                                uint64_t budget);

  bool in_memory() const { return !memory_.empty(); }
  int num_perm() const { return k_; }
  uint32_t ShingleCount(uint32_t ord) const { return counts_[ord]; }

  // Scratch space for one thread's lookups.
  struct Scratch {
    std::vector<uint32_t> sig_a, sig_b;
    std::vector<uint64_t> sh_a, sh_b;
    uint32_t cached_a = kNoDoc;
  };

  // The similarity of a and b under the job's measure and verify mode.
  // Lookups of the same `a` in a row reuse its signature.
  Result<double> Similarity(uint32_t a, uint32_t b, Scratch* s) const;

 private:
  SigStore() = default;
  Status Signature(uint32_t ord, uint32_t* out) const;
  Status Shingles(uint32_t ord, std::vector<uint64_t>* out) const;

  const JobContext* job_ = nullptr;
  int k_ = 0;
  uint64_t shard_docs_ = 1;
  std::vector<uint32_t> counts_;                      // distinct shingles
  std::vector<std::vector<uint32_t>> memory_;         // per shard, if loaded
  std::vector<std::unique_ptr<RecordReader>> files_;  // per shard otherwise
  std::vector<std::unique_ptr<BlobReader>> shingles_; // verify=exact
};

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_SIG_STORE_H_
