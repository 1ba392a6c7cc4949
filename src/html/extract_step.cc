#include "winnow/extract_step.h"

#include "winnow/json.h"

namespace winnow {
namespace {

bool KeyIs(std::string_view raw_key, std::string_view name) {
  if (raw_key.size() < 2) return false;
  std::string_view body = raw_key.substr(1, raw_key.size() - 2);
  if (body.find('\\') == std::string_view::npos) return body == name;
  std::string unescaped;
  return JsonUnescape(body, &unescaped) && unescaped == name;
}

void AppendField(std::string* out, std::string_view key,
                 std::string_view value) {
  if (out->size() > 1) out->push_back(',');
  AppendJsonString(out, key);
  out->push_back(':');
  AppendJsonStringLossy(out, value);
}

class ExtractStep final : public DocStep {
 public:
  explicit ExtractStep(ExtractStepOptions options)
      : options_(std::move(options)) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    bool page = doc.html;
    WINNOW_RETURN_IF_ERROR(ExtractDoc(doc, options_, counters));
    if (page && doc.text.empty() && options_.skip_empty) {
      counters->Add("extract.skipped_empty", 1);
      return OkStatus();
    }
    AppendDocJson(doc, {}, out);
    return OkStatus();
  }

 private:
  ExtractStepOptions options_;
};

}  // namespace

Status ExtractDoc(Doc& doc, const ExtractStepOptions& options,
                  Counters* counters) {
  if (!doc.html) {
    counters->Add("extract.not_html", 1);
    return OkStatus();
  }
  ExtractedPage page;
  HtmlInput input{doc.text, doc.content_type, doc.url};
  Status st = ExtractHtml(input, options.extract, &page);
  if (!st.ok()) return st.WithPrefix(doc.location.ToString());

  counters->Add("extract.pages", 1);
  counters->Add("extract.empty_pages", page.text.empty() ? 1 : 0);
  counters->Add("extract.paragraphs", page.stats.paragraphs);
  counters->Add("extract.blocks", page.stats.blocks);
  counters->Add("extract.blocks_kept", page.stats.blocks_kept);
  counters->Add("extract.hidden_skipped", page.stats.hidden_skipped);
  counters->Add("extract.charset_converted", page.charset.converted ? 1 : 0);
  counters->Add("extract.charset_unknown", page.charset.unknown_label ? 1 : 0);
  counters->Add("extract.invalid_bytes", page.charset.invalid);

  const PageMetadata& m = page.meta;
  const std::pair<std::string_view, const std::string*> meta_fields[] = {
      {"title", &m.title},       {"author", &m.author},
      {"date", &m.date},         {"language", &m.language},
      {"canonical_url", &m.canonical_url}};

  std::string raw = "{";
  if (doc.raw.empty()) {
    AppendField(&raw, "id", doc.id);
    AppendField(&raw, "url", doc.url);
    for (const auto& [key, value] : meta_fields) AppendField(&raw, key, *value);
    if (!doc.record_id.empty() || !doc.fetch_date.empty()) {
      AppendField(&raw, "fetch_date", doc.fetch_date);
      AppendField(&raw, "warc_record_id", doc.record_id);
    }
    AppendField(&raw, options.text_field, "");
  } else {
    // Carried fields in order, without the page; then what is missing.
    bool has_text = false;
    bool has[5] = {};
    bool has_url = false;
    for (size_t i = 0; i < doc.fields.size(); ++i) {
      if (static_cast<int>(i) == doc.text_field) continue;  // the HTML
      std::string_view key = doc.FieldKey(doc.fields[i]);
      if (raw.size() > 1) raw.push_back(',');
      raw.append(key);
      raw.push_back(':');
      if (KeyIs(key, options.text_field)) {
        has_text = true;
        raw.append("\"\"");
        continue;
      }
      raw.append(doc.FieldValue(doc.fields[i]));
      for (size_t k = 0; k < 5; ++k) {
        if (KeyIs(key, meta_fields[k].first)) has[k] = true;
      }
      if (KeyIs(key, "url")) has_url = true;
    }
    if (!has_url && !doc.url.empty()) AppendField(&raw, "url", doc.url);
    for (size_t k = 0; k < 5; ++k) {
      if (!has[k]) AppendField(&raw, meta_fields[k].first, *meta_fields[k].second);
    }
    if (!has_text) AppendField(&raw, options.text_field, "");
  }
  raw.push_back('}');

  doc.raw = std::move(raw);
  if (!ScanObjectFields(doc.raw, &doc.fields)) {
    return InternalError(doc.location.ToString() +
                         ": extract built an invalid record");
  }
  doc.text_field = doc.id_field = -1;
  for (size_t i = 0; i < doc.fields.size(); ++i) {
    std::string_view key = doc.FieldKey(doc.fields[i]);
    if (doc.text_field < 0 && KeyIs(key, options.text_field)) {
      doc.text_field = static_cast<int>(i);
    }
    if (doc.id_field < 0 && KeyIs(key, "id")) doc.id_field = static_cast<int>(i);
  }
  doc.text = std::move(page.text);
  doc.html = false;
  return OkStatus();
}

std::unique_ptr<DocStep> NewExtractStep(const ExtractStepOptions& options) {
  return std::make_unique<ExtractStep>(options);
}

}  // namespace winnow
