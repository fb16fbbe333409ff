#pragma once
/**
 * @file
 * SINR, per-user rates and the weighted sum-rate of problem (1) of Sun et al.:
 * \f[ \mathrm{sinr}_k = \frac{H_{kk}^2 p_k}{\sum_{j \ne k} H_{kj}^2 p_j + \sigma_k^2}, \qquad
 *     R = \sum_k \alpha_k \log_2(1 + \mathrm{sinr}_k) \quad \text{(bit/s/Hz)}. \f]
 * H holds amplitudes |h_kj| (row = receiver); rates use their squares.
 */

#include <cmath>
#include <vector>

#include "l2o/core/batch.hpp"
#include "l2o/problem/params.hpp"

namespace l2o {

/**
 * SINR of user k for one sample.
 * @param h K x K amplitudes (any Eigen expression); @param p K powers.
 * @param noise sigma_k^2.
 */
template <class MatH, class VecP>
auto sinr(const MatH& h, const VecP& p, int k, typename MatH::Scalar noise) {
  using Scalar = typename MatH::Scalar;
  Scalar interference = noise;
  for (int j = 0; j < h.cols(); ++j) {
    if (j != k) interference += h(k, j) * h(k, j) * p(j);
  }
  const Scalar signal = h(k, k) * h(k, k) * p(k);
  return signal / interference;
}

/// Weighted sum-rate of sample n of a problem (its weights and noise may depend on n).
template <class MatH, class VecP>
auto weighted_sum_rate(const MatH& h, const VecP& p, const Problem<typename MatH::Scalar>& problem,
                       Index n = 0) {
  using Scalar = typename MatH::Scalar;
  Scalar rate = 0;
  for (int k = 0; k < h.rows(); ++k) {
    rate += problem.weights.at(n, k) * std::log2(Scalar(1) + sinr(h, p, k, problem.noise.at(n, k)));
  }
  return rate;
}

/// Per-user rates log2(1 + sinr_k) (unweighted) of one sample.
template <class MatH, class VecP>
auto rates(const MatH& h, const VecP& p, const Problem<typename MatH::Scalar>& problem, Index n = 0) {
  using Scalar = typename MatH::Scalar;
  std::vector<Scalar> r(static_cast<std::size_t>(h.rows()));
  for (int k = 0; k < h.rows(); ++k) r[k] = std::log2(Scalar(1) + sinr(h, p, k, problem.noise.at(n, k)));
  return r;
}

/**
 * Weighted sum-rate of every sample of a batch. The problem is validated for (B, K) here, so
 * per-sample values (B x K) are read as such.
 * @throws ShapeError when the shapes of h, p or the problem's values disagree.
 */
template <class Scalar, int K>
std::vector<Scalar> sum_rates(const ChannelBatch<Scalar, K>& h, const PowerBatch<Scalar, K>& p,
                              Problem<Scalar> problem) {
  if (h.samples() != p.samples() || h.k() != p.k()) {
    throw ShapeError("sum_rates: channels are (" + std::to_string(h.samples()) + ", " + std::to_string(h.k()) +
                     ", " + std::to_string(h.k()) + ") but powers are (" + std::to_string(p.samples()) + ", " +
                     std::to_string(p.k()) + ")");
  }
  problem.validate(h.k(), h.samples());
  std::vector<Scalar> out(static_cast<std::size_t>(h.samples()));
  for (Index n = 0; n < h.samples(); ++n) out[n] = weighted_sum_rate(h.sample(n), p.sample(n), problem, n);
  return out;
}

/// Mean of a vector of per-sample values, accumulated in double.
template <class Scalar>
double mean(const std::vector<Scalar>& values) {
  double s = 0;
  for (Scalar v : values) s += v;
  return values.empty() ? 0.0 : s / static_cast<double>(values.size());
}

}  // namespace l2o
