#pragma once
/// @file
/// Lemma 1 of the paper: x * y by a network of binary units and ReLUs, error at most
/// Y_max / 2^n.

#include <array>
#include <string>

#include "l2o/theory/binary_expansion.hpp"

namespace l2o::theory {

/**
 * Lemma 1 (proof in the Appendix): for (x, y) in [0, X_max] x [0, Y_max], the network
 * expands x into bits x_m .. x_{-n} (m = ceil(log2 X_max)) and sums the gated terms of eq. (19),
 * \f[ \widetilde{x}\,y = \sum_{i=-n}^{m} \max\bigl(2^i y + M (x_i - 1),\ 0\bigr),
 *     \qquad M = 2^{m + \lceil \log_2 Y_{\max} \rceil} \ge 2^m Y_{\max}, \f]
 * so that \f$ 0 \le xy - NET(x, y) \le Y_{\max} 2^{-n} \f$ (eq. 8).
 *
 * Layout: bit x_m in the first layer; then per further bit a ReLU layer (the remainder of
 * `BinaryExpansion` and the gated term of the bit above it) and a binary layer; then one layer
 * for the last gated term and the linear output. The gated term of each bit is computed in the
 * layer after the bit, and a running sum of the terms is carried, rather than carrying every
 * bit to one final layer: the layer count and the ReLU count are the Appendix's either way,
 * and the pass-through units stay O(m + n).
 */
template <class Scalar_>
class Multiplication {
 public:
  using Scalar = Scalar_;

  /// @pre x_max > 0, y_max > 0, n >= -m
  Multiplication(Scalar x_max, Scalar y_max, int n)
      : x_max_(x_max), y_max_(y_max), m_(top_bit(x_max)), n_(n), net_(build(m_, n, y_max)) {
    if (!(y_max > 0) || !std::isfinite(y_max)) throw InvalidArgument("multiplication network: Y_max must be positive");
  }

  [[nodiscard]] int m() const noexcept { return m_; }
  [[nodiscard]] int n() const noexcept { return n_; }
  [[nodiscard]] const LayeredNetwork<Scalar>& network() const noexcept { return net_; }
  /// Eq. (8): max over S of |xy - NET(x, y)|.
  [[nodiscard]] Scalar bound() const noexcept { return y_max_ * pow2<Scalar>(-n_); }

  /// NET(x, y). @pre 0 <= x <= X_max, 0 <= y <= Y_max
  [[nodiscard]] Scalar operator()(Scalar x, Scalar y) const {
    if (!(x >= 0 && x <= x_max_ && y >= 0 && y <= y_max_))
      throw InvalidArgument("multiplication network: (x, y) = (" + std::to_string(x) + ", " + std::to_string(y) +
                            ") is outside [0, " + std::to_string(x_max_) + "] x [0, " + std::to_string(y_max_) + "]");
    const std::array<Scalar, 2> in{x, y};
    return net_.evaluate(in)[0];
  }

  /// Size as a function of (m, n), B = m + n + 1: the Appendix's 2B + 1 layers, B binary units
  /// and 2B - 1 ReLUs (B - 1 remainders, B gated terms); plus 5B - 4 pass-through units
  /// (x, y, the remainders and the running sum) and one output.
  [[nodiscard]] static UnitCounts counts(int m, int n) {
    const Index b = detail::bit_count(m, n);
    return {2 * b + 1, b, 2 * b - 1, 5 * b - 4, 1};
  }

 private:
  static LayeredNetwork<Scalar> build(int m, int n, Scalar y_max) {
    const Index bits = detail::bit_count(m, n);
    const Scalar big = pow2<Scalar>(m + top_bit(y_max));  // M of eq. (19)
    NetworkBuilder<Scalar> nb(2);
    using Ref = typename NetworkBuilder<Scalar>::Ref;
    nb.next_layer();
    Ref bit = nb.binary(-pow2<Scalar>(m), {{nb.input(0), 1}}, detail::bit_name("x", m));
    Ref y = nb.carry({{nb.input(1), 1}}, "y");
    Ref rem = bits >= 2 ? nb.carry({{nb.input(0), 1}}, "x") : Ref{};
    Ref sum{};
    bool have_sum = false;
    for (Index j = 1; j < bits; ++j) {
      const int i = m - static_cast<int>(j);  // this bit; the one above it is i + 1
      nb.next_layer();
      const Ref r = nb.relu(0, {{rem, 1}, {bit, -pow2<Scalar>(i + 1)}}, detail::bit_name("x^", i));
      // 2^(i+1) x_(i+1) y, gated: M enters first so that M x - M cancels exactly
      const Ref term = nb.relu(-big, {{bit, big}, {y, pow2<Scalar>(i + 1)}}, detail::bit_name("2^i x_i y, i=", i + 1));
      const Ref y_here = nb.carry({{y, 1}}, "y");
      const Ref sum_here = have_sum ? nb.carry({{sum, 1}}, "sum") : Ref{};
      nb.next_layer();
      bit = nb.binary(-pow2<Scalar>(i), {{r, 1}}, detail::bit_name("x", i));
      y = nb.carry({{y_here, 1}}, "y");
      sum = have_sum ? nb.carry({{sum_here, 1}, {term, 1}}, "sum") : nb.carry({{term, 1}}, "sum");
      have_sum = true;
      if (j + 1 < bits) rem = nb.carry({{r, 1}}, "carry remainder");
    }
    nb.next_layer();
    const Ref last = nb.relu(-big, {{bit, big}, {y, pow2<Scalar>(m - static_cast<int>(bits) + 1)}},
                             detail::bit_name("2^i x_i y, i=", m - static_cast<int>(bits) + 1));
    const Ref sum_here = have_sum ? nb.carry({{sum, 1}}, "sum") : Ref{};
    nb.next_layer();
    if (have_sum) nb.output(0, {{sum_here, 1}, {last, 1}}, "x y");
    else nb.output(0, {{last, 1}}, "x y");
    return std::move(nb).build();
  }

  Scalar x_max_, y_max_;
  int m_, n_;
  LayeredNetwork<Scalar> net_;
};

}  // namespace l2o::theory
