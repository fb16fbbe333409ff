#pragma once
/// @file
/// Lemmas 3 and 4 of the paper: how errors in the operands of a division and of a
/// multiplication grow, the step that lets Theorem 2 chain the networks of Lemmas 1 and 2.

#include <algorithm>

namespace l2o::theory {

/**
 * Lemma 3, eq. (10): for 0 < Y_min < y - e2, 0 <= e1 <= x, 0 <= e2 <= y and x / y <= Z_max,
 * \f[ \Bigl| \frac{x}{y} - \frac{x \pm e_1}{y \pm e_2} \Bigr| \le \frac{Z_{\max} + 1}{Y_{\min}} \max(e_1, e_2). \f]
 * @return the right-hand side
 */
template <class Scalar>
[[nodiscard]] Scalar division_perturbation_bound(Scalar z_max, Scalar y_min, Scalar e1, Scalar e2) noexcept {
  return (z_max + 1) / y_min * std::max(e1, e2);
}

/**
 * Lemma 4, eqs. (13)-(14): for 0 <= x <= X_max, 0 <= y <= Y_max, e1, e2 >= 0 and
 * max(e1, e2) <= max(X_max, Y_max),
 * \f[ |xy - (x \pm e_1)(y \pm e_2)| \le 3 \max(X_{\max}, Y_{\max}) \max(e_1, e_2). \f]
 * @return the right-hand side
 */
template <class Scalar>
[[nodiscard]] Scalar multiplication_perturbation_bound(Scalar x_max, Scalar y_max, Scalar e1, Scalar e2) noexcept {
  return 3 * std::max(x_max, y_max) * std::max(e1, e2);
}

}  // namespace l2o::theory
