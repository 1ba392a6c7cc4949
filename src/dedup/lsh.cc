#include "winnow/lsh.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace winnow {
namespace {

constexpr int kIntervals = 200;  // even, for Simpson's rule

// Composite Simpson's rule for f on [a, b]; the S-curves are smooth, so
// 200 intervals give the areas to about 1e-9.
template <typename F>
double Integrate(F f, double a, double b) {
  if (b <= a) return 0;
  const double h = (b - a) / kIntervals;
  double sum = f(a) + f(b);
  for (int i = 1; i < kIntervals; ++i) sum += (i % 2 ? 4 : 2) * f(a + i * h);
  return sum * h / 3;
}

}  // namespace

double CandidateProbability(double s, int bands, int rows) {
  return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

void LshErrorAreas(double t, int bands, int rows, double* fp, double* fn) {
  *fp = Integrate([&](double s) { return CandidateProbability(s, bands, rows); },
                  0.0, t);
  *fn = Integrate(
      [&](double s) { return 1.0 - CandidateProbability(s, bands, rows); }, t,
      1.0);
}

LshParams ChooseLshParams(double threshold, int num_perm, double fp_weight,
                          double fn_weight) {
  LshParams best;
  double best_cost = INFINITY;
  for (int b = 1; b <= num_perm; ++b) {
    for (int r = 1; b * r <= num_perm; ++r) {
      double fp = 0, fn = 0;
      LshErrorAreas(threshold, b, r, &fp, &fn);
      const double cost = fp_weight * fp + fn_weight * fn;
      // Strictly better only: on a tie the earlier (fewer bands) stays.
      if (cost < best_cost - 1e-12) {
        best_cost = cost;
        best = LshParams{b, r, fp, fn};
      }
    }
  }
  return best;
}

Result<LshParams> MakeLshParams(int bands, int rows, int num_perm,
                                double threshold) {
  if (bands < 1 || rows < 1) {
    return InvalidArgument("--bands and --rows must be at least 1");
  }
  if (static_cast<int64_t>(bands) * rows > num_perm) {
    return InvalidArgument("--bands " + std::to_string(bands) + " x --rows " +
                           std::to_string(rows) + " = " +
                           std::to_string(static_cast<int64_t>(bands) * rows) +
                           " is more than --num-perm " +
                           std::to_string(num_perm));
  }
  LshParams p{bands, rows, 0, 0};
  LshErrorAreas(threshold, bands, rows, &p.fp_area, &p.fn_area);
  return p;
}

double ContainmentLshThreshold(double c, double max_size_ratio) {
  const double r = std::max(1.0, max_size_ratio);
  return c / (1.0 + r - c);
}

uint64_t BandKey(const uint32_t* signature, int band, int rows,
                 uint64_t seed) {
  const uint32_t* p = signature + static_cast<size_t>(band) * rows;
  return XXH3_64bits_withSeed(p, sizeof(uint32_t) * static_cast<size_t>(rows),
                              seed + 0x9E3779B97F4A7C15ull *
                                         static_cast<uint64_t>(band + 1));
}

}  // namespace winnow
