// The prepare pass of the run job, the one reading of the input: web pages
// are extracted, every document is cleaned, its paragraphs hashed and
// judged alone (boilerplate.h, PrepareBoilerplate), their repeats counted
// per source, and the document written to the captures work file with
// what the later decision needs. The decision itself (repeat counts and
// context) waits for the counts: the dedup stage and consensus take it
// from the stored values (DecideCaptureText, consensus_stage.cc).
#include <algorithm>
#include <memory>
#include <utility>

#include "capture_index.h"
#include "capture_input.h"
#include "capture_record.h"
#include "dedup/dist_shuffle.h"
#include "run_context.h"
#include "winnow/boilerplate.h"
#include "winnow/clean_step.h"
#include "winnow/extract_step.h"
#include "winnow/paragraph_repeats.h"

namespace winnow::pipeline {
namespace {

class PrepareStep final : public DocStep {
 public:
  PrepareStep(const RunOptions& options, const std::vector<bool>& referable,
              RepeatCounter* counter)
      : options_(options),
        referable_(referable),
        shard_(counter ? counter->NewShard() : nullptr) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    const bool was_html = doc.html;
    if (doc.html) {
      Status st = ExtractDoc(doc, options_.extract, counters);
      if (!st.ok()) return st;
    }
    PrepareBoilerplate(doc.text, options_.boilerplate,
                       /*hash=*/shard_ != nullptr, &prepared_);
    CountClean(doc, prepared_.clean, counters);
    if (shard_) {
      hashes_.clear();
      for (const PreparedParagraph& p : prepared_.paragraphs) {
        hashes_.push_back(p.hash);
      }
      shard_->AddDocument(SourceHash(doc.source), hashes_);
    }
    if (KeepByReference(doc, was_html, referable_, prepared_.clean.text)) {
      const FieldSpan& t = doc.fields[doc.text_field];
      const CaptureInputRef in{doc.file_index,
                               doc.location.byte_offset,
                               doc.raw.size(),
                               t.value_begin,
                               t.value_end,
                               CaptureTextHash(doc.FieldValue(t))};
      counters->Add("run.texts_by_reference");
      AppendCaptureRecord(doc, prepared_, out, &in);
    } else {
      AppendCaptureRecord(doc, prepared_, out);
    }
    return OkStatus();
  }

 private:
  const RunOptions& options_;
  const std::vector<bool>& referable_;
  std::unique_ptr<RepeatCounter::Shard> shard_;
  PreparedDoc prepared_;
  std::vector<uint64_t> hashes_;
};

void ReportRepeats(const RepeatIndex& index, Counters* c) {
  const RepeatIndex::Stats& s = index.stats();
  c->Add("repeats.distinct_pairs", s.distinct_pairs);
  c->Add("repeats.repeated_pairs", s.repeated_pairs);
  c->Add("repeats.corpus_repeats", s.corpus_repeats);
  c->Add("repeats.runs_spilled", s.runs_spilled);
}

}  // namespace

Status RunPrepare(RunContext& ctx) {
  const RunOptions& o = ctx.options;
  const RepeatOptions& ro = o.boilerplate.repeats;
  ctx.use_repeats = ro.min_repeats > 0 || ro.corpus_min_repeats > 0;
  // A distributed run's ranks send each other captures, whose lines must
  // then hold their texts.
  ctx.referable = ctx.comm ? std::vector<bool>(ctx.inputs.size(), false)
                           : ReferableInputs(ctx.inputs);
  ctx.BeginStage("prepare");
  std::unique_ptr<RepeatCounter> counter;
  if (ctx.use_repeats) {
    RepeatOptions counting = ro;
    if (counting.tmp_dir.empty()) counting.tmp_dir = ctx.dir;
    auto c = RepeatCounter::Create(counting, ResolveThreads(o.stream.threads));
    if (!c.ok()) return c.status();
    counter = std::move(*c);
  }
  // A work file: a kill loses nothing that page cache holds, and the
  // manifest says whether it is whole; no fsync.
  OutputOptions work_file;
  work_file.sync = false;
  auto out = OutputFile::Create(ctx.Path(kCapturesFile), work_file);
  if (!out.ok()) return out.status();
  auto index = CaptureIndexWriter::Create(ctx.Path(kCaptureIndexFile));
  if (!index.ok()) return index.status();
  RejectSink rejects(ctx.Path(kRejectsFile));
  StreamReport r;
  RepeatCounter* cp = counter.get();
  const RunOptions* op = &o;
  const std::vector<bool>* rp = &ctx.referable;
  StreamOptions stream = o.stream;
  CaptureIndexWriter* ip = index->get();
  stream.tap = [ip](std::string_view records,
                    std::span<const uint64_t> line_ends) {
    return ip->Add(records, line_ends);
  };
  Status st = RunStream(
      ctx.inputs, o.reader, stream,
      [op, rp, cp] { return std::make_unique<PrepareStep>(*op, *rp, cp); },
      out->get(),
      &rejects, [&ctx](const StreamProgress& p) {
        ctx.Progress(p.docs, 0, p.bytes, p.raw_bytes, p.raw_total);
      },
      &r);
  if (!st.ok()) return st;
  if (counter) {
    // In a distributed run every rank counted its own documents: the
    // counts meet at owner ranks by paragraph, and every rank gets the
    // whole index (paragraph_repeats.h).
    RepeatCombineStats shuffled;
    const uint64_t round =
        dedup::ShuffleRoundBytes(ctx.options.dedup.memory_bytes);
    auto index = ctx.comm ? CombineRepeatCounts(*ctx.comm, counter.get(),
                                                round, &shuffled)
                          : counter->Finish();
    if (!index.ok()) return index.status();
    if (ctx.comm) {
      ctx.report.counters.Add("dist.repeat_rounds", shuffled.rounds);
      ctx.report.counters.Add("dist.repeat_bytes_out", shuffled.bytes_out);
      ctx.report.counters.Add("dist.repeat_index_bytes", shuffled.index_bytes);
    }
    ctx.index = std::move(*index);
    // The index's counts are the whole input's: reported once when the
    // ranks' reports are summed.
    if (ctx.rank == 0) ReportRepeats(ctx.index, &ctx.report.counters);
    WINNOW_RETURN_IF_ERROR(ctx.index.Save(ctx.Path(kRepeatsFile)));
  }
  // The rejects and the index first: the captures file is the mark that
  // the pass is done.
  WINNOW_RETURN_IF_ERROR(rejects.Commit());
  WINNOW_RETURN_IF_ERROR((*index)->Commit());
  WINNOW_RETURN_IF_ERROR((*out)->Commit());
  ctx.report.docs = r.docs_out;
  ctx.report.rejected = r.rejects;
  ctx.report.bytes = r.bytes_in;
  ctx.report.counters.Merge(r.counters);
  ctx.EndStage();
  return OkStatus();
}

Status LoadRepeats(RunContext& ctx) {
  const RepeatOptions& ro = ctx.options.boilerplate.repeats;
  ctx.use_repeats = ro.min_repeats > 0 || ro.corpus_min_repeats > 0;
  if (!ctx.use_repeats) return OkStatus();
  auto index = RepeatIndex::Load(ctx.Path(kRepeatsFile), ro);
  if (!index.ok()) return index.status().WithPrefix("cannot resume");
  ctx.index = std::move(*index);
  return OkStatus();
}

Status DecideCaptureText(const RunContext& ctx, Doc& doc) {
  thread_local CaptureParser parser;
  thread_local PreparedDoc prepared;
  thread_local BoilerplateResult result;
  parser.set_input_reader(ctx.InputReader());
  uint64_t source_hash = 0;
  WINNOW_RETURN_IF_ERROR(parser.ParseParagraphs(doc, &source_hash, &prepared));
  DecideBoilerplate(prepared, source_hash, ctx.repeat_index(),
                    ctx.options.boilerplate, &result);
  doc.text.swap(result.text);
  return OkStatus();
}

}  // namespace winnow::pipeline
