// cluster_members.h — the members of clusters, as the filter stage records
// them (one work file per sketch shard, filter/members-NNNNN.bin, sorted by
// cluster and ordinal), and the clusters file made from them (FORMATS.md).
// Internal to src/dedup.
#ifndef WINNOW_SRC_DEDUP_CLUSTER_MEMBERS_H_
#define WINNOW_SRC_DEDUP_CLUSTER_MEMBERS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/external_sort.h"
#include "winnow/status.h"

namespace winnow::dedup {

// A document of a cluster of two or more. `cluster` is its representative's
// ordinal, `ord` its own.
struct Member {
  uint32_t cluster = 0;
  uint32_t ord = 0;
  float sim = 0;
  uint32_t flags = 0;
  std::string id;
};

// A member's record in a members file (and in a shuffle between ranks): 20
// bytes of cluster, ordinal, similarity, flags and id length, then the id.
void AppendMemberRecord(const Member& m, std::string* out);

// Calls fn(member) for each member record in `bytes` (whole records, as a
// shuffle delivers them).
Status ForEachMemberRecord(std::string_view bytes,
                           const std::function<Status(Member&)>& fn);

// Sorts `members` by cluster and ordinal and writes them to `path`.
Status WriteMembers(const std::string& path, std::vector<Member>* members);

// Up to four decimals, trailing zeros dropped: 1.0, 0.93, 0.9297.
void AppendSimilarity(std::string* out, float sim);

// Reads the member records of one members file in order.
class MemberReader {
 public:
  static Result<std::unique_ptr<MemberReader>> Open(const std::string& path);
  // False at the end or on an error (status()).
  bool Next(Member* m);
  const Status& status() const { return status_; }

 private:
  bool Read(void* out, size_t n);

  std::unique_ptr<RecordReader> in_;
  const char* block_ = nullptr;
  size_t pos_ = 0, len_ = 0;
  Status status_;
};

// The members of several members files as one sequence, by cluster and
// ordinal (each file is in that order; a cluster may span files). For a
// few files: each member is compared with every file's next one.
class MemberMerge {
 public:
  static Result<std::unique_ptr<MemberMerge>> Open(
      const std::vector<std::string>& paths);
  // The next member; nullptr at the end or on an error (status()).
  const Member* head() const {
    return best_ < heads_.size() ? &heads_[best_] : nullptr;
  }
  // Moves past head().
  void Advance();
  const Status& status() const { return status_; }

 private:
  void Pick();

  std::vector<std::unique_ptr<MemberReader>> readers_;
  std::vector<Member> heads_;
  std::vector<bool> live_;
  size_t best_ = 0;
  Status status_;
};

// Members arriving in any order, held up to `budget` bytes, then sorted
// and written out as a run (a members file, PREFIX + N + ".bin"), so that
// memory follows the budget; the runs then merge (MemberMerge) in order.
class MemberRuns {
 public:
  MemberRuns(std::string prefix, uint64_t budget)
      : prefix_(std::move(prefix)), budget_(budget) {}
  // The member records in `records` (as ForEachMemberRecord reads them).
  Status Add(std::string_view records);
  Status Add(Member m);
  // The runs, each sorted by cluster and ordinal; none when nothing came.
  Result<std::vector<std::string>> Finish();

 private:
  Status Spill();

  std::string prefix_;
  uint64_t budget_;
  std::vector<Member> members_;
  uint64_t held_ = 0;
  std::vector<std::string> runs_;
};

// The clusters file's lines for the members `merge` yields, one call of
// `write` per cluster (its JSON line, newline included).
Status FormatClusters(MemberMerge& merge,
                      const std::function<Status(std::string_view)>& write);

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_CLUSTER_MEMBERS_H_
