// MinHash signatures against exact Jaccard (the slow reference in
// dedup_reference.h): bias and variance on random sets, and the adversarial
// cases — tiny sets, sets smaller than num_perm, identical, disjoint,
// nested — for both schemes.
#include "winnow/minhash.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>
#include <vector>

#include "dedup_reference.h"

namespace winnow {
namespace {

constexpr int kPerm = 128;

struct Pair {
  std::vector<uint64_t> a, b;
  double jaccard = 0;
};

// Two random sets of sizes na and nb sharing `inter` elements.
Pair RandomPair(std::mt19937_64& rng, int na, int nb, int inter) {
  Pair p;
  std::set<uint64_t> sa, sb;
  for (int i = 0; i < inter; ++i) {
    uint64_t x = rng();
    p.a.push_back(x);
    p.b.push_back(x);
  }
  for (int i = inter; i < na; ++i) p.a.push_back(rng());
  for (int i = inter; i < nb; ++i) p.b.push_back(rng());
  sa.insert(p.a.begin(), p.a.end());
  sb.insert(p.b.begin(), p.b.end());
  p.jaccard = testref::Jaccard(sa, sb);
  return p;
}

double Estimate(Sketcher& s, const std::vector<uint64_t>& a,
                const std::vector<uint64_t>& b) {
  std::vector<uint32_t> x(kPerm), y(kPerm);
  s.Sign(a.data(), a.size(), x.data());
  s.Sign(b.data(), b.size(), y.data());
  return EstimateJaccard(x.data(), y.data(), kPerm);
}

class SchemeTest : public ::testing::TestWithParam<SketchScheme> {};

// Over 1500 random pairs per case the mean estimate is within 4 standard
// errors (plus 0.002) of the true Jaccard, and the variance is within a
// stated factor of the MinHash variance J(1-J)/k: [0.5, 1.25] for sets of
// at least k elements, [0.5, 1.8] below (densification copies values
// between bins, so small sets pay some extra variance).
TEST_P(SchemeTest, UnbiasedWithMinHashVarianceOnRandomSets) {
  std::mt19937_64 rng(20240601);
  Sketcher sketcher({kPerm, 3, GetParam()});
  const int trials = 1500;
  for (int n : {6, 40, 128, 500}) {
    for (double target : {0.2, 0.5, 0.8, 0.95}) {
      const int inter =
          static_cast<int>(std::lround(2.0 * n * target / (1 + target)));
      double sum = 0, sum2 = 0, truth = 0;
      for (int t = 0; t < trials; ++t) {
        Pair p = RandomPair(rng, n, n, inter);
        truth = p.jaccard;
        double e = Estimate(sketcher, p.a, p.b);
        sum += e;
        sum2 += e * e;
      }
      const double mean = sum / trials;
      const double var = sum2 / trials - mean * mean;
      const double theory = truth * (1 - truth) / kPerm;
      const double se = std::sqrt(theory / trials);
      SCOPED_TRACE("n=" + std::to_string(n) + " J=" + std::to_string(truth));
      EXPECT_NEAR(mean, truth, 4 * se + 0.002);
      if (theory > 0) {
        EXPECT_GT(var / theory, 0.5);
        EXPECT_LT(var / theory, n >= kPerm ? 1.25 : 1.8);
      }
    }
  }
}

TEST_P(SchemeTest, UnequalSizesAndNestedSets) {
  std::mt19937_64 rng(7);
  Sketcher sketcher({kPerm, 11, GetParam()});
  // B contains A: J = |A| / |B|.
  for (int na : {3, 50, 300}) {
    const int nb = na * 3;
    double sum = 0;
    const int trials = 600;
    double truth = 0;
    for (int t = 0; t < trials; ++t) {
      Pair p = RandomPair(rng, na, nb, na);
      truth = p.jaccard;
      sum += Estimate(sketcher, p.a, p.b);
    }
    EXPECT_NEAR(truth, 1.0 / 3, 1e-9);
    const double se = std::sqrt(truth * (1 - truth) / kPerm / trials);
    EXPECT_NEAR(sum / trials, truth, 4 * se + 0.002) << "na=" << na;
  }
}

TEST_P(SchemeTest, IdenticalSetsAgreeEverywhere) {
  std::mt19937_64 rng(1);
  Sketcher sketcher({kPerm, 5, GetParam()});
  for (int n : {1, 2, 7, 127, 128, 129, 1000}) {
    std::vector<uint64_t> a;
    for (int i = 0; i < n; ++i) a.push_back(rng());
    std::vector<uint64_t> shuffled = a;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    shuffled.insert(shuffled.end(), a.begin(), a.begin() + n / 2);  // repeats
    EXPECT_EQ(Estimate(sketcher, a, shuffled), 1.0) << "n=" << n;
  }
}

TEST_P(SchemeTest, DisjointSetsAgreeAlmostNowhere) {
  std::mt19937_64 rng(2);
  Sketcher sketcher({kPerm, 5, GetParam()});
  for (int n : {1, 3, 64, 1000}) {
    for (int t = 0; t < 50; ++t) {
      Pair p = RandomPair(rng, n, n, 0);
      // A shared 32-bit value between disjoint sets is a 2^-32 event.
      EXPECT_EQ(Estimate(sketcher, p.a, p.b), 0.0) << "n=" << n;
    }
  }
}

TEST_P(SchemeTest, TinySetsFollowTheirJaccard) {
  std::mt19937_64 rng(3);
  Sketcher sketcher({kPerm, 17, GetParam()});
  // {x, y} vs {x, z}: J = 1/3; {x} vs {x, y}: J = 1/2.
  double s13 = 0, s12 = 0;
  const int trials = 4000;
  for (int t = 0; t < trials; ++t) {
    uint64_t x = rng(), y = rng(), z = rng();
    s13 += Estimate(sketcher, {x, y}, {x, z});
    s12 += Estimate(sketcher, {x}, {x, y});
  }
  EXPECT_NEAR(s13 / trials, 1.0 / 3, 0.01);
  EXPECT_NEAR(s12 / trials, 1.0 / 2, 0.01);
}

TEST_P(SchemeTest, EmptySetSignatureIsAllEmptyValues) {
  Sketcher sketcher({kPerm, 0, GetParam()});
  std::vector<uint32_t> sig(kPerm, 0);
  sketcher.Sign(nullptr, 0, sig.data());
  for (uint32_t v : sig) EXPECT_EQ(v, kEmptyValue);
}

TEST_P(SchemeTest, SeedChangesTheSignature) {
  std::vector<uint64_t> a = {1, 2, 3, 4, 5};
  std::vector<uint32_t> x(kPerm), y(kPerm);
  Sketcher s1({kPerm, 1, GetParam()}), s2({kPerm, 2, GetParam()});
  s1.Sign(a.data(), a.size(), x.data());
  s2.Sign(a.data(), a.size(), y.data());
  EXPECT_LT(MatchingValues(x.data(), y.data(), kPerm), kPerm);
}

INSTANTIATE_TEST_SUITE_P(Schemes, SchemeTest,
                         ::testing::Values(SketchScheme::kOnePermutation,
                                           SketchScheme::kCMinHash),
                         [](const auto& info) {
                           return std::string(SketchSchemeName(info.param));
                         });

TEST(MinHash, ContainmentFromJaccardInvertsTheDefinition) {
  // |A| = 100, |B| = 150, |A ∩ B| = 90: J = 90/160, C = 0.9.
  EXPECT_NEAR(ContainmentFromJaccard(90.0 / 160, 100, 150), 0.9, 1e-12);
  EXPECT_EQ(ContainmentFromJaccard(0.5, 0, 10), 0.0);
  EXPECT_EQ(ContainmentFromJaccard(1.0, 10, 10), 1.0);
  // Estimates can imply more overlap than the smaller set has: clamped.
  EXPECT_EQ(ContainmentFromJaccard(0.9, 10, 100), 1.0);
}

TEST(MinHash, ParsesSchemeNames) {
  EXPECT_EQ(*ParseSketchScheme("oph"), SketchScheme::kOnePermutation);
  EXPECT_EQ(*ParseSketchScheme("cminhash"), SketchScheme::kCMinHash);
  auto bad = ParseSketchScheme("minhash");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("use oph or cminhash"),
            std::string::npos);
}

}  // namespace
}  // namespace winnow
