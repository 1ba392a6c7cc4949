// capture_input.h — a capture whose text is its input record's, read back
// from the input instead of from the work file. Internal to src/pipeline.
//
// Most JSONL corpora come clean: for them cleaning changes nothing, and
// the captures work file would hold a second copy of every text (2.5 GB of
// 3 GB at 1 million generated documents), written once and read twice. For
// a document read from a plain (uncompressed) JSONL file whose cleaned text
// is its text as read, the work line instead says where its record is —
// the input's index, the record's byte offset and length, where its text
// field's value lies in it — with a hash of that value's bytes; the passes
// that need the text read the value there and decode it again
// (CaptureInputReader). The hash guards against an
// input changed in between (a resumed run checks sizes and times, which a
// rewrite within the same second and size could keep): a record that no
// longer holds the text is a DataError naming the input and the byte.
//
//   CaptureInputReader in(&inputs);
//   std::string text, record;
//   Status st = in.Read(ref, /*verify=*/true, &text, &record);
//
// Cost per read: a copy of the record's bytes (records are asked for in
// input order, so one pread of 1 MiB serves hundreds; the page cache holds
// them, as the prepare pass read them moments before), the text's JSON
// string decoded (a copy between escapes) and, when verified, hashed.
#ifndef WINNOW_SRC_PIPELINE_CAPTURE_INPUT_H_
#define WINNOW_SRC_PIPELINE_CAPTURE_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/doc.h"
#include "winnow/reader.h"
#include "winnow/status.h"

namespace winnow::pipeline {

// Where a capture's record is in its input.
struct CaptureInputRef {
  uint32_t file = 0;     // index among the job's inputs
  uint64_t offset = 0;   // the record's first byte
  uint64_t length = 0;   // its bytes (without the line end)
  // The text field's value (the JSON string, quotes included), in bytes
  // from the record's first.
  uint64_t text_begin = 0, text_end = 0;
  uint64_t text_hash = 0;  // CaptureTextHash of that value
};

// XXH3-64 of a text field's value as it lies in its record (the JSON
// string, quotes and escapes included), as the reference stores it: equal
// bytes there are an equal text.
uint64_t CaptureTextHash(std::string_view raw_value);

// Which inputs can be read back by offset: regular files holding
// uncompressed bytes (not standard input, not gzip or zstd). One flag per
// input; an input that cannot be opened is not (the reader reports it).
std::vector<bool> ReferableInputs(const std::vector<InputFile>& inputs);

// Whether `doc`, read from a referable input and cleaned to `clean_text`,
// can be kept by reference: a JSONL record whose text field was read as it
// is (no invalid UTF-8 replaced), which cleaning left unchanged, and whose
// value JsonUnescape (json.h), the reader's decoder, turns into that text.
bool KeepByReference(const Doc& doc, bool was_html,
                     const std::vector<bool>& referable,
                     std::string_view clean_text);

// Reads records back. Keeps the last input it read open. Not thread-safe:
// one per thread.
class CaptureInputReader {
 public:
  // `inputs` must outlive the reader.
  explicit CaptureInputReader(const std::vector<InputFile>* inputs);
  ~CaptureInputReader();
  CaptureInputReader(const CaptureInputReader&) = delete;
  CaptureInputReader& operator=(const CaptureInputReader&) = delete;

  // The record at `ref`: its text field's value into *text and, when
  // `record` is not null, the record with that value "" into *record (as
  // the work line would hold it). IoError when the input cannot be read;
  // DataError naming the input and byte when the bytes there are not a
  // JSON string or, with `verify`, not the value the prepare pass read
  // (its hash differs). Consensus verifies every capture it reads, which
  // is every capture: the sketch stage, whose work never reaches the
  // output unless consensus then succeeds, need not pay for it again.
  Status Read(const CaptureInputRef& ref, bool verify, std::string* text,
              std::string* record);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow::pipeline

#endif  // WINNOW_SRC_PIPELINE_CAPTURE_INPUT_H_
