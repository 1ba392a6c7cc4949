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
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    uint64_t h = WordHash(word);
    size_t i = h & (slots_.size() - 1);
    while (slots_[i].used) {
      if (slots_[i].hash == h && slots_[i].key == word) return slots_[i].value;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = Slot{true, h, std::string(word), std::move(init)};
    ++size_;
    return slots_[i].value;
  }

  const V* Find(uint64_t hash, std::string_view word) const {
    if (slots_.empty()) return nullptr;
    size_t i = hash & (slots_.size() - 1);
    while (slots_[i].used) {
      if (slots_[i].hash == hash && slots_[i].key == word) return &slots_[i].value;
      i = (i + 1) & (slots_.size() - 1);
    }
    return nullptr;
  }
  const V* Find(std::string_view word) const {
    return Find(WordHash(word), word);
  }

 private:
  struct Slot {
    bool used = false;
    uint64_t hash = 0;
    std::string key;
    V value{};
  };
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot());
    size_ = 0;
    for (Slot& s : old) {
      if (!s.used) continue;
      size_t i = s.hash & (slots_.size() - 1);
      while (slots_[i].used) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = std::move(s);
      ++size_;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_WORD_TABLE_H_
