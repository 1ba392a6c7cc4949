#include "winnow/stage_progress.h"

#include <sys/resource.h>

namespace winnow {
namespace {

uint64_t Ms(const timeval& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1000 +
         static_cast<uint64_t>(t.tv_usec) / 1000;
}

}  // namespace

void StageProgress::Begin(std::string_view name) {
  stage_ = name;
  start_ = std::chrono::steady_clock::now();
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  user_ms_ = Ms(ru.ru_utime);
  system_ms_ = Ms(ru.ru_stime);
  Report(0, 0);
}

double StageProgress::End() {
  const double s = Seconds();
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  user_ms_ = Ms(ru.ru_utime) - user_ms_;
  system_ms_ = Ms(ru.ru_stime) - system_ms_;
  DedupProgress p;
  p.seconds = s;
  p.stage_finished = true;
  Send(p);
  return s;
}

void StageProgress::Report(uint64_t done, uint64_t total, uint64_t bytes,
                           uint64_t raw_bytes, uint64_t raw_total) {
  DedupProgress p;
  p.done = done;
  p.total = total;
  p.bytes = bytes;
  p.raw_bytes = raw_bytes;
  p.raw_total = raw_total;
  p.seconds = Seconds();
  Send(p);
}

void StageProgress::ReportShard(uint64_t done, uint64_t total) {
  DedupProgress p;
  p.done = done;
  p.total = total;
  p.seconds = Seconds();
  p.shard_finished = true;
  Send(p);
}

double StageProgress::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start_)
      .count();
}

void StageProgress::Send(DedupProgress p) {
  if (!callback_ || !*callback_) return;
  p.stage = stage_;
  std::lock_guard<std::mutex> lock(mu_);
  (*callback_)(p);
}

}  // namespace winnow
