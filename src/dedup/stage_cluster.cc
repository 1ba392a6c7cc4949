// The cluster stage: verified edges to clusters (cluster.h), exact
// duplicates joined to their exemplar's cluster, the assignment of every
// document written in input order, and the ids of the representatives.
#include <algorithm>

#include "blob_file.h"
#include "job.h"
#include "sig_store.h"
#include "winnow/cluster.h"
#include "winnow/external_sort.h"

namespace winnow::dedup {

std::string EdgeFileName(const JobContext& job, uint32_t q);

namespace {

// Calls fn(edge) for every verified edge.
Status ForEachEdge(const JobContext& job,
                   const std::function<Status(const EdgeRec&)>& fn) {
  for (int q = 0; q < job.options.partitions; ++q) {
    auto r = RecordReader::Open(EdgeFileName(job, q), sizeof(EdgeRec));
    if (!r.ok()) return r.status();
    const void* p = nullptr;
    size_t n;
    while ((n = (*r)->NextBlock(&p, 4096)) > 0) {
      const EdgeRec* e = static_cast<const EdgeRec*>(p);
      for (size_t i = 0; i < n; ++i) WINNOW_RETURN_IF_ERROR(fn(e[i]));
    }
    WINNOW_RETURN_IF_ERROR((*r)->status());
  }
  return OkStatus();
}

Status ClusterRepresentative(JobContext& job, const std::vector<uint32_t>& rank,
                             uint64_t budget,
                             std::vector<ClusterAssignment>* out) {
  ExternalSorter<RankEdgeRec, RankEdgeLess> sorter(job.work->File("cluster"),
                                                   "edges", budget);
  WINNOW_RETURN_IF_ERROR(ForEachEdge(job, [&](const EdgeRec& e) {
    const bool a_keeps = rank[e.a] < rank[e.b];
    const uint32_t keeper = a_keeps ? e.a : e.b;
    const uint32_t other = a_keeps ? e.b : e.a;
    return sorter.Add(RankEdgeRec{rank[keeper], keeper, other, e.sim});
  }));
  WINNOW_RETURN_IF_ERROR(sorter.Flush());
  sorter.Release();
  job.Progress(1, 3);
  auto merged =
      MergeReader<RankEdgeRec, RankEdgeLess>::Open(sorter.runs(), 1 << 20);
  if (!merged.ok()) return merged.status();
  RepresentativeClusterer clusterer(static_cast<uint32_t>(job.docs));
  RankEdgeRec r;
  while ((*merged)->Next(&r)) clusterer.AddEdge(r.keeper, r.other, r.sim);
  WINNOW_RETURN_IF_ERROR((*merged)->status());
  merged->reset();
  for (const std::string& run : sorter.runs()) std::remove(run.c_str());
  *out = clusterer.Finish();
  return OkStatus();
}

Status ClusterConnected(JobContext& job, const std::vector<uint32_t>& rank,
                        uint64_t budget, std::vector<ClusterAssignment>* out) {
  ConnectedClusterer clusterer(static_cast<uint32_t>(job.docs));
  WINNOW_RETURN_IF_ERROR(ForEachEdge(job, [&](const EdgeRec& e) {
    clusterer.AddEdge(e.a, e.b);
    return OkStatus();
  }));
  job.Progress(1, 3);
  *out = clusterer.Finish(rank);
  // Members need not share an edge with their representative: measure each.
  auto store = SigStore::Open(job, budget);
  if (!store.ok()) return store.status();
  SigStore::Scratch scratch;
  for (uint32_t d = 0; d < job.docs; ++d) {
    ClusterAssignment& a = (*out)[d];
    if (a.representative == d) continue;
    auto sim = (*store)->Similarity(a.representative, d, &scratch);
    if (!sim.ok()) return sim.status();
    a.similarity = static_cast<float>(*sim);
  }
  return OkStatus();
}

}  // namespace

Status RunCluster(JobContext& job) {
  ManifestEntry done;
  if (job.work->Find("cluster", -1, &done)) {
    job.report.clusters = done.Get("clusters");
    job.report.clustered_docs = done.Get("clustered");
    job.report.removed = job.report.clustered_docs - job.report.clusters;
    return OkStatus();
  }
  job.BeginStage("cluster");
  // rank (4), clusterer (8) and assignments (12 bytes per document).
  auto budget = job.StageBudget("cluster", job.docs * 24);
  if (!budget.ok()) return budget.status();
  std::vector<uint32_t> rank;
  WINNOW_RETURN_IF_ERROR(ReadTable(job.work->File("exact/rank.bin"), &rank));

  std::vector<ClusterAssignment> assign;
  if (job.options.cluster == ClusterMode::kConnected) {
    WINNOW_RETURN_IF_ERROR(ClusterConnected(job, rank, *budget, &assign));
  } else {
    WINNOW_RETURN_IF_ERROR(ClusterRepresentative(job, rank, *budget, &assign));
  }
  std::vector<uint32_t>().swap(rank);
  job.Progress(2, 3);

  // Exact duplicates join their exemplar's cluster, as similar to its
  // representative as the exemplar is.
  std::vector<uint32_t> flags(job.docs, 0);
  {
    std::vector<ExactLink> links;
    WINNOW_RETURN_IF_ERROR(
        ReadTable(job.work->File("exact/links.bin"), &links));
    for (const ExactLink& l : links) {
      const ClusterAssignment& x = assign[l.exemplar];
      assign[l.member].representative = x.representative;
      assign[l.member].similarity =
          x.representative == l.exemplar ? 1.0f : x.similarity;
      flags[l.member] |= kDocExact;
    }
  }
  WINNOW_RETURN_IF_ERROR(ForEachMeta(job, [&](uint64_t ord, const DocMeta& m) {
    flags[ord] |= m.flags & (kDocRejected | kDocEmpty);
  }));
  std::vector<uint32_t> size(job.docs, 0);
  for (const ClusterAssignment& a : assign) ++size[a.representative];

  auto w = RecordWriter::Create(job.work->File("cluster/assign.bin"),
                                sizeof(AssignRec), 4 << 20);
  if (!w.ok()) return w.status();
  std::vector<uint32_t> reps;  // representatives of clusters of two or more
  uint64_t clusters = 0, clustered = 0;
  for (uint32_t d = 0; d < job.docs; ++d) {
    const ClusterAssignment& a = assign[d];
    AssignRec r{a.representative, a.similarity, size[a.representative],
                flags[d]};
    WINNOW_RETURN_IF_ERROR((*w)->Append(&r, 1));
    if (r.size > 1) {
      ++clustered;
      if (a.representative == d) {
        ++clusters;
        reps.push_back(d);
      }
    }
  }
  WINNOW_RETURN_IF_ERROR((*w)->Commit());
  std::vector<ClusterAssignment>().swap(assign);

  // The representatives' ids, for the duplicate_of field.
  auto ids_out = BlobWriter::Create(job.work->File("cluster/rep-ids"));
  if (!ids_out.ok()) return ids_out.status();
  std::string id;
  size_t next = 0;
  for (uint32_t s = 0; s < job.sketch_shards && next < reps.size(); ++s) {
    const uint64_t first = static_cast<uint64_t>(s) * job.options.shard_docs;
    if (reps[next] >= first + job.options.shard_docs) continue;
    auto ids = BlobReader::Open(job.SketchFile("ids", s));
    if (!ids.ok()) return ids.status();
    while (next < reps.size() && reps[next] < first + (*ids)->size()) {
      WINNOW_RETURN_IF_ERROR((*ids)->Get(reps[next] - first, &id));
      WINNOW_RETURN_IF_ERROR((*ids_out)->Append(id));
      ++next;
    }
  }
  WINNOW_RETURN_IF_ERROR((*ids_out)->Commit());
  WINNOW_RETURN_IF_ERROR(WriteTable(job.work->File("cluster/rep-ords.bin"), reps));

  job.report.clusters = clusters;
  job.report.clustered_docs = clustered;
  job.report.removed = clustered - clusters;
  ManifestEntry e;
  e.stage = "cluster";
  e.Set("clusters", clusters).Set("clustered", clustered);
  WINNOW_RETURN_IF_ERROR(job.ShardDone(std::move(e), 3, 3));
  job.EndStage();
  return OkStatus();
}

}  // namespace winnow::dedup
