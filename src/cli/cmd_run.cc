// winnow run: the main job — clean, remove boilerplate, find the captures
// of each story, merge them into one canonical text. The work is the
// library's (winnow/run.h); this file parses flags, shows progress and
// prints the report.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "commands.h"
#include "common.h"
#include "dedup_flags.h"
#include "mpi_session.h"
#include "repeat_flags.h"
#include "winnow/run.h"

namespace winnow::cli {
namespace {

struct RunFlags {
  DedupFlags dedup;
  bool explain = false;
  bool keep_empty = false;
  RepeatFlags repeats;
  std::string html_field;
  std::vector<std::string> dictionaries;
  bool no_dictionary = false;
};

void PrintReport(const RunFlags& f, const RunReport& r, double seconds,
                 const RejectSink* rejects) {
  const JobFlags& job = f.dedup.job;
  double rate = seconds > 0 ? r.bytes / seconds : 0;
  std::string s = fmt::format(
      "winnow run: {} documents in ({}), {} stories out; {:.2f} s ({}/s)\n",
      Grouped(r.docs), HumanBytes(r.bytes), Grouped(r.stories), seconds,
      HumanBytes(rate));
  s += fmt::format(
      "  stories told by more than one capture: {} (merging {} captures)\n",
      Grouped(r.merged_stories), Grouped(r.merged_captures));
  s += fmt::format("  exact duplicates among them: {}\n",
                   Grouped(r.dedup.exact_duplicates));
  s += fmt::format("  paragraphs removed: {} of {}\n", Grouped(r.removed),
                   Grouped(r.paragraphs));
  std::vector<std::pair<std::string, uint64_t>> classes;
  for (const auto& [k, v] : r.counters.items()) {
    if (k.rfind("run.removed.", 0) == 0) classes.emplace_back(k.substr(12), v);
  }
  std::sort(classes.begin(), classes.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (const auto& [k, v] : classes) {
    s += fmt::format("    {:<12} {}\n", k, Grouped(v));
  }
  if (r.empty_stories > 0) {
    s += fmt::format("  stories with no text left: {} ({})\n",
                     Grouped(r.empty_stories),
                     f.keep_empty ? "written" : "not written; --keep-empty");
  }
  if (r.rejected > 0 || job.verbose > 0) {
    s += fmt::format("  rejected: {}\n", Grouped(r.rejected));
  }
  if (r.resumed_prepare) {
    s += "  resumed: the prepare pass found done\n";
  }
  if (r.dedup.resumed_shards > 0) {
    s += fmt::format("  resumed: {} finished dedup shards skipped\n",
                     Grouped(r.dedup.resumed_shards));
  }
  if (job.verbose > 0) {
    for (const auto& [stage, secs] : r.stage_seconds) {
      s += fmt::format("  {} stage: {:.2f} s\n", stage, secs);
    }
    for (const auto& [stage, secs] : r.dedup.stage_seconds) {
      s += fmt::format("  dedup {} stage: {:.2f} s\n", stage, secs);
    }
    for (const auto& [k, v] : r.counters.items()) {
      s += fmt::format("  {}: {}\n", k, v);
    }
    for (const auto& [k, v] : r.dedup.counters.items()) {
      s += fmt::format("  dedup {}: {}\n", k, v);
    }
  }
  if (!job.output.empty() && job.output != "-") {
    s += fmt::format("  output: {}\n", job.output);
  }
  if (rejects && rejects->used()) {
    s += fmt::format("  rejected records: {}\n", rejects->path());
  }
  std::fputs(s.c_str(), stderr);
}

int Run(RunFlags& f) {
  const auto start = std::chrono::steady_clock::now();
  JobFlags& job = f.dedup.job;
  // Under mpirun or srun: one rank of a distributed run (mpi_session.h).
  // Rank 0 writes the outputs and speaks; the others stay quiet.
  Communicator* comm = MpiSession();
  const bool root = comm == nullptr || comm->rank() == 0;
  if (!root) job.quiet = true;
  Status st = Resolve(&job);
  if (!st.ok()) return ReportRunError(st);
  if (!f.html_field.empty()) job.reader.html_field = f.html_field;
  auto work = WorkDirFor(f.dedup, "run-work");
  if (!work.ok()) return ReportRunError(work.status());
  auto dedup = MakeDedupOptions(f.dedup, *work + "/dedup");
  if (!dedup.ok()) return ReportRunError(dedup.status());
  dedup->comm = comm;

  RunOptions o;
  o.reader = job.reader;
  o.stream = job.stream;
  o.dedup = *dedup;
  o.work_dir = *work;
  o.resume = f.dedup.resume;
  o.explain = f.explain;
  o.keep_empty = f.keep_empty;
  RepeatOptions& rep = o.boilerplate.repeats;
  rep.memory_bytes = o.dedup.memory_bytes;
  ApplyRepeatFlags(f.repeats, &rep);
  Status dict = ResolveDictionary(f.dictionaries, f.no_dictionary, job.quiet,
                                  &o.boilerplate.clean.reflow_options);
  if (!dict.ok()) return ReportRunError(dict);

  // The output first: a path that cannot be written fails before the run.
  auto out = root ? OutputFile::Create(job.output)
                  : Result<std::unique_ptr<OutputFile>>(nullptr);
  if (!out.ok()) return ReportRunError(out.status());
  auto run = RunJob::Create(job.files, o);
  if (!run.ok()) return ReportRunError(run.status());

  DedupDisplay display("run", job.quiet, job.verbose);
  RejectSink rejects(RejectsPath(job));
  RunOutputs outputs;
  outputs.docs = out->get();
  outputs.rejects = root ? &rejects : nullptr;
  outputs.docs_compression = CompressionForPath(job.output);
  st = (*run)->Run(outputs, display.Callback());
  display.Clear();
  if (!st.ok()) {
    if (*out && (*out)->broken_pipe()) return kExitOk;
    return ReportRunError(st);
  }
  if (root) {
    st = (*out)->Commit();
    if (st.ok()) st = rejects.Commit();
    if (!st.ok()) return ReportRunError(st);
  }
  if (!f.dedup.keep_work) {
    st = (*run)->RemoveWorkDir();
    if (!st.ok()) std::fprintf(stderr, "winnow: %s\n", st.message().c_str());
  }
  if (!job.quiet) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    PrintReport(f, (*run)->report(), seconds, &rejects);
  }
  return kExitOk;
}

}  // namespace

CLI::App* AddRunCommand(CLI::App& app, CommandRunner* run) {
  auto f = std::make_shared<RunFlags>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "The main job: one clean canonical text per story. Extracts web "
      "pages, cleans, removes boilerplate, finds the captures of each story "
      "(near-duplicates) and merges them; each record carries its cluster "
      "and the ids of the captures merged. Reads the input once");
  AddJobFlags(cmd, &f->dedup.job);
  cmd->add_flag("--explain", f->explain,
                "Add to each story a \"removed\" list: each paragraph left "
                "out, the capture it came from, its class, the rule, the "
                "score and its byte range in that capture's text");
  cmd->add_flag("--keep-empty", f->keep_empty,
                "Also write stories with no text left (every paragraph was "
                "boilerplate)");
  AddRepeatFlags(cmd, &f->repeats);
  cmd->add_option("--html-field", f->html_field,
                  "JSONL input: the field holding each record's HTML");
  AddDictionaryFlags(cmd, &f->dictionaries, &f->no_dictionary);
  AddDedupFlags(cmd, &f->dedup);
  *run = [f] { return EndMpiSession(Run(*f)); };
  return cmd;
}

}  // namespace winnow::cli
