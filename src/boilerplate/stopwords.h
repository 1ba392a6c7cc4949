// stopwords.h (private) — the stopword lists behind stopword density and
// language guessing.
//
// Stopwords are the function words of a language (articles, pronouns,
// prepositions, auxiliaries). Running text is full of them; menus, credits,
// keyword lists and interface strings are not, which makes their density the
// most language-independent single feature of prose (jusText, Pomikálek
// 2011, section 3.2). The lists are written for winnow: the most frequent
// function words of each language, lowercase, apostrophes split off
// ("l'homme" is "l" + "homme").
#ifndef WINNOW_BOILERPLATE_STOPWORDS_H_
#define WINNOW_BOILERPLATE_STOPWORDS_H_

#include <cstdint>
#include <string_view>

#include "winnow/paragraph_classifier.h"

namespace winnow::boilerplate {

// Bit (1 << Language) for each language whose list holds `lower_word`
// (already lowercase; `hash` is its WordHash); 0 for none.
uint32_t StopwordLanguages(uint64_t hash, std::string_view lower_word);

inline constexpr uint32_t LanguageBit(Language l) {
  return uint32_t{1} << static_cast<int>(l);
}

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_STOPWORDS_H_
