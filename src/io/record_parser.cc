// RecordParser: one RawRecord to one Doc. JSON is parsed and validated with
// simdjson's DOM parser; field byte ranges come from ScanObjectFields.
#include <simdjson.h>

#include "winnow/json.h"
#include "winnow/reader.h"
#include "winnow/utf8.h"
#include "winnow/warc.h"

namespace winnow {
namespace {

std::string_view TypeName(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  switch (t) {
    case T::ARRAY: return "an array";
    case T::OBJECT: return "an object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE: return "a number";
    case T::STRING: return "a string";
    case T::BOOL: return "a boolean";
    case T::NULL_VALUE: return "null";
  }
  return "an unknown value";
}

bool KeyEquals(std::string_view raw_key, std::string_view name,
               std::string* scratch) {
  if (raw_key.size() < 2) return false;
  std::string_view body = raw_key.substr(1, raw_key.size() - 2);
  if (body.find('\\') == std::string_view::npos) return body == name;
  return JsonUnescape(body, scratch) && *scratch == name;
}

int FindField(const Doc& d, std::string_view name, std::string* scratch) {
  for (size_t i = 0; i < d.fields.size(); ++i) {
    if (KeyEquals(d.FieldKey(d.fields[i]), name, scratch)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

struct RecordParser::Impl {
  ReaderOptions options;
  simdjson::dom::parser parser;
  std::string scratch;
  std::string repaired;
  WarcPage warc;
};

RecordParser::RecordParser(ReaderOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

RecordParser::~RecordParser() = default;

Status RecordParser::Parse(const RecordBatch& batch, const RawRecord& r,
                           const std::vector<InputFile>& files, Doc* doc) {
  const InputFile& file = files[r.file];
  Doc& d = *doc;
  d.location = {file.name, r.line, r.byte_offset};
  d.file_index = r.file;
  d.ordinal = r.ordinal;
  d.fields.clear();
  d.text_field = d.id_field = -1;
  d.url.clear();
  d.invalid_utf8 = 0;
  d.html = false;
  d.content_type.clear();
  d.fetch_date.clear();
  d.record_id.clear();
  std::string_view bytes = batch.RecordBytes(r);

  if (r.format == InputFormat::kText || r.format == InputFormat::kHtml) {
    d.id = file.id;
    d.raw.clear();
    d.text.assign(bytes);
    d.source = file.root;
    d.html = r.format == InputFormat::kHtml;
    return OkStatus();
  }
  if (r.format == InputFormat::kWarc) {
    d.raw.clear();
    WarcPage& page = impl_->warc;
    Status st = ParseWarcRecord(bytes, impl_->options.max_record_bytes, &page);
    if (!st.ok()) return st.WithPrefix(d.location.ToString());
    d.text.swap(page.body);
    d.url = std::move(page.target_uri);
    d.record_id = std::move(page.record_id);
    d.fetch_date = std::move(page.date);
    d.content_type = std::move(page.content_type);
    d.id = !d.record_id.empty() ? d.record_id : d.location.ToString();
    d.source = UrlHost(d.url);
    if (d.source.empty()) d.source = file.name;
    d.html = true;
    return OkStatus();
  }

  const ReaderOptions& opt = impl_->options;
  auto where = [&] { return d.location.ToString(); };
  auto parsed = impl_->parser.parse(bytes.data(), bytes.size(), false);
  if (parsed.error() == simdjson::UTF8_ERROR) {
    // Keep the record: replace the invalid bytes, count them, parse again.
    d.invalid_utf8 = RepairUtf8(bytes, &impl_->repaired);
    impl_->repaired.reserve(impl_->repaired.size() + simdjson::SIMDJSON_PADDING);
    bytes = impl_->repaired;
    parsed = impl_->parser.parse(bytes.data(), bytes.size(), false);
  }
  if (parsed.error()) {
    return DataError(where() + ": malformed JSON (" +
                     simdjson::error_message(parsed.error()) + ")");
  }
  simdjson::dom::element root = parsed.value_unsafe();
  if (root.type() != simdjson::dom::element_type::OBJECT) {
    return DataError(where() + ": expected a JSON object, found " +
                     std::string(TypeName(root.type())));
  }
  simdjson::dom::object obj = root.get_object().value_unsafe();

  d.raw.assign(bytes);
  if (!ScanObjectFields(d.raw, &d.fields)) {
    return InternalError(where() + ": cannot locate the fields of a valid "
                         "JSON object");
  }
  if (!opt.html_field.empty()) {
    d.text_field = FindField(d, opt.html_field, &impl_->scratch);
    if (d.text_field < 0) {
      return DataError(where() + ": HTML field \"" + opt.html_field +
                       "\" is missing (--html-field)");
    }
    simdjson::dom::element html_el = obj.at_key(opt.html_field).value_unsafe();
    if (html_el.type() != simdjson::dom::element_type::STRING) {
      return DataError(where() + ": HTML field \"" + opt.html_field +
                       "\" is " + std::string(TypeName(html_el.type())) +
                       ", not a string");
    }
    d.text.assign(html_el.get_string().value_unsafe());
    d.html = true;
  } else {
  d.text_field = FindField(d, opt.text_field, &impl_->scratch);
  if (d.text_field < 0) {
    return DataError(where() + ": text field \"" + opt.text_field +
                     "\" is missing (--text-field)");
  }
  simdjson::dom::element text_el = obj.at_key(opt.text_field).value_unsafe();
  if (text_el.type() != simdjson::dom::element_type::STRING) {
    return DataError(where() + ": text field \"" + opt.text_field + "\" is " +
                     std::string(TypeName(text_el.type())) +
                     ", not a string");
  }
  d.text.assign(text_el.get_string().value_unsafe());
  }

  d.id_field = FindField(d, opt.id_field, &impl_->scratch);
  if (d.id_field >= 0) {
    simdjson::dom::element id_el = obj.at_key(opt.id_field).value_unsafe();
    if (id_el.type() == simdjson::dom::element_type::STRING) {
      d.id.assign(id_el.get_string().value_unsafe());
    } else {
      d.id.assign(d.FieldValue(d.fields[d.id_field]));
    }
  } else {
    d.id = file.name + ":" + std::to_string(r.line);
  }

  std::string_view s;
  d.source.clear();
  if (!obj.at_key("url").get_string().get(s)) {
    d.url.assign(s);
    d.source = UrlHost(s);
  }
  if (d.source.empty()) {
    if (!obj.at_key("source").get_string().get(s) && !s.empty()) {
      d.source.assign(s);
    } else {
      d.source = file.name;
    }
  }
  return OkStatus();
}

std::string Location::ToString() const {
  if (line > 0) return file + ":" + std::to_string(line);
  if (byte_offset > 0) return file + ": byte " + std::to_string(byte_offset);
  return file;
}

}  // namespace winnow
