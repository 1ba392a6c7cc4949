#include "winnow/shingle.h"

#include <utf8proc.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "shingle_internal.h"
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

// The slow path of normalization: one non-ASCII code point at s[i]. Words
// are closed by the space written at the separator after them (see
// normalize_words.inc).
inline size_t NormalizeCodePoint(std::string_view text, size_t i, char* o,
                                 size_t& n, uint32_t* ws, size_t& w,
                                 bool& in_word) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  uint32_t cp = 0;
  const size_t l = DecodeUtf8(text, i, &cp);
  if (l == 0) return InvalidSequenceLength(text, i);  // invalid: dropped
  const utf8proc_property_t* prop =
      utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  auto start = [&] {
    if (!in_word) {
      ws[w++] = static_cast<uint32_t>(n);
      in_word = true;
    }
  };
  switch (Classify(cp, prop)) {
    case CpClass::kSep:
      if (in_word) o[n++] = ' ';
      in_word = false;
      break;
    case CpClass::kDrop:
      break;
    case CpClass::kDigit:
      start();
      o[n++] = '0';
      break;
    case CpClass::kCjk:
      if (in_word) o[n++] = ' ';
      ws[w++] = static_cast<uint32_t>(n);
      n += EncodeUtf8(cp, o + n);
      o[n++] = ' ';
      in_word = false;
      break;
    case CpClass::kMark:
      start();
      std::memcpy(o + n, s + i, l);
      n += l;
      break;
    case CpClass::kLetter: {
      start();
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
  return l;
}

#if defined(__x86_64__) || defined(__i386__)
// Left-packing shuffles: for each 8-bit mask, the indexes of its set bits,
// then 0x80 (a zero byte).
struct PackTable {
  alignas(16) uint64_t shuffle[256];
  constexpr PackTable() : shuffle() {
    for (int m = 0; m < 256; ++m) {
      uint64_t v = 0;
      int k = 0;
      for (int b = 0; b < 8; ++b) {
        if (m & (1 << b)) v |= static_cast<uint64_t>(b) << (8 * k++);
      }
      for (; k < 8; ++k) v |= uint64_t{0x80} << (8 * k);
      shuffle[m] = v;
    }
  }
};
constexpr PackTable kPack;
#endif

#define WINNOW_NORMALIZE_NAME NormalizeScalar
#define WINNOW_NORMALIZE_ATTR
#define WINNOW_NORMALIZE_SIMD 0
#include "normalize_words.inc"
#undef WINNOW_NORMALIZE_NAME
#undef WINNOW_NORMALIZE_ATTR
#undef WINNOW_NORMALIZE_SIMD

#if defined(__x86_64__) || defined(__i386__)
#define WINNOW_NORMALIZE_NAME NormalizeSsse3
#define WINNOW_NORMALIZE_ATTR __attribute__((target("ssse3,popcnt")))
#define WINNOW_NORMALIZE_SIMD 1
#include "normalize_words.inc"
#undef WINNOW_NORMALIZE_NAME
#undef WINNOW_NORMALIZE_ATTR
#undef WINNOW_NORMALIZE_SIMD
#endif

bool CpuHasSsse3() {
#if defined(__x86_64__) || defined(__i386__)
  static const bool ssse3 = __builtin_cpu_supports("ssse3") &&
                            __builtin_cpu_supports("popcnt");
  return ssse3;
#else
  return false;
#endif
}

// Normalizes into `out` and `starts`, which only ever grow (so reusing them
// costs no zero-filling); returns the output length, *words the number of
// words.
size_t NormalizeRaw(std::string_view text, std::string* out,
                    std::vector<uint32_t>* starts, size_t* words) {
#if defined(__x86_64__) || defined(__i386__)
  if (CpuHasSsse3()) return NormalizeSsse3(text, out, starts, words);
#endif
  return NormalizeScalar(text, out, starts, words);
}

}  // namespace

namespace internal {

void NormalizeScalarForTest(std::string_view text, std::string* out,
                            std::vector<uint32_t>* starts) {
  size_t words = 0;
  out->clear();
  starts->clear();
  out->resize(NormalizeScalar(text, out, starts, &words));
  starts->resize(words);
}

void NormalizeBlocksForTest(std::string_view text, std::string* out,
                            std::vector<uint32_t>* starts) {
  size_t words = 0;
  out->clear();
  starts->clear();
  out->resize(NormalizeRaw(text, out, starts, &words));
  starts->resize(words);
}

bool HaveBlockNormalize() { return CpuHasSsse3(); }

}  // namespace internal

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
