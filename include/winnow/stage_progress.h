// stage_progress.h — the stage a multi-stage job (dedup, run) is in, timed
// and reported to the caller's progress function.
//
//   StageProgress stages;
//   stages.set_callback(&progress);   // may be null: nothing is reported
//   stages.Begin("sketch");           // reports 0 of 0
//   stages.Report(done, total);       // from any thread
//   double seconds = stages.End();    // reports the stage finished
//
// Reports are serialized: the callback is never called by two threads at
// once.
#ifndef WINNOW_STAGE_PROGRESS_H_
#define WINNOW_STAGE_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "winnow/dedup.h"

namespace winnow {

class StageProgress {
 public:
  void set_callback(const DedupProgressFn* callback) { callback_ = callback; }

  // `name` must outlive the stage (a string literal).
  void Begin(std::string_view name);
  // Reports the stage finished; returns its seconds.
  double End();
  // `done` of `total` units (0: unknown), and input bytes where known.
  void Report(uint64_t done, uint64_t total, uint64_t bytes = 0,
              uint64_t raw_bytes = 0, uint64_t raw_total = 0);
  // As Report, flagged as a shard just recorded in the manifest.
  void ReportShard(uint64_t done, uint64_t total);

  std::string_view stage() const { return stage_; }
  // Seconds since Begin().
  double Seconds() const;
  // The process's CPU time (all threads) between the last Begin() and
  // End(), in milliseconds: user and system (the kernel's part: reads,
  // writes, page faults).
  uint64_t user_ms() const { return user_ms_; }
  uint64_t system_ms() const { return system_ms_; }

 private:
  void Send(DedupProgress p);

  const DedupProgressFn* callback_ = nullptr;
  std::string_view stage_;
  std::chrono::steady_clock::time_point start_;
  uint64_t user_ms_ = 0, system_ms_ = 0;  // at Begin(), then the stage's
  std::mutex mu_;
};

}  // namespace winnow

#endif  // WINNOW_STAGE_PROGRESS_H_
