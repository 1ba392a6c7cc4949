// word_table.h (private) — a read-only table from lowercase words to values,
// looked up by the word's hash.
//
// The classifier looks up every word of every paragraph in its stopword and
// cue tables; TextFeatures hashes each word once (WordHash) and the tables
// probe an open-addressing array with it (linear probing, load at most one
// half), comparing the key only on a hash match. Built once, then shared by
// all threads without locking.
#ifndef WINNOW_BOILERPLATE_WORD_TABLE_H_
#define WINNOW_BOILERPLATE_WORD_TABLE_H_

#include <xxhash.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::boilerplate {

inline uint64_t WordHash(std::string_view w) {
  return XXH3_64bits(w.data(), w.size());
}

template <typename V>
class WordTable {
 public:
  // Returns the value for `word`, inserting `init` first if absent.
  V& Insert(std::string_view word, V init = V()) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = WordHash(word);
    size_t i = h & (slots_.size() - 1);
    while (slots_[i].index != kEmpty) {
      Entry& e = entries_[slots_[i].index];
      if (slots_[i].hash == h && e.key == word) return e.value;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = Slot{h, static_cast<uint32_t>(entries_.size())};
    entries_.push_back(Entry{std::string(word), std::move(init)});
    return entries_.back().value;
  }

  const V* Find(uint64_t hash, std::string_view word) const {
    if (slots_.empty()) return nullptr;
    size_t i = hash & (slots_.size() - 1);
    while (slots_[i].index != kEmpty) {
      if (slots_[i].hash == hash) {
        const Entry& e = entries_[slots_[i].index];
        if (e.key == word) return &e.value;
      }
      i = (i + 1) & (slots_.size() - 1);
    }
    return nullptr;
  }
  const V* Find(std::string_view word) const {
    return Find(WordHash(word), word);
  }

 private:
  // The probed array holds only hashes and entry numbers (16 bytes a
  // slot), so that a lookup, most often of a word that is not there,
  // touches little memory; keys and values sit apart, read on a hash match.
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t index = kEmpty;
  };
  struct Entry {
    std::string key;
    V value;
  };
  void Grow() {
    slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, Slot());
    for (size_t k = 0; k < entries_.size(); ++k) {
      const uint64_t h = WordHash(entries_[k].key);
      size_t i = h & (slots_.size() - 1);
      while (slots_[i].index != kEmpty) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = Slot{h, static_cast<uint32_t>(k)};
    }
  }
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
};

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_WORD_TABLE_H_
