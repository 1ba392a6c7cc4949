#include "classifier_words.h"

#include <cstring>
#include <utility>

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

bool ClassifierLookup::Build(const WordTable<WordInfo>& table, size_t slots) {
  slots_.assign(slots, Slot());
  mask_ = slots - 1;
  bool placed = true;
  table.ForEach([&](std::string_view key, const WordInfo& value) {
    if (!placed || key.size() > kMaxKey) return;
    Slot item;
    std::memcpy(item.key, key.data(), key.size());
    item.value = &value;
    // Take a home; a slot's occupant moves to its other home, and so on.
    size_t at = KeyHash(_mm_load_si128(
                    reinterpret_cast<const __m128i*>(item.key))) &
                mask_;
    for (int kicks = 0; kicks < 500; ++kicks) {
      std::swap(item, slots_[at]);
      if (item.value == nullptr) return;
      const uint64_t h =
          KeyHash(_mm_load_si128(reinterpret_cast<const __m128i*>(item.key)));
      const size_t a = h & mask_, b = (h >> 32) & mask_;
      at = at == a ? b : a;
    }
    placed = false;
  });
  return placed;
}

const ClassifierLookup& ClassifierWordLookup() {
  static const ClassifierLookup lookup = [] {
    const WordTable<WordInfo>& table = ClassifierWords();
    size_t n = 0;
    table.ForEach([&](std::string_view, const WordInfo&) { ++n; });
    ClassifierLookup l;
    size_t slots = 64;
    while (slots < 3 * n) slots *= 2;  // a third full at most
    while (!l.Build(table, slots)) slots *= 2;
    return l;
  }();
  return lookup;
}

}  // namespace winnow::boilerplate
