// json.h — the small JSON helpers every writer in winnow shares.
//
// Parsing JSONL input is simdjson's job (reader.h); these helpers write JSON
// and find the byte ranges of an already-validated object's fields, so that
// fields winnow does not own are copied through byte for byte.
//
//   std::string out;
//   winnow::AppendJsonString(&out, "say \"hi\"\n");  // "say \"hi\"\n"
//
// Cost: escaping copies ASCII text eight bytes at a time when nothing in
// them needs escaping.
#ifndef WINNOW_JSON_H_
#define WINNOW_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/doc.h"
#include "winnow/status.h"

namespace winnow {

// Appends `s` as a JSON string literal, quotes included. `s` must be valid
// UTF-8; control characters are escaped, everything else is copied.
void AppendJsonString(std::string* out, std::string_view s);

// The bytes AppendJsonString(out, s) appends.
size_t JsonStringSize(std::string_view s);

// Appends `s` as a JSON string when it is valid UTF-8. Otherwise appends it
// with each invalid byte replaced by U+FFFD and returns false, so callers
// that must not lose bytes can store a base64 copy as well.
bool AppendJsonStringLossy(std::string* out, std::string_view s);

// Standard base64 (RFC 4648, with padding).
std::string Base64Encode(std::string_view bytes);

// Decodes the body of a JSON string literal (no quotes). Returns false on a
// malformed escape.
bool JsonUnescape(std::string_view body, std::string* out);

// Finds the top-level fields of the JSON object `json`, which must already
// be known to be valid (for example, parsed by simdjson). Offsets are
// relative to the start of `json`. Returns false if `json` is not an object.
bool ScanObjectFields(std::string_view json, std::vector<FieldSpan>* fields);

// An extra field to write after a Doc's own fields: key, and a raw JSON value.
struct OutputField {
  std::string key;
  std::string json;  // already-encoded JSON value
};

// Appends `doc` as one JSON object followed by "\n": its carried fields in
// input order with the text field's value replaced by `doc.text` (or, for a
// document read from plain text, {"id":...,"text":...}), then `extra`.
// Extra fields whose key the document already has replace its value.
void AppendDocJson(const Doc& doc, const std::vector<OutputField>& extra,
                   std::string* out);

// The bytes AppendDocJson(doc, extra, out) appends, without writing them:
// the distributed dedup sizes each rank's share of the output before
// writing it (records.h DocMeta::out_bytes).
size_t DocJsonSize(const Doc& doc, const std::vector<OutputField>& extra);

}  // namespace winnow

#endif  // WINNOW_JSON_H_
