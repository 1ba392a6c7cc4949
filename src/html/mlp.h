// mlp.h (internal) — the small neural network both extraction models use:
// one hidden layer of tanh units and a logistic output,
//
//   p = sigmoid(b2 + sum_h w2[h] * tanh(b1[h] + sum_d W1[h][d] * x[d])),
//
// with input standardization folded into W1 and b1 by the trainer
// (scripts/extract_train.py). A few thousand multiply-adds per block.
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

inline double MlpPredict(const MlpWeights& m, const float* x) {
  double z = m.b2;
  for (int h = 0; h < m.hidden; ++h) {
    const double* row = m.w1 + h * m.inputs;
    double a = m.b1[h];
    for (int d = 0; d < m.inputs; ++d) a += row[d] * x[d];
    z += m.w2[h] * std::tanh(a);
  }
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace winnow::html

#endif  // WINNOW_HTML_MLP_H_
