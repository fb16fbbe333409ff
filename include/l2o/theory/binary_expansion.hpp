#pragma once
/// @file
/// The n-bit binary expansion of x as a layered network of binary units and ReLUs (the
/// Appendix of the paper, proof of Lemma 1, with its recursion corrected).

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "l2o/theory/layered_network.hpp"

namespace l2o::theory {

/// 2^i, exactly.
template <class Scalar>
[[nodiscard]] Scalar pow2(int i) noexcept {
  return std::ldexp(Scalar(1), i);
}

/// m = ceil(log2(max)), the top bit of the expansions below: every value in [0, max] is below
/// 2^(m+1). The Appendix's m.
/// @pre max > 0 and finite
[[nodiscard]] inline int top_bit(double max) {
  if (!(max > 0) || !std::isfinite(max)) throw InvalidArgument("top bit: the bound must be positive and finite, got " + std::to_string(max));
  return static_cast<int>(std::ceil(std::log2(max)));
}

namespace detail {
inline Index bit_count(int m, int n) {
  if (m + n + 1 < 1) throw InvalidArgument("binary expansion: bits 2^" + std::to_string(m) + " down to 2^-" + std::to_string(n) + " is no bit at all");
  if (m + n + 1 > 120) throw InvalidArgument("binary expansion: " + std::to_string(m + n + 1) + " bits is more than any floating-point type holds");
  return m + n + 1;
}
inline std::string bit_name(const char* v, int i) { return std::string(v) + "[" + std::to_string(i) + "]"; }
}  // namespace detail

/**
 * The bits x_m, ..., x_{-n} of x in [0, 2^(m+1)), as a network with input x and outputs the
 * bits (the first output is x_m).
 *
 * Two layers per bit, as in the Appendix: a ReLU holding the remainder and a binary unit
 * reading it,
 * \f[ x^{(m)} = x, \qquad x_i = \mathrm{Binary}[x^{(i)} - 2^i \ge 0], \qquad
 *     x^{(i-1)} = \max(x^{(i)} - 2^i x_i,\ 0). \f]
 * The paper prints x^{(i)} = max(x^{(i+1)} - 2^{i+1}, 0), which subtracts 2^{i+1} whether or
 * not bit i+1 is set (and zeroes the remainder when it is not); the subtraction must be gated
 * by the bit. Gated by a binary unit of the previous layer it is linear, so one ReLU per
 * remainder suffices (its argument is never negative), and the Appendix's counts hold.
 *
 * Every subtraction x^{(i)} - 2^i x_i is exact in floating point (Sterbenz), so the bits are
 * exactly those of the floating-point x.
 */
template <class Scalar_>
class BinaryExpansion {
 public:
  using Scalar = Scalar_;

  /// Bits 2^m down to 2^-n.
  BinaryExpansion(int m, int n) : m_(m), n_(n), net_(build(m, n)) {}

  [[nodiscard]] int m() const noexcept { return m_; }
  [[nodiscard]] int n() const noexcept { return n_; }
  [[nodiscard]] Index bits() const noexcept { return m_ + n_ + 1; }
  [[nodiscard]] const LayeredNetwork<Scalar>& network() const noexcept { return net_; }

  /// The bits of x, x_m first.
  /// @pre 0 <= x < 2^(m+1)
  [[nodiscard]] std::vector<Scalar> operator()(Scalar x) const {
    if (!(x >= 0) || !(x < pow2<Scalar>(m_ + 1)))
      throw InvalidArgument("binary expansion: x = " + std::to_string(x) + " is outside [0, 2^" + std::to_string(m_ + 1) + ")");
    return net_.evaluate(std::span<const Scalar>(&x, 1));
  }
  /// sum_i 2^i x_i, the truncated x.
  [[nodiscard]] Scalar truncated(Scalar x) const {
    const auto b = (*this)(x);
    Scalar s = 0;
    for (Index j = 0; j < bits(); ++j) s += pow2<Scalar>(m_ - static_cast<int>(j)) * b[static_cast<std::size_t>(j)];
    return s;
  }

  /// The network's size as a function of (m, n), B = m + n + 1 bits: the Appendix's 2B layers
  /// (with the output layer), B binary units and B - 1 ReLUs; plus B^2 - 1 pass-through units
  /// (x and every bit found so far are carried to the output layer) and B outputs.
  [[nodiscard]] static UnitCounts counts(int m, int n) {
    const Index b = detail::bit_count(m, n);
    return {2 * b, b, b - 1, b >= 2 ? b * b - 1 : 0, b};
  }

 private:
  static LayeredNetwork<Scalar> build(int m, int n) {
    const Index bits = detail::bit_count(m, n);
    NetworkBuilder<Scalar> nb(1);
    using Ref = typename NetworkBuilder<Scalar>::Ref;
    std::vector<Ref> found;  // the bits so far, in the current layer
    nb.next_layer();
    found.push_back(nb.binary(-pow2<Scalar>(m), {{nb.input(0), 1}}, detail::bit_name("x", m)));
    Ref rem = bits >= 2 ? nb.carry({{nb.input(0), 1}}, "x") : Ref{};
    for (Index j = 1; j < bits; ++j) {
      const int i = m - static_cast<int>(j);
      nb.next_layer();  // x^(i) = x^(i+1) - 2^(i+1) x_(i+1)
      const Ref r = nb.relu(0, {{rem, 1}, {found.back(), -pow2<Scalar>(i + 1)}}, detail::bit_name("x^", i));
      for (auto& b : found) b = nb.carry({{b, 1}}, "carry bit");
      nb.next_layer();  // x_i = Binary[x^(i) - 2^i >= 0]
      std::vector<Ref> carried;
      for (const auto& b : found) carried.push_back(nb.carry({{b, 1}}, "carry bit"));
      carried.push_back(nb.binary(-pow2<Scalar>(i), {{r, 1}}, detail::bit_name("x", i)));
      found = std::move(carried);
      if (j + 1 < bits) rem = nb.carry({{r, 1}}, "carry remainder");
    }
    nb.next_layer();
    for (Index j = 0; j < bits; ++j)
      nb.output(0, {{found[static_cast<std::size_t>(j)], 1}}, detail::bit_name("x", m - static_cast<int>(j)));
    return std::move(nb).build();
  }

  int m_, n_;
  LayeredNetwork<Scalar> net_;
};

}  // namespace l2o::theory
