#include "winnow/stream.h"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/ordered_batches.h"
#include "winnow/json.h"

namespace winnow {
namespace {

// One batch on its way through the pipeline.
struct Work {
  RecordBatch batch;
  std::string output;   // plain output records
  std::string encoded;  // compressed output (OutputFile::Encode)
  std::string rejects;  // formatted reject records
  std::vector<uint64_t> line_ends;  // in `output`, for StreamOptions::tap
  Counters counters;
  uint64_t docs_in = 0;
  uint64_t docs_out = 0;
  uint64_t rejected = 0;
  Status error;  // kFail: the first error of this batch

  void Reset() {
    output.clear();
    encoded.clear();
    rejects.clear();
    line_ends.clear();
    counters.Clear();
    docs_in = docs_out = rejected = 0;
    error = Status();
  }
};

struct WorkerState {
  std::unique_ptr<RecordParser> parser;
  std::unique_ptr<DocStep> step;
  Doc doc;
};

}  // namespace

int ResolveThreads(int requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

void RejectSink::Format(const Location& location, const Status& reason,
                        std::string_view record, std::string* out) {
  out->append("{\"file\":");
  AppendJsonString(out, location.file);
  if (location.line > 0) {
    out->append(",\"line\":");
    out->append(std::to_string(location.line));
  }
  out->append(",\"byte_offset\":");
  out->append(std::to_string(location.byte_offset));
  out->append(",\"reason\":");
  AppendJsonStringLossy(out, reason.message());
  size_t mark = out->size();
  out->append(",\"record\":");
  if (!AppendJsonStringLossy(out, record)) {
    out->resize(mark);
    out->append(",\"record_base64\":\"");
    out->append(Base64Encode(record));
    out->push_back('"');
  }
  out->append("}\n");
}

Status RejectSink::Write(std::string_view records) {
  if (records.empty()) return OkStatus();
  if (!file_) {
    auto f = OutputFile::Create(path_);
    if (!f.ok()) return f.status();
    file_ = std::move(*f);
  }
  return file_->Write(records);
}

Status RejectSink::Commit() { return file_ ? file_->Commit() : OkStatus(); }

Status RunStream(const std::vector<InputFile>& inputs,
                 const ReaderOptions& reader_options,
                 const StreamOptions& options, const DocStepFactory& factory,
                 OutputFile* out, RejectSink* rejects,
                 const ProgressFn& progress, StreamReport* report) {
  const auto start = std::chrono::steady_clock::now();
  const int threads = ResolveThreads(options.threads);
  const int in_flight =
      options.in_flight > 0 ? options.in_flight : 2 * threads + 1;
  const bool skip = options.on_error == OnError::kSkip;

  RecordSource source(inputs, reader_options);
  tbb::enumerable_thread_specific<WorkerState> workers([&] {
    WorkerState w;
    w.parser = std::make_unique<RecordParser>(reader_options);
    w.step = factory();
    return w;
  });

  std::atomic<bool> stop{false};
  Status result;
  StreamReport rep;

  auto process = [&](Work* w) {
    WorkerState& ws = workers.local();
    const RecordBatch& b = w->batch;
    w->counters.Merge(b.counters);
    for (const RawRecord& r : b.records) {
      Status st = ws.parser->Parse(b, r, source.files(), &ws.doc);
      if (st.ok()) {
        ++w->docs_in;
        size_t before = w->output.size();
        st = ws.step->Process(ws.doc, &w->output, &w->counters);
        if (!st.ok()) w->output.resize(before);
      }
      if (st.ok()) continue;
      if (!skip) {
        w->error = st;
        return;
      }
      ++w->rejected;
      Location loc{source.files()[r.file].name, r.line, r.byte_offset};
      RejectSink::Format(loc, st, b.RecordBytes(r), &w->rejects);
    }
    for (const InputError& e : b.errors) {
      if (!skip) {
        w->error = e.status;
        return;
      }
      ++w->rejected;
      RejectSink::Format(e.location, e.status, e.partial, &w->rejects);
    }
    // Output records are JSONL: one "\n" each, none inside (escaped).
    const char* const begin = w->output.data();
    for (const char *p = begin, *end = p + w->output.size();
         (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p) {
      ++w->docs_out;
      if (options.tap) {
        w->line_ends.push_back(static_cast<uint64_t>(p + 1 - begin));
      }
    }
    // Uncompressed output is written as it is, without a copy.
    if (out && !w->output.empty() && out->compression() != Compression::kNone) {
      Status st = out->Encode(w->output, &w->encoded);
      if (!st.ok()) w->error = st;
    }
  };

  auto last_progress = start;
  auto write = [&](Work* w) {
    if (!result.ok()) return;
    if (!w->error.ok()) {
      result = w->error;
      stop = true;
      return;
    }
    rep.docs_in += w->docs_in;
    rep.docs_out += w->docs_out;
    rep.bytes_out += w->output.size();
    rep.rejects += w->rejected;
    rep.blank_lines += w->batch.blank_lines;
    rep.counters.Merge(w->counters);
    const std::string& bytes = out && out->compression() == Compression::kNone
                                   ? w->output
                                   : w->encoded;
    if (out && !bytes.empty()) {
      Status st = out->WriteEncoded(bytes);
      if (!st.ok()) {
        result = st;
        stop = true;
        return;
      }
    }
    if (options.tap && !w->output.empty()) {
      Status st = options.tap(w->output, w->line_ends);
      if (!st.ok()) {
        result = st;
        stop = true;
        return;
      }
    }
    if (!w->rejects.empty()) {
      Status st = rejects ? rejects->Write(w->rejects)
                          : InternalError("rejects produced without a sink");
      if (!st.ok()) {
        result = st;
        stop = true;
        return;
      }
    }
    if (progress) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_progress >= std::chrono::milliseconds(100)) {
        last_progress = now;
        StreamProgress p;
        p.docs = rep.docs_in + rep.rejects;
        p.bytes = source.bytes_read();
        p.raw_bytes = source.raw_bytes_read();
        p.raw_total = source.raw_bytes_total();
        p.seconds = std::chrono::duration<double>(now - start).count();
        progress(p);
      }
    }
  };

  RunOrderedBatches<Work>(
      threads, in_flight, stop,
      [&](Work* w) {
        w->Reset();
        return source.NextBatch(&w->batch);
      },
      process, write);

  rep.bytes_in = source.bytes_read();
  rep.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (progress && result.ok()) {
    StreamProgress p;
    p.docs = rep.docs_in + rep.rejects;
    p.bytes = source.bytes_read();
    p.raw_bytes = source.raw_bytes_read();
    p.raw_total = source.raw_bytes_total();
    p.seconds = rep.seconds;
    progress(p);
  }
  if (report) *report = std::move(rep);
  return result;
}

}  // namespace winnow
