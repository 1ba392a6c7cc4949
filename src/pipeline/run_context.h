// run_context.h — the state the run job's stages share, and the stages.
// Internal to src/pipeline; the public face is run.h.
#ifndef WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_
#define WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "winnow/run.h"
#include "winnow/stage_progress.h"

namespace winnow::pipeline {

struct RunContext {
  RunOptions options;
  std::vector<InputFile> inputs;
  std::string dir;  // the work directory
  RunReport report;
  StageProgress stages;

  std::string Path(std::string_view rel) const {
    return dir + "/" + std::string(rel);
  }
  void BeginStage(std::string_view name) { stages.Begin(name); }
  void EndStage() {
    const std::string_view name = stages.stage();
    report.stage_seconds.emplace_back(std::string(name), stages.End());
  }
  void Progress(uint64_t done, uint64_t total, uint64_t bytes,
                uint64_t raw_bytes, uint64_t raw_total) {
    stages.Report(done, total, bytes, raw_bytes, raw_total);
  }
};

// The work file of the boilerplate pass, one line per document read.
inline constexpr std::string_view kCapturesFile = "captures.jsonl";
// Records that pass rejected (kSkip), kept for a resumed run.
inline constexpr std::string_view kRejectsFile = "rejects.jsonl";

// Passes 1 and 2: counts repeats, then writes the captures work file and
// its rejects; fills report.docs, rejected, bytes and the counters.
Status RunPrepare(RunContext& ctx);

// Brings each cluster's captures together and writes one story per
// cluster to `out`.
Status RunConsensus(RunContext& ctx, const DedupJob& dedup, OutputFile* out);

}  // namespace winnow::pipeline

#endif  // WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_
