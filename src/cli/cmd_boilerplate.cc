// winnow boilerplate: removes page furniture from each document — captions,
// appeals, sign-ups, share prompts, cookie notices, interface strings, legal
// lines, menus, and paragraphs repeated across a source's documents — in
// two streaming passes (count repeats, then remove).
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "common.h"
#include "repeat_flags.h"
#include "winnow/boilerplate.h"

namespace winnow::cli {
namespace {

struct Flags {
  JobFlags job;
  bool explain = false;
  bool no_clean = false;
  RepeatFlags repeats;
  std::string memory = "512M";
  std::string tmp_dir;
};

int Run(Flags& f) {
  JobFlags& job = f.job;
  Status st = Resolve(&job);
  if (!st.ok()) return ReportError(st);
  BoilerplateOptions options;
  options.clean_input = !f.no_clean;
  options.explain = f.explain;
  auto memory = ParseSize(f.memory);
  if (!memory.ok()) return ReportError(memory.status().WithPrefix("--memory"));
  if (*memory < (uint64_t{1} << 20)) {
    return ReportError(InvalidArgument("--memory must be at least 1M"));
  }
  options.repeats.memory_bytes = *memory;
  options.repeats.tmp_dir = f.tmp_dir;
  ApplyRepeatFlags(f.repeats, &options.repeats);
  const bool repeats = options.repeats.min_repeats > 0 ||
                       options.repeats.corpus_min_repeats > 0;
  st = CheckInputsReadTwice(options.repeats, job);
  if (!st.ok()) return ReportError(st);

  auto out = OutputFile::Create(job.output);
  if (!out.ok()) return ReportError(out.status());
  RejectSink rejects(RejectsPath(job));
  StreamReport report;
  std::unique_ptr<RepeatCounter> counter;
  RepeatIndex index;

  if (repeats) {
    auto c = RepeatCounter::Create(options.repeats,
                                   ResolveThreads(job.stream.threads));
    if (!c.ok()) return ReportError(c.status());
    counter = std::move(*c);
    // Pass 1 sees the same records as pass 2; its rejects are discarded
    // and pass 2 writes them.
    RejectSink scratch(counter->run_dir() + "/rejects.jsonl");
    ProgressLine progress("winnow boilerplate: counting repeats", !job.quiet);
    StreamReport r1;
    RepeatCounter* cp = counter.get();
    st = RunStream(job.files, job.reader, job.stream,
                   [cp, &options] { return NewRepeatCountStep(cp, options); },
                   nullptr, &scratch, progress.Callback(), &r1);
    progress.Finish();
    if (!st.ok()) return ReportError(st);
    auto idx = counter->Finish();
    if (!idx.ok()) return ReportError(idx.status());
    index = std::move(*idx);
  }

  ProgressLine progress("winnow boilerplate: removing", !job.quiet);
  const RepeatIndex* ip = repeats ? &index : nullptr;
  st = RunStream(job.files, job.reader, job.stream,
                 [&options, ip] { return NewBoilerplateStep(options, ip); },
                 out->get(), &rejects, progress.Callback(), &report);
  progress.Finish();
  if (!st.ok()) {
    if ((*out)->broken_pipe()) return kExitOk;
    return ReportError(st);
  }
  st = (*out)->Commit();
  if (st.ok()) st = rejects.Commit();
  if (!st.ok()) return ReportError(st);

  if (repeats) {
    const RepeatIndex::Stats& s = index.stats();
    report.counters.Add("repeats.distinct_pairs", s.distinct_pairs);
    report.counters.Add("repeats.repeated_pairs", s.repeated_pairs);
    report.counters.Add("repeats.corpus_repeats", s.corpus_repeats);
    report.counters.Add("repeats.runs_spilled", s.runs_spilled);
    report.counters.Add("repeats.bytes_spilled", s.bytes_spilled);
  }
  PrintStreamSummary("boilerplate", job, report, &rejects, job.output);
  return kExitOk;
}

}  // namespace

CLI::App* AddBoilerplateCommand(CLI::App& app, CommandRunner* run) {
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "boilerplate",
      "Remove boilerplate from each document: photo captions and credits, "
      "donation and subscription appeals, newsletter sign-ups, share "
      "prompts, cookie notices, interface strings, legal lines, menus, and "
      "paragraphs repeated across a source's documents. Cleans first (as "
      "winnow clean); reads the input twice");
  AddJobFlags(cmd, &flags->job);
  cmd->add_flag("--explain", flags->explain,
                "Add to each record a \"removed\" list: each removed "
                "paragraph's text, class, rule, score and byte range in the "
                "original text");
  AddRepeatFlags(cmd, &flags->repeats);
  cmd->add_option("--memory", flags->memory,
                  "Memory budget for counting repeats; beyond it, counts "
                  "spill to sorted runs on disk. Suffixes K, M, G")
      ->capture_default_str();
  cmd->add_option("--tmp-dir", flags->tmp_dir,
                  "Directory for spilled runs (default: $TMPDIR, else /tmp)");
  cmd->add_flag("--no-clean", flags->no_clean,
                "The text is already clean, one paragraph per line (the "
                "output of winnow clean): skip cleaning");
  *run = [flags] { return Run(*flags); };
  return cmd;
}

CLI::App* AddClassifyCommand(CLI::App& app, CommandRunner* run) {
  struct ClassifyFlags {
    JobFlags job;
    bool no_clean = false;
  };
  auto flags = std::make_shared<ClassifyFlags>();
  CLI::App* cmd = app.add_subcommand(
      "classify-paragraphs",
      "Diagnostic: print the boilerplate classifier's verdict on every "
      "paragraph of each document (no cross-document repeats)");
  cmd->group("");  // hidden from --help: a tool for evaluation and tuning
  AddJobFlags(cmd, &flags->job);
  cmd->add_flag("--no-clean", flags->no_clean,
                "Take each line of the text as one paragraph, as is");
  *run = [flags] {
    BoilerplateOptions options;
    options.clean_input = !flags->no_clean;
    return RunStreamCommand("classify-paragraphs", flags->job,
                            [options] { return NewClassifyStep(options); });
  };
  return cmd;
}

}  // namespace winnow::cli
