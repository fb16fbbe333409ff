#pragma once
/**
 * @file
 * Losses. Contract (`Loss`): `evaluate(y, batch, grad)` returns the loss of predictions y
 * (outputs x B) on a mini-batch and, when `grad` is not null, writes dL/dy to it. The batch
 * carries targets and, for losses that need them, each observation's channels.
 */

#include <cmath>
#include <concepts>
#include <numbers>
#include <type_traits>

#include "l2o/core/batch.hpp"
#include "l2o/nn/mlp.hpp"
#include "l2o/problem/params.hpp"

namespace l2o::nn {

/// A mini-batch as a loss sees it: targets (outputs x B) and, optionally, the channel sample
/// and problem of each observation (`index[b]` is the sample of column b in `channels`).
template <class Scalar>
struct LossBatch {
  const Matrix<Scalar>& targets;
  const ChannelBatch<Scalar>* channels = nullptr;
  const Problem<Scalar>* problem = nullptr;
  const Index* index = nullptr;
};

/**
 * Mean squared error over all entries, the paper's training loss:
 * \f[ L = \frac{1}{B K} \sum_{b,k} (y_{kb} - t_{kb})^2, \qquad \frac{\partial L}{\partial y} = \frac{2}{BK}(y - t). \f]
 * Use this as a template for your own loss.
 */
struct MeanSquaredError {
  template <class Scalar>
  Scalar evaluate(const Matrix<Scalar>& y, const LossBatch<Scalar>& batch, std::type_identity_t<Matrix<Scalar>>* grad) const {
    const auto& t = batch.targets;
    if (t.rows() != y.rows() || t.cols() != y.cols())
      throw ShapeError("MeanSquaredError: targets are " + std::to_string(t.rows()) + " x " + std::to_string(t.cols()) +
                       ", predictions " + std::to_string(y.rows()) + " x " + std::to_string(y.cols()));
    const Scalar n = static_cast<Scalar>(y.size());
    if (grad) *grad = (Scalar(2) / n) * (y - t);  // dL/dy = 2 (y - t) / (B K)
    return (y - t).squaredNorm() / n;
  }
};

/**
 * Minus the mean weighted sum-rate of the predicted powers on each observation's channels (the
 * unsupervised loss of later work; needs `batch.channels`). With T_k = sigma_k^2 + sum_j H_kj^2 p_j
 * and I_k = T_k - H_kk^2 p_k, rate_k = log2(T_k / I_k), so
 * \f[ L = -\frac{1}{B}\sum_b \sum_k \alpha_k \log_2\frac{T_k}{I_k},\qquad
 *     \frac{\partial L}{\partial p_j} = -\frac{1}{B \ln 2}\sum_k \alpha_k H_{kj}^2
 *     \Big(\frac{1}{T_k} - \frac{[j \ne k]}{I_k}\Big). \f]
 */
struct NegativeSumRate {
  template <class Scalar>
  Scalar evaluate(const Matrix<Scalar>& y, const LossBatch<Scalar>& batch, std::type_identity_t<Matrix<Scalar>>* grad) const {
    if (!batch.channels || !batch.problem || !batch.index)
      throw InvalidArgument("NegativeSumRate needs the channels of every observation (a training set with channels)");
    const int k = static_cast<int>(y.rows());
    if (batch.channels->k() != k)
      throw ShapeError("NegativeSumRate: " + std::to_string(k) + " outputs but channels of K = " +
                       std::to_string(batch.channels->k()));
    const Eigen::Index b_count = y.cols();
    if (grad) grad->setZero(y.rows(), y.cols());
    double total = 0;
    std::vector<double> t(k), inter(k);
    for (Eigen::Index b = 0; b < b_count; ++b) {
      const Index n = batch.index[b];
      const Scalar* h = batch.channels->sample_data(n);
      for (int r = 0; r < k; ++r) {
        double s = batch.problem->noise.at(n, r);
        for (int j = 0; j < k; ++j) s += double(h[r * k + j]) * h[r * k + j] * y(j, b);
        t[r] = s;
        inter[r] = s - double(h[r * k + r]) * h[r * k + r] * y(r, b);
        total += batch.problem->weights.at(n, r) * std::log2(t[r] / inter[r]);
      }
      if (!grad) continue;
      for (int j = 0; j < k; ++j) {
        double g = 0;
        for (int r = 0; r < k; ++r) {
          const double h2 = double(h[r * k + j]) * h[r * k + j];
          g += batch.problem->weights.at(n, r) * h2 * (1 / t[r] - (j != r ? 1 / inter[r] : 0.0));
        }
        (*grad)(j, b) = static_cast<Scalar>(-g / (b_count * std::numbers::ln2));  // dL/dp_j
      }
    }
    return static_cast<Scalar>(-total / b_count);
  }
};

template <class L>
concept Loss = requires(const L& loss, const Matrix<float>& y, const LossBatch<float>& b, Matrix<float>* g) {
  { loss.evaluate(y, b, g) } -> std::convertible_to<float>;
};

}  // namespace l2o::nn
