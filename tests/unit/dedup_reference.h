// dedup_reference.h — slow, obviously correct references for the dedup
// algorithms. Test-only: never linked into the library.
#ifndef WINNOW_TESTS_DEDUP_REFERENCE_H_
#define WINNOW_TESTS_DEDUP_REFERENCE_H_

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace winnow::testref {

// |A ∩ B| / |A ∪ B| with std::set; 0 for two empty sets.
template <typename T>
double Jaccard(const std::set<T>& a, const std::set<T>& b) {
  size_t inter = 0;
  for (const T& x : a) inter += b.count(x);
  size_t uni = a.size() + b.size() - inter;
  return uni == 0 ? 0.0 : static_cast<double>(inter) / uni;
}

template <typename T>
double Containment(const std::set<T>& a, const std::set<T>& b) {
  size_t inter = 0;
  for (const T& x : a) inter += b.count(x);
  size_t m = std::min(a.size(), b.size());
  return m == 0 ? 0.0 : static_cast<double>(inter) / m;
}

// The words of a text after the documented normalization, by the letter
// of its ASCII rules: lowercase letters, digits as "0", separators
// whitespace, control characters, "-" and "/"; everything else dropped.
inline std::vector<std::string> AsciiWords(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  for (unsigned char c : text) {
    if (c < 32 || c == 127 || c == ' ' || c == '-' || c == '/') {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else if (c >= 'A' && c <= 'Z') {
      cur += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z')) {
      cur += static_cast<char>(c);
    } else if (c >= '0' && c <= '9') {
      cur += '0';
    }
  }
  if (!cur.empty()) words.push_back(cur);
  return words;
}

// Word n-grams as strings ("w1 w2 ... wn"); a text with fewer than n words
// is one n-gram of all of them.
inline std::set<std::string> NGrams(const std::vector<std::string>& w, int n) {
  std::set<std::string> out;
  if (w.empty()) return out;
  size_t count = w.size() <= static_cast<size_t>(n) ? 1 : w.size() - n + 1;
  size_t len = std::min<size_t>(w.size(), n);
  for (size_t i = 0; i < count; ++i) {
    std::string s;
    for (size_t j = 0; j < len; ++j) {
      if (j > 0) s += ' ';
      s += w[i + j];
    }
    out.insert(s);
  }
  return out;
}

// Every pair (i < j) of documents that share at least one band key.
inline std::set<std::pair<uint32_t, uint32_t>> BruteForceCandidates(
    const std::vector<std::vector<uint64_t>>& band_keys) {
  std::set<std::pair<uint32_t, uint32_t>> out;
  for (size_t i = 0; i < band_keys.size(); ++i) {
    for (size_t j = i + 1; j < band_keys.size(); ++j) {
      for (size_t b = 0; b < band_keys[i].size(); ++b) {
        if (band_keys[i][b] == band_keys[j][b]) {
          out.insert({static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace winnow::testref

#endif  // WINNOW_TESTS_DEDUP_REFERENCE_H_
