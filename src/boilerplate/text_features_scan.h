// text_features_scan.h (private) — the pieces of the feature pass
// (text_features.h) that a scan of a paragraph needs besides its loop: the
// byte tables, the sentence marks, the look at a chunk that may be a link,
// and the word lookups that follow the scan.
#ifndef WINNOW_BOILERPLATE_TEXT_FEATURES_SCAN_H_
#define WINNOW_BOILERPLATE_TEXT_FEATURES_SCAN_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "classifier_words.h"
#include "text_features.h"
#include "word_table.h"

namespace winnow::boilerplate::scan {

inline bool IsTerminal(uint32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
         cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
}

inline bool IsCloser(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '*' ||
         cp == 0x00BB || cp == 0x201D || cp == 0x2019 || cp == 0x201C;
}

// ASCII bytes by what the feature pass does with them. Word bytes
// (letters, digits) run through the inner loop of ComputeFeatures; the
// others are spaces or symbols, and among the symbols the sentence marks.
enum AsciiClass : uint8_t { kSpaceByte, kLowerByte, kUpperByte, kDigitByte,
                            kSymbolByte };

struct AsciiTables {
  uint8_t cls[128];
  char lower[128];  // the byte lowercased (A-Z), else itself
  // Bytes that make a whitespace-separated chunk worth a closer look (link
  // tokens, separators, slashes, "(c)"); every byte of 0x80 and above.
  bool special[256];
  // Punctuation a word may end with ("said.", "below:", "end.)").
  bool trailing[256];
  constexpr AsciiTables() : cls(), lower(), special(), trailing() {
    for (int c = 0; c < 128; ++c) {
      lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      cls[c] = c == ' ' || c == '\t' || c == '\n' ? kSpaceByte
               : c >= 'a' && c <= 'z'              ? kLowerByte
               : c >= 'A' && c <= 'Z'              ? kUpperByte
               : c >= '0' && c <= '9'              ? kDigitByte
                                                   : kSymbolByte;
    }
    for (int c = 0; c < 256; ++c) {
      special[c] = c == '.' || c == '@' || c == '#' || c == '/' || c == '|' ||
                   c == '>' || c == '<' || c == '(' || c == ':' || c >= 0x80;
      trailing[c] = c == '.' || c == ':' || c == ',' || c == ';' || c == ')' ||
                    c == '"' || c == '!' || c == '?' || c == '\'';
    }
  }
};
inline constexpr AsciiTables kAscii;

inline bool IsWordByte(unsigned char c) {
  return c < 0x80 && kAscii.cls[c] != kSpaceByte &&
         kAscii.cls[c] != kSymbolByte;
}

// Whether the chunk text[begin, end), whose first special byte is at
// `special`, is a word and its punctuation ("said.", "below:", "end.)").
bool IsPunctuatedWord(std::string_view text, size_t begin, size_t special,
                      size_t end);

// One whitespace-separated chunk, text[begin, end), holding a special byte
// and not a punctuated word: counts it as a link token or a separator, or
// notes a slash in the text or "(c)" before a year.
void LookAtChunk(std::string_view text, size_t begin, size_t end,
                 TextFeatures* f);

// Stopword hits of a word, by Language, as four 16-bit counters in each of
// two words: spread[stop_bits] adds one to the counter of every language
// whose bit is set, without a loop over the bits.
struct StopLanes {
  uint64_t lo = 0, hi = 0;  // languages 0-3, 4-7
};
inline constexpr auto kStopSpread = [] {
  std::array<StopLanes, 256> t{};
  for (uint32_t bits = 0; bits < 256; ++bits) {
    for (int l = 0; l < 8; ++l) {
      if ((bits >> l) & 1) {
        (l < 4 ? t[bits].lo : t[bits].hi) |= uint64_t{1} << (16 * (l % 4));
      }
    }
  }
  return t;
}();
static_assert(kLanguageCount <= 8, "the stopword lanes hold eight languages");

// With kLookup, each word's classifier_words.h entry, the stopword counts
// by language and the cue matcher's first test; without, the stopword
// counts are zero. Done after the scan, word after word: a word's probe
// depends on its bytes alone, so nothing chains one lookup to the next and
// the probes of neighbouring words overlap, where inside the scan each
// waited on the scan's state. The loop has no branch that depends on
// whether a word is in the table (ClassifierLookup).
template <bool kLookup>
void LookUpWords(TextFeatures* f) {
  std::array<uint32_t, kLanguageCount> stopwords{};
  if constexpr (kLookup) {
    const ClassifierLookup& table = ClassifierWordLookup();
    const char* const lower = f->lower.data();
    StopLanes lanes;
    uint32_t in_lanes = 0;
    auto flush = [&] {
      for (int l = 0; l < kLanguageCount; ++l) {
        const uint64_t w = l < 4 ? lanes.lo : lanes.hi;
        stopwords[l] += static_cast<uint32_t>((w >> (16 * (l % 4))) & 0xFFFF);
      }
      lanes = StopLanes();
      in_lanes = 0;
    };
    for (Word& w : f->words) {
      const WordInfo* e;
      w.info = table.Find(lower + w.lower_begin, w.lower_end - w.lower_begin,
                          &e);
      w.stop_bits = e->stop_bits;
      w.cue_max_words = e->cue_max_words;  // 0 unless it heads a cue
      const StopLanes& add = kStopSpread[e->stop_bits & 0xFF];
      lanes.lo += add.lo;
      lanes.hi += add.hi;
      if (++in_lanes == 0xFFFF) flush();  // before a counter can overflow
    }
    flush();
  }
  f->stopwords = stopwords;
}

}  // namespace winnow::boilerplate::scan

#endif  // WINNOW_BOILERPLATE_TEXT_FEATURES_SCAN_H_
