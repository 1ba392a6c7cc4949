// corpus_gen.h — the document generator behind winnow-gencorpus (see
// gen_corpus.cc for what it makes), shared with the micro-benchmarks.
// Header-only; used by tools and benchmarks, not by the library.
#ifndef WINNOW_TOOLS_CORPUS_GEN_H_
#define WINNOW_TOOLS_CORPUS_GEN_H_

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/json.h"
#include "winnow/shingle.h"
#include "winnow/similarity.h"

namespace winnow::corpus {

// SplitMix64 (Steele, Lea, Flood, OOPSLA 2014) as a counter-based
// generator: the stream of document `i` depends on (seed, i, purpose) only.
inline uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class Rng {
 public:
  Rng(uint64_t seed, uint64_t index, uint64_t purpose)
      : state_(Mix(Mix(seed ^ Mix(index)) ^ purpose)) {}
  uint64_t Next() { return Mix(state_++); }
  double Uniform() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }

 private:
  uint64_t state_;
};

constexpr uint64_t kText = 1, kDup = 2, kKind = 3, kEdit = 4, kBlocks = 5;

const char* const kFunctionWords[] = {
    "the", "of", "and", "to", "a", "in", "is", "was", "that", "for", "on",
    "with", "as", "by", "at", "from", "it", "his", "her", "their", "this",
    "be", "are", "were", "an", "or", "had", "has", "have", "not", "but",
    "which", "they", "he", "she", "we", "you", "its", "will", "would",
    "there", "been", "one", "all", "more", "also", "after", "into", "than",
    "other", "some", "could", "when", "who", "about", "said", "over", "new",
    "year", "two", "first", "people", "time", "may", "out", "up", "only",
    "most", "no", "can", "if", "so", "what", "our", "these", "them", "such",
    "between", "against", "during", "under", "while", "where", "before",
    "three", "since", "many", "last", "told", "state", "government"};

struct Vocabulary {
  std::vector<std::string> words;
  std::vector<double> cdf;  // Zipf(1.05) over `words`

  Vocabulary() {
    for (const char* w : kFunctionWords) words.emplace_back(w);
    // Pseudo-English content words from syllables, fixed (not seeded).
    const char* onset[] = {"b", "c", "d", "f", "g", "h", "l", "m", "n", "p",
                           "r", "s", "t", "v", "w", "st", "pr", "tr", "ch",
                           "sh", "br", "gr", "pl", "cr"};
    const char* vowel[] = {"a", "e", "i", "o", "u", "ea", "ou", "ai", "io"};
    const char* coda[] = {"", "n", "r", "s", "t", "l", "nd", "st", "ng", "m",
                          "ct", "rt"};
    Rng rng(12345, 0, 0);
    std::vector<std::string> seen;
    while (words.size() < 8000) {
      std::string w;
      const int syl = 1 + static_cast<int>(rng.Below(3));
      for (int s = 0; s < syl; ++s) {
        w += onset[rng.Below(24)];
        w += vowel[rng.Below(9)];
        if (rng.Below(2)) w += coda[rng.Below(12)];
      }
      if (rng.Below(5) == 0) w += rng.Below(2) ? "ing" : "ed";
      words.push_back(w);
    }
    std::sort(words.begin() + std::size(kFunctionWords), words.end());
    words.erase(std::unique(words.begin() + std::size(kFunctionWords), words.end()),
                words.end());
    // Shuffle the content words so rank does not follow spelling.
    for (size_t i = words.size() - 1; i > std::size(kFunctionWords); --i) {
      size_t j = std::size(kFunctionWords) +
                 rng.Below(i - std::size(kFunctionWords) + 1);
      std::swap(words[i], words[j]);
    }
    double sum = 0;
    cdf.resize(words.size());
    for (size_t r = 0; r < words.size(); ++r) {
      sum += 1.0 / std::pow(static_cast<double>(r + 1), 1.05);
      cdf[r] = sum;
    }
    for (double& c : cdf) c /= sum;
  }

  const std::string& Pick(Rng& rng) const {
    double u = rng.Uniform();
    size_t r = static_cast<size_t>(
        std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
    return words[std::min(r, words.size() - 1)];
  }
};

// A document as paragraphs of words; punctuation is added when rendering.
using Words = std::vector<std::string_view>;
struct Draft {
  std::vector<Words> paragraphs;
  std::vector<std::vector<int>> sentence_ends;  // word indexes per paragraph
};

inline Draft Original(const Vocabulary& v, uint64_t seed, uint64_t index) {
  Rng rng(seed, index, kText);
  Draft d;
  const int target = 350 + static_cast<int>(rng.Below(101));
  int total = 0;
  while (total < target) {
    Words p;
    std::vector<int> ends;
    const int sentences = 3 + static_cast<int>(rng.Below(4));
    for (int s = 0; s < sentences && total < target; ++s) {
      const int len = 6 + static_cast<int>(rng.Below(19));
      for (int w = 0; w < len; ++w) p.push_back(v.Pick(rng));
      total += len;
      ends.push_back(static_cast<int>(p.size()));
    }
    d.paragraphs.push_back(std::move(p));
    d.sentence_ends.push_back(std::move(ends));
  }
  return d;
}

inline std::string Render(const Draft& d, int wrap_width) {
  std::string out;
  for (size_t p = 0; p < d.paragraphs.size(); ++p) {
    std::string para;
    const Words& w = d.paragraphs[p];
    const std::vector<int>& ends = d.sentence_ends[p];
    size_t e = 0;
    bool start = true;
    for (size_t i = 0; i < w.size(); ++i) {
      if (!para.empty()) para += ' ';
      const size_t at = para.size();
      para += w[i];
      if (start) para[at] = static_cast<char>(toupper(para[at]));
      start = false;
      while (e < ends.size() && ends[e] < static_cast<int>(i) + 1) ++e;
      if ((e < ends.size() && ends[e] == static_cast<int>(i) + 1) ||
          i + 1 == w.size()) {
        para += '.';
        start = true;
      } else if ((i * 7 + p) % 11 == 5) {
        para += ',';
      }
    }
    if (wrap_width > 0) {
      // Hard-wrap at the width, paragraphs separated by a blank line.
      std::string wrapped;
      size_t col = 0, pos = 0;
      while (pos < para.size()) {
        size_t sp = para.find(' ', pos);
        if (sp == std::string::npos) sp = para.size();
        size_t len = sp - pos;
        if (col > 0 && col + 1 + len > static_cast<size_t>(wrap_width)) {
          wrapped += '\n';
          col = 0;
        } else if (col > 0) {
          wrapped += ' ';
          ++col;
        }
        wrapped.append(para, pos, len);
        col += len;
        pos = sp + 1;
      }
      if (!out.empty()) out += "\n\n";
      out += wrapped;
    } else {
      if (!out.empty()) out += '\n';
      out += para;
    }
  }
  return out;
}

// The pool of shared boilerplate blocks (same for every seed).
inline std::vector<Draft> Blocks(const Vocabulary& v) {
  std::vector<Draft> blocks;
  for (int b = 0; b < 16; ++b) {
    Rng rng(777, static_cast<uint64_t>(b), kBlocks);
    Draft d;
    Words p;
    std::vector<int> ends;
    const int words = 60 + static_cast<int>(rng.Below(41));
    while (static_cast<int>(p.size()) < words) {
      const int len = 6 + static_cast<int>(rng.Below(10));
      for (int w = 0; w < len; ++w) p.push_back(v.Pick(rng));
      ends.push_back(static_cast<int>(p.size()));
    }
    d.paragraphs.push_back(std::move(p));
    d.sentence_ends.push_back(std::move(ends));
    blocks.push_back(std::move(d));
  }
  return blocks;
}

struct Options {
  uint64_t docs = 1000;
  uint64_t seed = 1;
  double dup_rate = 0.2;
  uint64_t window = 5000;
  std::string out, truth;
};

inline bool IsDerived(const Options& o, uint64_t i) {
  if (i == 0) return false;
  return Rng(o.seed, i, kDup).Uniform() < o.dup_rate;
}

// The original an index derives from (itself when it is an original).
inline uint64_t BaseOf(const Options& o, uint64_t i) {
  while (IsDerived(o, i)) {
    Rng rng(o.seed, i, kDup);
    rng.Next();
    i = i - 1 - rng.Below(std::min<uint64_t>(i, o.window));
  }
  return i;
}

const double kEditRates[] = {0.01, 0.03, 0.05, 0.10, 0.20, 0.30};

struct Generated {
  std::string json;
  std::string truth;
};

inline Generated Make(const Options& o, const Vocabulary& v,
               const std::vector<Draft>& blocks, uint64_t i,
               winnow::Shingler* shingler) {
  Generated g;
  std::string id = "d";
  id += std::to_string(i);
  std::string text;
  if (!IsDerived(o, i)) {
    text = Render(Original(v, o.seed, i), 0);
  } else {
    const uint64_t base = BaseOf(o, i);
    Draft d = Original(v, o.seed, base);
    Rng kind(o.seed, i, kKind);
    Rng edit(o.seed, i, kEdit);
    std::string name;
    int wrap = 0;
    switch (kind.Below(5)) {
      case 0: {
        const double rate = kEditRates[kind.Below(6)];
        char buf[32];
        std::snprintf(buf, sizeof buf, "edit-%.2f", rate);
        name = buf;
        for (Words& p : d.paragraphs) {
          for (auto& w : p) {
            if (edit.Uniform() < rate) w = v.Pick(edit);
          }
        }
        break;
      }
      case 1:
        name = "rewrap";
        wrap = 60 + static_cast<int>(kind.Below(36));
        break;
      case 2: {
        name = "boilerplate";
        const Draft& b = blocks[kind.Below(blocks.size())];
        d.paragraphs.push_back(b.paragraphs[0]);
        d.sentence_ends.push_back(b.sentence_ends[0]);
        break;
      }
      case 3: {
        const double keep = 0.5 + 0.4 * kind.Uniform();
        char buf[32];
        std::snprintf(buf, sizeof buf, "truncate-%.2f", keep);
        name = buf;
        size_t total = 0;
        for (const Words& p : d.paragraphs) total += p.size();
        size_t left = static_cast<size_t>(keep * static_cast<double>(total));
        for (size_t p = 0; p < d.paragraphs.size(); ++p) {
          if (left == 0) {
            d.paragraphs.resize(p);
            d.sentence_ends.resize(p);
            break;
          }
          if (d.paragraphs[p].size() > left) {
            d.paragraphs[p].resize(left);
            auto& e = d.sentence_ends[p];
            e.erase(std::remove_if(e.begin(), e.end(),
                                   [&](int x) { return x > static_cast<int>(left); }),
                    e.end());
          }
          left -= d.paragraphs[p].size();
        }
        break;
      }
      default: {
        name = "reorder";
        for (size_t p = d.paragraphs.size(); p > 1; --p) {
          size_t j = kind.Below(p);
          std::swap(d.paragraphs[p - 1], d.paragraphs[j]);
          std::swap(d.sentence_ends[p - 1], d.sentence_ends[j]);
        }
        break;
      }
    }
    text = Render(d, wrap);
    // Exact similarity of the pair, as winnow measures it.
    const std::string base_text = Render(Original(v, o.seed, base), 0);
    std::vector<uint64_t> a, b;
    shingler->Process(base_text);
    shingler->SortedDistinct(&a);
    shingler->Process(text);
    shingler->SortedDistinct(&b);
    const size_t inter =
        winnow::IntersectionSize(a.data(), a.size(), b.data(), b.size());
    const double jac = winnow::ExactJaccard(a.data(), a.size(), b.data(), b.size());
    const double con =
        static_cast<double>(inter) / static_cast<double>(std::min(a.size(), b.size()));
    char buf[160];
    std::snprintf(buf, sizeof buf, "d%" PRIu64 "\td%" PRIu64 "\t%s\t%.6f\t%.6f\n",
                  i, base, name.c_str(), jac, con);
    g.truth = buf;
  }
  g.json = "{\"id\":\"";
  g.json += id;
  g.json += "\",\"text\":";
  winnow::AppendJsonString(&g.json, text);
  g.json += "}\n";
  return g;
}
}  // namespace winnow::corpus

#endif  // WINNOW_TOOLS_CORPUS_GEN_H_
