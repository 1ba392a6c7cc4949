// LSH: the choice of bands and rows, the S-curve, band keys.
#include "winnow/lsh.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace winnow {
namespace {

TEST(Lsh, DefaultChoiceForJaccard08With128Permutations) {
  LshParams p = ChooseLshParams(0.8, 128);
  EXPECT_EQ(p.bands, 14);
  EXPECT_EQ(p.rows, 9);
  EXPECT_GT(p.fp_area, 0);
  EXPECT_GT(p.fn_area, 0);
  EXPECT_GT(CandidateProbability(0.8, p.bands, p.rows), 0.85);
  // Equal weights: the usual 9 x 13, a coin flip at the threshold.
  LshParams equal = ChooseLshParams(0.8, 128, 0.5, 0.5);
  EXPECT_EQ(equal.bands, 9);
  EXPECT_EQ(equal.rows, 13);
  EXPECT_LT(CandidateProbability(0.8, equal.bands, equal.rows), 0.45);
}

// The chosen curve has no better neighbour on the (b, r) grid, fits in the
// signature, and its steepest rise sits near the threshold.
TEST(Lsh, ChoiceMinimizesTheErrorAreas) {
  for (int k : {16, 64, 128}) {
    for (double t : {0.2, 0.36, 0.5, 0.8, 0.9}) {
      LshParams p = ChooseLshParams(t, k);
      SCOPED_TRACE("k=" + std::to_string(k) + " t=" + std::to_string(t));
      ASSERT_GE(p.bands, 1);
      ASSERT_GE(p.rows, 1);
      EXPECT_LE(p.bands * p.rows, k);
      const double cost = kLshFpWeight * p.fp_area + kLshFnWeight * p.fn_area;
      for (int db = -1; db <= 1; ++db) {
        for (int dr = -1; dr <= 1; ++dr) {
          int b = p.bands + db, r = p.rows + dr;
          if (b < 1 || r < 1 || b * r > k) continue;
          double fp, fn;
          LshErrorAreas(t, b, r, &fp, &fn);
          EXPECT_GE(kLshFpWeight * fp + kLshFnWeight * fn, cost - 1e-12)
              << b << "x" << r;
        }
      }
      // Recall is weighted: P(s) = 1/2 lies below the threshold, but
      // (with signatures long enough to shape the curve) within 0.2 of it.
      const double mid =
          std::pow(1 - std::pow(0.5, 1.0 / p.bands), 1.0 / p.rows);
      EXPECT_LT(mid, t + 0.02);
      if (k >= 64) EXPECT_GT(mid, t - 0.2);
    }
  }
}

TEST(Lsh, CandidateProbabilityIsTheSCurve) {
  EXPECT_DOUBLE_EQ(CandidateProbability(0, 9, 13), 0);
  EXPECT_DOUBLE_EQ(CandidateProbability(1, 9, 13), 1);
  EXPECT_NEAR(CandidateProbability(0.8, 1, 1), 0.8, 1e-12);
  EXPECT_NEAR(CandidateProbability(0.5, 2, 1), 0.75, 1e-12);
  double prev = 0;
  for (double s = 0.05; s <= 1; s += 0.05) {
    double p = CandidateProbability(s, 9, 13);
    EXPECT_GE(p, prev);
    prev = p;
  }
}

TEST(Lsh, GivenBandsAndRowsMustFitTheSignature) {
  auto ok = MakeLshParams(16, 8, 128, 0.8);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->bands, 16);
  auto bad = MakeLshParams(20, 8, 128, 0.8);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "--bands 20 x --rows 8 = 160 is more than --num-perm 128");
  EXPECT_FALSE(MakeLshParams(0, 8, 128, 0.8).ok());
}

TEST(Lsh, ContainmentThresholdCoversTheSizeRatio) {
  // c = 0.8, R = 2: |A ∩ B| = 0.8 |A|, |A ∪ B| = (1 + 2 - 0.8) |A|.
  EXPECT_NEAR(ContainmentLshThreshold(0.8, 2), 0.8 / 2.2, 1e-12);
  // Equal sizes: containment 0.8 is Jaccard 0.8 / 1.2.
  EXPECT_NEAR(ContainmentLshThreshold(0.8, 1), 0.8 / 1.2, 1e-12);
  EXPECT_NEAR(ContainmentLshThreshold(0.8, 0.5), 0.8 / 1.2, 1e-12);  // R >= 1
}

TEST(Lsh, BandKeysDependOnTheBandsValuesAndNumber) {
  std::vector<uint32_t> a(128), b(128);
  for (uint32_t i = 0; i < 128; ++i) a[i] = b[i] = i * 7919u;
  b[20] ^= 1;  // band 1 of 13-row bands (rows 13..25)
  EXPECT_EQ(BandKey(a.data(), 0, 13, 0), BandKey(b.data(), 0, 13, 0));
  EXPECT_NE(BandKey(a.data(), 1, 13, 0), BandKey(b.data(), 1, 13, 0));
  EXPECT_EQ(BandKey(a.data(), 2, 13, 0), BandKey(b.data(), 2, 13, 0));
  // The same values in another band give another key.
  std::vector<uint32_t> c(128, 5);
  EXPECT_NE(BandKey(c.data(), 0, 13, 0), BandKey(c.data(), 1, 13, 0));
  EXPECT_NE(BandKey(a.data(), 0, 13, 0), BandKey(a.data(), 0, 13, 1));
}

}  // namespace
}  // namespace winnow
