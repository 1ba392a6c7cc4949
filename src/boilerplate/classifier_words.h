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

#include <emmintrin.h>

#include <cstddef>
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
  // and the longest paragraph (in words) any of them can match (0 without
  // cue phrases).
  const std::vector<uint32_t>* cue_heads = nullptr;
  uint32_t cue_max_words = 0;
};

// The table (built on the first call).
const WordTable<WordInfo>& ClassifierWords();

// The same entries, frozen for the feature pass, which looks up every
// word of every paragraph. Words of up to 16 bytes (all but a few dozen
// entries, and almost every word of running text) sit in a two-choice
// cuckoo table (R. Pagh and F. F. Rodler, "Cuckoo hashing", J. Algorithms
// 51(2), 2004), each slot a 16-byte zero-padded key and its entry: a lookup
// reads its two slots and compares both keys whole with SSE2, and picks
// the entry without a branch on whether the word is there. In running text
// that is a coin toss (about half the words are stopwords) which a branch
// predictor loses: the probe loop of WordTable spent more of its time in
// mispredictions than in work. Longer words go to ClassifierWords().
class ClassifierLookup {
 public:
  static constexpr size_t kMaxKey = 16;

  // The entry of the lowercase `word` of `n` bytes, or null. At least 16
  // bytes must be readable from `word` (TextFeatures::lower has them).
  // *entry receives the entry, or an empty WordInfo, so that the caller can
  // read its fields without a branch either.
  const WordInfo* Find(const char* word, size_t n,
                       const WordInfo** entry) const {
    const WordInfo* found = Find(word, n);
    const uintptr_t hit = 0 - static_cast<uintptr_t>(found != nullptr);
    *entry = reinterpret_cast<const WordInfo*>(
        (reinterpret_cast<uintptr_t>(found) & hit) |
        (reinterpret_cast<uintptr_t>(&kNoEntry) & ~hit));
    return found;
  }
  const WordInfo* Find(const char* word, size_t n) const {
    if (n > kMaxKey) {
      const std::string_view w(word, n);
      return ClassifierWords().Find(WordHash(w), w);
    }
    const __m128i iota =
        _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m128i x = _mm_and_si128(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(word)),
        _mm_cmplt_epi8(iota, _mm_set1_epi8(static_cast<char>(n))));
    const uint64_t h = KeyHash(x);
    const Slot& a = slots_[h & mask_];
    const Slot& b = slots_[(h >> 32) & mask_];
    const uintptr_t in_a = SameKey(a, x), in_b = SameKey(b, x);
    return reinterpret_cast<const WordInfo*>(
        (reinterpret_cast<uintptr_t>(a.value) & (0 - in_a)) |
        (reinterpret_cast<uintptr_t>(b.value) & (0 - in_b)));
  }

 private:
  friend const ClassifierLookup& ClassifierWordLookup();
  static constexpr WordInfo kNoEntry{};
  struct alignas(32) Slot {
    char key[kMaxKey] = {};  // zero-padded; all zero: empty
    const WordInfo* value = nullptr;
  };
  static uint64_t KeyHash(__m128i x) {
    const uint64_t lo = static_cast<uint64_t>(_mm_cvtsi128_si64(x));
    const uint64_t hi =
        static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x)));
    const unsigned __int128 m =
        static_cast<unsigned __int128>(lo ^ 0x9E3779B97F4A7C15ull) *
        (hi ^ 0xD6E8FEB86659FD93ull);
    return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
  }
  static uintptr_t SameKey(const Slot& s, __m128i x) {
    const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(s.key));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(k, x)) == 0xFFFF;
  }
  // Places every short entry of `table`; false when the cuckoo table is
  // too small (the caller doubles it).
  bool Build(const WordTable<WordInfo>& table, size_t slots);

  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

// The frozen table (built on the first call, after ClassifierWords()).
const ClassifierLookup& ClassifierWordLookup();

// The entry of `lower_word` (lowercase, as TextFeatures holds it; `hash` is
// its WordHash), or null.
inline const WordInfo* FindClassifierWord(uint64_t hash,
                                          std::string_view lower_word) {
  return ClassifierWords().Find(hash, lower_word);
}

}  // namespace winnow::boilerplate

#endif  // WINNOW_BOILERPLATE_CLASSIFIER_WORDS_H_
