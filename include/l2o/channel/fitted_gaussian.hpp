#pragma once
/**
 * @file
 * The training-data generator of Sun et al. Section V.F.
 */

#include <cmath>
#include <string>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"
#include "l2o/core/extent.hpp"
#include "l2o/core/random.hpp"

namespace l2o {

/// Mean and variance of direct (diagonal) and of crosstalk (off-diagonal) amplitudes.
struct GaussianFit {
  double direct_mean = 0, direct_var = 0, cross_mean = 0, cross_var = 0;
};

/**
 * Fits (m_d, s_d^2) on the diagonal and (m_i, s_i^2) on the off-diagonal entries of a set of
 * K x K matrices (population variances, accumulated in double).
 * @throws InvalidArgument when the set is empty or K < 2.
 */
template <class Scalar, int K>
GaussianFit fit_gaussian(const ChannelBatch<Scalar, K>& h) {
  if (h.samples() == 0 || h.k() < 2)
    throw InvalidArgument("fit_gaussian: need at least one sample with K >= 2 to fit direct and cross statistics");
  double sd = 0, sd2 = 0, sc = 0, sc2 = 0;
  for (Index n = 0; n < h.samples(); ++n)
    for (int i = 0; i < h.k(); ++i)
      for (int j = 0; j < h.k(); ++j) {
        const double v = h(n, i, j);
        (i == j ? sd : sc) += v;
        (i == j ? sd2 : sc2) += v * v;
      }
  const double nd = static_cast<double>(h.samples()) * h.k();
  const double nc = nd * (h.k() - 1);
  GaussianFit fit;
  fit.direct_mean = sd / nd;
  fit.direct_var = std::max(0.0, sd2 / nd - fit.direct_mean * fit.direct_mean);
  fit.cross_mean = sc / nc;
  fit.cross_var = std::max(0.0, sc2 / nc - fit.cross_mean * fit.cross_mean);
  return fit;
}

/**
 * Draws each direct amplitude from N(m_d, s_d^2) and each crosstalk amplitude from
 * N(m_i, s_i^2), independently, folded to |x| (only |h|^2 enters the rates, and the paper's
 * data are magnitudes). Row by row. Features: vec(H).
 */
template <class Scalar_, int K_ = Dynamic>
class FittedGaussian {
 public:
  using Scalar = Scalar_;
  FittedGaussian(int k, GaussianFit fit) : k_(k), fit_(fit) {
    if (!(fit.direct_var >= 0) || !(fit.cross_var >= 0) || !std::isfinite(fit.direct_mean) ||
        !std::isfinite(fit.cross_mean))
      throw InvalidArgument("FittedGaussian: means must be finite and variances >= 0");
  }
  [[nodiscard]] int k() const { return k_.k(); }
  [[nodiscard]] int feature_rows() const { return k(); }
  [[nodiscard]] int feature_cols() const { return k(); }
  [[nodiscard]] const GaussianFit& fit() const { return fit_; }

  template <class Rng>
  void sample(Rng& rng, Scalar* h, Scalar* features) const {
    const double sd_d = std::sqrt(fit_.direct_var), sd_c = std::sqrt(fit_.cross_var);
    for (int i = 0; i < k(); ++i)
      for (int j = 0; j < k(); ++j) {
        const double v = i == j ? normal(rng, fit_.direct_mean, sd_d) : normal(rng, fit_.cross_mean, sd_c);
        h[i * k() + j] = static_cast<Scalar>(std::abs(v));
      }
    if (features != nullptr)
      for (int idx = 0; idx < k() * k(); ++idx) features[idx] = h[idx];
  }

 private:
  Extent<K_> k_;
  GaussianFit fit_;
};

}  // namespace l2o
