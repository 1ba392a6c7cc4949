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
#include "mpi_session.h"
#include "winnow/dedup.h"

namespace winnow::cli {
namespace {

struct DedupFlags {
  JobFlags job;
  double threshold = 0.8;
  std::string measure = "jaccard";
  int ngram = 5;
  int num_perm = 128;
  int bands = 0;
  int rows = 0;
  uint64_t seed = 0;
  std::string verify = "signature";
  std::string cluster = "representative";
  std::string keep = "longest";
  std::string clusters;
  bool annotate_only = false;
  std::string memory = "2G";
  std::string tmp_dir;
  bool resume = false;
  bool keep_work = false;
  uint32_t min_shingles = 30;
  double max_size_ratio = 2.0;
  uint32_t shard_docs = 1u << 18;
  std::string sketch = "oph";
};

// Where the job's shard files go: beside the output by default, so that
// --resume finds them again without further flags.
Result<std::string> WorkDirFor(const DedupFlags& f) {
  namespace fs = std::filesystem;
  // Stdout, a device (/dev/null) or a pipe: no directory to put work beside.
  std::error_code ec;
  const bool to_stdout =
      f.job.output.empty() || f.job.output == "-" ||
      (fs::exists(f.job.output, ec) && !fs::is_regular_file(f.job.output, ec));
  if (to_stdout) {
    if (f.resume && f.tmp_dir.empty()) {
      return InvalidArgument(
          "--resume with output to stdout (or a device) needs --tmp-dir "
          "(where the interrupted run kept its work)");
    }
    std::string base = f.tmp_dir;
    if (base.empty()) {
      const char* t = std::getenv("TMPDIR");
      base = t && *t ? t : "/tmp";
      return base + "/winnow-dedup-" + std::to_string(::getpid());
    }
    return base + "/stdout.dedup-work";
  }
  fs::path out(f.job.output);
  std::string name = out.filename().string() + ".dedup-work";
  if (!f.tmp_dir.empty()) return (fs::path(f.tmp_dir) / name).string();
  fs::path dir = out.parent_path();
  return (dir.empty() ? fs::path(name) : dir / name).string();
}

Result<DedupOptions> MakeOptions(const DedupFlags& f) {
  DedupOptions o;
  o.shingle.ngram = f.ngram;
  o.shingle.seed = f.seed;
  o.num_perm = f.num_perm;
  auto scheme = ParseSketchScheme(f.sketch);
  if (!scheme.ok()) return scheme.status();
  o.scheme = *scheme;
  auto measure = ParseMeasure(f.measure);
  if (!measure.ok()) return measure.status();
  o.measure = *measure;
  o.threshold = f.threshold;
  o.min_shingles = f.min_shingles;
  o.max_size_ratio = f.max_size_ratio;
  o.bands = f.bands;
  o.rows = f.rows;
  auto verify = ParseVerifyMode(f.verify);
  if (!verify.ok()) return verify.status();
  o.verify = *verify;
  auto cluster = ParseClusterMode(f.cluster);
  if (!cluster.ok()) return cluster.status();
  o.cluster = *cluster;
  auto keep = ParseKeepRule(f.keep);
  if (!keep.ok()) return keep.status();
  o.keep = *keep;
  o.reader = f.job.reader;
  o.on_error = f.job.stream.on_error;
  auto memory = ParseSize(f.memory);
  if (!memory.ok()) return memory.status().WithPrefix("--memory");
  o.memory_bytes = *memory;
  o.threads = f.job.threads;
  o.resume = f.resume;
  o.shard_docs = f.shard_docs;
  auto work = WorkDirFor(f);
  if (!work.ok()) return work.status();
  o.work_dir = *work;
  return o;
}

// The per-stage progress line, and the test hook that kills the process
// after a number of finished shards (WINNOW_DEDUP_TEST_KILL=STAGE:N), so
// that tests can interrupt a run at a known point and resume it.
class DedupDisplay {
 public:
  DedupDisplay(bool quiet, int verbose)
      : enabled_(!quiet && isatty(2)), verbose_(quiet ? 0 : verbose) {
    if (const char* k = std::getenv("WINNOW_DEDUP_TEST_KILL")) {
      std::string s = k;
      size_t colon = s.find(':');
      if (colon != std::string::npos) {
        kill_stage_ = s.substr(0, colon);
        kill_after_ = std::strtoull(s.c_str() + colon + 1, nullptr, 10);
      }
    }
  }
  ~DedupDisplay() { Clear(); }

  void Update(const DedupProgress& p) {
    if (p.shard_finished && !kill_stage_.empty() && p.stage == kill_stage_ &&
        ++kill_count_ >= kill_after_) {
      std::raise(SIGKILL);
    }
    if (p.stage_finished) {
      if (verbose_ > 0) {
        Clear();
        std::fprintf(stderr, "winnow dedup: %.*s stage done in %.2f s\n",
                     static_cast<int>(p.stage.size()), p.stage.data(),
                     p.seconds);
      }
      return;
    }
    if (!enabled_) return;
    if (!p.shard_finished && p.stage == last_stage_ && last_ >= 0 &&
        p.seconds - last_ < 0.25) {
      return;
    }
    last_ = p.seconds;
    last_stage_ = std::string(p.stage);
    std::string line = fmt::format("winnow dedup: {}", p.stage);
    if (p.bytes > 0) {
      double rate = p.seconds > 0 ? p.bytes / p.seconds : 0;
      line += fmt::format(" {} docs, {}, {}/s", Grouped(p.done),
                          HumanBytes(p.bytes), HumanBytes(rate));
      if (p.raw_total > 0 && p.raw_bytes > 0 && p.seconds > 0) {
        double frac = std::min(1.0, static_cast<double>(p.raw_bytes) /
                                        static_cast<double>(p.raw_total));
        double eta = p.seconds * (1 - frac) / frac;
        line += fmt::format(", {:.0f}%, ETA {}:{:02d}", frac * 100,
                            static_cast<int>(eta) / 60,
                            static_cast<int>(eta) % 60);
      }
    } else if (p.total > 0) {
      line += fmt::format(" {}/{}", p.done, p.total);
    }
    line += fmt::format(" ({:.0f} s)", p.seconds);
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    shown_ = true;
  }

  void Clear() {
    if (shown_) {
      std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
      shown_ = false;
    }
  }

  DedupProgressFn Callback() {
    return [this](const DedupProgress& p) { Update(p); };
  }

 private:
  bool enabled_;
  int verbose_;
  bool shown_ = false;
  double last_ = -1;
  std::string last_stage_;
  std::string kill_stage_;
  uint64_t kill_after_ = 0;
  uint64_t kill_count_ = 0;
};

void PrintLsh(const DedupOptions& o, const DedupJob& job) {
  const LshParams& l = job.lsh();
  std::string what;
  if (o.measure == Measure::kContainment) {
    what = fmt::format(
        "containment >= {} (smaller side >= {} shingles, size ratio up to "
        "{}): LSH for Jaccard >= {:.3f}",
        o.threshold, o.min_shingles, o.max_size_ratio, job.lsh_threshold());
  } else {
    what = fmt::format("jaccard >= {}", o.threshold);
  }
  std::fprintf(stderr,
               "winnow dedup: %s with %d permutations: %d bands x %d rows "
               "(%s; false-positive area %.4f, false-negative area %.4f)\n",
               what.c_str(), o.num_perm, l.bands, l.rows,
               o.bands > 0 ? "given" : "chosen", l.fp_area, l.fn_area);
}

void PrintSummary(const DedupFlags& f, const DedupReport& r, double seconds,
                  const RejectSink* rejects) {
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
                   f.annotate_only ? "duplicates (annotated, kept)" : "removed",
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
  }
  if (!f.job.output.empty() && f.job.output != "-") {
    s += fmt::format("  output: {}\n", f.job.output);
  }
  if (!f.clusters.empty()) s += fmt::format("  clusters: {}\n", f.clusters);
  if (rejects && rejects->used()) {
    s += fmt::format("  rejected records: {}\n", rejects->path());
  }
  std::fputs(s.c_str(), stderr);
}

int RunDedup(DedupFlags& f) {
  const auto start = std::chrono::steady_clock::now();
  // Under mpirun or srun: one rank of a distributed run (mpi_session.h).
  // Rank 0 writes the outputs and speaks; the others stay quiet.
  Communicator* comm = MpiSession();
  const bool root = comm == nullptr || comm->rank() == 0;
  if (!root) f.job.quiet = true;
  Status st = Resolve(&f.job);
  if (!st.ok()) return ReportRunError(st);
  auto options = MakeOptions(f);
  if (!options.ok()) return ReportRunError(options.status());
  options->comm = comm;
  // The outputs first: a path that cannot be written fails before the run.
  auto docs = root ? OutputFile::Create(f.job.output)
                   : Result<std::unique_ptr<OutputFile>>(nullptr);
  if (!docs.ok()) return ReportRunError(docs.status());
  std::unique_ptr<OutputFile> clusters;
  if (!f.clusters.empty() && root) {
    auto c = OutputFile::Create(f.clusters);
    if (!c.ok()) return ReportRunError(c.status());
    clusters = std::move(*c);
  }
  auto job = DedupJob::Create(f.job.files, *options);
  if (!job.ok()) return ReportRunError(job.status());
  if (!f.job.quiet) PrintLsh(*options, **job);

  DedupDisplay display(f.job.quiet, f.job.verbose);
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
  outputs.annotate_only = f.annotate_only;
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
  if (comm) {
    struct rusage ru {};
    ::getrusage(RUSAGE_SELF, &ru);
    const uint64_t ms =
        static_cast<uint64_t>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
        static_cast<uint64_t>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    cpu_ms[0] = cpu_ms[1] = ms;
    st = comm->AllReduce(&cpu_ms[0], 1, Communicator::Op::kMax);
    if (st.ok()) st = comm->AllReduce(&cpu_ms[1], 1, Communicator::Op::kSum);
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
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    PrintSummary(f, (*job)->report(), seconds, &rejects);
    if (comm) {
      std::fprintf(stderr, "  ranks: %d (MPI)\n", comm->size());
      if (f.job.verbose > 0) {
        std::fprintf(stderr,
                     "  rank CPU time: busiest %.2f s, all ranks %.2f s\n",
                     cpu_ms[0] / 1000.0, cpu_ms[1] / 1000.0);
      }
      // Rank 0's share of the shuffles (-v): rounds, bytes, time.
      for (const auto& [name, value] : (*job)->report().counters.items()) {
        if (f.job.verbose > 0 && name.rfind("dist.", 0) == 0) {
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
  auto f = std::make_shared<DedupFlags>();
  CLI::App* cmd = app.add_subcommand(
      "dedup",
      "Find exact and near-duplicate documents (MinHash-LSH, verified) and "
      "keep one per cluster: the longest by default");
  AddJobFlags(cmd, &f->job);
  cmd->add_option("--threshold", f->threshold,
                  "Similarity at or above which two documents are duplicates")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--measure", f->measure,
                  "jaccard: |A∩B|/|A∪B| of the shingle sets; containment: "
                  "|A∩B|/min(|A|,|B|), for a story plus extra material")
      ->check(CLI::IsMember({"jaccard", "containment"}))
      ->capture_default_str();
  cmd->add_option("--ngram", f->ngram, "Words per shingle")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--num-perm", f->num_perm,
                  "MinHash signature length (values per document)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--bands", f->bands,
                  "LSH bands (with --rows; default: chosen for --threshold)");
  cmd->add_option("--rows", f->rows, "LSH rows per band (with --bands)");
  cmd->add_option("--seed", f->seed,
                  "Seed of every hash: same input and seed, same output")
      ->capture_default_str();
  cmd->add_option("--verify", f->verify,
                  "How candidate pairs are judged: signature (the MinHash "
                  "estimate) or exact (the shingle sets, kept on disk)")
      ->check(CLI::IsMember({"signature", "exact"}))
      ->capture_default_str();
  cmd->add_option("--cluster", f->cluster,
                  "representative: a document joins a cluster only if it is "
                  "similar to the cluster's kept document (no chaining); "
                  "connected: transitive closure of all similar pairs")
      ->check(CLI::IsMember({"representative", "connected"}))
      ->capture_default_str();
  cmd->add_option("--keep", f->keep,
                  "Which document of a cluster is kept: longest (most "
                  "normalized text, ties to the earliest), first or last in "
                  "the input")
      ->check(CLI::IsMember({"longest", "first", "last"}))
      ->capture_default_str();
  cmd->add_option("--clusters", f->clusters,
                  "Also write the clusters (two or more documents) as JSONL: "
                  "cluster id, representative, members with their similarity");
  cmd->add_flag("--annotate-only", f->annotate_only,
                "Keep every document; add cluster, cluster_size, and for "
                "duplicates duplicate_of and similarity");
  cmd->add_option("--min-shingles", f->min_shingles,
                  "Containment: a pair whose smaller document has fewer "
                  "distinct shingles is judged by Jaccard")
      ->capture_default_str();
  cmd->add_option("--max-size-ratio", f->max_size_ratio,
                  "Containment: find pairs whose sizes differ up to this "
                  "ratio (lowers the LSH threshold)")
      ->check(CLI::Range(1.0, 1000.0))
      ->capture_default_str();
  cmd->add_option("--memory", f->memory,
                  "Memory budget (resident set); stages spill sorted runs to "
                  "--tmp-dir beyond it. Suffixes K, M, G")
      ->capture_default_str();
  cmd->add_option("--tmp-dir", f->tmp_dir,
                  "Where the work directory goes (default: beside the "
                  "output, OUTPUT.dedup-work)");
  cmd->add_flag("--resume", f->resume,
                "Continue an interrupted run from its work directory, "
                "skipping finished shards");
  cmd->add_flag("--keep-work", f->keep_work,
                "Keep the work directory after a successful run");
  cmd->add_option("--shard-docs", f->shard_docs,
                  "Documents per sketch and filter shard (the unit of "
                  "--resume)")
      ->check(CLI::Range(1u, 1u << 30))
      ->capture_default_str();
  cmd->add_option("--sketch", f->sketch,
                  "Signature scheme: oph (one permutation hashing with "
                  "optimal densification) or cminhash")
      ->check(CLI::IsMember({"oph", "cminhash"}))
      ->capture_default_str();
  *run = [f] { return EndMpiSession(RunDedup(*f)); };
  return cmd;
}

}  // namespace winnow::cli
