// Clustering: keep ranks, the representative rule against chaining, and
// the permissive connected rule.
#include "winnow/cluster.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace winnow {
namespace {

TEST(Cluster, KeepRanks) {
  std::vector<uint32_t> len = {5, 9, 9, 1};
  EXPECT_EQ(KeepRanks(len, KeepRule::kLongest),
            (std::vector<uint32_t>{2, 0, 1, 3}));  // 9 (earliest), 9, 5, 1
  EXPECT_EQ(KeepRanks(len, KeepRule::kFirst),
            (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(KeepRanks(len, KeepRule::kLast),
            (std::vector<uint32_t>{3, 2, 1, 0}));
}

// A chain A~B~C~D~E~F: each document is similar to its neighbours only.
// The representative rule cuts it into clusters whose members are all
// similar to their kept document; the connected rule merges the ends.
TEST(Cluster, RepresentativeRuleKeepsTheEndsOfAChainApart) {
  const uint32_t n = 6;
  std::vector<SimilarityEdge> edges;
  for (uint32_t i = 0; i + 1 < n; ++i) edges.push_back({i, i + 1, 0.85f});
  std::vector<uint32_t> rank = KeepRanks(std::vector<uint32_t>(n, 100),
                                         KeepRule::kFirst);
  auto rep = ClusterDocs(rank, edges, ClusterMode::kRepresentative, {});
  // A keeps B; C keeps D; E keeps F.
  EXPECT_EQ(rep[0].representative, 0u);
  EXPECT_EQ(rep[1].representative, 0u);
  EXPECT_EQ(rep[2].representative, 2u);
  EXPECT_EQ(rep[3].representative, 2u);
  EXPECT_EQ(rep[4].representative, 4u);
  EXPECT_EQ(rep[5].representative, 4u);
  EXPECT_NE(rep[0].representative, rep[n - 1].representative);
  for (uint32_t d = 0; d < n; ++d) {
    EXPECT_EQ(rep[d].cluster_size, 2u);
    EXPECT_FLOAT_EQ(rep[d].similarity, rep[d].representative == d ? 1 : 0.85f);
  }

  // Chaining: one cluster, and the far end is not similar to the kept one.
  auto far = [](uint32_t a, uint32_t b) {
    return 0.85f - 0.1f * static_cast<float>(b > a ? b - a - 1 : a - b - 1);
  };
  auto conn = ClusterDocs(rank, edges, ClusterMode::kConnected, far);
  for (uint32_t d = 0; d < n; ++d) {
    EXPECT_EQ(conn[d].representative, 0u);
    EXPECT_EQ(conn[d].cluster_size, n);
  }
  EXPECT_FLOAT_EQ(conn[1].similarity, 0.85f);   // a direct edge
  EXPECT_LT(conn[n - 1].similarity, 0.8f);      // measured, below threshold
}

TEST(Cluster, TheBestRankedDocumentIsKept) {
  // B is longest; A~B, B~C, A~C.
  std::vector<uint32_t> rank = KeepRanks({10, 30, 20}, KeepRule::kLongest);
  auto a = ClusterDocs(rank, {{0, 1, 0.9f}, {1, 2, 0.95f}, {0, 2, 0.9f}},
                       ClusterMode::kRepresentative, {});
  for (int d = 0; d < 3; ++d) EXPECT_EQ(a[d].representative, 1u);
  EXPECT_FLOAT_EQ(a[0].similarity, 0.9f);
  EXPECT_FLOAT_EQ(a[2].similarity, 0.95f);
}

TEST(Cluster, SingletonsRepresentThemselves) {
  auto a = ClusterDocs(KeepRanks({1, 2, 3}, KeepRule::kLongest), {},
                       ClusterMode::kRepresentative, {});
  for (uint32_t d = 0; d < 3; ++d) {
    EXPECT_EQ(a[d].representative, d);
    EXPECT_EQ(a[d].cluster_size, 1u);
  }
}

// On random graphs: the representative rule's invariants hold (every member
// has an edge to its representative, representatives are not members of
// others, no unclaimed neighbour of a representative ranks after it), and
// edge order does not matter; connected clusters are the components.
TEST(Cluster, InvariantsOnRandomGraphs) {
  std::mt19937 rng(5);
  for (int iter = 0; iter < 200; ++iter) {
    const uint32_t n = 2 + rng() % 40;
    std::vector<uint32_t> len(n);
    for (auto& l : len) l = rng() % 5;
    std::vector<uint32_t> rank = KeepRanks(len, KeepRule::kLongest);
    std::vector<SimilarityEdge> edges;
    std::set<std::pair<uint32_t, uint32_t>> adj;
    for (uint32_t i = 0; i < n; ++i) {
      for (uint32_t j = i + 1; j < n; ++j) {
        if (rng() % 6 == 0) {
          edges.push_back({i, j, 0.8f + 0.01f * (rng() % 20)});
          adj.insert({i, j});
          adj.insert({j, i});
        }
      }
    }
    auto a = ClusterDocs(rank, edges, ClusterMode::kRepresentative, {});
    std::shuffle(edges.begin(), edges.end(), rng);
    auto b = ClusterDocs(rank, edges, ClusterMode::kRepresentative, {});
    for (uint32_t d = 0; d < n; ++d) {
      ASSERT_EQ(a[d].representative, b[d].representative);
      const uint32_t r = a[d].representative;
      ASSERT_EQ(a[r].representative, r) << "representative claimed";
      if (r != d) {
        ASSERT_TRUE(adj.count({r, d})) << "member without an edge";
        ASSERT_LT(rank[r], rank[d]);
      } else {
        for (uint32_t e = 0; e < n; ++e) {
          if (adj.count({d, e}) && rank[e] > rank[d]) {
            // A later neighbour of a representative was claimed by it or
            // by a better-ranked representative.
            ASSERT_LE(rank[a[e].representative], rank[d]);
          }
        }
      }
    }
    // Components: union of representative clusters over edges.
    auto c = ClusterDocs(rank, edges, ClusterMode::kConnected, {});
    for (const SimilarityEdge& e : edges) {
      ASSERT_EQ(c[e.a].representative, c[e.b].representative);
    }
    for (uint32_t d = 0; d < n; ++d) {
      ASSERT_LE(rank[c[d].representative], rank[d]);
    }
  }
}

TEST(Cluster, ParsesNames) {
  EXPECT_EQ(*ParseClusterMode("connected"), ClusterMode::kConnected);
  EXPECT_EQ(*ParseKeepRule("first"), KeepRule::kFirst);
  EXPECT_FALSE(ParseKeepRule("shortest").ok());
  EXPECT_EQ(ParseKeepRule("x").status().message(),
            "unknown keep rule \"x\" (use longest, first or last)");
}

}  // namespace
}  // namespace winnow
