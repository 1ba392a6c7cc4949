// The pairs stage: per band-key partition, documents that share a key are
// candidate pairs. Pairs are spilled as sorted runs, one file per pair
// partition (by the ordinal of the pair's first document).

#include <algorithm>
#include <atomic>

#include "job.h"
#include "winnow/external_sort.h"

namespace winnow::dedup {

std::string BandRunName(const JobContext& job, uint32_t partition,
                        uint32_t shard, uint32_t run);

std::string PairRunName(const JobContext& job, uint32_t q, uint32_t p,
                        uint32_t run) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "pairs/q-%03u-p-%03u-%04u.run", q, p, run);
  return job.work->File(buf);
}

uint32_t PairPartition(const JobContext& job, uint32_t a) {
  return static_cast<uint32_t>(static_cast<uint64_t>(a) *
                               job.options.partitions / job.docs);
}

namespace {

Status SpillPairs(const JobContext& job, uint32_t p, uint32_t run,
                  std::vector<PairRec>* buf, uint64_t* written) {
  std::sort(buf->begin(), buf->end(), PairRecLess());
  buf->erase(std::unique(buf->begin(), buf->end(),
                         [](const PairRec& x, const PairRec& y) {
                           return x.a == y.a && x.b == y.b;
                         }),
             buf->end());
  *written += buf->size();
  size_t i = 0;
  for (int q = 0; q < job.options.partitions; ++q) {
    size_t j = i;
    while (j < buf->size() &&
           PairPartition(job, (*buf)[j].a) == static_cast<uint32_t>(q)) {
      ++j;
    }
    WINNOW_RETURN_IF_ERROR(WriteRecordFile(
        PairRunName(job, q, p, run), sizeof(PairRec), buf->data() + i, j - i));
    i = j;
  }
  buf->clear();
  return OkStatus();
}

}  // namespace

Status RunPairs(JobContext& job) {
  const int parts = job.options.partitions;
  std::vector<uint32_t> pending;
  for (int p = 0; p < parts; ++p) {
    if (job.work->Done("pairs", p)) {
      ++job.report.resumed_shards;
    } else {
      pending.push_back(p);
    }
  }
  if (pending.empty()) return OkStatus();
  job.BeginStage("pairs");
  // Ranks (4 bytes per document) decide which pairs a large bucket keeps.
  auto budget = job.StageBudget("pairs", job.docs * 4);
  if (!budget.ok()) return budget.status();
  std::vector<uint32_t> rank;
  WINNOW_RETURN_IF_ERROR(ReadTable(job.work->File("exact/rank.bin"), &rank));

  std::vector<ManifestEntry> band_shards = job.work->Shards("bands");
  const uint32_t cap = std::max<uint32_t>(2, job.options.max_bucket);
  // Merge buffers take at most a quarter of the budget; the rest holds
  // pairs.
  const uint64_t runs_per_partition = [&] {
    uint64_t n = 0;
    for (const ManifestEntry& e : band_shards) n += e.Get("runs");
    return n;
  }();
  const size_t read_buffer = MergeBufferBytes(
      *budget / 4, runs_per_partition * static_cast<uint64_t>(job.threads));
  const uint64_t read_bytes = read_buffer * runs_per_partition * job.threads;
  const size_t per_worker = std::max<size_t>(
      1 << 12, (*budget - read_bytes) / job.threads / sizeof(PairRec));
  std::atomic<uint64_t> finished{parts - pending.size()};

  auto work = [&](uint32_t p) -> Status {
    std::vector<std::string> runs;
    for (const ManifestEntry& e : band_shards) {
      for (uint64_t r = 0; r < e.Get("runs"); ++r) {
        runs.push_back(BandRunName(job, p, static_cast<uint32_t>(e.shard),
                                   static_cast<uint32_t>(r)));
      }
    }
    auto merged = MergeReader<BandRec, BandRecLess>::Open(runs, read_buffer);
    if (!merged.ok()) return merged.status();
    std::vector<PairRec> buf;
    buf.reserve(std::min<size_t>(per_worker, 1 << 16));
    std::vector<uint32_t> members, best;
    uint32_t spills = 0;
    uint64_t emitted = 0, written = 0, buckets = 0, capped = 0;
    auto emit = [&](uint32_t a, uint32_t b) -> Status {
      if (buf.size() >= per_worker) {
        WINNOW_RETURN_IF_ERROR(SpillPairs(job, p, spills++, &buf, &written));
      }
      buf.push_back(a < b ? PairRec{a, b} : PairRec{b, a});
      ++emitted;
      return OkStatus();
    };
    auto flush_bucket = [&]() -> Status {
      const size_t m = members.size();
      if (m < 2) return OkStatus();
      ++buckets;
      if (m <= cap) {
        for (size_t i = 0; i < m; ++i) {
          for (size_t j = i + 1; j < m; ++j) {
            WINNOW_RETURN_IF_ERROR(emit(members[i], members[j]));
          }
        }
        return OkStatus();
      }
      // A large bucket: every member meets the `cap` best-ranked members
      // (those the clustering would make representatives first).
      ++capped;
      best = members;
      std::partial_sort(
          best.begin(), best.begin() + cap, best.end(),
          [&](uint32_t x, uint32_t y) { return rank[x] < rank[y]; });
      best.resize(cap);
      for (uint32_t x : members) {
        for (uint32_t t : best) {
          if (t != x) WINNOW_RETURN_IF_ERROR(emit(x, t));
        }
      }
      return OkStatus();
    };
    BandRec r;
    uint64_t key = 0;
    bool have = false;
    while ((*merged)->Next(&r)) {
      if (!have || r.key != key) {
        WINNOW_RETURN_IF_ERROR(flush_bucket());
        members.clear();
        key = r.key;
        have = true;
      }
      // Keys are seeded with the band number, so one document meets itself
      // in a bucket only through a 64-bit collision; skip that.
      if (members.empty() || members.back() != r.ord) members.push_back(r.ord);
    }
    WINNOW_RETURN_IF_ERROR((*merged)->status());
    WINNOW_RETURN_IF_ERROR(flush_bucket());
    WINNOW_RETURN_IF_ERROR(SpillPairs(job, p, spills++, &buf, &written));
    ManifestEntry e;
    e.stage = "pairs";
    e.shard = p;
    e.Set("runs", spills)
        .Set("emitted", emitted)
        .Set("buckets", buckets)
        .Set("capped", capped);
    return job.ShardDone(std::move(e), ++finished, parts);
  };

  WINNOW_RETURN_IF_ERROR(ForEachPendingShard(job, pending, work));
  job.EndStage();
  return OkStatus();
}

}  // namespace winnow::dedup
