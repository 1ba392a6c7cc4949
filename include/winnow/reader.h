// reader.h — turning input paths into a stream of Docs.
//
// Inputs are paths or "-" (stdin), each possibly gzip- or zstd-compressed
// (detected from magic bytes). Four formats:
//
//   text   one document per file; a directory is walked recursively in
//          sorted order (names starting with "." are skipped) and each file's
//          id is its path relative to the directory given.
//   jsonl  one JSON object per line; the text is the string field named by
//          ReaderOptions::text_field, the id the field id_field (a string or
//          a number), else "<input>:<line>". Every field is carried through.
//
//   html   one web page per file (.html, .htm, .xhtml); the document's
//          `text` is the page's bytes and `html` is set, for extraction
//          (html_extract.h). Its id is the path, as for text.
//   warc   web archives (warc.h): one document per response record with an
//          HTML payload; id is the WARC-Record-ID, url the WARC-Target-URI,
//          `text` the HTTP payload (de-chunked, decompressed), `html` set.
//
// JSONL records can hold pages too: with ReaderOptions::html_field set,
// that field is read as the page (Doc::html set) instead of the text field.
//
// The format of each file comes from its name with any .gz/.zst/.zstd
// suffix removed (.jsonl, .ndjson and .json are JSONL; .txt and .text are
// text; .html, .htm, .xhtml are HTML; .warc is WARC), else from its first
// bytes: "WARC/1." is WARC; "<!doctype html", "<html", "<head" or "<body" is
// HTML; a first line that looks like a JSON object ({"key": ... }) is JSONL;
// anything else text.
//
// Reading is split in two so that parsing runs on many threads:
//
//   RecordSource   serial: reads and decompresses files and cuts them into
//                  RawRecords (a JSONL line, or a whole text file), a batch
//                  of about ReaderOptions::batch_bytes at a time;
//   RecordParser   per thread: turns one RawRecord into a Doc (simdjson).
//
// DocReader joins the two for callers that want one Doc at a time.
//
//   winnow::DocReader reader({"corpus.jsonl.gz"}, {});
//   winnow::Doc doc;
//   for (;;) {
//     auto more = reader.Next(&doc);
//     if (!more.ok()) return more.status();  // "corpus.jsonl.gz:17: ..."
//     if (!*more) break;
//     Use(doc);
//   }
//
// Failure: a file that cannot be opened or read, a truncated or corrupt
// compressed stream, a line longer than max_record_bytes, a line that is not
// a JSON object, a missing or non-string text field. Each is a Status whose
// message names the file and the line or byte offset. RecordSource reports a
// stream error after the records read before it, then goes on to the next
// file; the caller decides whether to stop.
//
// Cost: memory is one batch per stage in flight plus the largest record;
// JSON parsing at simdjson's speed (GB/s).
#ifndef WINNOW_READER_H_
#define WINNOW_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/byte_source.h"
#include "winnow/counters.h"
#include "winnow/doc.h"
#include "winnow/status.h"

namespace winnow {

class WarcSplitter;

enum class InputFormat { kAuto, kText, kJsonl, kHtml, kWarc };

std::string_view InputFormatName(InputFormat f);
// Parses "auto", "text", "jsonl", "html" or "warc".
Result<InputFormat> ParseInputFormat(std::string_view name);

struct ReaderOptions {
  InputFormat format = InputFormat::kAuto;  // kAuto: per file, see above
  std::string text_field = "text";
  std::string id_field = "id";
  // JSONL: when set, this field holds a web page to extract (Doc::html),
  // and the text field need not exist.
  std::string html_field;
  // A record (JSONL line or text file) larger than this is an error: it
  // bounds the memory one record can take.
  uint64_t max_record_bytes = uint64_t{256} << 20;  // 256 MiB
  // RecordSource hands out batches of about this many bytes.
  // 256 KiB: a batch, its parse and its output stay within a core's L2
  // cache (1 MiB batches cost 10% more on two threads).
  size_t batch_bytes = size_t{256} << 10;
};

// One input file, after directories have been walked.
struct InputFile {
  std::string path;      // path to open ("-" for stdin)
  std::string name;      // how errors name it: the path as given
  std::string id;        // text documents' id: path relative to the root
  std::string root;      // the argument it came from (the source of text docs)
  InputFormat format = InputFormat::kAuto;  // from the name; kAuto: sniff
  uint64_t size = 0;     // bytes on disk, 0 if unknown
  // A byte range of an uncompressed JSONL file (format kJsonl), for
  // dividing one file between processes. RecordSource reads the lines
  // that start in (range_begin, range_end] — from after the first newline
  // at or after range_begin (from the start when it is 0) to the end of
  // the line holding range_end — so ranges cut at the same offsets read
  // each line exactly once. `line_base` is the number of the file's lines
  // before the range: the range's first line is line_base + 1 in errors
  // and default ids, as when the whole file is read.
  uint64_t range_begin = 0;
  uint64_t range_end = UINT64_MAX;
  uint64_t line_base = 0;
  bool ranged() const { return range_begin > 0 || range_end != UINT64_MAX; }
};

// The format of a file that starts with `head` (its first 64 KiB or all of
// it, decompressed), by the rules above.
InputFormat SniffInputFormat(std::string_view head);

// Expands paths: directories are walked recursively in sorted order. A path
// that does not exist is an error (NotFound) naming it.
Result<std::vector<InputFile>> ExpandInputs(const std::vector<std::string>& paths,
                                            const ReaderOptions& options);

// "SIZE MTIME NAME" of an input on disk ("stdin" for "-"), for telling
// whether a resumed job sees the same inputs. Spaces in NAME become '_'.
Result<std::string> InputFingerprint(const InputFile& f);

// Bytes of one record inside a RecordBatch.
struct RawRecord {
  uint32_t file = 0;         // index into the RecordSource's files
  InputFormat format = InputFormat::kText;
  uint64_t begin = 0;        // offset in RecordBatch::buffer
  uint64_t size = 0;
  uint64_t line = 0;         // 1-based line (JSONL), 0 for a whole file
  uint64_t byte_offset = 0;  // offset of the record in the decompressed file
  uint64_t ordinal = 0;      // position in the whole input
};

// A stream-level problem: the file could not be opened or read, or its
// compressed stream is truncated or corrupt. `partial` holds the bytes of an
// incomplete last line, if any, so that nothing is dropped unseen.
struct InputError {
  Status status;
  Location location;
  std::string partial;
};

struct RecordBatch {
  // Record bytes; always followed by at least kPadding readable bytes so
  // that SIMD parsers may read past a record's end.
  static constexpr size_t kPadding = 64;
  std::string buffer;
  std::vector<RawRecord> records;
  // Errors met after the last record of this batch.
  std::vector<InputError> errors;
  uint64_t blank_lines = 0;  // whitespace-only JSONL lines skipped
  Counters counters;         // what the reader passed over (warc.*)

  std::string_view RecordBytes(const RawRecord& r) const {
    return std::string_view(buffer).substr(r.begin, r.size);
  }
  void Clear();
};

class RecordSource {
 public:
  RecordSource(std::vector<InputFile> files, ReaderOptions options);
  ~RecordSource();
  RecordSource(const RecordSource&) = delete;
  RecordSource& operator=(const RecordSource&) = delete;

  // Fills `batch` with the next records. Returns false when every file has
  // been read and nothing was added.
  bool NextBatch(RecordBatch* batch);

  const std::vector<InputFile>& files() const { return files_; }
  const ReaderOptions& options() const { return options_; }

  // Progress: bytes taken from disk so far, over all files, and the total
  // size of the inputs on disk (0 when some input's size is unknown).
  uint64_t raw_bytes_read() const;
  uint64_t raw_bytes_total() const { return raw_total_; }
  // Decompressed bytes read so far.
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool OpenNext(RecordBatch* batch);
  void CloseCurrent();
  void ReadTextFile(RecordBatch* batch);
  void ReadJsonlChunk(RecordBatch* batch);
  void ReadWarcRecords(RecordBatch* batch);
  class WarcInput;
  ByteSource* warc_input();
  void FailCurrent(RecordBatch* batch, Status status, std::string partial);

  std::vector<InputFile> files_;
  ReaderOptions options_;
  size_t next_file_ = 0;
  std::unique_ptr<ByteSource> current_;
  std::unique_ptr<WarcSplitter> warc_;
  std::unique_ptr<ByteSource> warc_input_;
  uint32_t current_index_ = 0;
  InputFormat current_format_ = InputFormat::kText;
  std::string carry_;            // an incomplete JSONL line
  uint64_t carry_offset_ = 0;    // its offset in the decompressed file
  uint64_t line_ = 0;            // lines seen in the current file
  uint64_t file_offset_ = 0;     // decompressed bytes read of current file
  bool skip_bom_ = true;
  bool skipping_line_ = false;    // inside an over-long line
  bool skip_partial_ = false;     // a range's first bytes: the line before it
  uint64_t range_end_ = UINT64_MAX;  // lines starting after it are not read
  uint64_t range_skip_ = 0;       // raw bytes of the file before the range
  uint64_t ordinal_ = 0;
  uint64_t raw_done_ = 0;        // raw bytes of files already finished
  uint64_t raw_total_ = 0;
  uint64_t bytes_read_ = 0;
};

// Turns RawRecords into Docs. Not thread-safe: use one per thread.
class RecordParser {
 public:
  explicit RecordParser(ReaderOptions options);
  ~RecordParser();
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;

  Status Parse(const RecordBatch& batch, const RawRecord& record,
               const std::vector<InputFile>& files, Doc* doc);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// RecordSource + RecordParser, one Doc at a time, stopping at the first
// error. For tools and tests; the CLI's jobs use the parallel stream runner.
class DocReader {
 public:
  DocReader(std::vector<InputFile> files, ReaderOptions options);
  // Expands `paths` first; an expansion error is returned by the first Next.
  DocReader(const std::vector<std::string>& paths, ReaderOptions options);
  ~DocReader();

  // Reads the next Doc into `doc`. Returns false at the end of the input.
  Result<bool> Next(Doc* doc);

 private:
  Status init_error_;
  std::unique_ptr<RecordSource> source_;
  std::unique_ptr<RecordParser> parser_;
  RecordBatch batch_;
  size_t pos_ = 0;
  size_t error_pos_ = 0;
};

// The host of a URL ("https://www.Example.com:8080/a" -> "www.example.com"),
// lowercased; empty when `url` has no host.
std::string UrlHost(std::string_view url);

}  // namespace winnow

#endif  // WINNOW_READER_H_
