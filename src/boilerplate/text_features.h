// text_features.h (private) — what the classifier measures in one paragraph.
//
// One pass over the paragraph's UTF-8 produces its words (lowercased, for
// stopword and cue lookup) and the counts behind every feature: length,
// letters, digits, symbols, capitalization, sentence ends, link-like tokens
// and list separators. Words are maximal runs of letters, marks and digits;
// apostrophes split them ("don't" is "don" + "t", "l'homme" is "l" +
// "homme"), so that the stopword lists can hold the clitics. Han, kana and
// Thai characters, written without spaces, count as one word each.
#ifndef WINNOW_BOILERPLATE_TEXT_FEATURES_H_
#define WINNOW_BOILERPLATE_TEXT_FEATURES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifier_words.h"
#include "winnow/paragraph_classifier.h"

namespace winnow::boilerplate {

struct Word {
  uint32_t lower_begin = 0;  // in TextFeatures::lower
  uint32_t lower_end = 0;
  uint32_t raw_begin = 0;    // in the paragraph text
  uint32_t raw_end = 0;
  bool capitalized = false;  // first letter upper case
  bool all_caps = false;     // two or more letters, all upper case
  bool has_digit = false;
  bool all_digits = false;
  uint32_t stop_bits = 0;    // info->stop_bits, or 0
  // info->cue_max_words when it heads a cue, else 0: the cue matcher's
  // first test, kept here so that it reads no table entry for most words.
  uint32_t cue_max_words = 0;
  const WordInfo* info = nullptr;  // its classifier_words.h entry, or null
};

struct TextFeatures {
  // The words, lowercased, each followed by one space (Word::lower_begin
  // and lower_end index it); a work buffer, longer than what it holds.
  std::string lower;
  std::vector<Word> words;

  uint32_t chars = 0;         // code points
  uint32_t letters = 0;
  uint32_t digits = 0;
  uint32_t symbols = 0;       // neither letter, digit nor space
  uint32_t capitalized = 0;   // words starting with a capital
  uint32_t all_caps = 0;
  uint32_t digit_words = 0;   // words made only of digits
  uint32_t sentence_ends = 0; // . ! ? … followed by a space and a capital
  uint32_t link_tokens = 0;   // URLs, e-mail addresses, @handles, #tags
  uint32_t separators = 0;    // | • · › » > as tokens of their own
  bool terminal = false;      // ends with . ! ? … (closing quotes skipped)
  bool ends_colon = false;
  bool starts_upper = false;  // first letter is a capital
  bool starts_lower = false;
  bool copyright_sign = false;  // "©" or "(c)" followed by a year or name
  bool slash_in_text = false;   // a "/" outside link tokens
  // Words on each language's stopword list (index: Language; [0] stays 0).
  // Left at 0 by TokenizeWords.
  std::array<uint32_t, kLanguageCount> stopwords{};

  std::string_view WordAt(size_t i) const {
    const Word& w = words[i];
    return std::string_view(lower).substr(w.lower_begin,
                                          w.lower_end - w.lower_begin);
  }
  // Stopword hits for `language` (kUnknown: 0).
  uint32_t Stopwords(Language language) const {
    return stopwords[static_cast<int>(language)];
  }
};

// Measures `text`, and looks each word up in the classifier's word table.
// Reuses the storage of `f`. Cost: one pass over the bytes (ASCII in runs
// of word characters, other code points one at a time through utf8proc),
// one hash and one table probe per word.
void ComputeFeatures(std::string_view text, TextFeatures* f);

// The same without the lookups (Word::info and stop_bits stay empty): for
// tokenizing the cue phrases the word table is built from, and for
// ParagraphHash.
void TokenizeWords(std::string_view text, TextFeatures* f);

// ParagraphHash (paragraph_repeats.h) of the measured paragraph: XXH3 of
// its words, lowercased, each run of digits folded to "0", separated by
// single spaces; 0 when no word has a letter. `words` receives the word
// count. Costs a copy of the words, not a second pass over the text.
uint64_t NormalFormHash(const TextFeatures& f, uint32_t* words);

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_TEXT_FEATURES_H_
