#pragma once
/**
 * @file
 * Model 1 of Sun et al. (Section V.A): the Gaussian interference channel.
 */

#include "l2o/core/batch.hpp"
#include "l2o/core/extent.hpp"
#include "l2o/core/random.hpp"

namespace l2o {

/**
 * Rayleigh-faded K-user IC: every H(i, j) = |h_ij| with h_ij ~ CN(0, 1) i.i.d., so
 * E[H(i,j)^2] = 1. Drawn exactly as \f$ \sqrt{-\ln u} \f$ (|h|^2 ~ Exp(1)), row by row.
 * The model's features are vec(H), row-major (entry i*K + j = H(i, j)).
 * @tparam Scalar_ float or double (float samples are the double draws rounded).
 * @tparam K_ users, or `Dynamic`.
 */
template <class Scalar_, int K_ = Dynamic>
class GaussianIC {
 public:
  using Scalar = Scalar_;
  static constexpr int KAtCompileTime = K_;
  explicit GaussianIC(int k) : k_(k) {}
  [[nodiscard]] int k() const { return k_.k(); }
  [[nodiscard]] int feature_rows() const { return k(); }
  [[nodiscard]] int feature_cols() const { return k(); }

  template <class Rng>
  void sample(Rng& rng, Scalar* h, Scalar* features) const {
    const int kk = k() * k();
    for (int idx = 0; idx < kk; ++idx) h[idx] = static_cast<Scalar>(rayleigh_amplitude(rng));
    if (features != nullptr)
      for (int idx = 0; idx < kk; ++idx) features[idx] = h[idx];
  }

 private:
  Extent<K_> k_;
};

}  // namespace l2o
