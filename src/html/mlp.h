// mlp.h (internal) — the small neural network both extraction models use:
// one hidden layer of tanh units and a logistic output,
//
//   p = sigmoid(b2 + sum_h w2[h] * tanh(b1[h] + sum_d W1[h][d] * x[d])),
//
// with input standardization folded into W1 and b1 by the trainer
// (scripts/extract_train.py). A few thousand multiply-adds per block, fewer
// for the inputs that are zero.
#ifndef WINNOW_HTML_MLP_H_
#define WINNOW_HTML_MLP_H_

#include <cmath>
#include <vector>

namespace winnow::html {

struct MlpWeights {
  int inputs;
  int hidden;
  const double* w1;  // hidden x inputs, row-major
  const double* b1;  // hidden
  const double* w2;  // hidden
  double b2;
};

// Inputs a model may have for MlpPredict's sparse path (below).
inline constexpr int kMlpMaxSparseInputs = 64;

inline double MlpPredict(const MlpWeights& m, const float* x) {
  // Most inputs are one-hot flags, and zero. A zero input adds w * 0 = +-0
  // to a hidden unit's sum (the weights are finite), which leaves the sum
  // as it was or, when the sum is zero, changes only the sign of that zero,
  // which neither the terms after it nor tanh and the output can tell. So
  // only the nonzero inputs are multiplied, in the same order, and the
  // result is the dense loop's to the bit (tests/unit/mlp_test.cc).
  int index[kMlpMaxSparseInputs];
  double value[kMlpMaxSparseInputs];
  int nonzero = 0;
  if (m.inputs <= kMlpMaxSparseInputs) {
    for (int d = 0; d < m.inputs; ++d) {
      if (x[d] == 0) continue;
      index[nonzero] = d;
      value[nonzero] = x[d];
      ++nonzero;
    }
  }
  double z = m.b2;
  for (int h = 0; h < m.hidden; ++h) {
    const double* row = m.w1 + h * m.inputs;
    double a = m.b1[h];
    if (m.inputs <= kMlpMaxSparseInputs) {
      for (int k = 0; k < nonzero; ++k) a += row[index[k]] * value[k];
    } else {
      for (int d = 0; d < m.inputs; ++d) a += row[d] * x[d];
    }
    z += m.w2[h] * std::tanh(a);
  }
  return 1.0 / (1.0 + std::exp(-z));
}

// A model ready for repeated prediction: W1 stored input-major, so that the
// weights from one input to all hidden units are adjacent. Predict() walks
// the nonzero inputs once, adding each to every hidden unit's sum; each sum
// still takes its terms in input order, so the result is MlpPredict's to
// the bit, while the additions of one input to the hidden units are
// independent of each other and run side by side in vector registers.
class Mlp {
 public:
  static constexpr int kMaxHidden = 32;

  explicit Mlp(const MlpWeights& m) : m_(m) {
    if (m.hidden > kMaxHidden) return;  // Predict() falls back
    w1_by_input_.resize(static_cast<size_t>(m.inputs) * m.hidden);
    for (int h = 0; h < m.hidden; ++h) {
      for (int d = 0; d < m.inputs; ++d) {
        w1_by_input_[static_cast<size_t>(d) * m.hidden + h] =
            m.w1[static_cast<size_t>(h) * m.inputs + d];
      }
    }
  }

  double Predict(const float* x) const {
    if (m_.hidden > kMaxHidden) return MlpPredict(m_, x);
    const int hidden = m_.hidden;
    double a[kMaxHidden];
    for (int h = 0; h < hidden; ++h) a[h] = m_.b1[h];
    for (int d = 0; d < m_.inputs; ++d) {
      if (x[d] == 0) continue;  // adds nothing (see MlpPredict)
      const double xd = x[d];
      const double* w = w1_by_input_.data() + static_cast<size_t>(d) * hidden;
      for (int h = 0; h < hidden; ++h) a[h] += w[h] * xd;
    }
    double z = m_.b2;
    for (int h = 0; h < hidden; ++h) z += m_.w2[h] * std::tanh(a[h]);
    return 1.0 / (1.0 + std::exp(-z));
  }

 private:
  MlpWeights m_;
  std::vector<double> w1_by_input_;  // inputs x hidden, row-major
};

}  // namespace winnow::html

#endif  // WINNOW_HTML_MLP_H_
