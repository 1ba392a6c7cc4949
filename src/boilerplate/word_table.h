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

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::boilerplate {

// The hash the tables are probed with: inline, and for the short words it
// is almost always given, one or two loads and one 64x64->128-bit multiply
// (the construction of wyhash and of XXH3's short inputs: overlapping
// loads of the first and last bytes, then a folded product). Only for
// table lookups — keys are compared on a hash match, so a collision costs
// a probe, never a wrong answer.
inline uint64_t WordHash(std::string_view w) {
  constexpr uint64_t kA = 0x9E3779B97F4A7C15ull, kB = 0xD6E8FEB86659FD93ull;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(w.data());
  const size_t n = w.size();
  uint64_t a, b;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    // Longer words: fold in the middle 8-byte blocks.
    for (size_t i = 8; i + 8 < n; i += 8) {
      uint64_t m;
      std::memcpy(&m, p + i, 8);
      const unsigned __int128 x =
          static_cast<unsigned __int128>(a ^ kA) * (m ^ kB);
      a = static_cast<uint64_t>(x) ^ static_cast<uint64_t>(x >> 64);
    }
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = uint64_t{p[0]} | uint64_t{p[n / 2]} << 8 | uint64_t{p[n - 1]} << 16;
    b = 0;
  } else {
    a = b = 0;
  }
  const unsigned __int128 x =
      static_cast<unsigned __int128>(a ^ kA) * (b ^ kB ^ n);
  return static_cast<uint64_t>(x) ^ static_cast<uint64_t>(x >> 64);
}

// a[0, n) == b[0, n), inline: the keys compared are a few bytes long, for
// which a call to memcmp costs more than the comparison.
// Short tails are compared with two overlapping loads (the way WordHash
// reads them), not byte by byte.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    uint64_t x, y;
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  if (n == 0) return true;
  // Bytes 0, n / 2 and n - 1 are every byte of a word of three or fewer.
  return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
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
    Mark(h);
    entries_.push_back(Entry{std::string(word), std::move(init)});
    return entries_.back().value;
  }

  const V* Find(uint64_t hash, std::string_view word) const {
    return Probe().Find(hash, word);
  }
  const V* Find(std::string_view word) const {
    return Find(WordHash(word), word);
  }

  class Prober;
  // The table's arrays and masks, copied out: a caller looking up many
  // words in a loop that also stores through a char pointer (which may
  // alias the table's members) keeps them in registers this way, instead
  // of reloading the vectors' bounds for every word. Valid until the next
  // Insert.
  Prober Probe() const {
    if (slots_.empty()) return Prober();
    return Prober(filter_.data(), filter_.size() * 64 - 1, slots_.data(),
                  slots_.size() - 1, entries_.data());
  }

  // Calls fn(key, value) for every entry, in insertion order.
  template <typename F>
  void ForEach(F&& fn) const {
    for (const Entry& e : entries_) fn(std::string_view(e.key), e.value);
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
    filter_.assign(slots_.size() / 8, 0);
    for (size_t k = 0; k < entries_.size(); ++k) {
      const uint64_t h = WordHash(entries_[k].key);
      size_t i = h & (slots_.size() - 1);
      while (slots_[i].index != kEmpty) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = Slot{h, static_cast<uint32_t>(k)};
      Mark(h);
    }
  }
  // A bit per hash, from bits the slot index does not use: most words
  // looked up are not in the table, and a 1-in-16-full bitmap (4 KiB for
  // 2,000 words) turns most of them away without touching the slots.
  size_t FilterBit(uint64_t h) const {
    return static_cast<size_t>(h >> 40) & (filter_.size() * 64 - 1);
  }
  void Mark(uint64_t h) {
    const size_t b = FilterBit(h);
    filter_[b >> 6] |= uint64_t{1} << (b & 63);
  }
  std::vector<Slot> slots_;
  std::vector<uint64_t> filter_;
  std::vector<Entry> entries_;
  // The filter of an empty table: no bit set, so no probe.
  static constexpr uint64_t kNoFilter = 0;

 public:
  class Prober {
   public:
    // A prober of no table: every lookup misses at the filter.
    Prober() : Prober(&kNoFilter, 0, nullptr, 0, nullptr) {}
    const V* Find(uint64_t hash, std::string_view word) const {
      // FilterBit(), with the mask at hand.
      const size_t b = static_cast<size_t>(hash >> 40) & filter_mask_;
      if (((filter_[b >> 6] >> (b & 63)) & 1) == 0) return nullptr;
      size_t i = hash & slot_mask_;
      while (slots_[i].index != kEmpty) {
        if (slots_[i].hash == hash) {
          const Entry& e = entries_[slots_[i].index];
          if (e.key.size() == word.size() &&
              SameBytes(e.key.data(), word.data(), word.size())) {
            return &e.value;
          }
        }
        i = (i + 1) & slot_mask_;
      }
      return nullptr;
    }

   private:
    friend class WordTable;
    Prober(const uint64_t* filter, size_t filter_mask, const Slot* slots,
           size_t slot_mask, const Entry* entries)
        : filter_(filter), filter_mask_(filter_mask), slots_(slots),
          slot_mask_(slot_mask), entries_(entries) {}
    const uint64_t* filter_;
    size_t filter_mask_;  // filter bits - 1
    const Slot* slots_;
    size_t slot_mask_;    // slots - 1
    const Entry* entries_;
  };
};

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_WORD_TABLE_H_
