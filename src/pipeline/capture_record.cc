// The run job's work-file line: writing it, and reading it back.
#include "capture_record.h"

#include <simdjson.h>

#include <cstdio>
#include <set>

#include "winnow/json.h"

namespace winnow::pipeline {

void AppendCaptureRecord(const Doc& doc, const BoilerplateResult& r,
                         std::string* out) {
  out->append("{\"id\":");
  AppendJsonString(out, doc.id);
  out->append(",\"text\":");
  AppendJsonString(out, r.text);
  out->append(",\"clean\":");
  AppendJsonString(out, r.clean.text);
  out->append(",\"p\":[");
  const auto& spans = r.clean.paragraphs;
  for (size_t i = 0; i < spans.size(); ++i) {
    const Verdict v = i < r.verdicts.size() ? r.verdicts[i] : Verdict{};
    const uint32_t repeats = i < r.repeats.size() ? r.repeats[i] : 0;
    if (i) out->push_back(',');
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%u,%u,%u,%u,%d,%d,", spans[i].out_begin,
                  spans[i].out_end, spans[i].in_begin, spans[i].in_end,
                  v.keep ? 1 : 0, static_cast<int>(v.cls));
    out->append(buf);
    AppendJsonString(out, v.rule);
    // %.9g: every float reads back as itself.
    std::snprintf(buf, sizeof buf, ",%.9g,%u,%d]", static_cast<double>(v.score),
                  repeats, static_cast<int>(v.leaning));
    out->append(buf);
  }
  out->push_back(']');
  if (!doc.raw.empty()) {
    char buf[64];
    std::snprintf(buf, sizeof buf,
                  ",\"tf\":%d,\"if\":%d,\"r\":", doc.text_field, doc.id_field);
    out->append(buf);
    // The record without its text: the text lives on in "clean".
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

bool ToU32(simdjson::dom::element e, uint32_t* out) {
  uint64_t v = 0;
  if (e.get_uint64().get(v) || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

}  // namespace

struct CaptureParser::Impl {
  simdjson::dom::parser parser;
  // Rule names, kept for Verdict::rule to point at.
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

Status CaptureParser::Parse(std::string_view line, const std::string& where,
                            CaptureRecord* out) {
  simdjson::dom::parser* parser = &impl_->parser;
  simdjson::dom::element root;
  if (parser->parse(line.data(), line.size(), true).get(root)) {
    return Bad(where, "not JSON");
  }
  std::string_view id, clean;
  simdjson::dom::array paras;
  if (root["id"].get_string().get(id) ||
      root["clean"].get_string().get(clean) ||
      root["p"].get_array().get(paras)) {
    return Bad(where, "missing id, clean or p");
  }
  out->id.assign(id);
  out->clean.assign(clean);
  out->paragraphs.clear();
  for (simdjson::dom::element pe : paras) {
    simdjson::dom::array a;
    if (pe.get_array().get(a) || a.size() != 10) {
      return Bad(where, "a paragraph entry is not 10 values");
    }
    CaptureParagraph p;
    uint32_t keep = 0, cls = 0, leaning = 0;
    std::string_view rule;
    double score = 0;
    if (!ToU32(a.at(0), &p.out_begin) || !ToU32(a.at(1), &p.out_end) ||
        !ToU32(a.at(2), &p.in_begin) || !ToU32(a.at(3), &p.in_end) ||
        !ToU32(a.at(4), &keep) || !ToU32(a.at(5), &cls) ||
        a.at(6).get_string().get(rule) || a.at(7).get_double().get(score) ||
        !ToU32(a.at(8), &p.repeats) || !ToU32(a.at(9), &leaning) ||
        p.out_begin > p.out_end || p.out_end > out->clean.size() ||
        cls >= kBoilerplateClassCount || leaning >= kBoilerplateClassCount ||
        !(score >= 0 && score <= 1)) {
      return Bad(where, "a paragraph entry is out of range");
    }
    p.verdict.keep = keep != 0;
    p.verdict.cls = static_cast<BoilerplateClass>(cls);
    p.verdict.leaning = static_cast<BoilerplateClass>(leaning);
    p.verdict.rule = impl_->Intern(rule);
    p.verdict.score = static_cast<float>(score);
    out->paragraphs.push_back(p);
  }
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

}  // namespace winnow::pipeline
