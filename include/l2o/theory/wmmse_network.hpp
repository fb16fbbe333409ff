#pragma once
/// @file
/// One WMMSE iteration built from the networks of Lemmas 1 and 2 (the construction in the
/// proof of Theorem 2), to watch the approximation error of eqs. (26)-(31) as n grows and as
/// iterations are chained.

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Core>

#include "l2o/theory/division.hpp"
#include "l2o/theory/multiplication.hpp"
#include "l2o/theory/theorem2.hpp"

namespace l2o::theory {

/// |h_kj| as a K x K matrix, row k = receiver k.
template <class Scalar>
using Gains = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

/**
 * One WMMSE iteration in the a/b form of eqs. (22)-(24), computed exactly:
 * \f[ a_k = \frac{|h_{kk}|^2 v_k}{\sum_{j \ne k} |h_{kj}|^2 v_j^2 + \sigma^2}, \quad
 *     b_k = \frac{a_k v_k}{\sum_j |h_{kj}|^2 v_j^2 + \sigma^2}, \quad
 *     v_k^+ = \Bigl[\frac{\alpha_k a_k}{\sum_j \alpha_j b_j |h_{jk}|^2}\Bigr]_0^{\sqrt{P_{\max}}}. \f]
 * a_k = u_k w_k |h_kk| and b_k = u_k^2 w_k (the paper prints u_k w_k^2 in eq. 23, but its
 * right-hand side is u_k^2 w_k); v^+ is the v of Fig. 2's next iteration.
 */
template <class Scalar>
[[nodiscard]] std::vector<Scalar> wmmse_iteration(const Gains<Scalar>& h, const std::vector<Scalar>& v, Scalar sigma,
                                                  Scalar p_max) {
  const auto k = static_cast<std::size_t>(h.rows());
  const Scalar s2 = sigma * sigma;
  std::vector<Scalar> a(k), b(k), out(k);
  for (std::size_t i = 0; i < k; ++i) {
    Scalar others = s2, all;
    for (std::size_t j = 0; j < k; ++j)
      if (j != i) others += h(i, j) * h(i, j) * v[j] * v[j];
    all = others + h(i, i) * h(i, i) * v[i] * v[i];
    a[i] = h(i, i) * h(i, i) * v[i] / others;
    b[i] = a[i] * v[i] / all;
  }
  for (std::size_t i = 0; i < k; ++i) {
    Scalar den = 0;
    for (std::size_t j = 0; j < k; ++j) den += b[j] * h(j, i) * h(j, i);
    out[i] = std::clamp(a[i] / den, Scalar(0), std::sqrt(p_max));  // alpha = 1
  }
  return out;
}

/**
 * The same iteration with every product by a `Multiplication` network (Lemma 1) and every
 * quotient by a `Division` network (Lemma 2), all with n bits below the binary point, and the
 * projection by the two ReLUs of eq. (34). Weights alpha_k = 1.
 *
 * The blocks form a data-flow graph: h^2 and v^2, then |h_kj|^2 v_j^2 and |h_kk|^2 v_k, the
 * division for a_k, a_k v_k, the division for b_k, b_j |h_jk|^2, the division for v_k^+.
 * Sums between blocks are linear and fold into the first layer of the next block, whose
 * linear output layer in turn folds into the following block; `counts()` reports the depth of
 * the longest chain and the units of all blocks. Not counted: pass-through units that carry
 * h and values of parallel chains of unequal depth.
 *
 * Each block's bounds come from `WmmseBounds` (H_max, P_max, sigma) as in the proof. The last
 * division saturates where the quotient exceeds 2^(m+1) with m = ceil(log2 sqrt(P_max)), which
 * the projection maps to sqrt(P_max) as the exact iteration does.
 */
template <class Scalar_>
class WmmseIterationNetwork {
 public:
  using Scalar = Scalar_;

  WmmseIterationNetwork(const WmmseBounds& b, int n)
      : k_(b.users), sigma2_(static_cast<Scalar>(b.sigma * b.sigma)), root_p_(static_cast<Scalar>(std::sqrt(b.p_max))),
        a_max_(a_max(b)), b_max_(b_max(b)),
        h_square_(s(b.h_max), s(b.h_max), n),
        v_square_(root_p_, root_p_, n),
        interference_(s(b.h_max * b.h_max), s(b.p_max), n),
        signal_(s(b.h_max * b.h_max), root_p_, n),
        a_div_(a_max_, s((k_ - 1) * b.h_max * b.h_max * b.p_max) + sigma2_, n),
        b_num_(a_max_, root_p_, n),
        b_div_(b_max_, s(k_ * b.h_max * b.h_max * b.p_max) + sigma2_, n),
        weighted_(b_max_, s(b.h_max * b.h_max), n),
        v_div_(root_p_, s(k_) * b_max_ * s(b.h_max * b.h_max), n) {}

  /// v^+ from v and h, every operation by a network.
  /// @pre H_min <= h_kj <= H_max, 0 <= v_k <= sqrt(P_max)
  [[nodiscard]] std::vector<Scalar> operator()(const Gains<Scalar>& h, const std::vector<Scalar>& v) const {
    const auto k = static_cast<std::size_t>(k_);
    Gains<Scalar> h2(k_, k_);
    for (Index i = 0; i < k_; ++i)
      for (Index j = 0; j < k_; ++j) h2(i, j) = h_square_(h(i, j), h(i, j));
    std::vector<Scalar> v2(k), a(k), b(k), out(k);
    for (std::size_t j = 0; j < k; ++j) v2[j] = v_square_(v[j], v[j]);
    for (std::size_t i = 0; i < k; ++i) {
      Scalar others = sigma2_, interference_sum = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const Scalar t = interference_(h2(ix(i), ix(j)), v2[j]);
        interference_sum += t;
        if (j != i) others += t;
      }
      a[i] = a_div_.saturating(signal_(h2(ix(i), ix(i)), v[i]), others);
      // min(): a no-op in exact arithmetic (the numerator is at most H^2 sqrt(P), the
      // denominator at least sigma^2); it only guards the next block's domain check
      b[i] = b_div_.saturating(b_num_(std::min(a[i], a_max_), v[i]), sigma2_ + interference_sum);
    }
    for (std::size_t i = 0; i < k; ++i) {
      Scalar den = 0;
      for (std::size_t j = 0; j < k; ++j) den += weighted_(std::min(b[j], b_max_), h2(ix(j), ix(i)));
      const Scalar q = v_div_.saturating(a[i], den);
      out[i] = root_p_ - std::max(root_p_ - std::max(q, Scalar(0)), Scalar(0));  // eq. (34)
    }
    return out;
  }

  /// Depth of the longest chain (h^2, |h|^2 v^2, a, a v, b, b |h|^2, v^+, the projection, the
  /// output) and the units of every block.
  [[nodiscard]] UnitCounts counts() const {
    const auto depth = [](const auto& block) { return block.network().counts().layers - 1; };
    UnitCounts c;
    c.layers = depth(h_square_) + depth(interference_) + depth(a_div_) + depth(b_num_) + depth(b_div_) +
               depth(weighted_) + depth(v_div_) + 2 + 1;
    const Index kk = k_ * k_;
    add(c, h_square_, kk);
    add(c, v_square_, k_);
    add(c, interference_, kk);
    add(c, signal_, k_);
    add(c, a_div_, k_);
    add(c, b_num_, k_);
    add(c, b_div_, k_);
    add(c, weighted_, kk);
    add(c, v_div_, k_);
    c.relu += 2 * k_;  // the projection
    c.output = k_;
    return c;
  }

 private:
  static Scalar s(double v) { return static_cast<Scalar>(v); }
  static Index ix(std::size_t i) { return static_cast<Index>(i); }
  static Scalar a_max(const WmmseBounds& b) { return s(b.h_max * b.h_max * std::sqrt(b.p_max) / (b.sigma * b.sigma)); }
  static Scalar b_max(const WmmseBounds& b) { return a_max(b) * s(std::sqrt(b.p_max) / (b.sigma * b.sigma)); }
  template <class Block>
  static void add(UnitCounts& c, const Block& block, Index copies) {
    const auto u = block.network().counts();
    c.binary += copies * u.binary;
    c.relu += copies * u.relu;
    c.carry += copies * u.carry;
  }

  Index k_;
  Scalar sigma2_, root_p_;
  Scalar a_max_, b_max_;  ///< bounds of a_k and b_k: H^2 sqrt(P) / sigma^2 and a_max sqrt(P) / sigma^2
  Multiplication<Scalar> h_square_, v_square_, interference_, signal_;
  Division<Scalar> a_div_;
  Multiplication<Scalar> b_num_;
  Division<Scalar> b_div_;
  Multiplication<Scalar> weighted_;
  Division<Scalar> v_div_;
};

}  // namespace l2o::theory
