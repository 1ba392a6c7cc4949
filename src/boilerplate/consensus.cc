#include "winnow/consensus.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <unordered_map>

#include "word_table.h"
#include "winnow/boilerplate.h"
#include "winnow/paragraph_repeats.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

// ASCII letters and digits, lowercased; 0 for every other byte.
struct AsciiWord {
  char lower[128];
  constexpr AsciiWord() : lower() {
    for (int c = 0; c < 128; ++c) {
      lower[c] = c >= 'a' && c <= 'z'   ? static_cast<char>(c)
                 : c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32)
                 : c >= '0' && c <= '9' ? static_cast<char>(c)
                                        : 0;
    }
  }
};
constexpr AsciiWord kAsciiWord;

// A set of 64-bit hashes: its members, each once, and an open-addressing
// table over them (at most half full). Building it costs one probe per
// element, and intersecting two sets one probe per member of the smaller;
// sorting and merging, which this replaces, cost several times more on
// paragraph-sized sets.
class HashSet {
 public:
  void Build(const uint64_t* v, size_t n) {
    members_.clear();
    zero_ = false;
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    table_.assign(cap, 0);
    shift_ = 64 - static_cast<int>(__builtin_ctzll(cap));
    for (size_t i = 0; i < n; ++i) {
      const uint64_t h = v[i];
      if (h == 0) {
        if (!zero_) members_.push_back(0);
        zero_ = true;
        continue;
      }
      size_t j = Slot(h);
      while (table_[j] != 0 && table_[j] != h) j = (j + 1) & (cap - 1);
      if (table_[j] == 0) {
        table_[j] = h;
        members_.push_back(h);
      }
    }
  }
  size_t size() const { return members_.size(); }
  const std::vector<uint64_t>& members() const { return members_; }
  bool Contains(uint64_t h) const {
    if (h == 0) return zero_;
    const size_t mask = table_.size() - 1;
    for (size_t j = Slot(h); table_[j] != 0; j = (j + 1) & mask) {
      if (table_[j] == h) return true;
    }
    return false;
  }
  // Members of this set that `other` holds.
  size_t Intersection(const HashSet& other) const {
    const HashSet& small = size() <= other.size() ? *this : other;
    const HashSet& large = size() <= other.size() ? other : *this;
    size_t n = 0;
    for (uint64_t h : small.members_) n += large.Contains(h);
    return n;
  }

 private:
  // Fibonacci hashing: the multiply spreads every input bit to the top.
  size_t Slot(uint64_t h) const {
    return static_cast<size_t>((h * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  std::vector<uint64_t> members_;
  std::vector<uint64_t> table_;  // 0: empty; 0 itself is zero_
  bool zero_ = false;
  int shift_ = 60;
};

// Word bigram hash set of one paragraph; its word unigram set too, but
// only when a comparison needs it (a paragraph of one word has no bigram).
struct Shingles {
  const std::string_view* text = nullptr;  // the text, in BuildConsensus
  std::vector<uint64_t> tokens;  // word hashes in order
  HashSet bigrams;
  mutable HashSet unigrams;
  mutable bool have_unigrams = false;

  const HashSet& Unigrams() const {
    if (!have_unigrams) {
      unigrams.Build(tokens.data(), tokens.size());
      have_unigrams = true;
    }
    return unigrams;
  }
};

// Words: maximal runs of letters, marks and digits, lowercased. ASCII goes
// byte by byte through a table; other code points through utf8proc.
void Tokenize(std::string_view p, std::vector<uint64_t>* tokens) {
  tokens->clear();
  thread_local std::string word;
  word.clear();
  auto flush = [&] {
    if (!word.empty()) {
      tokens->push_back(boilerplate::WordHash(word));
      word.clear();
    }
  };
  size_t i = 0;
  while (i < p.size()) {
    const unsigned char b = static_cast<unsigned char>(p[i]);
    if (b < 0x80) {
      if (!kAsciiWord.lower[b]) {
        flush();
        ++i;
        continue;
      }
      // A run of ASCII letters and digits: hashed where it lies when it
      // is already lowercase and whole (most words), else copied.
      size_t j = i;
      bool upper = false;
      while (j < p.size() && static_cast<unsigned char>(p[j]) < 0x80 &&
             kAsciiWord.lower[static_cast<unsigned char>(p[j])]) {
        upper |= p[j] >= 'A' && p[j] <= 'Z';
        ++j;
      }
      const bool whole =
          word.empty() &&
          (j == p.size() || static_cast<unsigned char>(p[j]) < 0x80);
      if (whole && !upper) {
        tokens->push_back(boilerplate::WordHash(p.substr(i, j - i)));
      } else {
        for (size_t k = i; k < j; ++k) {
          word.push_back(kAsciiWord.lower[static_cast<unsigned char>(p[k])]);
        }
        if (whole) flush();
      }
      i = j;
      continue;
    }
    uint32_t cp;
    size_t len = DecodeUtf8(p, i, &cp);
    if (len == 0) {
      len = InvalidSequenceLength(p, i);
      flush();
      i += len;
      continue;
    }
    auto cat = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))
                   ->category;
    const bool alnum =
        (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
        (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
        (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
    if (alnum) {
      AppendUtf8(&word, static_cast<uint32_t>(utf8proc_tolower(
                            static_cast<utf8proc_int32_t>(cp))));
    } else {
      flush();
    }
    i += len;
  }
  flush();
}

void ComputeShingles(std::string_view p, Shingles* s) {
  Tokenize(p, &s->tokens);
  const std::vector<uint64_t>& t = s->tokens;
  s->have_unigrams = false;
  thread_local std::vector<uint64_t> pairs;
  pairs.clear();
  for (size_t i = 1; i < t.size(); ++i) {
    pairs.push_back(t[i - 1] * 0x9E3779B97F4A7C15ull ^
                    (t[i] >> 7 | t[i] << 57));
  }
  s->bigrams.Build(pairs.data(), pairs.size());
}

float Dice(const Shingles& a, const Shingles& b, float floor) {
  const bool uni = a.bigrams.size() == 0 || b.bigrams.size() == 0;
  const HashSet& x = uni ? a.Unigrams() : a.bigrams;
  const HashSet& y = uni ? b.Unigrams() : b.bigrams;
  const size_t total = x.size() + y.size();
  if (total == 0) return 1.0f;
  // Upper bound from the sizes alone: skip pairs that cannot reach `floor`.
  if (2.0f * std::min(x.size(), y.size()) < floor * total) return 0.0f;
  return 2.0f * x.Intersection(y) / total;
}

struct Member {
  uint32_t capture;
  uint32_t paragraph;
};

struct Column {
  std::vector<Member> members;
};

bool Kept(const CaptureText& c, uint32_t p) {
  return c.verdicts.empty() || c.verdicts[p].keep;
}

float Score(const CaptureText& c, uint32_t p) {
  return c.verdicts.empty() ? 0.0f : c.verdicts[p].score;
}

// The similarity of every (column, paragraph) pair, sim[i * m + j], each
// the value Dice(*cols[i], *paras[j], threshold) gives, bit for bit. The
// columns' bigrams go into one index (bigram -> the columns holding it), so
// that a paragraph's shared bigrams with all columns at once cost a probe
// per bigram of the paragraph; comparing it with the columns one by one
// costs a probe per bigram per column, most of them for unrelated pairs.
void Similarities(const std::vector<const Shingles*>& cols,
                  const std::vector<const Shingles*>& paras,
                  float threshold, std::vector<float>* sim) {
  const size_t n = cols.size(), m = paras.size();
  sim->assign(n * m, 0.0f);
  size_t entries = 0;
  for (const Shingles* c : cols) entries += c->bigrams.size();
  size_t cap = 16;
  while (cap < 2 * entries) cap *= 2;
  const size_t mask = cap - 1;
  const int shift = 64 - static_cast<int>(__builtin_ctzll(cap));
  auto slot = [shift](uint64_t h) {
    return static_cast<size_t>((h * 0x9E3779B97F4A7C15ull) >> shift);
  };
  // Open addressing over distinct bigrams (head -1: empty slot, so that 0
  // is a key like any other); each slot's columns chained through `next`.
  thread_local std::vector<uint64_t> keys;
  thread_local std::vector<int32_t> head, next;
  thread_local std::vector<uint32_t> column;
  thread_local std::vector<uint32_t> shared;
  keys.assign(cap, 0);
  head.assign(cap, -1);
  next.clear();
  column.clear();
  for (size_t i = 0; i < n; ++i) {
    // A set's members are distinct: each (bigram, column) enters once.
    for (uint64_t h : cols[i]->bigrams.members()) {
      size_t j = slot(h);
      while (head[j] != -1 && keys[j] != h) j = (j + 1) & mask;
      keys[j] = h;
      next.push_back(head[j]);
      column.push_back(static_cast<uint32_t>(i));
      head[j] = static_cast<int32_t>(column.size() - 1);
    }
  }
  shared.assign(n, 0);
  for (size_t j = 0; j < m; ++j) {
    const Shingles& p = *paras[j];
    if (p.bigrams.size() == 0) {
      // No bigram: Dice compares word sets.
      for (size_t i = 0; i < n; ++i) {
        (*sim)[i * m + j] = Dice(*cols[i], p, threshold);
      }
      continue;
    }
    std::fill(shared.begin(), shared.end(), 0);
    for (uint64_t h : p.bigrams.members()) {
      size_t k = slot(h);
      while (head[k] != -1 && keys[k] != h) k = (k + 1) & mask;
      for (int32_t e = head[k]; e != -1; e = next[e]) ++shared[column[e]];
    }
    for (size_t i = 0; i < n; ++i) {
      const size_t x = cols[i]->bigrams.size(), y = p.bigrams.size();
      if (x == 0) {
        (*sim)[i * m + j] = Dice(*cols[i], p, threshold);
        continue;
      }
      // As Dice: the bound from the sizes first, then the same expression.
      const size_t total = x + y;
      if (2.0f * std::min(x, y) < threshold * total) continue;
      (*sim)[i * m + j] = 2.0f * static_cast<size_t>(shared[i]) / total;
    }
  }
}

// Matches of capture paragraphs to columns: match[j] = column or -1.
void AlignBySimilarity(const std::vector<const Shingles*>& cols,
                       const std::vector<const Shingles*>& paras,
                       float threshold, std::vector<int>* match) {
  const size_t n = cols.size(), m = paras.size();
  thread_local std::vector<float> sim;
  Similarities(cols, paras, threshold, &sim);
  std::vector<float> prev(m + 1, 0), cur(m + 1, 0);
  std::vector<uint8_t> dir((n + 1) * (m + 1), 0);  // 0 up, 1 left, 2 diag
  auto at = [&](size_t i, size_t j) -> uint8_t& { return dir[i * (m + 1) + j]; };
  for (size_t j = 1; j <= m; ++j) at(0, j) = 1;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = 0;
    at(i, 0) = 0;
    for (size_t j = 1; j <= m; ++j) {
      float best = prev[j];
      uint8_t d = 0;
      if (cur[j - 1] > best) {
        best = cur[j - 1];
        d = 1;
      }
      const float s = sim[(i - 1) * m + (j - 1)];
      if (s >= threshold && prev[j - 1] + s > best) {
        best = prev[j - 1] + s;
        d = 2;
      }
      cur[j] = best;
      at(i, j) = d;
    }
    std::swap(prev, cur);
  }
  match->assign(m, -1);
  size_t i = n, j = m;
  while (i > 0 && j > 0) {
    uint8_t d = at(i, j);
    if (d == 2) {
      (*match)[j - 1] = static_cast<int>(i - 1);
      --i;
      --j;
    } else if (d == 1) {
      --j;
    } else {
      --i;
    }
  }
}

// For very long captures: only identical paragraphs, unique on both sides,
// kept in order by a longest increasing subsequence.
void AlignIdentical(const std::vector<uint64_t>& col_hash,
                    const std::vector<uint64_t>& para_hash,
                    std::vector<int>* match) {
  std::unordered_map<uint64_t, int> cols;  // hash -> column, -2 if repeated
  for (size_t i = 0; i < col_hash.size(); ++i) {
    if (col_hash[i] == 0) continue;  // no letters: never an anchor
    auto [it, fresh] = cols.emplace(col_hash[i], static_cast<int>(i));
    if (!fresh) it->second = -2;
  }
  std::unordered_map<uint64_t, int> seen;
  for (uint64_t h : para_hash) ++seen[h];
  std::vector<std::pair<int, int>> pairs;  // (para, column)
  for (size_t j = 0; j < para_hash.size(); ++j) {
    auto it = cols.find(para_hash[j]);
    if (para_hash[j] != 0 && it != cols.end() && it->second >= 0 && seen[para_hash[j]] == 1) {
      pairs.emplace_back(static_cast<int>(j), it->second);
    }
  }
  // LIS on the column index (pairs are in paragraph order).
  std::vector<int> tails, tails_at, parent(pairs.size(), -1);
  for (size_t k = 0; k < pairs.size(); ++k) {
    int c = pairs[k].second;
    auto it = std::lower_bound(tails.begin(), tails.end(), c);
    size_t pos = static_cast<size_t>(it - tails.begin());
    if (it == tails.end()) {
      tails.push_back(c);
      tails_at.push_back(static_cast<int>(k));
    } else {
      *it = c;
      tails_at[pos] = static_cast<int>(k);
    }
    parent[k] = pos > 0 ? tails_at[pos - 1] : -1;
  }
  match->assign(para_hash.size(), -1);
  int k = tails_at.empty() ? -1 : tails_at.back();
  while (k >= 0) {
    (*match)[pairs[k].first] = pairs[k].second;
    k = parent[k];
  }
}

// Each column's fate: kept (by two captures or more, or by its only
// capture when that one does not find it boilerplate-like), else dropped
// with why.
void DecideColumns(std::span<const CaptureText> caps,
                   const std::vector<Column>& cols,
                   const ConsensusOptions& options, ConsensusResult* r) {
  const uint32_t k = static_cast<uint32_t>(caps.size());
  for (const Column& col : cols) {
    uint32_t kept = 0;
    const Member* text_from = nullptr;
    for (const Member& mb : col.members) {
      if (!Kept(caps[mb.capture], mb.paragraph)) continue;
      ++kept;
      if (!text_from || mb.capture == r->base) text_from = &mb;
    }
    const uint32_t present = static_cast<uint32_t>(col.members.size());
    bool keep = false;
    if (k == 1) {
      keep = kept == 1;
    } else if (kept >= 2) {
      keep = true;
    } else if (kept == 1) {
      keep = Score(caps[text_from->capture], text_from->paragraph) <
             options.unsupported_max_score;
    }
    if (keep) {
      ConsensusParagraph cp;
      cp.capture = text_from->capture;
      cp.paragraph = text_from->paragraph;
      cp.text = caps[cp.capture].paragraphs[cp.paragraph];
      cp.support = kept;
      cp.present = present;
      if (!r->text.empty()) r->text.push_back('\n');
      r->text.append(cp.text);
      r->paragraphs.push_back(cp);
      continue;
    }
    DroppedParagraph d;
    const Member& first = text_from ? *text_from : col.members.front();
    d.capture = first.capture;
    d.paragraph = first.paragraph;
    d.text = caps[d.capture].paragraphs[d.paragraph];
    d.present = present;
    const CaptureText& cap = caps[d.capture];
    if (kept == 1) {
      // Kept by its own capture only, and boilerplate-like.
      const Verdict* v = cap.verdicts.empty() ? nullptr : &cap.verdicts[d.paragraph];
      d.cls = v && v->leaning != BoilerplateClass::kContent
                  ? v->leaning
                  : BoilerplateClass::kUnsupported;
      d.rule = "consensus.unsupported";
      d.score = v ? v->score : 0.0f;
    } else {
      const Verdict& v = cap.verdicts[d.paragraph];
      d.cls = v.cls;
      d.rule = v.rule;
      d.score = v.score;
    }
    r->dropped.push_back(d);
  }
}

// Whether every capture has the base's paragraphs, byte for byte and in
// order, and the alignment of each with the base would be the DP's: then
// the DP's answer is known without it. Each paragraph's similarity with
// itself is 1 exactly (2x / 2x) and reaches any threshold, and no path
// to (i, i) sums more than i - 1 without it, so at every cell (i, i) the
// diagonal step is strictly best and the traceback takes the diagonal
// whatever else is similar. (Beyond max_alignment_cells the alignment is
// by identical unique paragraphs instead, which is not the diagonal when a
// text repeats: no shortcut there.)
bool SameParagraphsAsBase(std::span<const CaptureText> caps, uint32_t base,
                          const ConsensusOptions& options) {
  const auto& b = caps[base].paragraphs;
  const uint64_t cells = static_cast<uint64_t>(b.size() + 1) * (b.size() + 1);
  if (cells > options.max_alignment_cells || options.match_similarity > 1.0f) {
    return false;
  }
  for (uint32_t c = 0; c < caps.size(); ++c) {
    if (c == base) continue;
    const auto& o = caps[c].paragraphs;
    if (o.size() != b.size()) return false;
    for (size_t p = 0; p < b.size(); ++p) {
      if (o[p] != b[p]) return false;
    }
  }
  return true;
}

}  // namespace

float ParagraphSimilarity(std::string_view a, std::string_view b) {
  Shingles x, y;
  ComputeShingles(a, &x);
  ComputeShingles(b, &y);
  return Dice(x, y, 0.0f);
}

void AlignParagraphs(std::span<const std::string_view> a,
                     std::span<const std::string_view> b, float threshold,
                     std::vector<int>* match) {
  std::vector<Shingles> sa(a.size()), sb(b.size());
  std::vector<const Shingles*> cols, paras;
  for (size_t i = 0; i < a.size(); ++i) {
    ComputeShingles(a[i], &sa[i]);
    cols.push_back(&sa[i]);
  }
  for (size_t j = 0; j < b.size(); ++j) {
    ComputeShingles(b[j], &sb[j]);
    paras.push_back(&sb[j]);
  }
  AlignBySimilarity(cols, paras, threshold, match);
}

CaptureText CaptureFromBoilerplate(std::string_view id,
                                   const BoilerplateResult& r) {
  CaptureText c;
  c.id = id;
  const CleanResult& cr = r.clean;
  for (const ParagraphSpan& s : cr.paragraphs) {
    c.paragraphs.push_back(std::string_view(cr.text).substr(
        s.out_begin, s.out_end - s.out_begin));
  }
  c.verdicts = r.verdicts;
  return c;
}

void BuildConsensus(std::span<const CaptureText> caps,
                    const ConsensusOptions& options, ConsensusResult* r) {
  r->text.clear();
  r->paragraphs.clear();
  r->dropped.clear();
  r->base = 0;
  const uint32_t k = static_cast<uint32_t>(caps.size());
  if (k == 0) return;

  // The base: most kept words; the earliest on a tie (a story of one
  // capture has no choice to make).
  uint64_t best_words = 0;
  for (uint32_t c = 0; c < k && k > 1; ++c) {
    uint64_t words = 0;
    for (uint32_t p = 0; p < caps[c].paragraphs.size(); ++p) {
      if (!Kept(caps[c], p)) continue;
      std::string_view t = caps[c].paragraphs[p];
      words += 1 + static_cast<uint64_t>(std::count(t.begin(), t.end(), ' '));
    }
    if (c == 0 || words > best_words) {
      best_words = words;
      r->base = c;
    }
  }

  // Captures that are the same paragraphs (the most common cluster: a
  // story captured twice alike) align paragraph to paragraph.
  if (k > 1 && options.shortcut_identical &&
      SameParagraphsAsBase(caps, r->base, options)) {
    std::vector<Column> cols(caps[r->base].paragraphs.size());
    for (uint32_t p = 0; p < cols.size(); ++p) {
      cols[p].members.push_back({r->base, p});
      for (uint32_t c = 0; c < k; ++c) {
        if (c != r->base) cols[p].members.push_back({c, p});
      }
    }
    DecideColumns(caps, cols, options, r);
    return;
  }

  // Shingles for the alignment, hashes for the fallback: only a cluster
  // needs them, and hashes only when a table is too large. Captures of one
  // story share most paragraphs word for word: each distinct text is
  // shingled once. The shingles live in a pool of the thread's, whose
  // members keep their buffers from cluster to cluster (grown before any
  // pointer into it is taken); texts are matched through an
  // open-addressing table of their hashes (0: empty).
  std::vector<std::vector<const Shingles*>> shingles(k);
  std::vector<std::vector<uint64_t>> hashes(k);
  thread_local std::vector<Shingles> distinct;
  thread_local std::vector<std::pair<uint64_t, uint32_t>> by_text;
  if (k > 1) {
    size_t total = 0;
    for (uint32_t c = 0; c < k; ++c) total += caps[c].paragraphs.size();
    if (distinct.size() < total) distinct.resize(total);
    size_t cap = 16;
    while (cap < 2 * total) cap *= 2;
    by_text.assign(cap, {0, 0});
    uint32_t used = 0;
    for (uint32_t c = 0; c < k; ++c) {
      shingles[c].resize(caps[c].paragraphs.size());
      for (size_t p = 0; p < caps[c].paragraphs.size(); ++p) {
        const std::string_view text = caps[c].paragraphs[p];
        const uint64_t h = XXH3_64bits(text.data(), text.size()) | 1;
        size_t j = h & (cap - 1);
        while (by_text[j].first != 0 &&
               (by_text[j].first != h ||
                caps[c].paragraphs[p] != *distinct[by_text[j].second].text)) {
          j = (j + 1) & (cap - 1);
        }
        if (by_text[j].first == 0) {
          Shingles& fresh = distinct[used];
          ComputeShingles(text, &fresh);
          fresh.text = &caps[c].paragraphs[p];
          by_text[j] = {h, used++};
        }
        shingles[c][p] = &distinct[by_text[j].second];
      }
    }
  }
  bool hashed = false;
  auto hash_all = [&] {
    if (hashed) return;
    hashed = true;
    for (uint32_t c = 0; c < k; ++c) {
      for (std::string_view para : caps[c].paragraphs) {
        hashes[c].push_back(ParagraphHash(para));
      }
    }
  };

  std::vector<Column> cols;
  for (uint32_t p = 0; p < caps[r->base].paragraphs.size(); ++p) {
    cols.push_back({{{r->base, p}}});
  }
  std::vector<int> match;
  for (uint32_t c = 0; c < k; ++c) {
    if (c == r->base) continue;
    const size_t m = caps[c].paragraphs.size();
    if (m == 0) continue;
    const uint64_t cells = static_cast<uint64_t>(cols.size() + 1) * (m + 1);
    if (cells <= options.max_alignment_cells) {
      std::vector<const Shingles*> reps;
      for (const Column& col : cols) {
        const Member& rep = col.members.front();
        reps.push_back(shingles[rep.capture][rep.paragraph]);
      }
      AlignBySimilarity(reps, shingles[c], options.match_similarity, &match);
    } else {
      hash_all();
      std::vector<uint64_t> col_hash;
      for (const Column& col : cols) {
        const Member& rep = col.members.front();
        col_hash.push_back(hashes[rep.capture][rep.paragraph]);
      }
      AlignIdentical(col_hash, hashes[c], &match);
    }
    // Add members; unmatched paragraphs become new columns after the column
    // of the previous matched paragraph.
    std::vector<Column> merged;
    merged.reserve(cols.size() + m);
    std::vector<std::vector<uint32_t>> inserts(cols.size() + 1);
    int last = -1;
    for (uint32_t p = 0; p < m; ++p) {
      if (match[p] >= 0) {
        cols[match[p]].members.push_back({c, p});
        last = match[p];
      } else {
        inserts[last + 1].push_back(p);
      }
    }
    for (size_t i = 0; i <= cols.size(); ++i) {
      for (uint32_t p : inserts[i]) merged.push_back({{{c, p}}});
      if (i < cols.size()) merged.push_back(std::move(cols[i]));
    }
    cols = std::move(merged);
  }

  DecideColumns(caps, cols, options, r);
}

}  // namespace winnow
