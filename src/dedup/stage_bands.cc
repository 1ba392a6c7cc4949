// The bands stage: the LSH band keys of every document that takes part in
// the near-duplicate search, per sketch shard, spilled as sorted runs, one
// file per key partition.

#include <algorithm>
#include <atomic>

#include "job.h"
#include "winnow/external_sort.h"
#include "winnow/lsh.h"

namespace winnow::dedup {

uint32_t KeyPartition(uint64_t key, int partitions) {
  return static_cast<uint32_t>(
      ((key >> 32) * static_cast<uint64_t>(partitions)) >> 32);
}

std::string BandRunName(const JobContext& job, uint32_t partition,
                        uint32_t shard, uint32_t run) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "bands/p-%03u-s-%05u-%04u.run", partition,
                shard, run);
  return job.work->File(buf);
}

// Documents that do not take part: rejected, empty, or exact duplicates of
// a better-ranked document.
Status LoadSkipSet(const JobContext& job, std::vector<bool>* skip) {
  skip->assign(job.docs, false);
  std::vector<ExactLink> links;
  WINNOW_RETURN_IF_ERROR(ReadTable(job.work->File("exact/links.bin"), &links));
  for (const ExactLink& l : links) (*skip)[l.member] = true;
  return ForEachMeta(job, [&](uint64_t ord, const DocMeta& m) {
    if (m.flags & (kDocRejected | kDocEmpty)) (*skip)[ord] = true;
  });
}

namespace {

// Sorts `buf` and writes one run per partition.
Status Spill(const JobContext& job, uint32_t shard, uint32_t run,
             std::vector<BandRec>* buf) {
  std::sort(buf->begin(), buf->end(), BandRecLess());
  const int parts = job.options.partitions;
  size_t i = 0;
  for (int p = 0; p < parts; ++p) {
    size_t j = i;
    while (j < buf->size() &&
           KeyPartition((*buf)[j].key, parts) == static_cast<uint32_t>(p)) {
      ++j;
    }
    WINNOW_RETURN_IF_ERROR(WriteRecordFile(BandRunName(job, p, shard, run),
                                           sizeof(BandRec), buf->data() + i,
                                           j - i));
    i = j;
  }
  buf->clear();
  return OkStatus();
}

}  // namespace

Status RunBands(JobContext& job) {
  std::vector<uint32_t> pending;
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    if (job.work->Done("bands", s)) {
      ++job.report.resumed_shards;
    } else {
      pending.push_back(s);
    }
  }
  if (pending.empty()) return OkStatus();
  job.BeginStage("bands");
  // The skip set: one bit per document.
  auto budget = job.StageBudget("bands", job.docs / 8);
  if (!budget.ok()) return budget.status();
  std::vector<bool> skip;
  WINNOW_RETURN_IF_ERROR(LoadSkipSet(job, &skip));

  const DedupOptions& o = job.options;
  const int bands = job.lsh.bands, rows = job.lsh.rows;
  const uint32_t sig_bytes = static_cast<uint32_t>(4 * o.num_perm);
  const size_t per_worker =
      std::max<size_t>(1 << 12, *budget / job.threads / sizeof(BandRec));
  std::atomic<uint64_t> finished{job.sketch_shards - pending.size()};

  auto work = [&](uint32_t shard) -> Status {
    auto sig = RecordReader::Open(job.SketchFile("sig", shard) + ".bin",
                                  sig_bytes, 4 << 20);
    if (!sig.ok()) return sig.status();
    std::vector<BandRec> buf;
    buf.reserve(std::min<size_t>(per_worker, 1 << 16));
    uint32_t runs = 0;
    uint64_t keys = 0;
    const uint64_t first = static_cast<uint64_t>(shard) * o.shard_docs;
    std::vector<uint32_t> s(o.num_perm);
    for (uint64_t i = 0; i < (*sig)->count(); ++i) {
      if (!(*sig)->Next(s.data())) return (*sig)->status();
      const uint64_t ord = first + i;
      if (skip[ord]) continue;
      for (int b = 0; b < bands; ++b) {
        if (buf.size() >= per_worker) {
          WINNOW_RETURN_IF_ERROR(Spill(job, shard, runs++, &buf));
        }
        buf.push_back(BandRec{BandKey(s.data(), b, rows, o.shingle.seed),
                              static_cast<uint32_t>(ord)});
        ++keys;
      }
    }
    if (!buf.empty() || runs == 0) {
      WINNOW_RETURN_IF_ERROR(Spill(job, shard, runs++, &buf));
    }
    ManifestEntry e;
    e.stage = "bands";
    e.shard = shard;
    e.Set("runs", runs).Set("keys", keys);
    return job.ShardDone(std::move(e), ++finished, job.sketch_shards);
  };

  WINNOW_RETURN_IF_ERROR(ForEachPendingShard(job, pending, work));
  job.EndStage();
  return OkStatus();
}

}  // namespace winnow::dedup
