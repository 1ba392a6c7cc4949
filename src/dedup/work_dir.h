// work_dir.h — the dedup job's work directory and its manifest. Internal to
// src/dedup.
//
// The manifest (manifest.txt) is a small text file, rewritten atomically
// (temporary file, fsync, rename) each time a shard finishes:
//
//   winnow-dedup-manifest 1
//   options ngram=5 seed=0 num_perm=128 ...
//   input 1048576 1700000000.123456789 corpus.jsonl
//   done sketch 0 docs=262144 bytes=650000000 rejected=0 empty=3
//   done sketch-end docs=300000 shards=2
//   done bands 0 runs=1
//   ...
//
// A shard is finished when its line is in the manifest; its files were
// renamed into place before the line was written, so they are whole.
#ifndef WINNOW_SRC_DEDUP_WORK_DIR_H_
#define WINNOW_SRC_DEDUP_WORK_DIR_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "winnow/status.h"

namespace winnow::dedup {

struct ManifestEntry {
  std::string stage;   // "sketch", "bands", "sketch-end", ...
  int64_t shard = -1;  // -1: a whole-stage entry
  std::vector<std::pair<std::string, uint64_t>> values;

  uint64_t Get(std::string_view name) const;
  ManifestEntry& Set(std::string name, uint64_t value);
};

class Manifest {
 public:
  // Parses `path`; a malformed line is a DataError naming path:line.
  static Result<Manifest> Load(const std::string& path);
  // Parses manifest text; errors name `name`:line.
  static Result<Manifest> Parse(std::string_view text, const std::string& name);
  Status Save(const std::string& path) const;

  const ManifestEntry* Find(std::string_view stage, int64_t shard = -1) const;
  bool Done(std::string_view stage, int64_t shard = -1) const {
    return Find(stage, shard) != nullptr;
  }
  void Add(ManifestEntry e);
  // Entries of `stage` with a shard number.
  std::vector<const ManifestEntry*> Shards(std::string_view stage) const;

  std::string options;              // canonical options
  std::vector<std::string> inputs;  // "SIZE MTIME NAME"
  std::vector<ManifestEntry> entries;
};

class WorkDir {
 public:
  // Opens `path` for a job with these options and inputs. Without `resume`
  // an existing work directory (one holding a manifest, or empty) is
  // emptied first; with it, the manifest must match (else InvalidArgument
  // saying what differs). `*resumed` tells whether finished shards were
  // found. The directory stays locked (flock) while the WorkDir lives.
  static Result<std::unique_ptr<WorkDir>> Open(
      const std::string& path, bool resume, const std::string& options,
      const std::vector<std::string>& inputs, bool* resumed);
  ~WorkDir();

  const std::string& path() const { return path_; }
  // path()/rel
  std::string File(std::string_view rel) const;

  // Thread-safe reads and updates of the manifest; Record saves it.
  bool Done(std::string_view stage, int64_t shard = -1) const;
  bool Find(std::string_view stage, int64_t shard, ManifestEntry* out) const;
  std::vector<ManifestEntry> Shards(std::string_view stage) const;
  std::vector<ManifestEntry> AllEntries() const;
  Status Record(ManifestEntry e);
  // Drops every entry of `stage` (its shards will be redone) and saves.
  Status Forget(std::string_view stage);

  // Deletes the whole directory (releases the lock first).
  Status Remove();

 private:
  WorkDir(std::string path, int lock_fd, Manifest m);

  std::string path_;
  int lock_fd_ = -1;
  mutable std::mutex mu_;
  Manifest manifest_;
};

// "00042" — shard numbers in file names.
std::string ShardName(uint64_t shard);

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_WORK_DIR_H_
