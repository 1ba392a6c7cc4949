// cues.h (private) — cue phrases and structural cues for the boilerplate
// classes.
//
// A cue is a phrase that page furniture uses and story text rarely does
// ("remind me later", "all rights reserved", "sign up for our newsletter"),
// matched on lowercased words, so punctuation and case do not matter. Each
// cue has a class, a weight (how sure one hit makes us, in [0, 1]), where it
// must match (the whole paragraph, its start, its end, or anywhere) and the
// longest paragraph it applies to: "share" alone is a button, "share" in a
// sentence is a word. Hits on the same class combine as independent
// evidence: score = 1 - prod(1 - weight), the noisy-OR.
//
// Structural cues look at shape rather than words: a credit tail ("...
// April 10, 2023. Korean Central News Agency/Korea News Service via
// AP/TASS"), a line of social network names, a byline, a date alone, a
// copyright sign.
//
// The tables cover English, German, French, Spanish, Italian, Portuguese
// and Russian. Lookup is one hash probe per word of the paragraph.
#ifndef WINNOW_BOILERPLATE_CUES_H_
#define WINNOW_BOILERPLATE_CUES_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "text_features.h"
#include "winnow/paragraph_classifier.h"

namespace winnow::boilerplate {

struct CueEvidence {
  std::array<float, kBoilerplateClassCount> score{};
  std::array<std::string_view, kBoilerplateClassCount> rule{};
  std::array<float, kBoilerplateClassCount> strongest{};
  // The class with the highest score, its score and its strongest rule.
  BoilerplateClass best = BoilerplateClass::kContent;
  float best_score = 0;
  std::string_view best_rule;

  void Add(BoilerplateClass c, float weight, std::string_view rule);
  void Finish();
};

// Adds the cue and structural evidence of one paragraph to `e`. `f` comes
// from ComputeFeatures (its words carry their WordInfo).
void MatchCues(std::string_view text, const TextFeatures& f, CueEvidence* e);

// For the classifier's word table (classifier_words.h): every first word of
// a cue phrase with the cues it heads and the longest paragraph (in words)
// any of them can match, and every word of the structural cues' lists with
// its WordClass bits.
void ForEachCueHead(
    const std::function<void(std::string_view, const std::vector<uint32_t>*,
                             uint32_t)>& fn);
void ForEachClassWord(const std::function<void(std::string_view, uint8_t)>& fn);

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_CUES_H_
