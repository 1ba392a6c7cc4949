// run_context.h — the state the run job's stages share, and the stages.
// Internal to src/pipeline; the public face is run.h.
#ifndef WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_
#define WINNOW_SRC_PIPELINE_RUN_CONTEXT_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/run.h"

namespace winnow::pipeline {

struct RunContext {
  RunOptions options;
  std::vector<InputFile> inputs;
  std::string dir;  // the work directory
  RunReport report;
  const DedupProgressFn* progress = nullptr;
  std::string_view stage;
  std::chrono::steady_clock::time_point stage_start;

  std::string Path(std::string_view rel) const {
    return dir + "/" + std::string(rel);
  }
  void BeginStage(std::string_view name);
  void EndStage();
  double StageSeconds() const;
  void Progress(uint64_t done, uint64_t total, uint64_t bytes,
                uint64_t raw_bytes, uint64_t raw_total);
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
