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

}  // namespace winnow::html

#endif  // WINNOW_HTML_MLP_H_
