// winnow dedup: exact and near-duplicate detection; keeps one document per
// cluster (or annotates every document). The work is the library's
// (winnow/dedup.h); this file parses flags, shows progress, prints the
// summary.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "common.h"
#include "dedup_flags.h"
#include "mpi_session.h"
#include "winnow/dedup.h"

namespace winnow::cli {
namespace {

struct DedupCommandFlags {
  DedupFlags dedup;
  std::string clusters;
  bool annotate_only = false;
};

void PrintSummary(const DedupCommandFlags& c, const DedupReport& r,
                  double seconds, const RejectSink* rejects) {
  const DedupFlags& f = c.dedup;
  double rate = seconds > 0 ? r.bytes / seconds : 0;
  std::string s = fmt::format(
      "winnow dedup: {} documents in, {} out; {} read; {:.2f} s ({}/s)\n",
      Grouped(r.docs), Grouped(r.docs_out), HumanBytes(r.bytes), seconds,
      HumanBytes(rate));
  s += fmt::format("  exact duplicates: {}\n", Grouped(r.exact_duplicates));
  s += fmt::format("  candidate pairs: {}\n", Grouped(r.candidate_pairs));
  s += fmt::format("  verified edges: {}\n", Grouped(r.verified_edges));
  s += fmt::format("  clusters: {} (holding {} documents)\n",
                   Grouped(r.clusters), Grouped(r.clustered_docs));
  s += fmt::format("  {}: {}\n",
                   c.annotate_only ? "duplicates (annotated, kept)" : "removed",
                   Grouped(r.removed));
  if (r.rejected > 0 || f.job.verbose > 0) {
    s += fmt::format("  rejected: {}\n", Grouped(r.rejected));
  }
  if (r.empty_docs > 0 || f.job.verbose > 0) {
    s += fmt::format("  documents without words: {}\n", Grouped(r.empty_docs));
  }
  if (r.resumed_shards > 0) {
    s += fmt::format("  resumed: {} finished shards skipped\n",
                     Grouped(r.resumed_shards));
  }
  if (f.job.verbose > 0) {
    for (const auto& [stage, secs] : r.stage_seconds) {
      s += fmt::format("  {} stage: {:.2f} s\n", stage, secs);
    }
    for (const auto& [k, v] : r.counters.items()) {
      if (k.rfind("cpu.", 0) == 0) s += fmt::format("  {}: {}\n", k, v);
    }
  }
  if (!f.job.output.empty() && f.job.output != "-") {
    s += fmt::format("  output: {}\n", f.job.output);
  }
  if (!c.clusters.empty()) s += fmt::format("  clusters: {}\n", c.clusters);
  if (rejects && rejects->used()) {
    s += fmt::format("  rejected records: {}\n", rejects->path());
  }
  std::fputs(s.c_str(), stderr);
}

int RunDedup(DedupCommandFlags& c) {
  DedupFlags& f = c.dedup;
  const auto start = std::chrono::steady_clock::now();
  // Under mpirun or srun: one rank of a distributed run (mpi_session.h).
  // Rank 0 writes the outputs and speaks; the others stay quiet.
  Communicator* comm = MpiSession();
  const bool root = comm == nullptr || comm->rank() == 0;
  if (!root) f.job.quiet = true;
  Status st = Resolve(&f.job);
  if (!st.ok()) return ReportRunError(st);
  auto work = WorkDirFor(f, "dedup-work");
  if (!work.ok()) return ReportRunError(work.status());
  auto options = MakeDedupOptions(f, *work);
  if (!options.ok()) return ReportRunError(options.status());
  options->comm = comm;
  // The outputs first: a path that cannot be written fails before the run.
  auto docs = root ? OutputFile::Create(f.job.output)
                   : Result<std::unique_ptr<OutputFile>>(nullptr);
  if (!docs.ok()) return ReportRunError(docs.status());
  std::unique_ptr<OutputFile> clusters;
  if (!c.clusters.empty() && root) {
    auto out = OutputFile::Create(c.clusters);
    if (!out.ok()) return ReportRunError(out.status());
    clusters = std::move(*out);
  }
  auto job = DedupJob::Create(f.job.files, *options);
  if (!job.ok()) return ReportRunError(job.status());
  if (!f.job.quiet) PrintLsh("dedup", *options, **job);

  DedupDisplay display("dedup", f.job.quiet, f.job.verbose);
  DedupProgressFn progress = display.Callback();
  st = (*job)->Analyze(progress);
  if (!st.ok()) {
    display.Clear();
    return ReportRunError(st);
  }
  RejectSink rejects(RejectsPath(f.job));
  DedupOutputs outputs;
  outputs.docs = docs->get();
  outputs.clusters = clusters.get();
  outputs.rejects =
      options->on_error == OnError::kSkip && root ? &rejects : nullptr;
  outputs.annotate_only = c.annotate_only;
  outputs.docs_compression = CompressionForPath(f.job.output);
  st = (*job)->WriteOutputs(outputs, progress);
  display.Clear();
  if (!st.ok()) {
    if (*docs && (*docs)->broken_pipe()) return kExitOk;
    return ReportRunError(st);
  }
  // CPU time of the ranks (user + system), for -v: the busiest rank's and
  // the sum, which tell how evenly the work was divided.
  uint64_t cpu_ms[2] = {0, 0};
  static constexpr const char* kDistStages[] = {
      "lines", "sketch", "exact", "bands", "pairs",
      "verify", "cluster", "filter", "join"};
  uint64_t stage_cpu_ms[2][std::size(kDistStages)] = {};
  // Wall time per stage: the slowest rank's and the fastest's.
  uint64_t stage_wall_ms[2][std::size(kDistStages)] = {};
  if (comm) {
    struct rusage ru {};
    ::getrusage(RUSAGE_SELF, &ru);
    const uint64_t ms =
        static_cast<uint64_t>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
        static_cast<uint64_t>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    cpu_ms[0] = cpu_ms[1] = ms;
    // The same per stage (a fixed list: a resumed rank may skip a stage
    // the others run).
    for (size_t i = 0; i < std::size(kDistStages); ++i) {
      stage_cpu_ms[0][i] = stage_cpu_ms[1][i] = (*job)->report().counters.Get(
          "dist.cpu_ms." + std::string(kDistStages[i]));
      stage_wall_ms[0][i] = stage_wall_ms[1][i] =
          (*job)->report().counters.Get("dist.wall_ms." +
                                        std::string(kDistStages[i]));
    }
    using Op = Communicator::Op;
    constexpr size_t kStages = std::size(kDistStages);
    const struct {
      uint64_t* values;
      size_t count;
      Op op;
    } reductions[] = {
        {&cpu_ms[0], 1, Op::kMax},
        {&cpu_ms[1], 1, Op::kSum},
        {stage_cpu_ms[0], kStages, Op::kMax},
        {stage_cpu_ms[1], kStages, Op::kSum},
        {stage_wall_ms[0], kStages, Op::kMax},
        {stage_wall_ms[1], kStages, Op::kMin},
    };
    for (const auto& r : reductions) {
      if (st.ok()) st = comm->AllReduce(r.values, r.count, r.op);
    }
    if (!st.ok()) return ReportRunError(st);
  }
  if (root) {
    st = (*docs)->Commit();
    if (st.ok() && clusters) st = clusters->Commit();
    if (st.ok()) st = rejects.Commit();
    if (!st.ok()) return ReportRunError(st);
  }
  if (!f.keep_work) {
    st = (*job)->RemoveWorkDir();
    if (!st.ok()) std::fprintf(stderr, "winnow: %s\n", st.message().c_str());
  }
  if (!f.job.quiet) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    PrintSummary(c, (*job)->report(), seconds, &rejects);
    if (comm) {
      std::fprintf(stderr, "  ranks: %d (MPI)\n", comm->size());
      if (f.job.verbose > 0) {
        std::fprintf(stderr,
                     "  rank CPU time: busiest %.2f s, all ranks %.2f s\n",
                     cpu_ms[0] / 1000.0, cpu_ms[1] / 1000.0);
        for (size_t i = 0; i < std::size(kDistStages); ++i) {
          std::fprintf(stderr,
                       "  rank CPU time, %s stage: busiest %.2f s, all ranks "
                       "%.2f s\n",
                       kDistStages[i], stage_cpu_ms[0][i] / 1000.0,
                       stage_cpu_ms[1][i] / 1000.0);
        }
        for (size_t i = 0; i < std::size(kDistStages); ++i) {
          std::fprintf(stderr,
                       "  rank wall time, %s stage: slowest %.2f s, fastest "
                       "%.2f s\n",
                       kDistStages[i], stage_wall_ms[0][i] / 1000.0,
                       stage_wall_ms[1][i] / 1000.0);
        }
      }
      // Rank 0's share of the shuffles (-v): rounds, bytes, time.
      for (const auto& [name, value] : (*job)->report().counters.items()) {
        if (f.job.verbose > 0 && name.rfind("dist.", 0) == 0 &&
            name.rfind("dist.cpu_ms.", 0) != 0 &&
            name.rfind("dist.wall_ms.", 0) != 0) {
          std::fprintf(stderr, "  rank 0 %s: %s\n", name.c_str(),
                       Grouped(value).c_str());
        }
      }
    }
  }
  return kExitOk;
}

}  // namespace

CLI::App* AddDedupCommand(CLI::App& app, CommandRunner* run) {
  auto c = std::make_shared<DedupCommandFlags>();
  CLI::App* cmd = app.add_subcommand(
      "dedup",
      "Find exact and near-duplicate documents (MinHash-LSH, verified) and "
      "keep one per cluster: the longest by default");
  AddJobFlags(cmd, &c->dedup.job);
  AddDedupFlags(cmd, &c->dedup);
  cmd->add_option("--clusters", c->clusters,
                  "Also write the clusters (two or more documents) as JSONL: "
                  "cluster id, representative, members with their similarity");
  cmd->add_flag("--annotate-only", c->annotate_only,
                "Keep every document; add cluster, cluster_size, and for "
                "duplicates duplicate_of and similarity");
  *run = [c] { return EndMpiSession(RunDedup(*c)); };
  return cmd;
}

}  // namespace winnow::cli
