// run_context.h — the state the run job's stages share, and the stages.
// Internal to src/pipeline; the public face is run.h.
#ifndef WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_
#define WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_

#include <tbb/enumerable_thread_specific.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture_input.h"
#include "dedup/dist_split.h"
#include "winnow/dist.h"
#include "winnow/paragraph_repeats.h"
#include "winnow/run.h"
#include "winnow/stage_progress.h"

namespace winnow::pipeline {

struct RunContext {
  RunOptions options;
  // The inputs this process reads: all of them, or in a distributed run
  // (comm set) this rank's share (dedup/dist_split.h).
  std::vector<InputFile> inputs;
  Communicator* comm = nullptr;
  int rank = 0, ranks = 1;
  Compression out_compression = Compression::kNone;  // of rank 0's output
  dedup::RankShare share;
  std::string dir;  // the work directory
  RunReport report;
  StageProgress stages;
  // The repeat counts of the prepare pass (when they are counted), read
  // by the dedup stage and consensus to decide each document's paragraphs.
  bool use_repeats = false;
  RepeatIndex index;
  // Which inputs the captures work file may refer to for a text instead of
  // holding it (capture_input.h): none in a distributed run, whose ranks
  // exchange captures.
  std::vector<bool> referable;
  // The readers of such texts, one per thread, closed with the context.
  mutable tbb::enumerable_thread_specific<std::unique_ptr<CaptureInputReader>>
      input_readers;

  CaptureInputReader* InputReader() const {
    std::unique_ptr<CaptureInputReader>& r = input_readers.local();
    if (!r) {
      r = std::make_unique<CaptureInputReader>(&inputs);
    }
    return r.get();
  }

  const RepeatIndex* repeat_index() const {
    return use_repeats ? &index : nullptr;
  }

  std::string Path(std::string_view rel) const {
    return dir + "/" + std::string(rel);
  }
  void BeginStage(std::string_view name) { stages.Begin(name); }
  void EndStage() {
    const std::string_view name = stages.stage();
    report.stage_seconds.emplace_back(std::string(name), stages.End());
    report.counters.Add("cpu.user_ms." + std::string(name), stages.user_ms());
    report.counters.Add("cpu.system_ms." + std::string(name),
                        stages.system_ms());
  }
  void Progress(uint64_t done, uint64_t total, uint64_t bytes,
                uint64_t raw_bytes, uint64_t raw_total) {
    stages.Report(done, total, bytes, raw_bytes, raw_total);
  }
};

// The work file of the prepare pass, one line per document read
// (capture_record.h).
inline constexpr std::string_view kCapturesFile = "captures.jsonl";
// The repeat index that pass counted (paragraph_repeats.h).
inline constexpr std::string_view kRepeatsFile = "repeats.bin";
// Records that pass rejected (kSkip), kept for a resumed run.
inline constexpr std::string_view kRejectsFile = "rejects.jsonl";

// The prepare pass, the input's only reading: extracts, cleans, judges
// each document's paragraphs and counts their repeats; writes the captures
// work file, the repeat index and the rejects; fills report.docs,
// rejected, bytes and the counters, and ctx.index.
Status RunPrepare(RunContext& ctx);

// After a restart: the repeat index the prepare pass saved.
Status LoadRepeats(RunContext& ctx);

// The kept text of a capture read back by the dedup stage (`doc`: a line of
// the captures file as a JSONL record), decided from its stored values:
// DedupOptions::prepare of the run job.
Status DecideCaptureText(const RunContext& ctx, Doc& doc);

// Brings each cluster's captures together and writes one story per
// cluster to `out`. In a distributed run every rank builds the stories
// whose first capture it holds (the other captures of each cluster come to
// it), and rank 0 writes them all to `out` in input order (`out` is null
// on the other ranks).
Status RunConsensus(RunContext& ctx, const DedupJob& dedup, OutputFile* out);

// A distributed run's report, summed over the ranks onto rank 0.
Status SumReports(RunContext& ctx);

}  // namespace winnow::pipeline

#endif  // WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_
