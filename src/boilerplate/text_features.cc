#include "text_features.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "classifier_words.h"
#include "stopwords.h"
#include "text_features_scan.h"
#include "word_table.h"
#include "winnow/utf8.h"

namespace winnow::boilerplate {
namespace {

using scan::IsCloser;
using scan::IsTerminal;
using scan::IsWordByte;
using scan::kAscii;
using scan::kDigitByte;
using scan::kSpaceByte;
using scan::kSymbolByte;
using scan::kUpperByte;

enum class CharKind { kSpace, kLetter, kDigit, kApostrophe, kSymbol };

bool IsUnspacedScript(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) ||
         (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x0E00 && cp <= 0x0E7F);
}

CharKind Kind(uint32_t cp, bool* upper) {
  *upper = false;
  if (cp < 0x80) {
    if (cp == ' ' || cp == '\t' || cp == '\n') return CharKind::kSpace;
    if (cp >= 'a' && cp <= 'z') return CharKind::kLetter;
    if (cp >= 'A' && cp <= 'Z') {
      *upper = true;
      return CharKind::kLetter;
    }
    if (cp >= '0' && cp <= '9') return CharKind::kDigit;
    if (cp == '\'') return CharKind::kApostrophe;
    return CharKind::kSymbol;
  }
  if (cp == 0x2019 || cp == 0x02BC) return CharKind::kApostrophe;
  switch (utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      *upper = true;
      return CharKind::kLetter;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharKind::kLetter;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return CharKind::kDigit;
    case UTF8PROC_CATEGORY_ZS:
      return CharKind::kSpace;
    default:
      return CharKind::kSymbol;
  }
}

bool LooksLikeDomain(std::string_view chunk) {
  // Strip trailing punctuation and a path.
  while (!chunk.empty() && (chunk.back() == '.' || chunk.back() == ',' ||
                            chunk.back() == ')' || chunk.back() == ';')) {
    chunk.remove_suffix(1);
  }
  size_t slash = chunk.find('/');
  if (slash != std::string_view::npos) chunk = chunk.substr(0, slash);
  size_t dot = chunk.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > chunk.size()) {
    return false;
  }
  for (char c : chunk) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '.' || c == '-')) {
      return false;
    }
  }
  std::string tld;
  for (char c : chunk.substr(dot + 1)) {
    tld.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  static constexpr std::string_view kTlds[] = {
      "com", "org", "net", "edu", "gov", "io", "co",  "uk", "de", "fr",
      "es",  "it",  "pt",  "ru",  "info", "biz", "us", "ca", "au", "in",
      "jp",  "cn",  "nl",  "eu",  "ch", "at",  "be", "se", "no", "dk",
      "fi",  "pl",  "cz",  "tv",  "me", "ly",  "app", "dev", "news", "br",
      "mx",  "ar",  "ua",  "by",  "kz", "ie",  "nz", "za", "ai", "gg"};
  for (std::string_view t : kTlds) {
    if (tld == t) return true;
  }
  return false;
}

bool IsLinkChunk(std::string_view c) {
  if (c.size() < 2) return false;
  if (c.find("://") != std::string_view::npos) return true;
  if (c.size() > 4 && (c.substr(0, 4) == "www." || c.substr(0, 4) == "WWW.")) {
    return true;
  }
  if (c[0] == '@' || c[0] == '#') {
    unsigned char n = static_cast<unsigned char>(c[1]);
    return (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '_' ||
           n >= 0x80 || (c[0] == '@' && n >= '0' && n <= '9');
  }
  size_t at = c.find('@');
  if (at != std::string_view::npos && at > 0 &&
      c.find('.', at) != std::string_view::npos) {
    return true;
  }
  return LooksLikeDomain(c);
}

bool IsSeparatorChunk(std::string_view c) {
  static constexpr std::string_view kSeps[] = {
      "|", "•", "·", "›", "»", ">", "«", "‹", "<", "/", "→", "▸",
      "►", "∙", "⋅", "||", ">>", "::", "◦", "▪", "■", "—|"};
  for (std::string_view s : kSeps) {
    if (c == s) return true;
  }
  return false;
}

}  // namespace

namespace scan {

// Whether the chunk text[begin, end), whose first special byte is at
// `special`, is a word and its punctuation ("said.", "below:", "end.)"):
// the most common chunk with a special byte, and none of the things
// LookAtChunk finds. It is when it starts with a letter or digit (and not
// with "www.") and every byte from the special one on is punctuation a
// word ends with: then no special byte is left once that is stripped.
bool IsPunctuatedWord(std::string_view text, size_t begin,
                             size_t special, size_t end) {
  if (!IsWordByte(static_cast<unsigned char>(text[begin]))) return false;
  if (end - begin > 4 && (text.substr(begin, 4) == "www." ||
                          text.substr(begin, 4) == "WWW.")) {
    return false;
  }
  for (size_t j = special; j < end; ++j) {
    if (!kAscii.trailing[static_cast<unsigned char>(text[j])]) return false;
  }
  return true;
}

// One whitespace-separated chunk, text[begin, end), holding a special byte
// and not a punctuated word: a link token, a separator, a slash in the
// text, "(c)" before a year.
void LookAtChunk(std::string_view text, size_t begin, size_t end,
                 TextFeatures* f) {
  const std::string_view chunk = text.substr(begin, end - begin);
  if (IsLinkChunk(chunk)) {
    ++f->link_tokens;
  } else if (IsSeparatorChunk(chunk)) {
    ++f->separators;
  } else if (chunk.find('/') != std::string_view::npos) {
    f->slash_in_text = true;
  }
  // "(c) 2024 Acme", "(C)2024": the ASCII copyright sign, before a year.
  if (chunk.size() >= 3 &&
      (chunk.substr(0, 3) == "(c)" || chunk.substr(0, 3) == "(C)")) {
    std::string_view after =
        chunk.size() > 3 ? chunk.substr(3)
                         : text.substr(std::min(end + 1, text.size()));
    if (!after.empty() && after[0] >= '0' && after[0] <= '9') {
      f->copyright_sign = true;
    }
  }
}

}  // namespace scan

namespace {

using scan::IsPunctuatedWord;
using scan::LookAtChunk;
using scan::LookUpWords;


// Reads the run of ASCII letters and digits at text[*i] (one at least):
// writes it lowercased at *out, counts its capitals and digits, and moves
// both on past it. Sixteen bytes at a time with SSE2 where the text has
// them: classified by compares, the run's end found with one bit scan, all
// sixteen stored (the lowercase buffer has room to spare) and the pointer
// moved by the run's length; byte by byte through the tables otherwise.
// `out` may run at most 2 * n bytes ahead of the buffer's start (see
// Measure), which leaves the 16 spare bytes the wide stores need.
// Set bits of a 16-bit mask, without the popcnt instruction the baseline
// x86-64 target lacks (the builtin would be a library call).
inline uint32_t Bits16(uint32_t x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0F0Fu;
  return (x + (x >> 8)) & 0x1Fu;
}

inline void AsciiRun(std::string_view text, size_t n, size_t* i, char** out,
                     uint32_t* upper, uint32_t* digits) {
  size_t at = *i;
  char* o = *out;
#if defined(__SSE2__)
  while (at + 16 <= n) {
    const __m128i x =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    const __m128i folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
    // Each range test is one subtract and one signed compare: x is in
    // [lo, lo + size) when x - (lo + 0x80), wrapping, is below
    // size - 0x80 (the unsigned test x - lo < size, moved into signed
    // range). Every byte, 0x80 and above included, lands on the right side.
    auto in_range = [](__m128i v, char lo, char size) {
      return _mm_cmplt_epi8(
          _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(lo + 0x80))),
          _mm_set1_epi8(static_cast<char>(size - 0x80)));
    };
    const __m128i alpha = in_range(folded, 'a', 26);
    const __m128i digit = in_range(x, '0', 10);
    const __m128i capital = in_range(x, 'A', 26);
    const __m128i lower =
        _mm_add_epi8(x, _mm_and_si128(capital, _mm_set1_epi8(0x20)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), lower);
    const uint32_t word =
        static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(alpha, digit)));
    // Bit 16 stands for the byte after the block, so that a block of word
    // bytes only needs no branch: its length comes out as 16.
    const uint32_t len = static_cast<uint32_t>(__builtin_ctz(~word | 0x10000u));
    const uint32_t keep = (1u << len) - 1;
    // Most runs hold neither capitals nor digits (a lowercase word), and
    // most of the rest one capital: count only the bits that are there.
    const uint32_t caps =
        static_cast<uint32_t>(_mm_movemask_epi8(capital)) & keep;
    const uint32_t digs =
        static_cast<uint32_t>(_mm_movemask_epi8(digit)) & keep;
    if (caps != 0) *upper += (caps & (caps - 1)) == 0 ? 1 : Bits16(caps);
    if (digs != 0) *digits += Bits16(digs);
    at += len;
    o += len;
    if (len < 16) {
      *i = at;
      *out = o;
      return;
    }
  }
#endif
  while (at < n && IsWordByte(static_cast<unsigned char>(text[at]))) {
    const unsigned char b = static_cast<unsigned char>(text[at]);
    const uint8_t k = kAscii.cls[b];
    *o++ = kAscii.lower[b];
    *upper += k == kUpperByte;
    *digits += k == kDigitByte;
    ++at;
  }
  *i = at;
  *out = o;
}

// The feature pass. Semantics, code point by code point: letters and
// digits (with combining marks) make words; an apostrophe, a space or a
// symbol ends one; a Han, kana or Thai letter is a word of its own. The
// ASCII letters and digits of a word go through one tight loop; every
// other code point through Kind() (utf8proc). The reference written the
// plain way lives in tests/unit/text_features_reference.h.
template <bool kLookup>
void Measure(std::string_view text, TextFeatures* f) {
  f->words.clear();
  f->chars = f->letters = f->digits = f->symbols = 0;
  f->capitalized = f->all_caps = f->digit_words = 0;
  f->sentence_ends = f->link_tokens = f->separators = 0;
  f->terminal = f->ends_colon = f->starts_upper = f->starts_lower = false;
  f->copyright_sign = f->slash_in_text = false;

  // Lowercasing can lengthen a code point's UTF-8 (by half at most: 2
  // bytes to 3); the buffer only grows, so its bytes are written through a
  // pointer without bounds checks.
  const size_t n = text.size();
  if (f->lower.size() < 2 * n + 16) f->lower.resize(2 * n + 16);
  char* const base = f->lower.data();
  char* out = base;

  // Counts in locals, stored at the end: the lowercase bytes are written
  // through a char pointer, which may alias anything, so counts kept in *f
  // would be reloaded and stored around every byte.
  uint32_t chars = 0, letters = 0, digits = 0, symbols = 0;
  uint32_t capitalized = 0, all_caps = 0, digit_words = 0, sentence_ends = 0;
  bool in_word = false;
  // The word being read, in locals until it ends, when its Word is
  // written once, whole: built in place at the end of f->words from its
  // start, it was zeroed first and its fields stored through a pointer the
  // lowercase stores may alias, so reloaded.
  size_t word_raw_begin = 0;
  const char* word_lower = nullptr;  // its first lowercase byte
  bool word_capitalized = false, word_has_digit = false;
  uint32_t word_letters = 0, word_upper = 0;
  uint32_t last_non_closer = 0;
  bool seen_letter = false;
  // Sentence-end tracking: after a terminal mark and closers, a space, then
  // a capital or digit starts a new sentence.
  int sentence_state = 0;  // 0 none, 1 after terminal, 2 after its space

  auto end_word = [&](size_t raw_end) {
    if (!in_word) return;
    in_word = false;
    const uint32_t lower_begin = static_cast<uint32_t>(word_lower - base);
    const uint32_t lower_end = static_cast<uint32_t>(out - base);
    const bool word_all_caps = word_letters >= 2 && word_upper == word_letters;
    const bool word_all_digits = word_letters == 0;
    // Hash and table entry come after the scan (LookUpWords).
    f->words.push_back(Word{lower_begin, lower_end,
                            static_cast<uint32_t>(word_raw_begin),
                            static_cast<uint32_t>(raw_end), word_capitalized,
                            word_all_caps, word_has_digit, word_all_digits});
    // One space after each word: the words of a paragraph without digits
    // are then its normal form as they lie (NormalFormHash).
    *out++ = ' ';
    capitalized += word_capitalized;
    all_caps += word_all_caps;
    digit_words += word_all_digits;
  };
  // Chunks between ASCII spaces that hold a byte link tokens, separators,
  // slashes or "(c)" need are looked at as they end, unless they are a
  // word and its punctuation, which the position of the first such byte
  // tells without a second look at the rest.
  constexpr size_t kNoSpecial = SIZE_MAX;
  size_t chunk_begin = 0;
  size_t chunk_special = kNoSpecial;  // its first special byte
  auto end_chunk = [&](size_t end) {
    if (chunk_special != kNoSpecial &&
        !IsPunctuatedWord(text, chunk_begin, chunk_special, end)) {
      LookAtChunk(text, chunk_begin, end, f);
    }
    chunk_begin = end + 1;
    chunk_special = kNoSpecial;
  };
  auto begin_word = [&](size_t raw_begin) {
    word_raw_begin = raw_begin;
    word_lower = out;
    word_capitalized = word_has_digit = false;
    word_letters = word_upper = 0;
    in_word = true;
  };
  // A space, a symbol or an apostrophe (any code point that is neither
  // letter nor digit).
  auto non_word = [&](uint32_t cp, CharKind k, size_t pos) {
    end_word(pos);
    if (k == CharKind::kSymbol || k == CharKind::kApostrophe) ++symbols;
    if (cp == 0x00A9) f->copyright_sign = true;
    if (IsTerminal(cp)) {
      sentence_state = 1;
    } else if (k == CharKind::kSpace) {
      if (sentence_state == 1) sentence_state = 2;
    } else if (sentence_state == 1 && IsCloser(cp)) {
      // stays after-terminal
    } else if (sentence_state == 2 &&
               (cp == '"' || cp == 0x201C || cp == 0x00AB || cp == '(')) {
      // an opening quote before the next sentence
    } else {
      sentence_state = 0;
    }
    if (k != CharKind::kSpace && !IsCloser(cp)) last_non_closer = cp;
  };

  size_t i = 0;
  while (i < n) {
    const unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const uint8_t c = kAscii.cls[byte];
      if (c == kSpaceByte) {
        ++chars;
        end_word(i);
        if (sentence_state == 1) sentence_state = 2;
        if (byte == ' ') end_chunk(i);
        ++i;
        // A space is most often followed by a word: its run is read here,
        // without going through the dispatch above again.
        if (i == n || !IsWordByte(static_cast<unsigned char>(text[i]))) {
          continue;
        }
      } else if (c == kSymbolByte) {
        ++chars;
        if (kAscii.special[byte]) chunk_special = std::min(chunk_special, i);
        non_word(byte, byte == '\'' ? CharKind::kApostrophe : CharKind::kSymbol,
                 i);
        ++i;
        continue;
      }
      // A run of ASCII letters and digits.
      if (!in_word) begin_word(i);
      if (sentence_state == 2) ++sentence_ends;
      sentence_state = 0;
      const size_t start = i;
      // The run's bytes: lowercased out, uppercase letters and digits
      // counted, no branch per byte.
      uint32_t run_upper = 0, run_digits = 0;
      AsciiRun(text, n, &i, &out, &run_upper, &run_digits);
      const uint32_t run_letters =
          static_cast<uint32_t>(i - start) - run_digits;
      if (run_digits) word_has_digit = true;
      if (run_letters > 0 && (word_letters == 0 || !seen_letter)) {
        // The run's first letter: does it start the word, or the text? A
        // run without capitals answers without a look, and one without
        // digits starts with its first letter.
        bool up = false;
        if (run_upper != 0) {
          size_t k = start;
          if (run_digits != 0) {
            while (kAscii.cls[static_cast<unsigned char>(text[k])] ==
                   kDigitByte) {
              ++k;
            }
          }
          up = kAscii.cls[static_cast<unsigned char>(text[k])] == kUpperByte;
        }
        if (word_letters == 0) word_capitalized = up;
        if (!seen_letter) {
          f->starts_upper = up;
          f->starts_lower = !up;
          seen_letter = true;
        }
      }
      letters += run_letters;
      word_letters += run_letters;
      word_upper += run_upper;
      digits += run_digits;
      chars += static_cast<uint32_t>(i - start);
      last_non_closer = static_cast<unsigned char>(text[i - 1]);
      continue;
    }

    // Any other code point.
    chunk_special = std::min(chunk_special, i);
    uint32_t cp = byte;
    size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) {
      cp = kReplacementChar;
      len = InvalidSequenceLength(text, i);
    }
    ++chars;
    bool upper = false;
    const CharKind k = Kind(cp, &upper);
    if (k == CharKind::kLetter && IsUnspacedScript(cp)) {
      end_word(i);
      begin_word(i);
      out = std::copy_n(text.data() + i, len, out);
      ++letters;
      ++word_letters;
      end_word(i + len);
      seen_letter = true;
      last_non_closer = cp;
    } else if (k == CharKind::kLetter || k == CharKind::kDigit) {
      if (!in_word) begin_word(i);
      if (k == CharKind::kLetter) {
        ++letters;
        if (word_letters == 0 && upper) word_capitalized = true;
        ++word_letters;
        word_upper += upper;
        if (!seen_letter) {
          f->starts_upper = upper;
          f->starts_lower =
              !upper &&
              utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))
                      ->category == UTF8PROC_CATEGORY_LL;
          seen_letter = true;
        }
        if (upper) {
          out += EncodeUtf8(static_cast<uint32_t>(utf8proc_tolower(
                                static_cast<utf8proc_int32_t>(cp))),
                            out);
        } else {
          out = std::copy_n(text.data() + i, len, out);
        }
      } else {
        ++digits;
        word_has_digit = true;
        out = std::copy_n(text.data() + i, len, out);
      }
      if (sentence_state == 2) ++sentence_ends;
      sentence_state = 0;
      if (!IsCloser(cp)) last_non_closer = cp;
    } else {
      non_word(cp, k, i);
    }
    i += len;
  }
  end_word(n);
  end_chunk(n);
  f->chars = chars;
  f->letters = letters;
  f->digits = digits;
  f->symbols = symbols;
  f->capitalized = capitalized;
  f->all_caps = all_caps;
  f->digit_words = digit_words;
  f->sentence_ends = sentence_ends;
  f->terminal = IsTerminal(last_non_closer);
  f->ends_colon = last_non_closer == ':';
  LookUpWords<kLookup>(f);
}

}  // namespace

void ComputeFeatures(std::string_view text, TextFeatures* f) {
  Measure<true>(text, f);
}

void TokenizeWords(std::string_view text, TextFeatures* f) {
  Measure<false>(text, f);
}

uint64_t NormalFormHash(const TextFeatures& f, uint32_t* words) {
  if (words) *words = static_cast<uint32_t>(f.words.size());
  if (f.letters == 0) return 0;
  if (f.digits == 0) {
    // Nothing to fold: the words and the spaces between them, in place.
    const uint32_t begin = f.words.front().lower_begin;
    const uint64_t h = XXH3_64bits(f.lower.data() + begin,
                                   f.words.back().lower_end - begin);
    return h == 0 ? 1 : h;
  }
  thread_local std::string norm;
  norm.clear();
  bool letter = false;
  for (size_t i = 0; i < f.words.size(); ++i) {
    const Word& w = f.words[i];
    letter |= !w.all_digits;
    if (i) norm.push_back(' ');
    const std::string_view lw = f.WordAt(i);
    if (!w.has_digit) {
      norm.append(lw);
      continue;
    }
    // Each run of digits (any script's) becomes one "0".
    bool in_digits = false;
    size_t k = 0;
    while (k < lw.size()) {
      uint32_t cp = static_cast<unsigned char>(lw[k]);
      size_t len = 1;
      if (cp >= 0x80) {
        len = DecodeUtf8(lw, k, &cp);
        if (len == 0) len = 1;  // not produced by Measure; kept as a byte
      }
      bool digit;
      if (cp < 0x80) {
        digit = cp >= '0' && cp <= '9';
      } else {
        bool upper;
        digit = Kind(cp, &upper) == CharKind::kDigit;
      }
      if (digit) {
        if (!in_digits) norm.push_back('0');
        in_digits = true;
      } else {
        norm.append(lw.substr(k, len));
        in_digits = false;
      }
      k += len;
    }
  }
  if (!letter) return 0;
  const uint64_t h = XXH3_64bits(norm.data(), norm.size());
  return h == 0 ? 1 : h;
}

}  // namespace winnow::boilerplate
