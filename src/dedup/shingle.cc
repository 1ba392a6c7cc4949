#include "winnow/shingle.h"

#include <utf8proc.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "winnow/utf8.h"

namespace winnow {
namespace {

// What an ASCII byte becomes: kDrop, kSep, or the byte to write.
constexpr uint8_t kDrop = 0;
constexpr uint8_t kSep = 1;

constexpr std::array<uint8_t, 128> MakeAsciiTable() {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c < 32 || c == 127 || c == ' ' || c == '-' || c == '/') {
      t[c] = kSep;
    } else if (c >= 'a' && c <= 'z') {
      t[c] = static_cast<uint8_t>(c);
    } else if (c >= 'A' && c <= 'Z') {
      t[c] = static_cast<uint8_t>(c - 'A' + 'a');
    } else if (c >= '0' && c <= '9') {
      t[c] = '0';
    } else {
      t[c] = kDrop;
    }
  }
  return t;
}

constexpr std::array<uint8_t, 128> kAscii = MakeAsciiTable();

bool IsCjkWordChar(uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FA1F);
}

size_t EncodeUtf8(uint32_t cp, char* o) {
  if (cp < 0x80) {
    o[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    o[0] = static_cast<char>(0xC0 | (cp >> 6));
    o[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = static_cast<char>(0xE0 | (cp >> 12));
    o[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    o[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = static_cast<char>(0xF0 | (cp >> 18));
  o[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  o[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  o[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Writes the folded form of the run of ASCII letters and digits at `s` (at
// most 16 bytes; `s` must have 16 readable bytes, `o` 16 writable) and
// returns its length.
inline size_t AsciiWordRun(const unsigned char* s, char* o) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i lowered = _mm_or_si128(v, _mm_set1_epi8(0x20));
  // Signed compares: bytes >= 0x80 are negative and fall outside both.
  const __m128i is_letter =
      _mm_and_si128(_mm_cmpgt_epi8(lowered, _mm_set1_epi8('a' - 1)),
                    _mm_cmplt_epi8(lowered, _mm_set1_epi8('z' + 1)));
  const __m128i is_digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i folded =
      _mm_or_si128(_mm_and_si128(is_letter, lowered),
                   _mm_and_si128(is_digit, _mm_set1_epi8('0')));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(o), folded);
  const unsigned keep =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(is_letter, is_digit)));
  return static_cast<size_t>(__builtin_ctz(~keep | 0x10000u));
#else
  size_t k = 0;
  while (k < 16 && s[k] < 0x80 && kAscii[s[k]] > kSep) {
    o[k] = static_cast<char>(kAscii[s[k]]);
    ++k;
  }
  return k;
#endif
}

enum class CpClass { kDrop, kSep, kLetter, kCjk, kMark, kDigit };

CpClass Classify(uint32_t cp, const utf8proc_property_t* prop) {
  switch (prop->category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return IsCjkWordChar(cp) ? CpClass::kCjk : CpClass::kLetter;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CpClass::kMark;
    case UTF8PROC_CATEGORY_ND:
      return CpClass::kDigit;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_PD:
      return CpClass::kSep;
    default:
      return CpClass::kDrop;
  }
}

// Normalizes into `out` and `starts`, which only ever grow (so reusing them
// costs no zero-filling); returns the output length, *words the number of
// words.
size_t NormalizeRaw(std::string_view text, std::string* out,
                    std::vector<uint32_t>* starts, size_t* words) {
  const size_t len = text.size();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  // ASCII input never grows (each word's separating space stands for at
  // least one separator byte); case folding can, so the slow path keeps
  // room for the rest of the input plus one code point's expansion. Word
  // starts are at most one per input byte (plus expansions, checked in the
  // slow path). The hot loop works on local copies: stores through char*
  // would otherwise force the compiler to reload every counter.
  if (out->size() < len + 64) out->resize(len + 64);
  if (starts->size() < len + 64) starts->resize(len + 64);
  char* o = out->data();
  uint32_t* ws = starts->data();
  size_t cap = out->size();
  size_t wcap = starts->size();
  size_t n = 0;
  size_t w = 0;
  bool in_word = false;

#define WINNOW_START_WORD_()            \
  do {                                  \
    if (n > 0) o[n++] = ' ';            \
    ws[w++] = static_cast<uint32_t>(n); \
    in_word = true;                     \
  } while (0)

  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      const uint8_t m = kAscii[c];
      if (m <= kSep) {
        if (m == kSep) in_word = false;
        ++i;
        continue;
      }
      if (!in_word) WINNOW_START_WORD_();
      in_word = true;
      // Copy the run of ASCII letters and digits that starts here, sixteen
      // bytes at a time where the input allows.
      for (;;) {
        if (i + 16 > len) {
          while (i < len && s[i] < 0x80 && kAscii[s[i]] > kSep) {
            o[n++] = static_cast<char>(kAscii[s[i]]);
            ++i;
          }
          break;
        }
        const size_t run = AsciiWordRun(s + i, o + n);
        n += run;
        i += run;
        if (run < 16) break;
      }
      continue;
    }
    if (n + (len - i) + 64 > cap || w + (len - i) + 64 > wcap) {
      out->resize(std::max(cap * 2, n + (len - i) + 64));
      o = out->data();
      cap = out->size();
      starts->resize(std::max(wcap * 2, w + (len - i) + 64));
      ws = starts->data();
      wcap = starts->size();
    }
    uint32_t cp = 0;
    size_t l = DecodeUtf8(text, i, &cp);
    if (l == 0) {  // invalid UTF-8: dropped
      i += InvalidSequenceLength(text, i);
      continue;
    }
    const utf8proc_property_t* prop =
        utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
    switch (Classify(cp, prop)) {
      case CpClass::kSep:
        in_word = false;
        break;
      case CpClass::kDrop:
        break;
      case CpClass::kDigit:
        if (!in_word) WINNOW_START_WORD_();
        o[n++] = '0';
        break;
      case CpClass::kCjk:
        WINNOW_START_WORD_();
        n += EncodeUtf8(cp, o + n);
        in_word = false;
        break;
      case CpClass::kMark:
        if (!in_word) WINNOW_START_WORD_();
        std::memcpy(o + n, s + i, l);
        n += l;
        break;
      case CpClass::kLetter: {
        if (!in_word) WINNOW_START_WORD_();
        if (prop->casefold_seqindex == UINT16_MAX) {
          std::memcpy(o + n, s + i, l);
          n += l;
          break;
        }
        utf8proc_int32_t folded[8];
        int boundclass = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(
            static_cast<utf8proc_int32_t>(cp), folded, 8, UTF8PROC_CASEFOLD,
            &boundclass);
        if (k <= 0 || k > 8) {
          std::memcpy(o + n, s + i, l);
          n += l;
          break;
        }
        for (utf8proc_ssize_t j = 0; j < k; ++j) {
          n += EncodeUtf8(static_cast<uint32_t>(folded[j]), o + n);
        }
        break;
      }
    }
    i += l;
  }
#undef WINNOW_START_WORD_
  *words = w;
  return n;
}

}  // namespace

void NormalizeForShingles(std::string_view text, std::string* out,
                          std::vector<uint32_t>* word_starts) {
  std::vector<uint32_t> scratch;
  std::vector<uint32_t>* starts = word_starts ? word_starts : &scratch;
  size_t words = 0;
  size_t n = NormalizeRaw(text, out, starts, &words);
  out->resize(n);
  starts->resize(words);
}

Shingler::Shingler(ShingleOptions options) : options_(options) {
  if (options_.ngram < 1) options_.ngram = 1;
  if (options_.ngram > kMaxNgram) options_.ngram = kMaxNgram;
}

void Shingler::Process(std::string_view text) {
  normalized_len_ = NormalizeRaw(text, &normalized_, &word_starts_, &words_);
  hashes_.clear();
  HashWords(normalized(), word_starts_.data(), words_, &hashes_);
}

void Shingler::HashNormalized(std::string_view normalized,
                              const std::vector<uint32_t>& starts,
                              std::vector<uint64_t>* out) const {
  HashWords(normalized, starts.data(), starts.size(), out);
}

void Shingler::HashWords(std::string_view normalized, const uint32_t* starts,
                         size_t words, std::vector<uint64_t>* out) const {
  if (words == 0) return;
  const size_t ngram = static_cast<size_t>(options_.ngram);
  const char* base = normalized.data();
  if (words <= ngram) {
    size_t b = starts[0];
    out->push_back(XXH3_64bits_withSeed(base + b, normalized.size() - b,
                                        options_.seed));
    return;
  }
  const size_t count = words - ngram + 1;
  size_t old = out->size();
  out->resize(old + count);
  uint64_t* h = out->data() + old;
  for (size_t w = 0; w < count; ++w) {
    size_t b = starts[w];
    // The window ends before the space that precedes word w + ngram.
    size_t e = w + ngram < words ? starts[w + ngram] - 1 : normalized.size();
    h[w] = XXH3_64bits_withSeed(base + b, e - b, options_.seed);
  }
}

Hash128 Shingler::fingerprint() const {
  XXH128_hash_t h = XXH3_128bits_withSeed(normalized_.data(),
                                          normalized_len_, options_.seed);
  return Hash128{h.high64, h.low64};
}

uint32_t Shingler::CountDistinct() {
  const size_t n = hashes_.size();
  if (n <= 1) return static_cast<uint32_t>(n);
  size_t cap = 64;
  while (cap < 2 * n) cap <<= 1;
  table_.assign(cap, 0);
  const size_t mask = cap - 1;
  bool zero_seen = false;
  uint32_t distinct = 0;
  for (uint64_t h : hashes_) {
    if (h == 0) {
      distinct += !zero_seen;
      zero_seen = true;
      continue;
    }
    // The hashes are XXH3 outputs: every bit is already uniform.
    size_t slot = static_cast<size_t>(h) & mask;
    for (;;) {
      uint64_t v = table_[slot];
      if (v == h) break;
      if (v == 0) {
        table_[slot] = h;
        ++distinct;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return distinct;
}

void Shingler::SortedDistinct(std::vector<uint64_t>* out) const {
  out->assign(hashes_.begin(), hashes_.end());
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace winnow
