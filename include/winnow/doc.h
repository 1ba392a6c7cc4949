// doc.h — the record every winnow stage reads and writes.
//
// A Doc is one captured document: an id, its text, where it came from, and,
// for documents read from JSONL, every other field of the input object,
// carried through untouched (byte for byte, in their original order). Stages
// change `text` and add output fields; they never rewrite the fields they do
// not own.
//
//   {"id": "a1", "url": "https://x.example/s", "text": "Hello", "lang": "en"}
//
// reads as id "a1", text "Hello", and fields [id, url, text, lang] whose raw
// values point into `raw`. Writing the Doc back (see writer.h) reproduces
// the object with the text field's value replaced by the current text, and
// appends any output fields (cluster ids, removal records, ...).
//
// Cost: one allocation for the raw record, one for the text, one for the
// field table. Docs move cheaply; copying one copies its strings.
#ifndef WINNOW_DOC_H_
#define WINNOW_DOC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

// Where a record came from; used in every error message about it.
struct Location {
  std::string file;         // input name as the user gave it ("-" for stdin)
  uint64_t line = 0;        // 1-based line of a JSONL record; 0 if not a line
  uint64_t byte_offset = 0; // offset of the record in the decompressed input

  // "file:line" when the line is known, else "file: byte N" (or just
  // "file" for a whole-file record).
  std::string ToString() const;
};

// One top-level field of a JSON object, as byte ranges of Doc::raw.
struct FieldSpan {
  uint32_t key_begin = 0;    // the key's JSON string, quotes included
  uint32_t key_end = 0;
  uint32_t value_begin = 0;  // the value's raw JSON text
  uint32_t value_end = 0;
};

struct Doc {
  std::string id;
  std::string text;
  // Who published it, for per-source statistics: the host of a `url` field,
  // else a `source` field, else the input file's name.
  std::string source;
  std::string url;  // the `url` field, when the record has one

  // JSONL records only: the input object and its top-level fields. Empty for
  // plain-text inputs. `text_field` and `id_field` index into `fields`, or
  // are -1 when absent.
  std::string raw;
  std::vector<FieldSpan> fields;
  int text_field = -1;
  int id_field = -1;

  // Web pages (reader.h: HTML files, WARC records, JSONL with an HTML
  // field): `text` holds the page's bytes as served, in any character set,
  // until extraction (html_extract.h) replaces them with the page's text
  // and clears `html`.
  bool html = false;
  std::string content_type;  // HTTP Content-Type of a WARC response
  std::string fetch_date;    // WARC-Date of a WARC record
  std::string record_id;     // WARC-Record-ID of a WARC record

  Location location;
  uint64_t ordinal = 0;  // position in the whole input, 0-based
  // Its input among the reader's files (RecordSource::files()), 0-based.
  uint32_t file_index = 0;
  // Invalid UTF-8 sequences replaced by U+FFFD while reading the record.
  uint64_t invalid_utf8 = 0;

  std::string_view FieldKey(const FieldSpan& f) const {
    return std::string_view(raw).substr(f.key_begin, f.key_end - f.key_begin);
  }
  std::string_view FieldValue(const FieldSpan& f) const {
    return std::string_view(raw).substr(f.value_begin,
                                        f.value_end - f.value_begin);
  }
};

}  // namespace winnow

#endif  // WINNOW_DOC_H_
