// text_features_reference.h (tests only) — ComputeFeatures written the
// obvious way, one code point at a time through one classification
// function: the reference the library's fast version is checked against
// (text_features_test.cc). Word::hash, stop_bits and info are left for the
// caller to fill (AnnotateReference).
#ifndef WINNOW_TESTS_UNIT_TEXT_FEATURES_REFERENCE_H_
#define WINNOW_TESTS_UNIT_TEXT_FEATURES_REFERENCE_H_

#include <utf8proc.h>

#include <string>
#include <string_view>

#include "boilerplate/text_features.h"
#include "winnow/utf8.h"

namespace winnow::boilerplate::reference {
namespace detail {

enum class CharKind { kSpace, kLetter, kDigit, kApostrophe, kSymbol };

inline bool IsUnspacedScript(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) ||
         (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x0E00 && cp <= 0x0E7F);
}

inline CharKind Kind(uint32_t cp, bool* upper) {
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

inline bool IsTerminal(uint32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
         cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
}

inline bool IsCloser(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '*' ||
         cp == 0x00BB || cp == 0x201D || cp == 0x2019 || cp == 0x201C;
}

inline bool LooksLikeDomain(std::string_view chunk) {
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

inline bool IsLinkChunk(std::string_view c) {
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

inline bool IsSeparatorChunk(std::string_view c) {
  static constexpr std::string_view kSeps[] = {
      "|", "•", "·", "›", "»", ">", "«", "‹", "<", "/", "→", "▸",
      "►", "∙", "⋅", "||", ">>", "::", "◦", "▪", "■", "—|"};
  for (std::string_view s : kSeps) {
    if (c == s) return true;
  }
  return false;
}

}  // namespace detail

inline void ComputeFeatures(std::string_view text, TextFeatures* f) {
  using namespace detail;
  f->lower.clear();
  f->words.clear();
  f->chars = f->letters = f->digits = f->symbols = 0;
  f->capitalized = f->all_caps = f->digit_words = 0;
  f->sentence_ends = f->link_tokens = f->separators = 0;
  f->terminal = f->ends_colon = f->starts_upper = f->starts_lower = false;
  f->copyright_sign = f->slash_in_text = false;

  bool in_word = false;
  Word cur;
  uint32_t word_letters = 0, word_upper = 0;
  uint32_t last_non_closer = 0;
  bool seen_letter = false;
  // Sentence-end tracking: after a terminal mark and closers, a space, then
  // a capital or digit starts a new sentence.
  int sentence_state = 0;  // 0 none, 1 after terminal, 2 after its space

  auto end_word = [&](uint32_t raw_end) {
    if (!in_word) return;
    cur.raw_end = raw_end;
    cur.lower_end = static_cast<uint32_t>(f->lower.size());
    cur.all_caps = word_letters >= 2 && word_upper == word_letters;
    cur.all_digits = word_letters == 0;
    std::string_view lw = std::string_view(f->lower).substr(
        cur.lower_begin, cur.lower_end - cur.lower_begin);
    (void)lw;
    f->capitalized += cur.capitalized;
    f->all_caps += cur.all_caps;
    f->digit_words += cur.all_digits;
    f->words.push_back(cur);
    in_word = false;
  };
  auto begin_word = [&](uint32_t raw_begin) {
    cur = Word();
    cur.raw_begin = raw_begin;
    cur.lower_begin = static_cast<uint32_t>(f->lower.size());
    word_letters = word_upper = 0;
    in_word = true;
  };

  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = static_cast<unsigned char>(text[i]);
    size_t len = 1;
    if (cp >= 0x80) {  // ASCII needs no decoding: most text is ASCII
      len = DecodeUtf8(text, i, &cp);
      if (len == 0) {
        cp = kReplacementChar;
        len = InvalidSequenceLength(text, i);
      }
    }
    const uint32_t pos = static_cast<uint32_t>(i);
    ++f->chars;
    bool upper = false;
    CharKind k = Kind(cp, &upper);
    if (k == CharKind::kLetter && IsUnspacedScript(cp)) {
      end_word(pos);
      begin_word(pos);
      f->lower.append(text.substr(i, len));
      ++word_letters;
      ++f->letters;
      end_word(static_cast<uint32_t>(i + len));
      seen_letter = true;
    } else if (k == CharKind::kLetter || k == CharKind::kDigit) {
      if (!in_word) begin_word(pos);
      if (k == CharKind::kLetter) {
        ++f->letters;
        if (word_letters == 0 && upper) cur.capitalized = true;
        ++word_letters;
        word_upper += upper;
        if (!seen_letter) {
          f->starts_upper = upper;
          f->starts_lower = !upper && cp < 0x80;
          if (!upper && cp >= 0x80) {
            f->starts_lower =
                utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))
                    ->category == UTF8PROC_CATEGORY_LL;
          }
          seen_letter = true;
        }
        if (cp < 0x80) {
          f->lower.push_back(static_cast<char>(upper ? cp + 32 : cp));
        } else if (upper) {
          AppendUtf8(&f->lower, static_cast<uint32_t>(utf8proc_tolower(
                                    static_cast<utf8proc_int32_t>(cp))));
        } else {
          f->lower.append(text.substr(i, len));
        }
      } else {
        ++f->digits;
        cur.has_digit = true;
        f->lower.append(text.substr(i, len));
      }
      if (sentence_state == 2) ++f->sentence_ends;
      sentence_state = 0;
    } else {
      end_word(pos);
      if (k == CharKind::kSymbol || k == CharKind::kApostrophe) ++f->symbols;
      if (cp == 0x00A9) f->copyright_sign = true;
      if (IsTerminal(cp)) {
        sentence_state = 1;
      } else if (k == CharKind::kSpace) {
        if (sentence_state == 1) sentence_state = 2;
        else if (sentence_state == 2) sentence_state = 2;
      } else if (sentence_state == 1 && IsCloser(cp)) {
        // stays after-terminal
      } else if (sentence_state == 2 &&
                 (cp == '"' || cp == 0x201C || cp == 0x00AB || cp == '(')) {
        // an opening quote before the next sentence
      } else {
        sentence_state = 0;
      }
    }
    if (k != CharKind::kSpace && !IsCloser(cp)) last_non_closer = cp;
    i += len;
  }
  end_word(static_cast<uint32_t>(text.size()));
  f->terminal = IsTerminal(last_non_closer);
  f->ends_colon = last_non_closer == ':';

  // Whitespace-separated chunks: link tokens, separators, slashes, "(c)".
  // Only chunks holding one of the bytes these need are looked at.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = pos;
    bool special = false;
    while (end < text.size() && text[end] != ' ') {
      unsigned char c = static_cast<unsigned char>(text[end]);
      special |= c == '.' || c == '@' || c == '#' || c == '/' || c == '|' ||
                 c == '>' || c == '<' || c == '(' || c == ':' || c >= 0x80;
      ++end;
    }
    std::string_view chunk = text.substr(pos, end - pos);
    if (special && !chunk.empty()) {
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
    pos = end + 1;
  }
}

}  // namespace winnow::boilerplate::reference

#endif  // WINNOW_TESTS_UNIT_TEXT_FEATURES_REFERENCE_H_
