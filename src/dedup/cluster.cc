#include "winnow/cluster.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <string>
#include <unordered_map>

namespace winnow {

std::string_view ClusterModeName(ClusterMode m) {
  return m == ClusterMode::kConnected ? "connected" : "representative";
}

Result<ClusterMode> ParseClusterMode(std::string_view name) {
  if (name == "representative") return ClusterMode::kRepresentative;
  if (name == "connected") return ClusterMode::kConnected;
  return InvalidArgument("unknown cluster rule \"" + std::string(name) +
                         "\" (use representative or connected)");
}

std::string_view KeepRuleName(KeepRule k) {
  switch (k) {
    case KeepRule::kFirst: return "first";
    case KeepRule::kLast: return "last";
    case KeepRule::kLongest: break;
  }
  return "longest";
}

Result<KeepRule> ParseKeepRule(std::string_view name) {
  if (name == "longest") return KeepRule::kLongest;
  if (name == "first") return KeepRule::kFirst;
  if (name == "last") return KeepRule::kLast;
  return InvalidArgument("unknown keep rule \"" + std::string(name) +
                         "\" (use longest, first or last)");
}

std::vector<uint32_t> KeepRanks(const std::vector<uint32_t>& lengths,
                                KeepRule rule) {
  const uint32_t n = static_cast<uint32_t>(lengths.size());
  std::vector<uint32_t> rank(n);
  if (rule == KeepRule::kFirst) {
    std::iota(rank.begin(), rank.end(), 0u);
    return rank;
  }
  if (rule == KeepRule::kLast) {
    for (uint32_t d = 0; d < n; ++d) rank[d] = n - 1 - d;
    return rank;
  }
  // Longest first, ties to the earliest: sort (~length, ordinal) as one key.
  std::vector<uint64_t> keys(n);
  for (uint32_t d = 0; d < n; ++d) {
    keys[d] = (static_cast<uint64_t>(~lengths[d]) << 32) | d;
  }
  std::sort(keys.begin(), keys.end());
  for (uint32_t r = 0; r < n; ++r) {
    rank[static_cast<uint32_t>(keys[r])] = r;
  }
  return rank;
}

namespace {

void FillSizes(std::vector<ClusterAssignment>* a) {
  std::vector<uint32_t> size(a->size(), 0);
  for (const ClusterAssignment& x : *a) ++size[x.representative];
  for (ClusterAssignment& x : *a) x.cluster_size = size[x.representative];
}

}  // namespace

RepresentativeClusterer::RepresentativeClusterer(uint32_t n)
    : rep_(n, kNoDoc), sim_(n, 1.0f) {}

void RepresentativeClusterer::AddEdge(uint32_t keeper, uint32_t other,
                                      float similarity) {
  assert(keeper < rep_.size() && other < rep_.size());
  if (rep_[keeper] == kNoDoc) rep_[keeper] = keeper;  // unclaimed: keeps
  if (rep_[keeper] != keeper) return;  // claimed by a better keeper
  if (rep_[other] == kNoDoc) {
    rep_[other] = keeper;
    sim_[other] = similarity;
  }
}

std::vector<ClusterAssignment> RepresentativeClusterer::Finish() {
  const size_t n = rep_.size();
  std::vector<ClusterAssignment> out(n);
  for (size_t d = 0; d < n; ++d) {
    if (rep_[d] == kNoDoc || rep_[d] == d) {
      out[d].representative = static_cast<uint32_t>(d);
      out[d].similarity = 1.0f;
    } else {
      out[d].representative = rep_[d];
      out[d].similarity = sim_[d];
    }
  }
  FillSizes(&out);
  return out;
}

ConnectedClusterer::ConnectedClusterer(uint32_t n) : parent_(n), height_(n, 0) {
  std::iota(parent_.begin(), parent_.end(), 0u);
}

uint32_t ConnectedClusterer::Find(uint32_t d) {
  uint32_t root = d;
  while (parent_[root] != root) root = parent_[root];
  while (parent_[d] != root) {  // path compression
    uint32_t next = parent_[d];
    parent_[d] = root;
    d = next;
  }
  return root;
}

void ConnectedClusterer::AddEdge(uint32_t a, uint32_t b) {
  uint32_t ra = Find(a), rb = Find(b);
  if (ra == rb) return;
  if (height_[ra] < height_[rb]) std::swap(ra, rb);
  parent_[rb] = ra;
  if (height_[ra] == height_[rb]) ++height_[ra];
}

std::vector<ClusterAssignment> ConnectedClusterer::Finish(
    const std::vector<uint32_t>& rank) {
  const uint32_t n = static_cast<uint32_t>(parent_.size());
  // Best-ranked member of each component, stored at its root.
  std::vector<uint32_t> best(n, kNoDoc);
  for (uint32_t d = 0; d < n; ++d) {
    uint32_t r = Find(d);
    if (best[r] == kNoDoc || rank[d] < rank[best[r]]) best[r] = d;
  }
  std::vector<ClusterAssignment> out(n);
  for (uint32_t d = 0; d < n; ++d) {
    out[d].representative = best[Find(d)];
    out[d].similarity = 1.0f;
  }
  FillSizes(&out);
  return out;
}

std::vector<ClusterAssignment> ClusterDocs(const std::vector<uint32_t>& rank,
                                           std::vector<SimilarityEdge> edges,
                                           ClusterMode mode,
                                           const SimilarityFn& similarity) {
  const uint32_t n = static_cast<uint32_t>(rank.size());
  if (mode == ClusterMode::kRepresentative) {
    // Orient each edge from its better-ranked end, then sort by that rank.
    for (SimilarityEdge& e : edges) {
      if (rank[e.b] < rank[e.a]) std::swap(e.a, e.b);
    }
    std::sort(edges.begin(), edges.end(),
              [&](const SimilarityEdge& x, const SimilarityEdge& y) {
                if (rank[x.a] != rank[y.a]) return rank[x.a] < rank[y.a];
                return rank[x.b] < rank[y.b];
              });
    RepresentativeClusterer c(n);
    for (const SimilarityEdge& e : edges) c.AddEdge(e.a, e.b, e.similarity);
    return c.Finish();
  }
  ConnectedClusterer c(n);
  std::unordered_map<uint64_t, float> direct;
  for (const SimilarityEdge& e : edges) {
    c.AddEdge(e.a, e.b);
    uint32_t lo = std::min(e.a, e.b), hi = std::max(e.a, e.b);
    direct[(static_cast<uint64_t>(lo) << 32) | hi] = e.similarity;
  }
  std::vector<ClusterAssignment> out = c.Finish(rank);
  for (uint32_t d = 0; d < n; ++d) {
    uint32_t r = out[d].representative;
    if (r == d) continue;
    uint32_t lo = std::min(r, d), hi = std::max(r, d);
    auto it = direct.find((static_cast<uint64_t>(lo) << 32) | hi);
    if (it != direct.end()) {
      out[d].similarity = it->second;
    } else {
      out[d].similarity = similarity ? similarity(r, d) : 0.0f;
    }
  }
  return out;
}

}  // namespace winnow
