// boilerplate.h — the boilerplate stage: what is removed from each
// document, and the record of why.
//
// For one document, RemoveBoilerplate() cleans the text (clean.h), looks up
// each paragraph in the repeated-paragraph index of pass 1
// (paragraph_repeats.h), classifies the paragraphs (paragraph_classifier.h)
// and keeps those judged story content. Every removed paragraph is recorded
// with its class, the rule that decided, a score, how often it repeats in
// its source, and the byte range it came from in the document's original
// text, so a user can audit each removal against the input.
//
// As a job (`winnow boilerplate`), two streaming passes:
//
//   auto counter = winnow::RepeatCounter::Create(options.repeats, threads);
//   RunStream(inputs, ..., [&] { return NewRepeatCountStep(counter->get(),
//                                                            options); }, ...);
//   auto index = (*counter)->Finish();
//   RunStream(inputs, ..., [&] { return NewBoilerplateStep(options, &*index); },
//             out, ...);
//
// `winnow run` reads its input once: it calls PrepareBoilerplate() on each
// document as it counts the repeats, stores the result, and calls
// DecideBoilerplate() on it once the counts exist.
//
// Re-captures. Several captures of one story from one source share all
// their paragraphs; that is not a template. In a document whose rarest
// paragraphs (the lower quartile of its paragraphs' frequencies, F) repeat
// too, the story's own paragraphs occur about as often as the story was
// captured; there a paragraph counts as repeated only if it occurs in at
// least max(min_repeats, 2F) documents — more often than the story it sits
// in.
//
// Counters (per run): boilerplate.paragraphs, boilerplate.removed,
// boilerplate.removed.<class> for each class, boilerplate.bytes_removed,
// boilerplate.docs_changed, boilerplate.docs_emptied,
// boilerplate.repeats_kept_isolated, boilerplate.recaptured_docs;
// pass 1: repeats.documents.
//
// Cost: cleaning plus classification, linear in the text; one binary search
// in the index per paragraph.
#ifndef WINNOW_BOILERPLATE_H_
#define WINNOW_BOILERPLATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/clean.h"
#include "winnow/counters.h"
#include "winnow/paragraph_classifier.h"
#include "winnow/paragraph_repeats.h"
#include "winnow/stream.h"

namespace winnow {

struct BoilerplateOptions {
  // Clean the text first (clean.h). Off: the text already has one
  // paragraph per line (the output of `winnow clean`), used as is.
  bool clean_input = true;
  CleanOptions clean;
  ClassifierOptions classifier;
  // Pass 1's thresholds and budgets; pass 2 reads min_repeats and the
  // corpus-wide fallback's corpus_max_words from here.
  RepeatOptions repeats;
  // Add the `removed` list to each output record.
  bool explain = false;
};

struct RemovedParagraph {
  uint32_t index = 0;  // paragraph number in the cleaned text, 0-based
  std::string text;
  BoilerplateClass cls = BoilerplateClass::kContent;
  std::string_view rule;
  float score = 0;
  uint32_t repeats = 0;  // documents of the source holding it (0: unknown
                         // or below min_repeats)
  // Where it came from in the document's original text (bytes of the
  // decoded text, before cleaning): [begin, end).
  uint32_t begin = 0, end = 0;
};

struct BoilerplateResult {
  std::string text;  // the kept paragraphs, one per line
  CleanResult clean;
  std::vector<Verdict> verdicts;  // one per cleaned paragraph
  std::vector<uint32_t> repeats;  // one per cleaned paragraph
  std::vector<RemovedParagraph> removed;
  bool recaptured = false;         // see "Re-captures" above
  uint32_t repeats_kept_isolated = 0;
};

// Cleans and classifies one document. `index` may be null (no pass 1):
// then only the classifier removes.
void RemoveBoilerplate(std::string_view text, std::string_view source,
                       const RepeatIndex* index,
                       const BoilerplateOptions& options,
                       BoilerplateResult* result);

// Appends the `removed` list as a JSON array:
//   [{"paragraph":9,"class":"appeal","rule":"context.tail-block",
//     "score":0.75,"begin":1562,"end":1594,"text":"A Message from ..."}]
// ("repeats" is added when known).
// RemoveBoilerplate in two halves, for a job that reads each document once,
// before the repeat counts exist (winnow run): PrepareBoilerplate cleans the
// text, hashes each paragraph (ParagraphHash) and judges it alone
// (JudgeBlocks); once the index exists, DecideBoilerplate finishes the
// result exactly as RemoveBoilerplate would. A PreparedDoc can be stored in
// between (its clean text and spans, and per paragraph the hash, word count
// and evidence) and rebuilt from the stored values.
struct PreparedParagraph {
  uint64_t hash = 0;   // ParagraphHash; 0 when it has no letters
  uint32_t words = 0;  // ParagraphHash's word count
  ParagraphEvidence evidence;
};

struct PreparedDoc {
  // The cleaned text and its paragraph spans (only clean.text and
  // clean.paragraphs are read by DecideBoilerplate).
  CleanResult clean;
  std::vector<PreparedParagraph> paragraphs;  // one per clean paragraph
};

// `hash`: compute PreparedParagraph::hash and words (needed only with a
// repeat index).
void PrepareBoilerplate(std::string_view text,
                        const BoilerplateOptions& options, bool hash,
                        PreparedDoc* out);

// Fills every field of `result` but `clean`, which stays as it was (the
// caller holds the prepared copy). `source_hash` is SourceHash(source).
void DecideBoilerplate(const PreparedDoc& doc, uint64_t source_hash,
                       const RepeatIndex* index,
                       const BoilerplateOptions& options,
                       BoilerplateResult* result);

void AppendRemovedJson(const std::vector<RemovedParagraph>& removed,
                       std::string* out);

// Adds one document's counts to `counters`.
void CountBoilerplate(const BoilerplateResult& result, Counters* counters);

// Pass 1: cleans each document and adds its paragraph hashes to `counter`.
// Writes nothing. `counter` must outlive the steps.
std::unique_ptr<DocStep> NewRepeatCountStep(RepeatCounter* counter,
                                            const BoilerplateOptions& options);

// Pass 2: writes each document with its text replaced by the kept
// paragraphs, plus `removed` when options.explain. `index` may be null and
// must outlive the steps.
std::unique_ptr<DocStep> NewBoilerplateStep(const BoilerplateOptions& options,
                                            const RepeatIndex* index);

// Diagnostic: writes, per document, {"id", "language", "verdicts": [{"keep",
// "class", "rule", "score"}, ...]} for each paragraph (each line of the
// text when options.clean_input is false).
std::unique_ptr<DocStep> NewClassifyStep(const BoilerplateOptions& options);

}  // namespace winnow

#endif  // WINNOW_BOILERPLATE_H_
