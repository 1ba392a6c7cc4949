// shard_stream.h — reading the inputs in parallel, in order, in shards of a
// fixed number of records, skipping shards already finished. The sketch and
// filter stages run on it. Internal to src/dedup.
//
// Like RunStream (stream.h): a serial reader cuts batches of records, a
// parallel step parses and processes them, a serial consumer takes them in
// input order. Differences: records of finished shards are not parsed at
// all; the consumer gets the stage's own batch type (binary outputs, not
// JSONL); stream-level input errors are tagged with the shard of the record
// read just before them (their position), so that a resumed run can tell
// which it has already reported.
#ifndef WINNOW_SRC_DEDUP_SHARD_STREAM_H_
#define WINNOW_SRC_DEDUP_SHARD_STREAM_H_

#include <tbb/enumerable_thread_specific.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/ordered_batches.h"
#include "winnow/doc.h"
#include "winnow/reader.h"
#include "winnow/status.h"
#include "winnow/stream.h"

namespace winnow::dedup {

// What every batch type carries; a stage's batch derives from it and
// clears its own outputs in Reset().
struct ShardBatchBase {
  RecordBatch input;
  Status error;  // kFail: the first error of the batch
  // Input errors come after the batch's records: `error_position` is the
  // ordinal the next record will get, `error_seq` counts earlier batches
  // with errors at the same position. Together they name the errors the
  // same way in every run over the same input.
  uint64_t error_position = 0;
  uint32_t error_seq = 0;
  std::string input_errors;  // formatted reject lines of input errors
  uint64_t input_error_count = 0;
  void ResetBase() {
    error = Status();
    input_errors.clear();
    input_error_count = 0;
  }
};

template <typename Batch>
class ShardWorker {
 public:
  virtual ~ShardWorker() = default;
  // A parsed document of an unfinished shard. A non-ok Status rejects it.
  virtual Status Process(Doc& doc, Batch* out) = 0;
  // A record rejected (kSkip): `reject` is its formatted reject line.
  virtual void Rejected(uint64_t ordinal, std::string_view reject,
                        Batch* out) = 0;
};

struct ShardStreamOptions {
  uint32_t shard_docs = 1;
  int threads = 1;
  OnError on_error = OnError::kFail;
  std::function<bool(uint32_t shard)> shard_done;     // skip its records
  std::function<bool(uint64_t ordinal)> skip_record;  // optional
};

struct ShardStreamProgress {
  uint64_t records = 0;  // records read so far (finished shards included)
  uint64_t bytes = 0, raw_bytes = 0, raw_total = 0;
};

// Runs the stream. `consume` is called in input order, on one thread at a
// time. `*records` receives the number of input records (all shards).
template <typename Batch>
Status RunShardStream(
    const std::vector<InputFile>& files, const ReaderOptions& reader_options,
    const ShardStreamOptions& options,
    const std::function<std::unique_ptr<ShardWorker<Batch>>()>& make_worker,
    const std::function<Status(Batch&)>& consume,
    const std::function<void(const ShardStreamProgress&)>& progress,
    uint64_t* records) {
  const int threads = options.threads > 0 ? options.threads : 1;
  const bool skip = options.on_error == OnError::kSkip;
  const uint64_t per_shard = options.shard_docs;
  RecordSource source(files, reader_options);

  struct WorkerState {
    std::unique_ptr<RecordParser> parser;
    std::unique_ptr<ShardWorker<Batch>> worker;
    Doc doc;
  };
  tbb::enumerable_thread_specific<WorkerState> workers([&] {
    WorkerState w;
    w.parser = std::make_unique<RecordParser>(reader_options);
    w.worker = make_worker();
    return w;
  });

  std::atomic<bool> stop{false};
  Status result;
  uint64_t next_ordinal = 0;  // reader side: records seen so far
  uint64_t error_position = UINT64_MAX;
  uint32_t error_seq = 0;
  auto last_progress = std::chrono::steady_clock::now();

  auto process = [&](Batch* b) {
    WorkerState& ws = workers.local();
    const RecordBatch& in = b->input;
    for (const RawRecord& r : in.records) {
      const uint32_t shard = static_cast<uint32_t>(r.ordinal / per_shard);
      if (options.shard_done && options.shard_done(shard)) continue;
      if (options.skip_record && options.skip_record(r.ordinal)) continue;
      Status st = ws.parser->Parse(in, r, source.files(), &ws.doc);
      if (st.ok()) st = ws.worker->Process(ws.doc, b);
      if (st.ok()) continue;
      if (!skip) {
        b->error = st;
        return;
      }
      std::string line;
      Location loc{source.files()[r.file].name, r.line, r.byte_offset};
      RejectSink::Format(loc, st, in.RecordBytes(r), &line);
      ws.worker->Rejected(r.ordinal, line, b);
    }
    for (const InputError& e : in.errors) {
      if (!skip) {
        b->error = e.status;
        return;
      }
      RejectSink::Format(e.location, e.status, e.partial, &b->input_errors);
      ++b->input_error_count;
    }
  };

  auto write = [&](Batch* b) {
    if (!result.ok()) return;
    if (!b->error.ok()) {
      result = b->error;
      stop = true;
      return;
    }
    Status st = consume(*b);
    if (!st.ok()) {
      result = st;
      stop = true;
      return;
    }
    if (progress) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_progress >= std::chrono::milliseconds(100)) {
        last_progress = now;
        ShardStreamProgress p;
        p.records =
            b->input.records.empty() ? 0 : b->input.records.back().ordinal + 1;
        p.bytes = source.bytes_read();
        p.raw_bytes = source.raw_bytes_read();
        p.raw_total = source.raw_bytes_total();
        progress(p);
      }
    }
  };

  auto fill = [&](Batch* b) {
    b->input.Clear();
    b->ResetBase();
    b->Reset();
    if (!source.NextBatch(&b->input)) return false;
    if (!b->input.records.empty()) {
      next_ordinal = b->input.records.back().ordinal + 1;
    }
    if (!b->input.errors.empty()) {
      error_seq = error_position == next_ordinal ? error_seq + 1 : 0;
      error_position = next_ordinal;
      b->error_position = error_position;
      b->error_seq = error_seq;
    }
    return true;
  };
  RunOrderedBatches<Batch>(threads, 2 * threads + 1, stop, fill, process,
                           write);
  if (progress && result.ok()) {
    ShardStreamProgress p;
    p.records = next_ordinal;
    p.bytes = source.bytes_read();
    p.raw_bytes = source.raw_bytes_read();
    p.raw_total = source.raw_bytes_total();
    progress(p);
  }
  if (records) *records = next_ordinal;
  return result;
}

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_SHARD_STREAM_H_
