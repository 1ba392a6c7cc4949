// shingle.h — what a near-duplicate comparison sees of a text: its
// normalized words, the hashes of its word n-grams ("shingles"), and a
// fingerprint of the whole normalized text for exact duplicates.
//
// Normalization. Two captures of one story differ in case, punctuation,
// quotes, numbers that were re-typeset, line wrapping and spacing; none of
// that should make them look different. Exactly, code point by code point
// (Unicode general categories from utf8proc):
//
//   letters (L*)                 kept, Unicode case-folded (full folding:
//                                "Straße" -> "strasse", "ÉTÉ" -> "été")
//   CJK ideographs, kana         each one is a word of its own (these
//     (U+3040-30FF, U+3400-4DBF,  scripts do not separate words by spaces)
//      U+4E00-9FFF, U+F900-FAFF,
//      U+20000-2FA1F)
//   combining marks (M*)         kept
//   decimal digits (Nd)          every digit becomes "0" ("2023" -> "0000",
//                                "٣" -> "0"): numbers match by shape
//   spaces (Z*), controls (Cc),  word separators
//     dashes (Pd), "/"
//   other punctuation (P*),      dropped, without separating: "don't" ->
//     symbols (S*), other        "dont", "U.S." -> "us"
//     numbers (No, Nl), format
//     characters (Cf), invalid
//     UTF-8, unassigned
//
// The normalized text is the words joined by single spaces. No Unicode
// normalization form is applied: run `winnow clean` (NFC) first when
// inputs mix composed and decomposed accents.
//
// Shingles. With n = ShingleOptions::ngram words, each window of n
// consecutive words is one shingle, hashed with XXH3-64 (seeded) over its
// normalized bytes ("w1 w2 ... wn"). A text with fewer than n words (but at
// least one) has one shingle: its whole normalized text. A text with no
// words has no shingles.
//
// Exact duplicates. fingerprint() is XXH3-128 (seeded) of the normalized
// text: texts that normalize the same have the same fingerprint.
//
//   winnow::Shingler s({.ngram = 5, .seed = 0});
//   s.Process("Kim Jong Un attends a meeting, April 10, 2023.");
//   s.normalized();   // "kim jong un attends a meeting april 00 0000"
//   s.hashes();       // 5 hashes, one per 5-word window, in text order
//   s.CountDistinct();  // 5
//
// Cost: one pass over the text; ASCII bytes go through a 256-entry table,
// other code points through utf8proc's property table. One XXH3 call per
// shingle. Buffers are reused across calls, so a Shingler per thread
// allocates only while the largest text seen grows. Never fails: any byte
// string is valid input.
#ifndef WINNOW_SHINGLE_H_
#define WINNOW_SHINGLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

struct ShingleOptions {
  int ngram = 5;      // words per shingle (--ngram), 1..kMaxNgram
  uint64_t seed = 0;  // seeds every hash (--seed)
};

inline constexpr int kMaxNgram = 64;

// A 128-bit hash value.
struct Hash128 {
  uint64_t hi = 0;
  uint64_t lo = 0;
  bool operator==(const Hash128&) const = default;
};

// Writes the normalized form of `text` (see above) to `out`, replacing its
// contents. When `word_starts` is given it receives the byte offset of each
// word in `out`.
void NormalizeForShingles(std::string_view text, std::string* out,
                          std::vector<uint32_t>* word_starts);

class Shingler {
 public:
  explicit Shingler(ShingleOptions options = {});

  // Normalizes `text` and hashes its shingles.
  void Process(std::string_view text);

  const ShingleOptions& options() const { return options_; }
  std::string_view normalized() const {
    return std::string_view(normalized_.data(), normalized_len_);
  }
  size_t words() const { return words_; }
  // Shingle hashes in text order; a shingle that occurs twice is listed
  // twice.
  const std::vector<uint64_t>& hashes() const { return hashes_; }
  // XXH3-128 of normalized(), seeded.
  Hash128 fingerprint() const;

  // Number of distinct shingle hashes (the size of the shingle set).
  uint32_t CountDistinct();
  // The distinct shingle hashes, sorted ascending.
  void SortedDistinct(std::vector<uint64_t>* out) const;

  // Hashes the shingles of an already normalized text (as produced by
  // NormalizeForShingles) whose words begin at `word_starts`; appends them
  // to `out`. For callers that shingle parts of a text separately.
  void HashNormalized(std::string_view normalized,
                      const std::vector<uint32_t>& word_starts,
                      std::vector<uint64_t>* out) const;

 private:
  void HashWords(std::string_view normalized, const uint32_t* starts,
                 size_t words, std::vector<uint64_t>* out) const;

  ShingleOptions options_;
  // Buffers grow and are never shrunk; the lengths say what is in use.
  std::string normalized_;
  size_t normalized_len_ = 0;
  std::vector<uint32_t> word_starts_;
  size_t words_ = 0;
  std::vector<uint64_t> hashes_;
  std::vector<uint64_t> table_;  // open-addressing set for CountDistinct
};

}  // namespace winnow

#endif  // WINNOW_SHINGLE_H_
