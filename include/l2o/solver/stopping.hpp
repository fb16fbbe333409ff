#pragma once
/**
 * @file
 * Stopping policies for iterative solvers. Contract (`StoppingRule`): `done(gain, iterations)`
 * with T a scalar or an xsimd batch (one sample per lane) returns bool or batch_bool: whether
 * a sample stops after an iteration whose objective gain is `gain`, `iterations` v-updates done.
 */

#include <concepts>
#include <string>

#include "l2o/core/error.hpp"

namespace l2o {

namespace detail {
template <class T>
struct scalar_of {
  using type = typename T::value_type;
};
template <std::floating_point T>
struct scalar_of<T> {
  using type = T;
};
template <class T>
using scalar_of_t = typename scalar_of<T>::type;
}  // namespace detail

/**
 * The paper's rule (Section IV): stop when \f$ \mathrm{obj}_{new} - \mathrm{obj}_{old} < \mathrm{tol} \f$
 * (signed, so a decrease stops too) or after `max_iter` iterations. Paper: 1e-5 and 500; the
 * authors' released Python: 1e-3 and 100 (it writes `<=`, which never matters in practice).
 * Use this as a template for your own rule.
 */
struct ObjectiveGain {
  double tol = 1e-5;
  int max_iter = 500;
  template <class T>
  auto done(const T& gain, const T& iterations) const {
    using S = detail::scalar_of_t<T>;
    return (gain < T(static_cast<S>(tol))) || (iterations >= T(static_cast<S>(max_iter)));
  }
  void check() const {
    if (max_iter < 1) throw InvalidArgument("max-iter must be >= 1, got " + std::to_string(max_iter));
    if (!(tol == tol)) throw InvalidArgument("tol must not be NaN");
  }
};

/// A fixed number of iterations, whatever the objective does (e.g. for unrolled-WMMSE studies).
struct IterationCap {
  int max_iter = 100;
  template <class T>
  auto done(const T& /*gain*/, const T& iterations) const {
    using S = detail::scalar_of_t<T>;
    return iterations >= T(static_cast<S>(max_iter));
  }
  void check() const {
    if (max_iter < 1) throw InvalidArgument("max-iter must be >= 1, got " + std::to_string(max_iter));
  }
};

template <class S>
concept StoppingRule = requires(const S& s, double g) {
  { s.done(g, g) } -> std::convertible_to<bool>;
  s.check();
};

}  // namespace l2o
