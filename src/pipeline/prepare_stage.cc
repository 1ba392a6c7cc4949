// Passes 1 and 2 of the run job: count paragraph repeats per source, then
// extract, clean and classify every document into the captures work file.
#include <memory>
#include <utility>

#include "capture_record.h"
#include "run_context.h"
#include "winnow/boilerplate.h"
#include "winnow/clean_step.h"
#include "winnow/extract_step.h"
#include "winnow/paragraph_repeats.h"

namespace winnow::pipeline {
namespace {

// Web pages become text first; everything else passes as is.
class ExtractThen final : public DocStep {
 public:
  ExtractThen(const ExtractStepOptions& extract, std::unique_ptr<DocStep> next)
      : extract_(extract), next_(std::move(next)) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    if (doc.html) {
      Status st = ExtractDoc(doc, extract_, counters);
      if (!st.ok()) return st;
    }
    return next_->Process(doc, out, counters);
  }

 private:
  ExtractStepOptions extract_;
  std::unique_ptr<DocStep> next_;
};

class CaptureStep final : public DocStep {
 public:
  CaptureStep(const RunOptions& options, const RepeatIndex* index)
      : options_(options), index_(index) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    if (doc.html) {
      Status st = ExtractDoc(doc, options_.extract, counters);
      if (!st.ok()) return st;
    }
    RemoveBoilerplate(doc.text, doc.source, index_, options_.boilerplate,
                      &result_);
    CountClean(doc, result_.clean, counters);
    CountBoilerplate(result_, counters);
    AppendCaptureRecord(doc, result_, out);
    return OkStatus();
  }

 private:
  const RunOptions& options_;
  const RepeatIndex* index_;
  BoilerplateResult result_;
};

ProgressFn StageProgress(RunContext& ctx) {
  return [&ctx](const StreamProgress& p) {
    ctx.Progress(p.docs, 0, p.bytes, p.raw_bytes, p.raw_total);
  };
}

}  // namespace

Status RunPrepare(RunContext& ctx) {
  const RunOptions& o = ctx.options;
  const BoilerplateOptions& bp = o.boilerplate;
  const bool repeats =
      bp.repeats.min_repeats > 0 || bp.repeats.corpus_min_repeats > 0;
  std::unique_ptr<RepeatCounter> counter;
  RepeatIndex index;
  if (repeats) {
    ctx.BeginStage("repeats");
    RepeatOptions ro = bp.repeats;
    if (ro.tmp_dir.empty()) ro.tmp_dir = ctx.dir;
    auto c = RepeatCounter::Create(ro, ResolveThreads(o.stream.threads));
    if (!c.ok()) return c.status();
    counter = std::move(*c);
    // Pass 1 meets the same bad records as pass 2, which reports them.
    RejectSink scratch(counter->run_dir() + "/rejects.jsonl");
    StreamReport r1;
    RepeatCounter* cp = counter.get();
    const RunOptions* op = &o;
    Status st = RunStream(
        ctx.inputs, o.reader, o.stream,
        [cp, op] {
          return std::make_unique<ExtractThen>(
              op->extract, NewRepeatCountStep(cp, op->boilerplate));
        },
        nullptr, &scratch, StageProgress(ctx), &r1);
    if (!st.ok()) return st;
    auto idx = counter->Finish();
    if (!idx.ok()) return idx.status();
    index = std::move(*idx);
    const RepeatIndex::Stats& s = index.stats();
    ctx.report.counters.Add("repeats.distinct_pairs", s.distinct_pairs);
    ctx.report.counters.Add("repeats.repeated_pairs", s.repeated_pairs);
    ctx.report.counters.Add("repeats.corpus_repeats", s.corpus_repeats);
    ctx.report.counters.Add("repeats.runs_spilled", s.runs_spilled);
    ctx.EndStage();
  }

  ctx.BeginStage("boilerplate");
  // A work file: a kill loses nothing that page cache holds, and the
  // manifest says whether it is whole; no fsync.
  OutputOptions work_file;
  work_file.sync = false;
  auto out = OutputFile::Create(ctx.Path(kCapturesFile), work_file);
  if (!out.ok()) return out.status();
  RejectSink rejects(ctx.Path(kRejectsFile));
  StreamReport r2;
  const RepeatIndex* ip = repeats ? &index : nullptr;
  const RunOptions* op = &o;
  Status st = RunStream(
      ctx.inputs, o.reader, o.stream,
      [op, ip] { return std::make_unique<CaptureStep>(*op, ip); }, out->get(),
      &rejects, StageProgress(ctx), &r2);
  if (!st.ok()) return st;
  // The rejects first: the captures file is the mark that the pass is done.
  WINNOW_RETURN_IF_ERROR(rejects.Commit());
  WINNOW_RETURN_IF_ERROR((*out)->Commit());
  ctx.report.docs = r2.docs_out;
  ctx.report.rejected = r2.rejects;
  ctx.report.bytes = r2.bytes_in;
  ctx.report.counters.Merge(r2.counters);
  ctx.EndStage();
  return OkStatus();
}

}  // namespace winnow::pipeline
