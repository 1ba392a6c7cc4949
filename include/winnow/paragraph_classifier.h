// paragraph_classifier.h — is this paragraph part of the story, or part of
// the page?
//
// A captured article carries text that belongs to the page, not to the
// story: photo captions and agency credits, donation and subscription
// appeals, newsletter sign-ups, share and follow prompts, cookie notices,
// interface strings ("Read more", "Remind me later", "Sign in"), legal
// footers, menus. ClassifyBlocks() scores every paragraph of one document
// and says, for each, whether to keep it, and if not, why: a class, the rule
// that decided, and a score.
//
// How it decides. The design follows jusText (J. Pomikálek, "Removing
// Boilerplate and Duplicate Content from Web Corpora", PhD thesis, Masaryk
// University, 2011): each paragraph is first judged on its own, then
// uncertain ones are decided by their neighbours.
//
//  1. Features that generalize across sites: length, stopword density in the
//     document's language (stopword lists for English, German, French,
//     Spanish, Italian, Portuguese and Russian; the language is guessed from
//     stopword hits over the whole document), which with length makes
//     jusText's paragraph quality (prose or not), sentence structure
//     (terminal punctuation, sentences, capitalization), link-like tokens
//     (URLs, e-mail addresses, @handles), digit and symbol ratios, and —
//     from callers that know them — link density and the kind of block
//     (caption) from the HTML, and how often the paragraph repeats across
//     the source's documents (paragraph_repeats.h). Link density and
//     link tokens are weak evidence: lists of links are the content of
//     many pages.
//  2. Cue phrases for the classes users care about, in the seven languages,
//     combined as independent evidence (noisy-OR), plus one structural cue:
//     a credit tail ("... via AP/TASS", "Photo: Reuters/...").
//  3. Context. A run of paragraphs with evidence that reaches the start or
//     the end of the document and holds a strong cue goes as a block; inside
//     an appeal, a newsletter box or a consent notice the run also takes the
//     plain prose between its cue paragraphs (an appeal from "A Message from
//     ...:" to "Remind me later."). Short paragraphs with weak evidence ("Learn
//     more", a date, a row of separators) go when removed paragraphs enclose
//     them. Paragraphs repeated across the source go at the edges or next to
//     a repeat of the same frequency, and stay alone inside the story.
//
// No rule names a site. Short lines without any evidence always stay: in
// plain text a menu label and a story's list item, heading or table cell
// look the same (jusText's rule that removes short lines between
// boilerplate costs several times more story text than it removes menus on
// the WCXB pages; see docs/results/boilerplate_quality.md).
//
//   std::vector<winnow::Block> blocks;
//   for (std::string_view p : paragraphs) blocks.push_back({.text = p});
//   std::vector<winnow::Verdict> verdicts;
//   winnow::ClassifyBlocks(blocks, {}, &verdicts);
//   // verdicts[i].keep, .cls, .rule, .score
//
// Scores are boilerplate scores in [0, 1]; a paragraph is removed when its
// score reaches ClassifierOptions::threshold. The score of a kept paragraph
// still says how boilerplate-like it looks, which cluster consensus uses for
// paragraphs only one capture has (consensus.h).
//
// Cost: linear in the text — one pass over each paragraph's bytes, one hash
// and one table probe per word (the stopword, cue and word-class lists share
// one table); scratch space is reused across the documents of a thread.
// About 245 MB/s on one core (docs/BENCHMARKS.md). Never fails: any valid
// UTF-8 is valid input (invalid bytes are read as non-letters).
#ifndef WINNOW_PARAGRAPH_CLASSIFIER_H_
#define WINNOW_PARAGRAPH_CLASSIFIER_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace winnow {

// Why a paragraph is not story content. kContent is the class of kept
// paragraphs.
enum class BoilerplateClass : uint8_t {
  kContent = 0,
  kCaption,     // photo captions and credits
  kAppeal,      // donation, membership and subscription appeals
  kNewsletter,  // newsletter and e-mail sign-ups
  kShare,       // share and follow prompts, social links
  kCookie,      // cookie and consent notices
  kInterface,   // interface strings: "Read more", "Sign in", "Advertisement"
  kLegal,       // copyright lines, legal footers, terms and privacy links
  kNavigation,  // menus, breadcrumbs, link lists
  kMetadata,    // bylines, datelines, reading times standing alone
  kNoise,       // digits, symbols, link lists without words
  kRepeat,      // repeated across the source's documents
  kUnsupported, // consensus: one capture of several has it, and it looks
                // like boilerplate
};
inline constexpr int kBoilerplateClassCount = 13;

// "content", "caption", "appeal", ...: the names used in output records.
std::string_view BoilerplateClassName(BoilerplateClass c);

// What the caller knows about a block besides its text. Plain text knows
// nothing; the HTML extractor knows the element. Only kCaption changes a
// verdict today (a caption element is a caption); the others let the
// extractor say what it knows, for rules that need it.
enum class ParagraphKind : uint8_t {
  kUnknown = 0,
  kParagraph,  // <p> and similar running text
  kHeading,    // <h1>-<h6>
  kListItem,   // <li>, <dd>
  kCaption,    // <figcaption>, <caption>
  kTableCell,  // <td>, <th>
};

// One paragraph to classify: its text (one line, cleaned: see clean.h) and
// what else is known about it.
struct Block {
  std::string_view text;
  ParagraphKind kind = ParagraphKind::kUnknown;
  // Fraction of the text's characters inside links, in [0, 1]; negative when
  // unknown (plain text).
  float link_density = -1.0f;
  // Documents of the same source that carry this paragraph (this one
  // included); 0 when unknown. At or above ClassifierOptions::repeat_anchor
  // the paragraph counts as boilerplate evidence for its neighbours.
  uint32_t repeats = 0;
};

enum class Language : uint8_t {
  kUnknown = 0,
  kEnglish,
  kGerman,
  kFrench,
  kSpanish,
  kItalian,
  kPortuguese,
  kRussian,
};
inline constexpr int kLanguageCount = 8;

// "en", "de", ...; "" for kUnknown.
std::string_view LanguageCode(Language l);

// Guesses the language of a document from stopword hits over its blocks:
// the language with the most hits, if it has at least 3 and clearly more
// than the runner-up; else kUnknown.
Language GuessLanguage(std::span<const Block> blocks);

// Guesses the language of one string (same rule).
Language GuessLanguage(std::string_view text);

// The verdict on one paragraph.
struct Verdict {
  bool keep = true;
  BoilerplateClass cls = BoilerplateClass::kContent;
  // Which cue or feature decided, e.g. "cue.interface", "tail.block",
  // "context.between-boilerplate", "feature.link-tokens"; "" when kept with
  // no boilerplate evidence at all. Points to static storage.
  std::string_view rule;
  // Boilerplate score in [0, 1].
  float score = 0.0f;
  // For a kept paragraph with some evidence, the class that evidence points
  // to (consensus reports it when it drops the paragraph).
  BoilerplateClass leaning = BoilerplateClass::kContent;
};

// jusText's paragraph qualities (Pomikálek 2011, section 3.2): long prose
// with many stopwords, prose with some, short, and the rest.
enum class ParagraphQuality : uint8_t { kGood, kNearGood, kShort, kBad };

// What one paragraph says about itself, given the document's language:
// the first half of a verdict (see JudgeBlocks).
struct ParagraphEvidence {
  ParagraphQuality quality = ParagraphQuality::kShort;
  // Decisive evidence (score >= 0.5): its class and rule; else 0.
  float score = 0;
  BoilerplateClass cls = BoilerplateClass::kContent;
  std::string_view rule;  // static storage, like Verdict::rule
  // Weaker evidence, for runs of boilerplate and for Verdict::leaning.
  float weak = 0;
  BoilerplateClass weak_cls = BoilerplateClass::kContent;
  std::string_view weak_rule;
  uint32_t words = 0;          // words of the paragraph
  uint32_t sentence_ends = 0;  // sentence boundaries inside it
};

struct ClassifierOptions {
  // A paragraph is removed when its score reaches this.
  float threshold = 0.5f;
  // Context rules (edge blocks, short paragraphs between boilerplate). Off:
  // each paragraph is judged alone.
  bool use_context = true;
  // Block::repeats at or above this marks a paragraph as repeated
  // boilerplate evidence. 0: ignore Block::repeats.
  uint32_t repeat_anchor = 3;
  // Forces a language for stopword density instead of guessing.
  Language language = Language::kUnknown;
};

// Classifies the blocks of one document, in document order. `verdicts` is
// resized to blocks.size().
void ClassifyBlocks(std::span<const Block> blocks,
                    const ClassifierOptions& options,
                    std::vector<Verdict>* verdicts);

// ClassifyBlocks in two halves, for a caller that reads each document once
// before the repeat counts exist (winnow run reads its input once, counting
// repeats, and decides later): JudgeBlocks gives each paragraph's own
// evidence (features, cues, quality; the costly half), DecideBlocks adds
// the repeat counts (`repeats[i]`, as Block::repeats) and the context.
// ClassifyBlocks(b) equals DecideBlocks(JudgeBlocks(b), b's repeats).
void JudgeBlocks(std::span<const Block> blocks,
                 const ClassifierOptions& options,
                 std::vector<ParagraphEvidence>* evidence);
void DecideBlocks(std::span<const ParagraphEvidence> evidence,
                  std::span<const uint32_t> repeats,
                  const ClassifierOptions& options,
                  std::vector<Verdict>* verdicts);

// Convenience for cleaned text: one paragraph per line.
void ClassifyParagraphs(std::string_view clean_text,
                        const ClassifierOptions& options,
                        std::vector<Verdict>* verdicts);

}  // namespace winnow

#endif  // WINNOW_PARAGRAPH_CLASSIFIER_H_
