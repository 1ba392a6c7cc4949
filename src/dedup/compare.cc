#include "winnow/compare.h"

#include <algorithm>

#include "winnow/clean.h"

namespace winnow {
namespace {

struct Side {
  std::string text;                 // cleaned (or as given)
  std::string normalized;
  std::vector<uint64_t> sorted;     // distinct shingle hashes
  std::vector<uint32_t> signature;
  Hash128 fingerprint;
  uint64_t words = 0;
};

Side Prepare(std::string_view raw, const CompareOptions& o, Shingler* shingler,
             Sketcher* sketcher) {
  Side s;
  if (o.clean) {
    CleanResult r;
    CleanText(raw, {}, &r);
    s.text = std::move(r.text);
  } else {
    s.text.assign(raw);
  }
  shingler->Process(s.text);
  s.normalized.assign(shingler->normalized());
  s.words = shingler->words();
  s.fingerprint = shingler->fingerprint();
  shingler->SortedDistinct(&s.sorted);
  s.signature.resize(static_cast<size_t>(o.num_perm), kEmptyValue);
  if (!shingler->hashes().empty()) {
    sketcher->Sign(shingler->hashes().data(), shingler->hashes().size(),
                   s.signature.data());
  }
  return s;
}

std::vector<std::string_view> Paragraphs(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view p = text.substr(pos, nl - pos);
    if (p.find_first_not_of(" \t\r") != std::string_view::npos) {
      out.push_back(p);
    }
    pos = nl + 1;
  }
  return out;
}

// Paragraphs of `mine` mostly absent from `other`.
std::vector<ParagraphOnly> OnlyIn(const Side& mine, const Side& other,
                                  const Shingler& shingler, uint64_t* count) {
  std::vector<ParagraphOnly> out;
  std::string norm;
  std::vector<uint32_t> starts;
  std::vector<uint64_t> hashes;
  const std::string padded_other = " " + other.normalized + " ";
  for (std::string_view p : Paragraphs(mine.text)) {
    NormalizeForShingles(p, &norm, &starts);
    if (starts.empty()) continue;
    ++*count;
    double covered = 0;
    if (starts.size() < static_cast<size_t>(shingler.options().ngram)) {
      covered = padded_other.find(" " + norm + " ") != std::string::npos;
    } else {
      hashes.clear();
      shingler.HashNormalized(norm, starts, &hashes);
      std::sort(hashes.begin(), hashes.end());
      hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
      size_t found = IntersectionSize(hashes.data(), hashes.size(),
                                      other.sorted.data(), other.sorted.size());
      covered = static_cast<double>(found) / hashes.size();
    }
    if (covered < 0.5) out.push_back({std::string(p), covered});
  }
  return out;
}

PairDecision Decide(Measure measure, const Side& a, const Side& b,
                    double jaccard, double estimate, bool exact,
                    const CompareOptions& o) {
  PairDecision d;
  d.measure = measure;
  d.lsh_threshold = measure == Measure::kContainment
                        ? ContainmentLshThreshold(o.threshold, o.max_size_ratio)
                        : o.threshold;
  d.lsh = ChooseLshParams(d.lsh_threshold, o.num_perm);
  d.candidate_probability =
      CandidateProbability(jaccard, d.lsh.bands, d.lsh.rows);
  const bool empty = a.sorted.empty() || b.sorted.empty();
  for (int band = 0; band < d.lsh.bands && !empty; ++band) {
    if (BandKey(a.signature.data(), band, d.lsh.rows, o.shingle.seed) ==
        BandKey(b.signature.data(), band, d.lsh.rows, o.shingle.seed)) {
      d.candidate = true;
      break;
    }
  }
  d.similarity = PairSimilarity(measure, estimate, a.sorted.size(),
                                b.sorted.size(), o.min_shingles);
  d.small = measure == Measure::kContainment &&
            std::min(a.sorted.size(), b.sorted.size()) < o.min_shingles;
  d.clustered = !empty && (exact || (d.candidate && d.similarity >= o.threshold));
  return d;
}

}  // namespace

Comparison CompareTexts(std::string_view raw_a, std::string_view raw_b,
                        const CompareOptions& o) {
  Shingler shingler(o.shingle);
  Sketcher sketcher({o.num_perm, o.shingle.seed, o.scheme});
  Side a = Prepare(raw_a, o, &shingler, &sketcher);
  Side b = Prepare(raw_b, o, &shingler, &sketcher);
  Comparison c;
  c.words_a = a.words;
  c.words_b = b.words;
  c.shingles_a = a.sorted.size();
  c.shingles_b = b.sorted.size();
  c.shared = IntersectionSize(a.sorted.data(), a.sorted.size(),
                              b.sorted.data(), b.sorted.size());
  c.jaccard = ExactJaccard(a.sorted.data(), a.sorted.size(), b.sorted.data(),
                           b.sorted.size());
  const bool empty = a.sorted.empty() || b.sorted.empty();
  c.jaccard_estimate =
      empty ? 0 : EstimateJaccard(a.signature.data(), b.signature.data(),
                                  o.num_perm);
  if (c.shingles_a > 0) {
    c.containment_a_in_b = static_cast<double>(c.shared) / c.shingles_a;
  }
  if (c.shingles_b > 0) {
    c.containment_b_in_a = static_cast<double>(c.shared) / c.shingles_b;
  }
  c.containment = std::max(c.containment_a_in_b, c.containment_b_in_a);
  c.exact_duplicate = !empty && a.fingerprint == b.fingerprint;
  c.jaccard_decision = Decide(Measure::kJaccard, a, b, c.jaccard,
                              c.jaccard_estimate, c.exact_duplicate, o);
  c.containment_decision = Decide(Measure::kContainment, a, b, c.jaccard,
                                  c.jaccard_estimate, c.exact_duplicate, o);
  c.only_a = OnlyIn(a, b, shingler, &c.paragraphs_a);
  c.only_b = OnlyIn(b, a, shingler, &c.paragraphs_b);
  return c;
}

}  // namespace winnow
