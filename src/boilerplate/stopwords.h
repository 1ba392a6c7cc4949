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
#include <functional>
#include <string_view>

#include "winnow/paragraph_classifier.h"

namespace winnow::boilerplate {

// Calls `fn` with every word of every list and the list's language. The
// classifier's word table (classifier_words.h) is built from these; a word
// on several lists comes once per list.
void ForEachStopword(
    const std::function<void(std::string_view, Language)>& fn);

inline constexpr uint32_t LanguageBit(Language l) {
  return uint32_t{1} << static_cast<int>(l);
}

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_STOPWORDS_H_
