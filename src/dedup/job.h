// job.h — the state the dedup stages share, and the stages themselves.
// Internal to src/dedup; the public face is dedup.h.
#ifndef WINNOW_SRC_DEDUP_JOB_H_
#define WINNOW_SRC_DEDUP_JOB_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "dist_split.h"
#include "records.h"
#include "winnow/dedup.h"
#include "winnow/dist.h"
#include "winnow/json.h"
#include "winnow/stage_progress.h"
#include "work_dir.h"

namespace winnow::dedup {

// Memory the process needs besides the stages' buffers: code, the thread
// pool, reader batches in flight.
inline constexpr uint64_t kBaseMemory = uint64_t{160} << 20;

struct JobContext {
  DedupOptions options;
  std::vector<InputFile> inputs;
  std::unique_ptr<WorkDir> work;
  LshParams lsh;
  double lsh_threshold = 0;
  int threads = 1;
  DedupReport report;

  // Known once the sketch stage has finished.
  uint64_t docs = 0;
  uint32_t sketch_shards = 0;

  // A distributed run (dist.h): this rank reads a contiguous share of the
  // input (`inputs` holds only its files and ranges), which begins at input
  // position
  // `first`; `docs` and the sketch shards are the share's, and every
  // per-document table of the rank is indexed by Local(ordinal). A single
  // process (comm null, ranks 1) has first 0 and owns everything.
  Communicator* comm = nullptr;
  int rank = 0;
  int ranks = 1;
  uint64_t first = 0;
  std::vector<uint64_t> rank_first;  // each rank's `first`, then the total
  RankShare split;  // how the input was divided (inputs moved out)
  // The filter stage wrote this run's documents into the output file in
  // place, each rank its share (PlanInPlaceOutput): the join has no part
  // files to bring together.
  bool filter_in_place = false;
  uint64_t total_docs() const {
    return rank_first.empty() ? docs : rank_first.back();
  }
  int DocOwner(uint64_t ord) const {
    if (rank_first.empty()) return 0;
    return RankOfOrdinal(rank_first, ord);
  }
  uint64_t Local(uint64_t ord) const { return ord - first; }
  uint64_t GlobalOrd(uint64_t local) const { return first + local; }

  // The stage running now, for progress, and the CPU time when it began.
  StageProgress stages;
  uint64_t stage_cpu_ms = 0;

  std::string SketchFile(std::string_view kind, uint64_t shard) const {
    return work->File("sketch/" + std::string(kind) + "-" + ShardName(shard));
  }

  void BeginStage(std::string_view name);
  void EndStage();
  // Shows progress: `done` of `total` units (thread-safe).
  void Progress(uint64_t done, uint64_t total, uint64_t bytes = 0,
                uint64_t raw_bytes = 0, uint64_t raw_total = 0);
  // Records a finished shard in the manifest and reports it.
  Status ShardDone(ManifestEntry e, uint64_t done, uint64_t total);

  // The budget a stage may use for its buffers, after the per-document
  // tables it keeps (`table_bytes`). ResourceExhausted when too small.
  Result<uint64_t> StageBudget(std::string_view stage_name,
                               uint64_t table_bytes) const;
};

// The read buffer for each of `readers` merge inputs sharing `bytes`:
// between 16 KiB and 1 MiB.
inline size_t MergeBufferBytes(uint64_t bytes, uint64_t readers) {
  if (readers == 0) return size_t{1} << 20;
  uint64_t each = bytes / readers;
  if (each < (16 << 10)) each = 16 << 10;
  if (each > (1 << 20)) each = 1 << 20;
  return static_cast<size_t>(each);
}

// Runs `work` on each of the `pending` shards, one shard per task on the
// job's threads. After the first failure no further shard starts; that
// failure is returned.
Status ForEachPendingShard(const JobContext& job,
                           const std::vector<uint32_t>& pending,
                           const std::function<Status(uint32_t)>& work);

Status RunSketch(JobContext& job);
Status RunExact(JobContext& job);
Status RunBands(JobContext& job);
Status RunPairs(JobContext& job);
Status RunVerify(JobContext& job);
Status RunCluster(JobContext& job);
Status RunFilter(JobContext& job, const DedupOutputs& outputs);
Status RunJoin(JobContext& job, const DedupOutputs& outputs);

// Distributed runs (dist_stages.cc): the stages after sketch, each a
// shuffle between the ranks; and the join that brings every rank's share
// of the outputs to rank 0 in input order.
Status RunDistAnalyze(JobContext& job);
// Before the sketch: the lines of the first input's file that earlier ranks
// read, so that line numbers are the file's (dist_split.cc).
Status ExchangeLineBases(JobContext& job);
Status RunDistJoin(JobContext& job, const DedupOutputs& outputs);
// Whether the ranks write the documents into the output file in place:
// when the output is a plain file every rank sees and each rank knows the
// `bytes` its share takes (UINT64_MAX: not known), rank 0 grows the file
// to hold all shares and each rank gets the file's `*path` and the
// `*offset` of its share. Otherwise `*path` is left empty. Collective.
Status PlanInPlaceOutput(JobContext& job, const DedupOutputs& outputs,
                         uint64_t bytes, std::string* path, uint64_t* offset);
// The clusters file of a distributed run (rank 0's `clusters`, nullptr on
// the others and when there is none), written by every rank: members go to
// their cluster's owner, which formats its clusters' lines
// (dist_clusters.cc). Collective.
Status WriteDistClusters(JobContext& job, OutputFile* clusters);
// Pieces of the join (stage_filter.cc): the clusters file from `files`
// member files (filter/members-NNNNN.bin), and the rejects stream.
Status WriteClusters(JobContext& job, OutputFile* out, uint32_t files);
Status WriteRejects(JobContext& job,
                    const std::function<Status(std::string_view)>& write);
std::string FilterPartPath(const JobContext& job);
std::string FilterFileName(const JobContext& job, std::string_view kind,
                           uint32_t shard);

// The cluster fields the filter stage gives each document it writes, with
// empty values, and the bytes of their values for assignment `a`: a kept
// document's record takes DocMeta::out_bytes + ClusterValueBytes(a).
const std::vector<OutputField>& EmptyClusterFields();
uint64_t ClusterValueBytes(const AssignRec& a);

// Reads every document's DocMeta in order, shard by shard.
Status ForEachMeta(const JobContext& job,
                   const std::function<void(uint64_t ord, const DocMeta&)>& fn);

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_JOB_H_
