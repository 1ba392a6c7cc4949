// MlpPredict and Mlp multiply only the nonzero inputs, Mlp input by input;
// both checked against the dense formula, to the bit, on random models and
// mostly-zero inputs.
#include "html/mlp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace winnow::html {
namespace {

double DensePredict(const MlpWeights& m, const float* x) {
  double z = m.b2;
  for (int h = 0; h < m.hidden; ++h) {
    double a = m.b1[h];
    for (int d = 0; d < m.inputs; ++d) a += m.w1[h * m.inputs + d] * x[d];
    z += m.w2[h] * std::tanh(a);
  }
  return 1.0 / (1.0 + std::exp(-z));
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(Mlp, SparsePredictIsTheDenseFormulaToTheBit) {
  std::mt19937 rng(7);
  std::normal_distribution<double> weight(0, 2);
  std::uniform_real_distribution<float> input(-3, 3);
  for (int inputs : {1, 20, 60, 64, 65, 80}) {
    const int hidden = 1 + static_cast<int>(rng() % 40);  // past kMaxHidden
    std::vector<double> w1(inputs * hidden), b1(hidden), w2(hidden);
    for (double& w : w1) w = weight(rng);
    // Some weights and biases exactly zero or small integers, so that
    // hidden sums can be exactly zero.
    for (int k = 0; k < inputs * hidden / 4; ++k) w1[rng() % w1.size()] = 0;
    for (double& b : b1) b = rng() % 3 == 0 ? 0.0 : weight(rng);
    for (double& w : w2) w = weight(rng);
    const MlpWeights m{inputs, hidden, w1.data(), b1.data(), w2.data(), 0.25};
    const Mlp model(m);
    std::vector<float> x(inputs);
    for (int round = 0; round < 2000; ++round) {
      for (float& v : x) {
        const unsigned r = rng() % 4;
        v = r == 0 ? input(rng) : r == 1 ? -0.0f : r == 2 ? 1.0f : 0.0f;
      }
      const double want = DensePredict(m, x.data());
      const double got = MlpPredict(m, x.data());
      ASSERT_TRUE(SameBits(want, got)) << want << " " << got;
      const double by_input = model.Predict(x.data());
      ASSERT_TRUE(SameBits(want, by_input)) << want << " " << by_input;
    }
  }
}

}  // namespace
}  // namespace winnow::html
