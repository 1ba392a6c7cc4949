#include "winnow/clean_step.h"

#include "winnow/json.h"

namespace winnow {
namespace {

class CleanStep final : public DocStep {
 public:
  explicit CleanStep(const CleanOptions& options) : options_(options) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    CleanText(doc.text, options_, &result_);
    doc.text.swap(result_.text);
    CountClean(doc, result_, counters);
    AppendDocJson(doc, {}, out);
    return OkStatus();
  }

 private:
  CleanOptions options_;
  CleanResult result_;
};

}  // namespace

void CountClean(const Doc& doc, const CleanResult& r, Counters* c) {
  const CleanStats& s = r.stats;
  c->Add("clean.invalid_utf8", s.invalid_utf8 + doc.invalid_utf8);
  c->Add("clean.control_chars", s.control_chars);
  c->Add("clean.odd_spaces", s.odd_spaces);
  c->Add("clean.nfc_lines", s.nfc_changed);
  c->Add("clean.wrapped_docs", r.wrap.wrapped ? 1 : 0);
  c->Add("clean.lines_joined", s.lines_joined);
  c->Add("clean.hyphens_joined", s.hyphens_joined);
  c->Add("clean.paragraphs", s.paragraphs);
  c->Add("clean.empty_docs", s.paragraphs == 0 ? 1 : 0);
}

std::unique_ptr<DocStep> NewCleanStep(const CleanOptions& options) {
  return std::make_unique<CleanStep>(options);
}

}  // namespace winnow
