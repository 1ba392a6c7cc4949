// ordered_batches.h — the pipeline under every streaming pass: a serial
// step fills batches in input order, a parallel step processes them on
// `threads` threads, a serial step takes them back in input order. Batch
// objects are recycled, so at most `tokens` exist at once. Internal to the
// library (RunStream, the dedup shard stream, the run job's consensus).
#ifndef WINNOW_SRC_CORE_ORDERED_BATCHES_H_
#define WINNOW_SRC_CORE_ORDERED_BATCHES_H_

#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace winnow {

// fill(Batch*) -> bool: fills a new or recycled batch (it resets what it
//   reuses); false when the input is done (that batch is dropped).
// process(Batch*): the parallel work; skipped once `stop` is set.
// take(Batch*): called in input order, one batch at a time.
// Setting `stop` (from any step) ends the reading; batches in flight still
// reach `take`, which decides what they mean.
template <typename Batch, typename Fill, typename Process, typename Take>
void RunOrderedBatches(int threads, int tokens, const std::atomic<bool>& stop,
                       Fill&& fill, Process&& process, Take&& take) {
  std::mutex pool_mu;
  std::vector<std::unique_ptr<Batch>> pool;
  auto read = [&](tbb::flow_control& fc) -> Batch* {
    if (stop) {
      fc.stop();
      return nullptr;
    }
    std::unique_ptr<Batch> b;
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!pool.empty()) {
        b = std::move(pool.back());
        pool.pop_back();
      }
    }
    if (!b) b = std::make_unique<Batch>();
    if (!fill(b.get())) {
      fc.stop();
      return nullptr;
    }
    return b.release();
  };
  auto work = [&](Batch* b) {
    if (!stop) process(b);
    return b;
  };
  auto give_back = [&](Batch* b) {
    take(b);
    std::lock_guard<std::mutex> lock(pool_mu);
    pool.emplace_back(b);
  };
  // Allow more threads than cores when asked (TBB caps workers at the core
  // count otherwise, and warns).
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism,
                            static_cast<size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(tokens),
        tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order,
                                       read) &
            tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, work) &
            tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order,
                                           give_back));
  });
}

}  // namespace winnow

#endif  // WINNOW_SRC_CORE_ORDERED_BATCHES_H_
