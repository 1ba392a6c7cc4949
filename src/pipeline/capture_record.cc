// The run job's work-file line: writing it, and reading it back.
#include "capture_record.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>

#include "winnow/json.h"

namespace winnow::pipeline {
namespace {

// Writes `v` and then `after` at `at` (24 bytes of room), returns the end.
char* PutUint(char* at, uint64_t v, char after) {
  char* end = std::to_chars(at, at + 23, v).ptr;
  *end = after;
  return end + 1;
}

// The shortest form that reads back as the same float, then `after` (24
// bytes of room: a float's shortest form has at most nine digits, so with
// sign, point and exponent at most fifteen characters).
char* PutFloat(char* at, float v, char after) {
  char* end = at;
  if (v == 0) {
    *end++ = '0';
  } else {
    end = std::to_chars(at, at + 23, v).ptr;
  }
  *end = after;
  return end + 1;
}

}  // namespace

void AppendCaptureRecord(const Doc& doc, const PreparedDoc& prepared,
                         std::string* out, const CaptureInputRef* in) {
  out->append("{\"id\":");
  AppendJsonString(out, doc.id);
  out->append(",\"sh\":");
  char buf[8 * 24];
  out->append(buf, PutUint(buf, SourceHash(doc.source), ','));
  if (in) {
    out->append("\"text\":\"\",\"in\":[");
    char* b = PutUint(buf, in->file, ',');
    b = PutUint(b, in->offset, ',');
    b = PutUint(b, in->length, ',');
    b = PutUint(b, in->text_begin, ',');
    b = PutUint(b, in->text_end, ',');
    b = PutUint(b, in->text_hash, ']');
    out->append(buf, b);
  } else {
    out->append("\"text\":");
    AppendJsonString(out, prepared.clean.text);
  }
  out->append(",\"p\":[");
  const auto& spans = prepared.clean.paragraphs;
  // Each entry's numbers go into the local buffer and reach `out` in three
  // appends, around the two rule strings.
  for (size_t i = 0; i < spans.size(); ++i) {
    const PreparedParagraph& p = prepared.paragraphs[i];
    const ParagraphEvidence& e = p.evidence;
    char* b = buf;
    if (i) *b++ = ',';
    *b++ = '[';
    b = PutUint(b, spans[i].in_begin, ',');
    b = PutUint(b, spans[i].in_end, ',');
    b = PutUint(b, p.hash, ',');
    b = PutUint(b, p.words, ',');
    b = PutUint(b, static_cast<uint64_t>(e.quality), ',');
    b = PutUint(b, static_cast<uint64_t>(e.cls), ',');
    b = PutFloat(b, e.score, ',');
    out->append(buf, b);
    AppendJsonString(out, e.rule);
    b = buf;
    *b++ = ',';
    b = PutUint(b, static_cast<uint64_t>(e.weak_cls), ',');
    b = PutFloat(b, e.weak, ',');
    out->append(buf, b);
    AppendJsonString(out, e.weak_rule);
    b = buf;
    *b++ = ',';
    b = PutUint(b, e.words, ',');
    b = PutUint(b, e.sentence_ends, ']');
    out->append(buf, b);
  }
  out->push_back(']');
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

// Reads the "p" array's bytes as AppendCaptureRecord writes them, without
// a JSON parser: [[u,u,u,u,u,u,f,"s",u,f,"s",u,u],...] with no spaces,
// where u is an unsigned integer, f a number and s a string. The line has
// been read as JSON already; any other shape is damage.
class EntryReader {
 public:
  explicit EntryReader(std::string_view s) : s_(s) {}

  bool AtEnd() const { return i_ == s_.size(); }
  bool Next(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Eat(char c) {
    if (!Next(c)) return false;
    ++i_;
    return true;
  }
  // Decimal digits, by hand: std::from_chars checks every digit for
  // overflow, where nineteen digits cannot overflow and only a twentieth
  // needs the test.
  bool U64(uint64_t* v) {
    const size_t n = s_.size();
    const size_t safe = std::min(n, i_ + 19);
    size_t j = i_;
    uint64_t x = 0;
    while (j < safe && IsDigit(s_[j])) {
      x = x * 10 + static_cast<uint64_t>(s_[j] - '0');
      ++j;
    }
    if (j == i_) return false;
    if (j < n && IsDigit(s_[j])) {
      const uint64_t d = static_cast<uint64_t>(s_[j] - '0');
      if (x > (UINT64_MAX - d) / 10) return false;
      x = x * 10 + d;
      if (++j < n && IsDigit(s_[j])) return false;
    }
    i_ = j;
    *v = x;
    return true;
  }
  bool U32(uint32_t* v) {
    uint64_t x = 0;
    if (!U64(&x) || x > UINT32_MAX) return false;
    *v = static_cast<uint32_t>(x);
    return true;
  }
  bool Class(BoilerplateClass* v) {
    uint32_t x = 0;
    if (!U32(&x) || x >= kBoilerplateClassCount) return false;
    *v = static_cast<BoilerplateClass>(x);
    return true;
  }
  // A score: read as a double and narrowed, so that it is the float that
  // was written (its shortest form reads back as itself).
  bool Score(float* v) {
    double x = 0;
    const auto r = std::from_chars(s_.data() + i_, s_.data() + s_.size(), x);
    if (r.ec != std::errc() || !(x >= 0 && x <= 1)) return false;
    i_ = static_cast<size_t>(r.ptr - s_.data());
    *v = static_cast<float>(x);
    return true;
  }
  // A string; one with escapes is decoded into `scratch`.
  bool String(std::string_view* v, std::string* scratch) {
    if (!Eat('"')) return false;
    const size_t begin = i_;
    bool escaped = false;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        escaped = true;
        ++i_;
      }
      ++i_;
    }
    if (i_ >= s_.size()) return false;
    const std::string_view body = s_.substr(begin, i_ - begin);
    ++i_;
    if (!escaped) {
      *v = body;
      return true;
    }
    scratch->clear();
    if (!JsonUnescape(body, scratch)) return false;
    *v = *scratch;
    return true;
  }

 private:
  static bool IsDigit(char c) {
    return static_cast<unsigned char>(c - '0') < 10;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// One entry's 13 values, after its '['. "not 13 values" when it ends early
// or goes on; "out of range" when a value is not what its place holds.
const char* ReadEntry(EntryReader* r, ParagraphSpan* s, PreparedParagraph* pp,
                      std::string_view* rule, std::string_view* weak_rule,
                      std::string* scratch, std::string* weak_scratch) {
  constexpr const char* kArity = "a paragraph entry is not 13 values";
  constexpr const char* kRange = "a paragraph entry is out of range";
  ParagraphEvidence& e = pp->evidence;
  uint32_t quality = 0;
  for (int k = 0; k < 13; ++k) {
    if (k > 0 && !r->Eat(',')) return r->Next(']') ? kArity : kRange;
    if (r->Next(']')) return kArity;
    bool ok = false;
    switch (k) {
      case 0: ok = r->U32(&s->in_begin); break;
      case 1: ok = r->U32(&s->in_end); break;
      case 2: ok = r->U64(&pp->hash); break;
      case 3: ok = r->U32(&pp->words); break;
      case 4: ok = r->U32(&quality) && quality <= 3; break;
      case 5: ok = r->Class(&e.cls); break;
      case 6: ok = r->Score(&e.score); break;
      case 7: ok = r->String(rule, scratch); break;
      case 8: ok = r->Class(&e.weak_cls); break;
      case 9: ok = r->Score(&e.weak); break;
      case 10: ok = r->String(weak_rule, weak_scratch); break;
      case 11: ok = r->U32(&e.words); break;
      case 12: ok = r->U32(&e.sentence_ends); break;
    }
    if (!ok) return kRange;
  }
  if (!r->Eat(']')) return r->Next(',') ? kArity : kRange;
  if (s->in_begin > s->in_end) return kRange;
  e.quality = static_cast<ParagraphQuality>(quality);
  return nullptr;
}

// The "in" value's bytes, [file,offset,length,text_begin,text_end,
// text_hash], as AppendCaptureRecord writes them.
bool ReadInputRef(std::string_view s, CaptureInputRef* ref) {
  EntryReader r(s);
  return r.Eat('[') && r.U32(&ref->file) && r.Eat(',') &&
         r.U64(&ref->offset) && r.Eat(',') && r.U64(&ref->length) &&
         r.Eat(',') && r.U64(&ref->text_begin) && r.Eat(',') &&
         r.U64(&ref->text_end) && r.Eat(',') && r.U64(&ref->text_hash) &&
         r.Eat(']') && r.AtEnd();
}

// Splits the cleaned text into its paragraphs (one per line, none empty)
// and pairs them with the entries of `p`, the "p" value's bytes.
template <typename Where>
Status ReadParagraphs(const Where& w, std::string_view text,
                      std::string_view p,
                      const std::function<std::string_view(std::string_view)>&
                          intern,
                      PreparedDoc* out) {
  auto& spans = out->clean.paragraphs;
  spans.clear();
  out->paragraphs.clear();
  EntryReader r(p);
  if (!r.Eat('[')) return Bad(w, "p is not an array");
  std::string scratch, weak_scratch;
  size_t pos = 0;
  bool first = true;
  while (!r.Eat(']')) {
    if (!first && !r.Eat(',')) return Bad(w, "p is not an array of entries");
    first = false;
    if (!r.Eat('[')) return Bad(w, "a paragraph entry is not 13 values");
    ParagraphSpan s;
    PreparedParagraph pp;
    std::string_view rule, weak_rule;
    if (const char* what = ReadEntry(&r, &s, &pp, &rule, &weak_rule, &scratch,
                                     &weak_scratch)) {
      return Bad(w, what);
    }
    if (pos > text.size()) return Bad(w, "more paragraph entries than lines");
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl == pos) return Bad(w, "an empty paragraph");
    s.out_begin = static_cast<uint32_t>(pos);
    s.out_end = static_cast<uint32_t>(nl);
    pos = nl + 1;
    pp.evidence.rule = intern(rule);
    pp.evidence.weak_rule = intern(weak_rule);
    spans.push_back(s);
    out->paragraphs.push_back(pp);
  }
  if (!r.AtEnd()) return Bad(w, "p is not an array");
  if (pos < text.size() || (spans.empty() && !text.empty())) {
    return Bad(w, "fewer paragraph entries than lines");
  }
  return OkStatus();
}

}  // namespace

struct CaptureParser::Impl {
  simdjson::dom::parser parser;
  std::vector<FieldSpan> fields;  // of the line being parsed
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
  std::string_view id, text;
  uint64_t sh = 0;
  simdjson::dom::array paras;
  if (root["id"].get_string().get(id) || root["sh"].get_uint64().get(sh) ||
      root["text"].get_string().get(text) ||
      root["p"].get_array().get(paras)) {
    return Bad(where, "missing id, sh, text or p");
  }
  out->id.assign(id);
  out->source_hash = sh;
  // The line's fields as bytes: "p" and "in" are read from them
  // (ReadParagraphs, ReadInputRef), and "r" is copied from them.
  std::vector<FieldSpan>& fields = impl_->fields;
  if (!ScanObjectFields(line, &fields) || fields.empty()) {
    return Bad(where, "fields cannot be scanned");
  }
  std::string_view p, in;
  for (const FieldSpan& f : fields) {
    const std::string_view key = line.substr(f.key_begin, f.key_end - f.key_begin);
    if (key == "\"p\"") {
      p = line.substr(f.value_begin, f.value_end - f.value_begin);
    } else if (key == "\"in\"") {
      in = line.substr(f.value_begin, f.value_end - f.value_begin);
    }
  }
  out->record.clear();
  if (!in.empty()) {
    // The text and the record are the input's.
    CaptureInputRef ref;
    if (!text.empty()) return Bad(where, "a line with both text and in");
    if (!ReadInputRef(in, &ref)) {
      return Bad(where,
                 "in is not [file,offset,length,text_begin,text_end,hash]");
    }
    if (!input_) return Bad(where, "its text is in an input not given");
    Status st = input_->Read(ref, &out->doc.clean.text, &out->record);
    if (!st.ok()) return st.WithPrefix(where.ToString());
  } else {
    out->doc.clean.text.assign(text);
  }
  Impl* impl = impl_.get();
  WINNOW_RETURN_IF_ERROR(ReadParagraphs(
      where, out->doc.clean.text, p,
      [impl](std::string_view r) { return impl->Intern(r); }, &out->doc));
  out->text_field = out->id_field = -1;
  simdjson::dom::element rec;
  if (!in.empty()) {
    int64_t tf = -1, idf = -1;
    if (root["tf"].get_int64().get(tf) || root["if"].get_int64().get(idf)) {
      return Bad(where, "a record without tf or if");
    }
    std::vector<FieldSpan> rec_fields;
    const int n = ScanObjectFields(out->record, &rec_fields)
                      ? static_cast<int>(rec_fields.size())
                      : 0;
    if (tf < 0 || tf >= n || idf < -1 || idf >= n) {
      return Bad(where, "tf or if is not a field of the record");
    }
    out->text_field = static_cast<int>(tf);
    out->id_field = static_cast<int>(idf);
  } else if (!root["r"].get(rec)) {
    int64_t tf = -1, idf = -1;
    if (root["tf"].get_int64().get(tf) || root["if"].get_int64().get(idf)) {
      return Bad(where, "a record without tf or if");
    }
    // The record's bytes exactly as read: the last field of the line.
    const FieldSpan& last = fields.back();
    if (line.substr(last.key_begin, last.key_end - last.key_begin) != "\"r\"") {
      return Bad(where, "the record is not the last field");
    }
    out->record.assign(
        line.substr(last.value_begin, last.value_end - last.value_begin));
    std::vector<FieldSpan> rec_fields;
    const int n = ScanObjectFields(out->record, &rec_fields)
                      ? static_cast<int>(rec_fields.size())
                      : 0;
    if (tf < -1 || tf >= n || idf < -1 || idf >= n) {
      return Bad(where, "tf or if is not a field of the record");
    }
    out->text_field = static_cast<int>(tf);
    out->id_field = static_cast<int>(idf);
  }
  return OkStatus();
}

Status CaptureParser::ParseParagraphs(const Doc& doc, uint64_t* source_hash,
                                      PreparedDoc* out) {
  const Location& where = doc.location;
  std::string_view p, sh, in;
  for (const FieldSpan& f : doc.fields) {
    const std::string_view key = doc.FieldKey(f);
    if (key == "\"p\"") p = doc.FieldValue(f);
    if (key == "\"sh\"") sh = doc.FieldValue(f);
    if (key == "\"in\"") in = doc.FieldValue(f);
  }
  if (p.empty() || sh.empty()) return Bad(where, "missing sh or p");
  auto r = std::from_chars(sh.data(), sh.data() + sh.size(), *source_hash);
  if (r.ec != std::errc() || r.ptr != sh.data() + sh.size()) {
    return Bad(where, "sh is not a number");
  }
  if (!in.empty()) {
    CaptureInputRef ref;
    if (!doc.text.empty()) return Bad(where, "a line with both text and in");
    if (!ReadInputRef(in, &ref)) {
      return Bad(where,
                 "in is not [file,offset,length,text_begin,text_end,hash]");
    }
    if (!input_) return Bad(where, "its text is in an input not given");
    Status st = input_->Read(ref, &out->clean.text, nullptr);
    if (!st.ok()) return st.WithPrefix(where.ToString());
  } else {
    out->clean.text.assign(doc.text);
  }
  Impl* impl = impl_.get();
  return ReadParagraphs(
      where, out->clean.text, p,
      [impl](std::string_view rule) { return impl->Intern(rule); }, out);
}

}  // namespace winnow::pipeline
