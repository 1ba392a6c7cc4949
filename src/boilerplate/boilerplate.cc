#include "winnow/boilerplate.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "judge.h"
#include "winnow/json.h"
#include "winnow/clean_step.h"

namespace winnow {
namespace {

// Splits already-clean text into paragraphs (non-empty lines) with spans.
void SplitLines(std::string_view text, CleanResult* r) {
  r->text.assign(text);
  r->paragraphs.clear();
  r->stats = CleanStats();
  r->wrap = WrapAnalysis();
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl > pos) {
      ParagraphSpan s;
      s.out_begin = s.in_begin = static_cast<uint32_t>(pos);
      s.out_end = s.in_end = static_cast<uint32_t>(nl);
      r->paragraphs.push_back(s);
    }
    pos = nl + 1;
  }
  r->stats.paragraphs = r->paragraphs.size();
}

void AppendScore(std::string* out, float score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(score));
  out->append(buf);
}

const std::array<std::string, kBoilerplateClassCount>& RemovedCounterNames() {
  static const auto names = [] {
    std::array<std::string, kBoilerplateClassCount> a;
    for (int i = 0; i < kBoilerplateClassCount; ++i) {
      a[i] = "boilerplate.removed.";
      a[i] += BoilerplateClassName(static_cast<BoilerplateClass>(i));
    }
    return a;
  }();
  return names;
}

}  // namespace

void PrepareBoilerplate(std::string_view text,
                        const BoilerplateOptions& options, bool hash,
                        PreparedDoc* out) {
  if (options.clean_input) {
    CleanText(text, options.clean, &out->clean);
  } else {
    SplitLines(text, &out->clean);
  }
  const CleanResult& c = out->clean;
  const size_t n = c.paragraphs.size();
  thread_local std::vector<Block> blocks;
  thread_local std::vector<ParagraphEvidence> evidence;
  thread_local std::vector<uint64_t> hashes;
  thread_local std::vector<uint32_t> words;
  blocks.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const ParagraphSpan& s = c.paragraphs[i];
    blocks[i] = Block();
    blocks[i].text =
        std::string_view(c.text).substr(s.out_begin, s.out_end - s.out_begin);
  }
  boilerplate::JudgeAndHashBlocks(blocks, options.classifier, &evidence,
                                  hash ? &hashes : nullptr,
                                  hash ? &words : nullptr);
  out->paragraphs.resize(n);
  for (size_t i = 0; i < n; ++i) {
    PreparedParagraph& p = out->paragraphs[i];
    p.evidence = evidence[i];
    p.hash = hash ? hashes[i] : 0;
    p.words = hash ? words[i] : 0;
  }
}

void DecideBoilerplate(const PreparedDoc& doc, uint64_t source_hash,
                       const RepeatIndex* index,
                       const BoilerplateOptions& options,
                       BoilerplateResult* r) {
  const CleanResult& c = doc.clean;
  const size_t n = c.paragraphs.size();
  auto para = [&](size_t i) {
    return std::string_view(c.text).substr(
        c.paragraphs[i].out_begin,
        c.paragraphs[i].out_end - c.paragraphs[i].out_begin);
  };

  // Repeats of each paragraph in its source (and corpus-wide).
  r->repeats.assign(n, 0);
  r->recaptured = false;
  r->repeats_kept_isolated = 0;
  thread_local std::vector<uint8_t> corpus_wide;
  corpus_wide.assign(n, 0);
  if (index) {
    const uint64_t src = source_hash;
    const RepeatOptions& ro = options.repeats;
    thread_local std::vector<uint32_t> freq;
    freq.clear();
    for (size_t i = 0; i < n; ++i) {
      const uint64_t h = doc.paragraphs[i].hash;
      if (h == 0) continue;
      uint32_t k = index->SourceCount(src, h);
      if (k == 0 && ro.corpus_min_repeats > 0 &&
          doc.paragraphs[i].words <= ro.corpus_max_words) {
        k = index->CorpusCount(h).docs;
        corpus_wide[i] = k > 0;
      }
      r->repeats[i] = k;
      freq.push_back(std::max<uint32_t>(k, 1));
    }
    // Re-captures of one story: even the document's rarest paragraphs
    // (its lower quartile) repeat, about F times.
    if (!freq.empty()) {
      std::nth_element(freq.begin(), freq.begin() + freq.size() / 4,
                       freq.end());
      const uint32_t story = freq[freq.size() / 4];
      if (ro.min_repeats > 0 && story >= ro.min_repeats) {
        r->recaptured = true;
        const uint64_t floor = std::max<uint64_t>(ro.min_repeats,
                                                  uint64_t{2} * story);
        for (size_t i = 0; i < n; ++i) {
          if (!corpus_wide[i] && r->repeats[i] < floor) r->repeats[i] = 0;
        }
      }
    }
  }

  // Decide.
  thread_local std::vector<ParagraphEvidence> evidence;
  evidence.resize(n);
  for (size_t i = 0; i < n; ++i) evidence[i] = doc.paragraphs[i].evidence;
  ClassifierOptions co = options.classifier;
  co.repeat_anchor = std::max<uint32_t>(1, options.repeats.min_repeats);
  DecideBlocks(evidence, r->repeats, co, &r->verdicts);

  r->text.clear();
  r->removed.clear();
  for (size_t i = 0; i < n; ++i) {
    const Verdict& v = r->verdicts[i];
    if (v.rule == "repeat.isolated") ++r->repeats_kept_isolated;
    if (v.keep) {
      if (!r->text.empty()) r->text.push_back('\n');
      r->text.append(para(i));
      continue;
    }
    RemovedParagraph rp;
    rp.index = static_cast<uint32_t>(i);
    rp.text.assign(para(i));
    rp.cls = v.cls;
    rp.rule = v.rule;
    if (corpus_wide[i] && v.cls == BoilerplateClass::kRepeat) {
      rp.rule = "repeat.corpus";
    }
    rp.score = v.score;
    rp.repeats = r->repeats[i];
    rp.begin = c.paragraphs[i].in_begin;
    rp.end = c.paragraphs[i].in_end;
    r->removed.push_back(std::move(rp));
  }
}

void RemoveBoilerplate(std::string_view text, std::string_view source,
                       const RepeatIndex* index,
                       const BoilerplateOptions& options,
                       BoilerplateResult* r) {
  thread_local PreparedDoc doc;
  PrepareBoilerplate(text, options, /*hash=*/index != nullptr, &doc);
  DecideBoilerplate(doc, SourceHash(source), index, options, r);
  std::swap(r->clean, doc.clean);
}

void AppendRemovedJson(const std::vector<RemovedParagraph>& removed,
                       std::string* out) {
  out->push_back('[');
  bool first = true;
  for (const RemovedParagraph& p : removed) {
    if (!first) out->push_back(',');
    first = false;
    out->append("{\"paragraph\":");
    out->append(std::to_string(p.index));
    out->append(",\"class\":");
    AppendJsonString(out, BoilerplateClassName(p.cls));
    out->append(",\"rule\":");
    AppendJsonString(out, p.rule);
    out->append(",\"score\":");
    AppendScore(out, p.score);
    if (p.repeats > 0) {
      out->append(",\"repeats\":");
      out->append(std::to_string(p.repeats));
    }
    out->append(",\"begin\":");
    out->append(std::to_string(p.begin));
    out->append(",\"end\":");
    out->append(std::to_string(p.end));
    out->append(",\"text\":");
    AppendJsonString(out, p.text);
    out->push_back('}');
  }
  out->push_back(']');
}

void CountBoilerplate(const BoilerplateResult& r, Counters* c) {
  c->Add("boilerplate.paragraphs", r.verdicts.size());
  c->Add("boilerplate.removed", r.removed.size());
  const auto& names = RemovedCounterNames();
  uint64_t bytes = 0;
  for (const RemovedParagraph& p : r.removed) {
    c->Add(names[static_cast<int>(p.cls)]);
    bytes += p.text.size();
  }
  c->Add("boilerplate.bytes_removed", bytes);
  c->Add("boilerplate.docs_changed", r.removed.empty() ? 0 : 1);
  c->Add("boilerplate.docs_emptied",
         !r.verdicts.empty() && r.text.empty() ? 1 : 0);
  c->Add("boilerplate.repeats_kept_isolated", r.repeats_kept_isolated);
  c->Add("boilerplate.recaptured_docs", r.recaptured ? 1 : 0);
}

namespace {

class RepeatCountStep final : public DocStep {
 public:
  RepeatCountStep(RepeatCounter* counter, const BoilerplateOptions& options)
      : shard_(counter->NewShard()), options_(options) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    if (options_.clean_input) {
      CleanText(doc.text, options_.clean, &clean_);
    } else {
      SplitLines(doc.text, &clean_);
    }
    hashes_.clear();
    for (const ParagraphSpan& s : clean_.paragraphs) {
      hashes_.push_back(ParagraphHash(std::string_view(clean_.text).substr(
          s.out_begin, s.out_end - s.out_begin)));
    }
    shard_->AddDocument(SourceHash(doc.source), hashes_);
    counters->Add("repeats.documents");
    return OkStatus();
  }

 private:
  std::unique_ptr<RepeatCounter::Shard> shard_;
  BoilerplateOptions options_;
  CleanResult clean_;
  std::vector<uint64_t> hashes_;
};

class BoilerplateStep final : public DocStep {
 public:
  BoilerplateStep(const BoilerplateOptions& options, const RepeatIndex* index)
      : options_(options), index_(index) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    RemoveBoilerplate(doc.text, doc.source, index_, options_, &result_);
    if (options_.clean_input) CountClean(doc, result_.clean, counters);
    CountBoilerplate(result_, counters);
    doc.text.swap(result_.text);
    extra_.clear();
    if (options_.explain) {
      OutputField f;
      f.key = "removed";
      AppendRemovedJson(result_.removed, &f.json);
      extra_.push_back(std::move(f));
    }
    AppendDocJson(doc, extra_, out);
    return OkStatus();
  }

 private:
  BoilerplateOptions options_;
  const RepeatIndex* index_;
  BoilerplateResult result_;
  std::vector<OutputField> extra_;
};

class ClassifyStep final : public DocStep {
 public:
  explicit ClassifyStep(const BoilerplateOptions& options)
      : options_(options) {}

  Status Process(Doc& doc, std::string* out, Counters* counters) override {
    RemoveBoilerplate(doc.text, doc.source, nullptr, options_, &result_);
    blocks_.clear();
    const CleanResult& c = result_.clean;
    for (const ParagraphSpan& s : c.paragraphs) {
      Block b;
      b.text = std::string_view(c.text).substr(s.out_begin,
                                               s.out_end - s.out_begin);
      blocks_.push_back(b);
    }
    Language lang = GuessLanguage(blocks_);
    out->append("{\"id\":");
    AppendJsonString(out, doc.id);
    out->append(",\"language\":");
    AppendJsonString(out, LanguageCode(lang));
    out->append(",\"verdicts\":[");
    for (size_t i = 0; i < result_.verdicts.size(); ++i) {
      const Verdict& v = result_.verdicts[i];
      if (i) out->push_back(',');
      out->append(v.keep ? "{\"keep\":true" : "{\"keep\":false");
      out->append(",\"class\":");
      AppendJsonString(out, BoilerplateClassName(v.keep ? v.leaning : v.cls));
      out->append(",\"rule\":");
      AppendJsonString(out, v.rule);
      out->append(",\"score\":");
      AppendScore(out, v.score);
      out->push_back('}');
    }
    out->append("]}\n");
    CountBoilerplate(result_, counters);
    return OkStatus();
  }

 private:
  BoilerplateOptions options_;
  BoilerplateResult result_;
  std::vector<Block> blocks_;
};

}  // namespace

std::unique_ptr<DocStep> NewRepeatCountStep(RepeatCounter* counter,
                                            const BoilerplateOptions& options) {
  return std::make_unique<RepeatCountStep>(counter, options);
}

std::unique_ptr<DocStep> NewBoilerplateStep(const BoilerplateOptions& options,
                                            const RepeatIndex* index) {
  return std::make_unique<BoilerplateStep>(options, index);
}

std::unique_ptr<DocStep> NewClassifyStep(const BoilerplateOptions& options) {
  return std::make_unique<ClassifyStep>(options);
}

}  // namespace winnow
