#pragma once
/// @file
/// Lemma 2 of the paper: x / y by a network of binary units and ReLUs, error at most 2^-n.

#include <array>
#include <string>

#include "l2o/theory/binary_expansion.hpp"

namespace l2o::theory {

/**
 * Lemma 2 (proof in the Appendix): for x >= 0, 0 < y <= Y_max and x / y <= Z_max, the network
 * finds the bits z_m .. z_{-n} of x / y (m = ceil(log2 Z_max)) by eq. (18),
 * \f[ z^{(m)} = x, \quad z_i = \mathrm{Binary}[z^{(i)} - 2^i y \ge 0], \quad
 *     z^{(i-1)} = z^{(i)} - \max\bigl(2^i y + M (z_i - 1),\ 0\bigr), \quad M = 2^m Y_{\max}, \f]
 * and outputs \f$ \sum_i 2^i z_i \f$, so that \f$ 0 \le x/y - NET(x, y) < 2^{-n} \f$ (eq. 9).
 *
 * The Appendix defines m from a V_max it never introduces; Z_max (the bound of the lemma) is
 * meant. Layout: z_m in the first layer, then per further bit a ReLU layer (the gated term
 * 2^i y z_i of the bit above) and a binary layer; the remainder z^{(i)}, y and the running
 * sum of 2^i z_i are carried.
 *
 * Outside S, where x / y >= 2^(m+1), every bit is 1 and the network saturates at
 * 2^(m+1) - 2^-n; a projection onto [0, c] with c <= 2^m (eq. 34) therefore still gives c.
 * Every subtraction of a remainder is exact in floating point (Sterbenz), so the bits are
 * those of the floating-point quotient's comparison tests.
 */
template <class Scalar_>
class Division {
 public:
  using Scalar = Scalar_;

  /// @pre z_max > 0, y_max > 0, n >= -m
  Division(Scalar z_max, Scalar y_max, int n) : z_max_(z_max), y_max_(y_max), m_(top_bit(z_max)), n_(n), net_(build(m_, n, y_max)) {
    if (!(y_max > 0) || !std::isfinite(y_max)) throw InvalidArgument("division network: Y_max must be positive");
  }

  [[nodiscard]] int m() const noexcept { return m_; }
  [[nodiscard]] int n() const noexcept { return n_; }
  [[nodiscard]] const LayeredNetwork<Scalar>& network() const noexcept { return net_; }
  /// Eq. (9): max over S of |x / y - NET(x, y)|.
  [[nodiscard]] Scalar bound() const noexcept { return pow2<Scalar>(-n_); }

  /// NET(x, y) for (x, y) in S.
  /// @pre x >= 0, 0 < y <= Y_max, x <= Z_max y
  [[nodiscard]] Scalar operator()(Scalar x, Scalar y) const {
    if (!(x >= 0 && y > 0 && y <= y_max_ && x <= z_max_ * y))
      throw InvalidArgument("division network: (x, y) = (" + std::to_string(x) + ", " + std::to_string(y) +
                            ") is outside S (x >= 0, 0 < y <= " + std::to_string(y_max_) + ", x / y <= " +
                            std::to_string(z_max_) + ")");
    return saturating(x, y);
  }
  /// NET(x, y) for any x >= 0, 0 <= y <= Y_max: saturates at 2^(m+1) - 2^-n where x / y >= 2^(m+1).
  [[nodiscard]] Scalar saturating(Scalar x, Scalar y) const {
    const std::array<Scalar, 2> in{x, y};
    return net_.evaluate(in)[0];
  }

  /// Size as a function of (m, n), B = m + n + 1: the Appendix's 2B layers (with the output
  /// layer), B binary units and B - 1 ReLUs; plus 6B - 6 pass-through units (x and the
  /// remainders, y, the running sum) and one output.
  [[nodiscard]] static UnitCounts counts(int m, int n) {
    const Index b = detail::bit_count(m, n);
    return {2 * b, b, b - 1, b >= 2 ? 6 * b - 6 : 0, 1};
  }

 private:
  static LayeredNetwork<Scalar> build(int m, int n, Scalar y_max) {
    const Index bits = detail::bit_count(m, n);
    const Scalar big = pow2<Scalar>(m) * y_max;  // M >= 2^m Y_max
    NetworkBuilder<Scalar> nb(2);
    using Ref = typename NetworkBuilder<Scalar>::Ref;
    nb.next_layer();
    Ref bit = nb.binary(0, {{nb.input(0), 1}, {nb.input(1), -pow2<Scalar>(m)}}, detail::bit_name("z", m));
    Ref rem{}, y{}, sum{};
    if (bits >= 2) {
      rem = nb.carry({{nb.input(0), 1}}, "x");
      y = nb.carry({{nb.input(1), 1}}, "y");
    }
    for (Index j = 1; j < bits; ++j) {
      const int i = m - static_cast<int>(j);
      nb.next_layer();
      // 2^(i+1) y z_(i+1), gated: M enters first so that M z - M cancels exactly
      const Ref term = nb.relu(-big, {{bit, big}, {y, pow2<Scalar>(i + 1)}}, detail::bit_name("2^i y z_i, i=", i + 1));
      const Ref rem_here = nb.carry({{rem, 1}}, detail::bit_name("z^", i + 1));
      const Ref y_here = nb.carry({{y, 1}}, "y");
      const Ref sum_here = j == 1 ? nb.carry({{bit, pow2<Scalar>(m)}}, "sum")
                                  : nb.carry({{sum, 1}, {bit, pow2<Scalar>(i + 1)}}, "sum");
      nb.next_layer();  // z_i = Binary[z^(i+1) - 2^(i+1) y z_(i+1) - 2^i y >= 0]
      bit = nb.binary(0, {{rem_here, 1}, {term, -1}, {y_here, -pow2<Scalar>(i)}}, detail::bit_name("z", i));
      sum = nb.carry({{sum_here, 1}}, "sum");
      if (j + 1 < bits) {
        rem = nb.carry({{rem_here, 1}, {term, -1}}, detail::bit_name("z^", i));
        y = nb.carry({{y_here, 1}}, "y");
      }
    }
    nb.next_layer();
    const int low = m - static_cast<int>(bits) + 1;
    if (bits >= 2) nb.output(0, {{sum, 1}, {bit, pow2<Scalar>(low)}}, "x / y");
    else nb.output(0, {{bit, pow2<Scalar>(low)}}, "x / y");
    return std::move(nb).build();
  }

  Scalar z_max_, y_max_;
  int m_, n_;
  LayeredNetwork<Scalar> net_;
};

}  // namespace l2o::theory
