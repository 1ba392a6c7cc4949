// The flags, options and progress display shared by winnow dedup and
// winnow run.
#include "dedup_flags.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <utility>

namespace winnow::cli {

void AddDedupFlags(CLI::App* cmd, DedupFlags* f) {
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
  cmd->add_option(
      "--tmp-dir", f->tmp_dir,
      "Where the work directory goes (default: beside the "
      "output: OUTPUT.dedup-work, or OUTPUT.run-work for winnow run)");
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
}

Result<std::string> WorkDirFor(const DedupFlags& f, std::string_view suffix) {
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
      return base + "/winnow-" + std::string(suffix) + "-" +
             std::to_string(::getpid());
    }
    return base + "/stdout." + std::string(suffix);
  }
  fs::path out(f.job.output);
  std::string name = out.filename().string() + "." + std::string(suffix);
  if (!f.tmp_dir.empty()) return (fs::path(f.tmp_dir) / name).string();
  fs::path dir = out.parent_path();
  return (dir.empty() ? fs::path(name) : dir / name).string();
}

Result<DedupOptions> MakeDedupOptions(const DedupFlags& f,
                                      std::string work_dir) {
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
  o.work_dir = std::move(work_dir);
  return o;
}

DedupDisplay::DedupDisplay(std::string command, bool quiet, int verbose)
    : command_(std::move(command)),
      enabled_(!quiet && isatty(2)),
      verbose_(quiet ? 0 : verbose) {
  if (const char* k = std::getenv("WINNOW_DEDUP_TEST_KILL")) {
    std::string s = k;
    size_t colon = s.find(':');
    if (colon != std::string::npos) {
      kill_stage_ = s.substr(0, colon);
      kill_after_ = std::strtoull(s.c_str() + colon + 1, nullptr, 10);
    }
  }
}

void DedupDisplay::Update(const DedupProgress& p) {
  if (p.shard_finished && !kill_stage_.empty() && p.stage == kill_stage_ &&
      ++kill_count_ >= kill_after_) {
    std::raise(SIGKILL);
  }
  if (p.stage_finished) {
    if (verbose_ > 0) {
      Clear();
      std::fprintf(stderr, "winnow %s: %.*s stage done in %.2f s\n",
                   command_.c_str(), static_cast<int>(p.stage.size()),
                   p.stage.data(), p.seconds);
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
  std::string line = fmt::format("winnow {}: {}", command_, p.stage);
  if (p.bytes > 0) {
    double rate = p.seconds > 0 ? p.bytes / p.seconds : 0;
    line += fmt::format(" {} docs, {}, {}/s", Grouped(p.done),
                        HumanBytes(p.bytes), HumanBytes(rate));
    if (p.raw_total > 0 && p.raw_bytes > 0 && p.seconds > 0) {
      double frac = std::min(1.0, static_cast<double>(p.raw_bytes) /
                                      static_cast<double>(p.raw_total));
      double eta = p.seconds * (1 - frac) / frac;
      line +=
          fmt::format(", {:.0f}%, ETA {}:{:02d}", frac * 100,
                      static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    }
  } else if (p.total > 0) {
    line += fmt::format(" {}/{}", p.done, p.total);
  }
  line += fmt::format(" ({:.0f} s)", p.seconds);
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void DedupDisplay::Clear() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
}

void PrintLsh(std::string_view command, const DedupOptions& o,
              const DedupJob& job) {
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
               "winnow %.*s: %s with %d permutations: %d bands x %d rows "
               "(%s; false-positive area %.4f, false-negative area %.4f)\n",
               static_cast<int>(command.size()), command.data(), what.c_str(),
               o.num_perm, l.bands, l.rows, o.bands > 0 ? "given" : "chosen",
               l.fp_area, l.fn_area);
}

}  // namespace winnow::cli
