#include "classifier_words.h"

#include "cues.h"
#include "stopwords.h"
#include "word_table.h"

namespace winnow::boilerplate {
namespace {

WordTable<WordInfo> Build() {
  WordTable<WordInfo> t;
  ForEachStopword([&](std::string_view w, Language l) {
    t.Insert(w).stop_bits |= LanguageBit(l);
  });
  ForEachClassWord([&](std::string_view w, uint8_t classes) {
    t.Insert(w).classes |= classes;
  });
  ForEachCueHead([&](std::string_view w, const std::vector<uint32_t>* heads,
                      uint32_t max_words) {
    WordInfo& info = t.Insert(w);
    info.cue_heads = heads;
    info.cue_max_words = max_words;
  });
  return t;
}

}  // namespace

const WordTable<WordInfo>& ClassifierWords() {
  static const WordTable<WordInfo> table = Build();
  return table;
}

}  // namespace winnow::boilerplate
