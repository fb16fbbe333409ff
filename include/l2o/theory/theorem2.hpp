#pragma once
/// @file
/// Theorem 2 of the paper: the size of a network of binary units and ReLUs that approximates
/// T iterations of WMMSE to accuracy epsilon, with the constants of its proof (Appendix,
/// eqs. 27-36) made explicit.

#include <cmath>
#include <string>

#include "l2o/core/error.hpp"

namespace l2o::theory {

/// The admissible set of Theorem 2 and the problem's constants.
struct WmmseBounds {
  int users = 2;            ///< K
  double p_max = 1;         ///< P_max (the proof assumes >= 1)
  double sigma = 1;         ///< noise standard deviation sigma (sigma^2 is the noise power)
  double h_min = 0.1;       ///< H_min <= |h_kj|
  double h_max = 1;         ///< |h_kj| <= H_max (the proof assumes >= 1)
  double alpha_min = 1;     ///< weights alpha_k in [alpha_min, alpha_max]
  double alpha_max = 1;
  double v_min = 0.1;       ///< sum_k v_k^t >= V_min (the Appendix's P_min) at every iteration
};

/**
 * The growth factor G of eq. (30): one approximated WMMSE iteration amplifies an error
 * max_k |v~_k - v_k| <= epsilon (with epsilon >= 2^-n) to at most G epsilon.
 *
 * Read as: with S = (K-1) H^2 P + sigma^2 and A = K H^2 P + sigma^2 (H = H_max, P = P_max),
 * \f[ G = \frac{(K\alpha_{\min}\sigma^2 H_{\min}^4 V_{\min} + \alpha_{\max} H^2 \sqrt{P}\, S)\, A\,
 *          K \alpha_{\max} S A H^2 \bigl(12 \frac{\sigma^2 + H^2\sqrt P}{\sigma^4}
 *          \frac{\sigma^4 + H^2 P}{\sigma^8} (K-1) H^2 \sqrt P + 1\bigr)}
 *         {(K\alpha_{\min})^2 \sigma^2 H_{\min}^8 V_{\min}^2} + 1. \f]
 * Two readings of the printed formula: its last factor is typeset as one garbled fraction;
 * we take it from eq. (27), where the same bound on |b~ - b| appears legibly; and
 * sum_j alpha_j is bounded by K alpha_max, sigma_l (never defined) by sigma.
 */
[[nodiscard]] inline double theorem2_growth(const WmmseBounds& b) {
  if (b.users < 1 || !(b.p_max > 0) || !(b.sigma > 0) || !(b.h_min > 0) || !(b.h_max >= b.h_min) ||
      !(b.alpha_min > 0) || !(b.alpha_max >= b.alpha_min) || !(b.v_min > 0))
    throw InvalidArgument("Theorem 2: the bounds must be positive with H_min <= H_max and alpha_min <= alpha_max");
  const double k = b.users, h2 = b.h_max * b.h_max, sp = std::sqrt(b.p_max), s2 = b.sigma * b.sigma;
  const double s4 = s2 * s2, hmin4 = std::pow(b.h_min, 4), hmin8 = hmin4 * hmin4;
  const double others = (k - 1) * h2 * b.p_max + s2, all = k * h2 * b.p_max + s2;
  const double b_error = 12 * (s2 + h2 * sp) / s4 * (s4 + h2 * b.p_max) / (s4 * s4) * (k - 1) * h2 * sp + 1;  // eq. (27)
  const double numerator = (k * b.alpha_min * s2 * hmin4 * b.v_min + b.alpha_max * h2 * sp * others) * all * k *
                           b.alpha_max * others * all * h2 * b_error;
  return numerator / (std::pow(k * b.alpha_min, 2) * s2 * hmin8 * b.v_min * b.v_min) + 1;
}

/// Theorem 2's network size for T iterations and accuracy epsilon.
struct Theorem2Size {
  double growth;   ///< G, eq. (30)
  int n;           ///< bits below the binary point, the least n of eq. (32)
  double bits;     ///< bits of all binary expansions over T iterations, eq. (36)
  double layers;   ///< 2 bits / K^2: the expansions of one layer run in parallel over the K^2 pairs
  double units;    ///< 2 bits: one binary unit and one ReLU per bit
};

/**
 * @return n from eq. (32), \f$ n \ge T \log_2 G + \log_2(1/\epsilon) \f$, and the counts of
 * eq. (36),
 * \f[ TK\bigl(6\lceil\log_2\tfrac1\sigma\rceil + 4\lceil\log_2 H_{\max}\rceil
 *     + (3K+4)\lceil\tfrac12\log_2 P_{\max}\rceil + (2K+3)(n+1)\bigr) \text{ bits}. \f]
 * The paper states layers and units only up to O(.): "each bit can be implemented by a constant
 * number of binary units and ReLUs" and layers are bits / K^2 "due to parallelism". We take the
 * constants of Lemma 2's construction, two layers and two units (a binary unit and a ReLU) per
 * bit; the pass-through units of a layered network (see `Division::counts`) are not included.
 */
[[nodiscard]] inline Theorem2Size theorem2_size(const WmmseBounds& b, int iterations, double epsilon) {
  if (iterations < 1) throw InvalidArgument("Theorem 2: T must be >= 1, got " + std::to_string(iterations));
  if (!(epsilon > 0 && epsilon < 1)) throw InvalidArgument("Theorem 2: epsilon must be in (0, 1), got " + std::to_string(epsilon));
  Theorem2Size s{};
  s.growth = theorem2_growth(b);
  s.n = static_cast<int>(std::ceil(iterations * std::log2(s.growth) + std::log2(1 / epsilon)));
  const double k = b.users;
  const auto up = [](double v) { return std::ceil(v); };
  s.bits = iterations * k *
           (6 * up(std::log2(1 / b.sigma)) + 4 * up(std::log2(b.h_max)) + (3 * k + 4) * up(std::log2(b.p_max) / 2) +
            (2 * k + 3) * (s.n + 1));
  s.layers = 2 * s.bits / (k * k);
  s.units = 2 * s.bits;
  return s;
}

}  // namespace l2o::theory
