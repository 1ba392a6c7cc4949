// classifier_words.h (private) — every word the paragraph classifier knows,
// in one table.
//
// The classifier asks three things of each word of a paragraph: which
// stopword lists hold it (stopwords.h), which cue phrases start with it
// (cues.h), and which word classes the structural cues give it (credit
// words, agencies, social networks, date words). One table answers all
// three, so ComputeFeatures probes it once per word and keeps a pointer to
// the entry (Word::info); nothing later looks a word up again.
//
// Built on first use from the lists in stopwords.cc and cues.cc, then
// read-only and shared by every thread. Words not in the table (most words
// of running text) have no entry.
#ifndef WINNOW_BOILERPLATE_CLASSIFIER_WORDS_H_
#define WINNOW_BOILERPLATE_CLASSIFIER_WORDS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "word_table.h"

namespace winnow::boilerplate {

// Word classes of the structural cues, as bits.
enum WordClass : uint8_t {
  kCredit = 1,  // agencies and credit words: "reuters", "photo", "courtesy"
  kAgency = 2,  // the agencies among them
  kSocial = 4,  // social networks and share-row words
  kDate = 8,    // month and weekday names, times, date particles
};

struct WordInfo {
  uint32_t stop_bits = 0;  // LanguageBit() of each stopword list holding it
  uint8_t classes = 0;     // WordClass bits
  // Indices of the cue phrases whose first word this is (cues.cc), or null,
  // and the longest paragraph (in words) any of them can match.
  const std::vector<uint32_t>* cue_heads = nullptr;
  uint32_t cue_max_words = 0;
};

// The table (built on the first call).
const WordTable<WordInfo>& ClassifierWords();

// The entry of `lower_word` (lowercase, as TextFeatures holds it; `hash` is
// its WordHash), or null.
inline const WordInfo* FindClassifierWord(uint64_t hash,
                                          std::string_view lower_word) {
  return ClassifierWords().Find(hash, lower_word);
}

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_CLASSIFIER_WORDS_H_
