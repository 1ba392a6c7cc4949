// cluster.h — from verified similar pairs to clusters with one kept
// document each, without chaining.
//
// Documents are numbered by input position (ordinal). Each has a keep rank
// (KeepRanks): 0 is the document most worth keeping. Verified pairs
// ("edges") become clusters by one of two rules:
//
//   kRepresentative (default)  Documents are taken in keep-rank order. One
//     that no cluster has claimed yet becomes a representative and claims
//     every unclaimed document it has an edge to. So every member is above
//     the threshold to its representative — the kept document — and a chain
//     A~B~C~D of pairwise-similar documents does not pull D into A's cluster
//     when D is not similar to A. Deterministic: no ties (ranks are unique).
//
//   kConnected  Transitive closure (union-find): all documents linked by
//     any path are one cluster, represented by the member of best keep
//     rank. A member may then be far below the threshold to the
//     representative; its similarity is reported as measured (a caller-
//     supplied function), so the clusters file shows the chaining.
//
// Keep rules (KeepRule): kLongest (default) keeps the document with the
// most normalized text, ties to the earliest; kFirst the earliest in the
// input; kLast the latest.
//
// The streaming form (RepresentativeClusterer) takes edges sorted by the
// keep rank of their better end, so the edges can come from an external
// sort and only 8 bytes per document stay in memory.
//
//   std::vector<uint32_t> rank = winnow::KeepRanks(lengths, KeepRule::kLongest);
//   auto a = winnow::ClusterDocs(rank, edges, ClusterMode::kRepresentative, {});
//   a[7].representative;  // the kept document of 7's cluster (7 if kept)
//
// Never fails; edges naming a document out of range are a caller bug
// (checked with assert).
#ifndef WINNOW_CLUSTER_H_
#define WINNOW_CLUSTER_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "winnow/status.h"

namespace winnow {

enum class ClusterMode { kRepresentative, kConnected };
enum class KeepRule { kLongest, kFirst, kLast };

std::string_view ClusterModeName(ClusterMode m);  // "representative", "connected"
Result<ClusterMode> ParseClusterMode(std::string_view name);
std::string_view KeepRuleName(KeepRule k);  // "longest", "first", "last"
Result<KeepRule> ParseKeepRule(std::string_view name);

inline constexpr uint32_t kNoDoc = 0xFFFFFFFFu;

// A verified pair and its similarity under the job's measure.
struct SimilarityEdge {
  uint32_t a = 0;
  uint32_t b = 0;
  float similarity = 0;
};

struct ClusterAssignment {
  uint32_t representative = kNoDoc;  // ordinal of the kept document
  float similarity = 1;              // to the representative; 1 for itself
  uint32_t cluster_size = 1;
};

// Keep ranks: rank[d] for each document d, a permutation of 0..n-1.
// `lengths` is each document's normalized text length in bytes.
std::vector<uint32_t> KeepRanks(const std::vector<uint32_t>& lengths,
                                KeepRule rule);

// The default rule, streaming. Feed edges in increasing order of the keep
// rank of their better-ranked end (`keeper`); the order within one keeper
// does not matter.
class RepresentativeClusterer {
 public:
  explicit RepresentativeClusterer(uint32_t num_docs);
  void AddEdge(uint32_t keeper, uint32_t other, float similarity);
  // Representative of `d` so far (kNoDoc: none yet).
  uint32_t representative(uint32_t d) const { return rep_[d]; }
  // Makes every unclaimed document its own representative and returns the
  // assignments (cluster sizes filled in).
  std::vector<ClusterAssignment> Finish();

 private:
  std::vector<uint32_t> rep_;
  std::vector<float> sim_;
};

// The permissive rule: union-find over the edges.
class ConnectedClusterer {
 public:
  explicit ConnectedClusterer(uint32_t num_docs);
  void AddEdge(uint32_t a, uint32_t b);
  // Root of `d`'s component.
  uint32_t Find(uint32_t d);
  // Representative of each document: the best-ranked member of its
  // component. Similarities are left at 1; the caller measures them.
  std::vector<ClusterAssignment> Finish(const std::vector<uint32_t>& rank);

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint8_t> height_;
};

using SimilarityFn = std::function<float(uint32_t a, uint32_t b)>;

// Clusters in memory: every edge at once. For kConnected, `similarity`
// measures a member against its representative when they share no edge
// (when empty, such members get similarity 0).
std::vector<ClusterAssignment> ClusterDocs(const std::vector<uint32_t>& rank,
                                           std::vector<SimilarityEdge> edges,
                                           ClusterMode mode,
                                           const SimilarityFn& similarity);

}  // namespace winnow

#endif  // WINNOW_CLUSTER_H_
