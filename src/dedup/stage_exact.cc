// The exact stage: keep ranks for every document, and exact-duplicate
// groups (equal fingerprints of the normalized text). The best-ranked
// member of a group (its exemplar) stands for the group in the LSH stages.
#include <algorithm>

#include "job.h"
#include "winnow/cluster.h"
#include "winnow/external_sort.h"

namespace winnow::dedup {

Status RunExact(JobContext& job) {
  if (job.work->Done("exact")) {
    ManifestEntry e;
    job.work->Find("exact", -1, &e);
    job.report.exact_duplicates = e.Get("duplicates");
    return OkStatus();
  }
  job.BeginStage("exact");
  // lengths, sort keys and ranks: 16 bytes per document at the peak.
  auto budget = job.StageBudget("exact", job.docs * 16);
  if (!budget.ok()) return budget.status();

  std::vector<uint32_t> lengths(job.docs);
  WINNOW_RETURN_IF_ERROR(ForEachMeta(job, [&](uint64_t ord, const DocMeta& m) {
    lengths[ord] = (m.flags & kDocRejected) ? 0 : m.length;
  }));
  std::vector<uint32_t> rank = KeepRanks(lengths, job.options.keep);
  std::vector<uint32_t>().swap(lengths);
  WINNOW_RETURN_IF_ERROR(WriteTable(job.work->File("exact/rank.bin"), rank));
  job.Progress(1, 3);

  ExternalSorter<ExactRec, ExactRecLess> sorter(job.work->File("exact"),
                                                "fp", *budget);
  Status add_status;
  WINNOW_RETURN_IF_ERROR(ForEachMeta(job, [&](uint64_t ord, const DocMeta& m) {
    if (!add_status.ok() || (m.flags & (kDocRejected | kDocEmpty))) return;
    add_status = sorter.Add(ExactRec{m.fp_hi, m.fp_lo,
                                     rank[ord], static_cast<uint32_t>(ord)});
  }));
  WINNOW_RETURN_IF_ERROR(add_status);
  WINNOW_RETURN_IF_ERROR(sorter.Flush());
  sorter.Release();
  std::vector<uint32_t>().swap(rank);
  job.Progress(2, 3);

  auto merged = MergeReader<ExactRec, ExactRecLess>::Open(sorter.runs(),
                                                          1 << 20);
  if (!merged.ok()) return merged.status();
  std::vector<ExactLink> links;
  ExactRec r, first{};
  bool have = false;
  while ((*merged)->Next(&r)) {
    if (have && r.fp_hi == first.fp_hi && r.fp_lo == first.fp_lo) {
      links.push_back(ExactLink{r.ord, first.ord});
    } else {
      first = r;
      have = true;
    }
  }
  WINNOW_RETURN_IF_ERROR((*merged)->status());
  std::sort(links.begin(), links.end(),
            [](const ExactLink& a, const ExactLink& b) {
              return a.member < b.member;
            });
  WINNOW_RETURN_IF_ERROR(WriteTable(job.work->File("exact/links.bin"), links));
  merged->reset();
  for (const std::string& run : sorter.runs()) std::remove(run.c_str());

  job.report.exact_duplicates = links.size();
  ManifestEntry e;
  e.stage = "exact";
  e.Set("duplicates", links.size());
  WINNOW_RETURN_IF_ERROR(job.ShardDone(std::move(e), 3, 3));
  job.EndStage();
  return OkStatus();
}

}  // namespace winnow::dedup
