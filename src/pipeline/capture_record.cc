// The run job's work-file line: writing it, and reading it back.
#include "capture_record.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <set>

#include "io/base64.h"
#include "winnow/json.h"

namespace winnow::pipeline {
namespace {

// The "p" value: the paragraphs' stored values, packed little-endian and
// written as base64 (io/base64.h), so that neither JSON parser nor hand
// reader turns ninety decimal numbers a document back into integers. Its
// bytes, in order:
//
//   u8 version (kPackVersion), u8 flags (bit 0: the text is in the input)
//   [the input reference: u32 file, u64 offset, length, text_begin,
//    text_end, text_hash]   when flag bit 0
//   u32 paragraphs, then per paragraph:
//     u32 in_begin, u32 in_end, u64 hash, u32 words,
//     u8 quality, u8 cls, u8 weak_cls, u8 0,
//     f32 score, f32 weak (their bits: they read back as themselves),
//     u32 feature words, u32 sentence ends,
//     u16 length + bytes of the rule, the same of the weak rule
constexpr uint8_t kPackVersion = 1;
constexpr uint8_t kInInput = 1;
constexpr size_t kEntryBytes = 40;  // without the rules

class Packer {
 public:
  explicit Packer(std::string* out) : out_(out) { out_->clear(); }
  template <typename T>
  void Put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_->append(b, sizeof(T));
  }
  void Text(std::string_view s) {
    const size_t n = std::min<size_t>(s.size(), UINT16_MAX);
    Put(static_cast<uint16_t>(n));
    out_->append(s.data(), n);
  }

 private:
  std::string* out_;
};

}  // namespace

void AppendCaptureRecord(const Doc& doc, const PreparedDoc& prepared,
                         std::string* out, const CaptureInputRef* in) {
  out->append("{\"id\":");
  AppendJsonString(out, doc.id);
  out->append(",\"sh\":");
  char num[24];
  out->append(num, std::to_chars(num, num + sizeof num,
                                 SourceHash(doc.source)).ptr);
  out->append(",\"text\":");
  if (in) {
    out->append("\"\"");
  } else {
    AppendJsonString(out, prepared.clean.text);
  }
  thread_local std::string packed;
  Packer pack(&packed);
  pack.Put(kPackVersion);
  pack.Put(static_cast<uint8_t>(in ? kInInput : 0));
  if (in) {
    pack.Put(in->file);
    pack.Put(in->offset);
    pack.Put(in->length);
    pack.Put(in->text_begin);
    pack.Put(in->text_end);
    pack.Put(in->text_hash);
  }
  const auto& spans = prepared.clean.paragraphs;
  pack.Put(static_cast<uint32_t>(spans.size()));
  for (size_t i = 0; i < spans.size(); ++i) {
    const PreparedParagraph& p = prepared.paragraphs[i];
    const ParagraphEvidence& e = p.evidence;
    pack.Put(spans[i].in_begin);
    pack.Put(spans[i].in_end);
    pack.Put(p.hash);
    pack.Put(p.words);
    pack.Put(static_cast<uint8_t>(e.quality));
    pack.Put(static_cast<uint8_t>(e.cls));
    pack.Put(static_cast<uint8_t>(e.weak_cls));
    pack.Put(uint8_t{0});
    pack.Put(e.score);
    pack.Put(e.weak);
    pack.Put(e.words);
    pack.Put(e.sentence_ends);
    pack.Text(e.rule);
    pack.Text(e.weak_rule);
  }
  out->append(",\"p\":\"");
  AppendBase64(out, packed);
  out->push_back('"');
  if (!doc.raw.empty()) {
    out->append(",\"tf\":");
    out->append(std::to_string(doc.text_field));
    out->append(",\"if\":");
    out->append(std::to_string(doc.id_field));
    if (in) {
      out->append("}\n");
      return;
    }
    out->append(",\"r\":");
    // The record without its text: the text lives on in "text".
    if (doc.text_field >= 0) {
      const FieldSpan& f = doc.fields[doc.text_field];
      out->append(doc.raw, 0, f.value_begin);
      out->append("\"\"");
      out->append(doc.raw, f.value_end, std::string::npos);
    } else {
      out->append(doc.raw);
    }
  }
  out->append("}\n");
}

namespace {

Status Bad(const std::string& where, std::string_view what) {
  return DataError(where + ": damaged work record: " + std::string(what));
}
Status Bad(const CaptureWhere& where, std::string_view what) {
  return Bad(where.ToString(), what);
}
Status Bad(const Location& where, std::string_view what) {
  return Bad(where.ToString(), what);
}

// Reads the packed values (the "p" blob, decoded) in order; every read
// is bounds-checked, and `ok` stays false after the first that fails.
class Unpacker {
 public:
  explicit Unpacker(std::string_view s) : s_(s) {}
  template <typename T>
  T Get() {
    T v{};
    if (s_.size() - i_ < sizeof(T)) {
      ok_ = false;
      i_ = s_.size();
      return v;
    }
    std::memcpy(&v, s_.data() + i_, sizeof(T));
    i_ += sizeof(T);
    return v;
  }
  std::string_view Text() {
    const uint16_t n = Get<uint16_t>();
    if (s_.size() - i_ < n) {
      ok_ = false;
      i_ = s_.size();
      return {};
    }
    const std::string_view t = s_.substr(i_, n);
    i_ += n;
    return t;
  }
  bool ok() const { return ok_; }
  bool AtEnd() const { return i_ == s_.size(); }
  size_t left() const { return s_.size() - i_; }

 private:
  std::string_view s_;
  size_t i_ = 0;
  bool ok_ = true;
};

// The "p" value's bytes as a JSON string ("...", no escapes: base64),
// decoded into *blob; the input reference, when the blob holds one, into
// *in (and *has_in). nullptr, or what is wrong.
const char* ReadBlob(std::string_view p, std::string* blob, bool* has_in,
                     CaptureInputRef* in, Unpacker* rest) {
  if (p.size() < 2 || p.front() != '"' || p.back() != '"' ||
      !DecodeBase64(p.substr(1, p.size() - 2), blob)) {
    return "p is not base64";
  }
  Unpacker u(*blob);
  const uint8_t version = u.Get<uint8_t>();
  const uint8_t flags = u.Get<uint8_t>();
  if (!u.ok() || version != kPackVersion || (flags & ~kInInput) != 0) {
    return "p is of another version";
  }
  *has_in = (flags & kInInput) != 0;
  if (*has_in) {
    in->file = u.Get<uint32_t>();
    in->offset = u.Get<uint64_t>();
    in->length = u.Get<uint64_t>();
    in->text_begin = u.Get<uint64_t>();
    in->text_end = u.Get<uint64_t>();
    in->text_hash = u.Get<uint64_t>();
    if (!u.ok()) return "p ends inside the input reference";
  }
  *rest = u;
  return nullptr;
}

// Splits the cleaned text into its paragraphs (one per line, none empty)
// and pairs them with the packed entries that `u` stands before.
template <typename Where, typename Intern>
Status ReadParagraphs(const Where& w, std::string_view text, Unpacker u,
                      const Intern& intern, PreparedDoc* out) {
  auto& spans = out->clean.paragraphs;
  spans.clear();
  out->paragraphs.clear();
  const uint32_t count = u.Get<uint32_t>();
  if (!u.ok() || count > u.left() / kEntryBytes) {
    return Bad(w, "p holds fewer entries than it says");
  }
  spans.reserve(count);
  out->paragraphs.reserve(count);
  size_t pos = 0;
  for (uint32_t k = 0; k < count; ++k) {
    ParagraphSpan s;
    PreparedParagraph pp;
    ParagraphEvidence& e = pp.evidence;
    s.in_begin = u.Get<uint32_t>();
    s.in_end = u.Get<uint32_t>();
    pp.hash = u.Get<uint64_t>();
    pp.words = u.Get<uint32_t>();
    const uint8_t quality = u.Get<uint8_t>();
    const uint8_t cls = u.Get<uint8_t>();
    const uint8_t weak_cls = u.Get<uint8_t>();
    const uint8_t zero = u.Get<uint8_t>();
    e.score = u.Get<float>();
    e.weak = u.Get<float>();
    e.words = u.Get<uint32_t>();
    e.sentence_ends = u.Get<uint32_t>();
    const std::string_view rule = u.Text();
    const std::string_view weak_rule = u.Text();
    if (!u.ok()) return Bad(w, "p ends inside an entry");
    if (quality > 3 || cls >= kBoilerplateClassCount ||
        weak_cls >= kBoilerplateClassCount || zero != 0 ||
        !(e.score >= 0 && e.score <= 1) || !(e.weak >= 0 && e.weak <= 1) ||
        s.in_begin > s.in_end) {
      return Bad(w, "a paragraph entry is out of range");
    }
    e.quality = static_cast<ParagraphQuality>(quality);
    e.cls = static_cast<BoilerplateClass>(cls);
    e.weak_cls = static_cast<BoilerplateClass>(weak_cls);
    if (pos > text.size()) return Bad(w, "more paragraph entries than lines");
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl == pos) return Bad(w, "an empty paragraph");
    s.out_begin = static_cast<uint32_t>(pos);
    s.out_end = static_cast<uint32_t>(nl);
    pos = nl + 1;
    e.rule = intern(rule);
    e.weak_rule = intern(weak_rule);
    spans.push_back(s);
    out->paragraphs.push_back(pp);
  }
  if (!u.AtEnd()) return Bad(w, "p goes on after its entries");
  if (pos < text.size() || (spans.empty() && !text.empty())) {
    return Bad(w, "fewer paragraph entries than lines");
  }
  return OkStatus();
}

// The capture's text: the line's own, or (the blob holding where it is)
// read from its input, with the record when `record` is not null.
template <typename Where>
Status TextOf(const Where& where, std::string_view line_text, bool has_in,
              const CaptureInputRef& ref, CaptureInputReader* input,
              bool verify, std::string* text, std::string* record) {
  if (!has_in) {
    text->assign(line_text);
    return OkStatus();
  }
  if (!line_text.empty()) {
    return Bad(where, "a line with both a text and its place");
  }
  if (!input) return Bad(where, "its text is in an input not given");
  Status st = input->Read(ref, verify, text, record);
  return st.ok() ? st : st.WithPrefix(where.ToString());
}

// The record's text and id fields as the line gives them ("tf", "if"):
// indices among the record's fields; -1 for none (the text field only when
// `text_may_lack`).
Status FieldIndices(const CaptureWhere& where, simdjson::dom::element root,
                    std::string_view record, bool text_may_lack,
                    CaptureRecord* out) {
  int64_t tf = -1, idf = -1;
  if (root["tf"].get_int64().get(tf) || root["if"].get_int64().get(idf)) {
    return Bad(where, "a record without tf or if");
  }
  std::vector<FieldSpan> fields;
  const int n = ScanObjectFields(record, &fields)
                    ? static_cast<int>(fields.size())
                    : 0;
  if (tf < (text_may_lack ? -1 : 0) || tf >= n || idf < -1 || idf >= n) {
    return Bad(where, "tf or if is not a field of the record");
  }
  out->text_field = static_cast<int>(tf);
  out->id_field = static_cast<int>(idf);
  return OkStatus();
}

}  // namespace

struct CaptureParser::Impl {
  simdjson::dom::parser parser;
  std::vector<FieldSpan> fields;  // of the line being parsed
  std::string blob;               // its "p", decoded
  // Rule names, kept for the evidence's rules to point at.
  std::set<std::string, std::less<>> rules;

  std::string_view Intern(std::string_view rule) {
    if (rule.empty()) return {};
    auto it = rules.find(rule);
    if (it == rules.end()) it = rules.emplace(rule).first;
    return *it;
  }
};

CaptureParser::CaptureParser() : impl_(std::make_unique<Impl>()) {}
CaptureParser::~CaptureParser() = default;

std::string CaptureWhere::ToString() const {
  return std::string(file) + (ordinal ? ": capture " : ":") +
         std::to_string(line);
}

Status CaptureParser::Parse(std::string_view line, const CaptureWhere& where,
                            CaptureRecord* out) {
  simdjson::dom::parser* parser = &impl_->parser;
  simdjson::dom::element root;
  if (parser->parse(line.data(), line.size(), true).get(root)) {
    return Bad(where, "not JSON");
  }
  std::string_view id, text, packed;
  uint64_t sh = 0;
  if (root["id"].get_string().get(id) || root["sh"].get_uint64().get(sh) ||
      root["text"].get_string().get(text) ||
      root["p"].get_string().get(packed)) {
    return Bad(where, "missing id, sh, text or p");
  }
  out->id.assign(id);
  out->source_hash = sh;
  // The line's fields as bytes: "p" is decoded from them (ReadBlob), and
  // "r" is copied from them.
  std::vector<FieldSpan>& fields = impl_->fields;
  if (!ScanObjectFields(line, &fields) || fields.empty()) {
    return Bad(where, "fields cannot be scanned");
  }
  std::string_view p;
  for (const FieldSpan& f : fields) {
    if (line.substr(f.key_begin, f.key_end - f.key_begin) == "\"p\"") {
      p = line.substr(f.value_begin, f.value_end - f.value_begin);
    }
  }
  bool has_in = false;
  CaptureInputRef ref;
  Unpacker entries("");
  if (const char* what = ReadBlob(p, &impl_->blob, &has_in, &ref, &entries)) {
    return Bad(where, what);
  }
  // A text kept in the input comes with the record (the line has no "r").
  out->record.clear();
  WINNOW_RETURN_IF_ERROR(TextOf(where, text, has_in, ref, input_,
                                /*verify=*/true, &out->doc.clean.text,
                                &out->record));
  Impl* impl = impl_.get();
  WINNOW_RETURN_IF_ERROR(ReadParagraphs(
      where, out->doc.clean.text, entries,
      [impl](std::string_view r) { return impl->Intern(r); }, &out->doc));
  out->text_field = out->id_field = -1;
  simdjson::dom::element rec;
  if (has_in) {
    return FieldIndices(where, root, out->record, /*text_may_lack=*/false,
                        out);
  }
  if (root["r"].get(rec)) return OkStatus();  // plain text: no record
  // The record's bytes exactly as read: the last field of the line.
  const FieldSpan& last = fields.back();
  if (line.substr(last.key_begin, last.key_end - last.key_begin) != "\"r\"") {
    return Bad(where, "the record is not the last field");
  }
  out->record.assign(
      line.substr(last.value_begin, last.value_end - last.value_begin));
  return FieldIndices(where, root, out->record, /*text_may_lack=*/true, out);
}

Status CaptureParser::ParseParagraphs(const Doc& doc, uint64_t* source_hash,
                                      PreparedDoc* out) {
  const Location& where = doc.location;
  std::string_view p, sh;
  for (const FieldSpan& f : doc.fields) {
    const std::string_view key = doc.FieldKey(f);
    if (key == "\"p\"") p = doc.FieldValue(f);
    if (key == "\"sh\"") sh = doc.FieldValue(f);
  }
  if (p.empty() || sh.empty()) return Bad(where, "missing sh or p");
  auto r = std::from_chars(sh.data(), sh.data() + sh.size(), *source_hash);
  if (r.ec != std::errc() || r.ptr != sh.data() + sh.size()) {
    return Bad(where, "sh is not a number");
  }
  bool has_in = false;
  CaptureInputRef ref;
  Unpacker entries("");
  if (const char* what = ReadBlob(p, &impl_->blob, &has_in, &ref, &entries)) {
    return Bad(where, what);
  }
  // Not verified here: consensus verifies every capture it reads (Parse).
  WINNOW_RETURN_IF_ERROR(TextOf(where, doc.text, has_in, ref, input_,
                                /*verify=*/false, &out->clean.text, nullptr));
  Impl* impl = impl_.get();
  return ReadParagraphs(
      where, out->clean.text, entries,
      [impl](std::string_view rule) { return impl->Intern(rule); }, out);
}

}  // namespace winnow::pipeline
