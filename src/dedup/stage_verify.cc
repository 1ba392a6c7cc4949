// The verify stage: per pair partition, every distinct candidate pair is
// judged by its similarity under the job's measure; pairs at or above the
// threshold become edges.

#include <atomic>

#include "job.h"
#include "sig_store.h"
#include "winnow/external_sort.h"

namespace winnow::dedup {

std::string PairRunName(const JobContext& job, uint32_t q, uint32_t p,
                        uint32_t run);

std::string EdgeFileName(const JobContext& job, uint32_t q) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "edges/q-%03u.bin", q);
  return job.work->File(buf);
}

Status RunVerify(JobContext& job) {
  const int parts = job.options.partitions;
  std::vector<uint32_t> pending;
  for (int q = 0; q < parts; ++q) {
    ManifestEntry e;
    if (job.work->Find("verify", q, &e)) {
      ++job.report.resumed_shards;
    } else {
      pending.push_back(q);
    }
  }
  if (!pending.empty()) {
    job.BeginStage("verify");
    std::vector<ManifestEntry> pair_parts = job.work->Shards("pairs");
    uint64_t runs_per_q = 0;
    for (const ManifestEntry& e : pair_parts) runs_per_q += e.Get("runs");
    // Shingle counts: 4 bytes per document.
    auto stage_budget = job.StageBudget("verify", job.docs * 4);
    if (!stage_budget.ok()) return stage_budget.status();
    // Merge buffers take at most a quarter; signatures may use the rest.
    const size_t read_buffer = MergeBufferBytes(
        *stage_budget / 4, runs_per_q * static_cast<uint64_t>(job.threads));
    auto budget = Result<uint64_t>(*stage_budget -
                                   read_buffer * runs_per_q * job.threads);
    auto store = SigStore::Open(job, *budget);
    if (!store.ok()) return store.status();
    job.report.counters.Add("dedup.signatures_in_memory",
                            (*store)->in_memory() ? 1 : 0);
    const double threshold = job.options.threshold;
    std::atomic<uint64_t> finished{parts - pending.size()};

    auto work = [&](uint32_t q) -> Status {
      std::vector<std::string> runs;
      for (const ManifestEntry& e : pair_parts) {
        for (uint64_t r = 0; r < e.Get("runs"); ++r) {
          runs.push_back(PairRunName(job, q, static_cast<uint32_t>(e.shard),
                                     static_cast<uint32_t>(r)));
        }
      }
      auto merged = MergeReader<PairRec, PairRecLess>::Open(runs, read_buffer);
      if (!merged.ok()) return merged.status();
      auto out = RecordWriter::Create(EdgeFileName(job, q), sizeof(EdgeRec));
      if (!out.ok()) return out.status();
      SigStore::Scratch scratch;
      PairRec pr, last{kNoDoc, kNoDoc};
      uint64_t candidates = 0, edges = 0;
      while ((*merged)->Next(&pr)) {
        if (pr.a == last.a && pr.b == last.b) continue;
        last = pr;
        ++candidates;
        auto sim = (*store)->Similarity(pr.a, pr.b, &scratch);
        if (!sim.ok()) return sim.status();
        if (*sim >= threshold) {
          EdgeRec e{pr.a, pr.b, static_cast<float>(*sim)};
          WINNOW_RETURN_IF_ERROR((*out)->Append(&e, 1));
          ++edges;
        }
      }
      WINNOW_RETURN_IF_ERROR((*merged)->status());
      WINNOW_RETURN_IF_ERROR((*out)->Commit());
      ManifestEntry e;
      e.stage = "verify";
      e.shard = q;
      e.Set("candidates", candidates).Set("edges", edges);
      return job.ShardDone(std::move(e), ++finished, parts);
    };

    WINNOW_RETURN_IF_ERROR(ForEachPendingShard(job, pending, work));
    job.EndStage();
  }
  for (const ManifestEntry& e : job.work->Shards("verify")) {
    job.report.candidate_pairs += e.Get("candidates");
    job.report.verified_edges += e.Get("edges");
  }
  return OkStatus();
}

}  // namespace winnow::dedup
