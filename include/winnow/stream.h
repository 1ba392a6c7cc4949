// stream.h — running a per-document step over many inputs, on many threads,
// keeping input order.
//
// Most winnow jobs are "for each document, do something, write a record":
// cleaning, extraction, the first pass of boilerplate counting. RunStream
// does the reading, the parallelism, the error policy, the ordered writing
// and the counting once for all of them:
//
//   read (serial) -> parse + DocStep::Process (parallel) -> write (serial)
//
// Batches of about ReaderOptions::batch_bytes flow through a oneTBB
// pipeline; the writer stage takes them in input order, so the output is the
// same byte for byte whatever the thread count.
//
//   class Upper : public winnow::DocStep {
//     winnow::Status Process(winnow::Doc& d, std::string* out,
//                            winnow::Counters* c) override {
//       for (char& ch : d.text) ch = toupper(ch);
//       winnow::AppendDocJson(d, {}, out);
//       return winnow::OkStatus();
//     }
//   };
//   winnow::StreamReport report;
//   auto st = winnow::RunStream(files, reader_options, {}, [] {
//     return std::make_unique<Upper>(); }, out.get(), nullptr, {}, &report);
//
// Errors. A record that cannot be parsed, a step that returns a non-ok
// Status for a document, and an input that cannot be read are handled by
// StreamOptions::on_error: kFail stops at the first one (in input order)
// and returns it; kSkip counts it, writes it with its reason and location
// to the rejects file, and goes on. Output files are not committed here:
// the caller commits them when the whole job has succeeded.
//
// Memory: at most `in_flight` batches exist at once (each holds its input,
// output and rejects), plus what the steps keep.
#ifndef WINNOW_STREAM_H_
#define WINNOW_STREAM_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "winnow/counters.h"
#include "winnow/doc.h"
#include "winnow/reader.h"
#include "winnow/status.h"
#include "winnow/writer.h"

namespace winnow {

enum class OnError { kFail, kSkip };

// What a caller learns of the output as it is written: a batch's plain
// records (before compression) and the end of each line in them (the byte
// after its '\n'), in output order, once the batch is written. A non-ok
// Status stops the run as a write error does. For a job that indexes its
// own output (winnow run notes where each work-file line starts, so that
// later passes need not search the file for it).
using OutputTap = std::function<Status(std::string_view records,
                                       std::span<const uint64_t> line_ends)>;

struct StreamOptions {
  int threads = 0;        // 0: one per hardware thread
  OnError on_error = OnError::kFail;
  int in_flight = 0;      // batches in the pipeline; 0: 2 * threads + 1
  OutputTap tap;          // none by default
};

// One stage's work on one document. Each thread gets its own instance.
class DocStep {
 public:
  virtual ~DocStep() = default;
  // Appends the output records for `doc` (zero or more JSONL lines) to
  // `out`. A non-ok Status rejects the document (see StreamOptions).
  virtual Status Process(Doc& doc, std::string* out, Counters* counters) = 0;
};

using DocStepFactory = std::function<std::unique_ptr<DocStep>()>;

struct StreamProgress {
  uint64_t docs = 0;        // documents read so far
  uint64_t bytes = 0;       // decompressed input bytes read
  uint64_t raw_bytes = 0;   // bytes read from disk
  uint64_t raw_total = 0;   // total input size on disk, 0 if unknown
  double seconds = 0;
};

using ProgressFn = std::function<void(const StreamProgress&)>;

struct StreamReport {
  uint64_t docs_in = 0;      // records parsed into documents
  uint64_t docs_out = 0;     // records written
  uint64_t bytes_in = 0;     // decompressed input bytes
  uint64_t bytes_out = 0;    // output bytes, before compression
  uint64_t rejects = 0;      // records and inputs skipped (kSkip)
  uint64_t blank_lines = 0;  // blank JSONL lines ignored
  double seconds = 0;
  Counters counters;         // the steps' own counts
};

// Where rejected records go in kSkip mode: one JSON object per line with
// "file", "line", "byte_offset", "reason" and the record itself ("record",
// or "record_base64" when it is not valid UTF-8).
class RejectSink {
 public:
  explicit RejectSink(std::string path) : path_(std::move(path)) {}
  // Appends one reject record for `location` to `out`.
  static void Format(const Location& location, const Status& reason,
                     std::string_view record, std::string* out);
  // Writes already formatted records, creating the file on first use.
  Status Write(std::string_view records);
  // Commits the file if anything was written.
  Status Commit();
  const std::string& path() const { return path_; }
  bool used() const { return file_ != nullptr; }

 private:
  std::string path_;
  std::unique_ptr<OutputFile> file_;
};

Status RunStream(const std::vector<InputFile>& inputs,
                 const ReaderOptions& reader_options,
                 const StreamOptions& options, const DocStepFactory& factory,
                 OutputFile* out, RejectSink* rejects,
                 const ProgressFn& progress, StreamReport* report);

// Threads to use for a requested count (0: hardware concurrency).
int ResolveThreads(int requested);

}  // namespace winnow

#endif  // WINNOW_STREAM_H_
