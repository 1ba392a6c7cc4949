// The run job's work-file line: writing it, and reading it back.
#include "capture_record.h"

#include <simdjson.h>

#include <charconv>
#include <cstdio>
#include <set>

#include "winnow/json.h"

namespace winnow::pipeline {
namespace {

void AppendUint(std::string* out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// The shortest form that reads back as the same float.
void AppendFloat(std::string* out, float v) {
  if (v == 0) {
    out->push_back('0');
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

}  // namespace

void AppendCaptureRecord(const Doc& doc, const PreparedDoc& prepared,
                         std::string* out) {
  out->append("{\"id\":");
  AppendJsonString(out, doc.id);
  out->append(",\"sh\":");
  AppendUint(out, SourceHash(doc.source));
  out->append(",\"text\":");
  AppendJsonString(out, prepared.clean.text);
  out->append(",\"p\":[");
  const auto& spans = prepared.clean.paragraphs;
  for (size_t i = 0; i < spans.size(); ++i) {
    const PreparedParagraph& p = prepared.paragraphs[i];
    const ParagraphEvidence& e = p.evidence;
    if (i) out->push_back(',');
    out->push_back('[');
    AppendUint(out, spans[i].in_begin);
    out->push_back(',');
    AppendUint(out, spans[i].in_end);
    out->push_back(',');
    AppendUint(out, p.hash);
    out->push_back(',');
    AppendUint(out, p.words);
    out->push_back(',');
    AppendUint(out, static_cast<uint64_t>(e.quality));
    out->push_back(',');
    AppendUint(out, static_cast<uint64_t>(e.cls));
    out->push_back(',');
    AppendFloat(out, e.score);
    out->push_back(',');
    AppendJsonString(out, e.rule);
    out->push_back(',');
    AppendUint(out, static_cast<uint64_t>(e.weak_cls));
    out->push_back(',');
    AppendFloat(out, e.weak);
    out->push_back(',');
    AppendJsonString(out, e.weak_rule);
    out->push_back(',');
    AppendUint(out, e.words);
    out->push_back(',');
    AppendUint(out, e.sentence_ends);
    out->push_back(']');
  }
  out->push_back(']');
  if (!doc.raw.empty()) {
    out->append(",\"tf\":");
    out->append(std::to_string(doc.text_field));
    out->append(",\"if\":");
    out->append(std::to_string(doc.id_field));
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

bool ToU32(simdjson::dom::element e, uint32_t* out) {
  uint64_t v = 0;
  if (e.get_uint64().get(v) || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

bool ToScore(simdjson::dom::element e, float* out) {
  double v = 0;
  if (e.get_double().get(v) || !(v >= 0 && v <= 1)) return false;
  *out = static_cast<float>(v);
  return true;
}

bool ToClass(simdjson::dom::element e, BoilerplateClass* out) {
  uint32_t v = 0;
  if (!ToU32(e, &v) || v >= kBoilerplateClassCount) return false;
  *out = static_cast<BoilerplateClass>(v);
  return true;
}

// Splits the cleaned text into its paragraphs (one per line, none empty)
// and pairs them with the entries of `p`.
template <typename Where>
Status ReadParagraphs(const Where& w, std::string_view text,
                      simdjson::dom::array p,
                      const std::function<std::string_view(std::string_view)>&
                          intern,
                      PreparedDoc* out) {
  auto& spans = out->clean.paragraphs;
  spans.clear();
  out->paragraphs.clear();
  size_t pos = 0;
  for (simdjson::dom::element pe : p) {
    simdjson::dom::array a;
    if (pe.get_array().get(a)) {
      return Bad(w, "a paragraph entry is not 13 values");
    }
    // The values in one pass (a DOM array's at(i) walks from its start).
    simdjson::dom::element v[13];
    size_t count = 0;
    for (simdjson::dom::element e : a) {
      if (count == 13) break;
      v[count++] = e;
    }
    if (count != 13 || a.size() != 13) {
      return Bad(w, "a paragraph entry is not 13 values");
    }
    if (pos > text.size()) return Bad(w, "more paragraph entries than lines");
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl == pos) return Bad(w, "an empty paragraph");
    ParagraphSpan s;
    s.out_begin = static_cast<uint32_t>(pos);
    s.out_end = static_cast<uint32_t>(nl);
    pos = nl + 1;
    PreparedParagraph pp;
    ParagraphEvidence& e = pp.evidence;
    uint32_t quality = 0;
    std::string_view rule, weak_rule;
    uint64_t hash = 0;
    if (!ToU32(v[0], &s.in_begin) || !ToU32(v[1], &s.in_end) ||
        v[2].get_uint64().get(hash) || !ToU32(v[3], &pp.words) ||
        !ToU32(v[4], &quality) || quality > 3 || !ToClass(v[5], &e.cls) ||
        !ToScore(v[6], &e.score) || v[7].get_string().get(rule) ||
        !ToClass(v[8], &e.weak_cls) || !ToScore(v[9], &e.weak) ||
        v[10].get_string().get(weak_rule) || !ToU32(v[11], &e.words) ||
        !ToU32(v[12], &e.sentence_ends) || s.in_begin > s.in_end) {
      return Bad(w, "a paragraph entry is out of range");
    }
    pp.hash = hash;
    e.quality = static_cast<ParagraphQuality>(quality);
    e.rule = intern(rule);
    e.weak_rule = intern(weak_rule);
    spans.push_back(s);
    out->paragraphs.push_back(pp);
  }
  if (pos < text.size() || (spans.empty() && !text.empty())) {
    return Bad(w, "fewer paragraph entries than lines");
  }
  return OkStatus();
}

}  // namespace

struct CaptureParser::Impl {
  simdjson::dom::parser parser;
  simdjson::dom::parser small;  // for one field's value
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
  out->doc.clean.text.assign(text);
  Impl* impl = impl_.get();
  WINNOW_RETURN_IF_ERROR(ReadParagraphs(
      where, out->doc.clean.text, paras,
      [impl](std::string_view r) { return impl->Intern(r); }, &out->doc));
  out->record.clear();
  out->text_field = out->id_field = -1;
  simdjson::dom::element rec;
  if (!root["r"].get(rec)) {
    int64_t tf = -1, idf = -1;
    if (root["tf"].get_int64().get(tf) || root["if"].get_int64().get(idf)) {
      return Bad(where, "a record without tf or if");
    }
    // The record's bytes exactly as read: the last field of the line.
    std::vector<FieldSpan> fields;
    if (!ScanObjectFields(line, &fields) || fields.empty()) {
      return Bad(where, "fields cannot be scanned");
    }
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
  simdjson::dom::element root;
  simdjson::dom::array paras;
  if (impl_->small.parse(p.data(), p.size(), true).get(root) ||
      root.get_array().get(paras)) {
    return Bad(where, "p is not an array");
  }
  out->clean.text.assign(doc.text);
  Impl* impl = impl_.get();
  return ReadParagraphs(
      where, out->clean.text, paras,
      [impl](std::string_view rule) { return impl->Intern(rule); }, out);
}

}  // namespace winnow::pipeline
