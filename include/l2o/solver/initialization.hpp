#pragma once
/**
 * @file
 * Initialisation policies for WMMSE. Contract (`PowerInit`): `initial_powers(n, problem, k, p0)`
 * writes the K starting powers of sample n (0 <= p0_k <= Pmax_k) to p0; v^0 = sqrt(p0).
 */

#include <concepts>
#include <cstdint>
#include <string>

#include "l2o/core/batch.hpp"
#include "l2o/core/random.hpp"
#include "l2o/problem/params.hpp"

namespace l2o {

/// v^0 = sqrt(Pmax): the paper's choice (Section IV). Use this as a template for your own.
struct FullPowerInit {
  template <class Scalar>
  void initial_powers(Index n, const Problem<Scalar>& problem, int k, Scalar* p0) const {
    for (int i = 0; i < k; ++i) p0[i] = problem.pmax.at(n, i);
  }
};

/// p^0 ~ U(0, Pmax) per user, sample n from `stream(seed, {n})` (independent of thread count).
struct RandomInit {
  std::uint64_t seed = 0;
  template <class Scalar>
  void initial_powers(Index n, const Problem<Scalar>& problem, int k, Scalar* p0) const {
    Engine rng = stream(seed, {static_cast<std::uint64_t>(n)});
    for (int i = 0; i < k; ++i) p0[i] = static_cast<Scalar>(uniform01(rng) * problem.pmax.at(n, i));
  }
};

/// Starting powers given by the caller, one row per sample (clipped to [0, Pmax]).
template <class Scalar_>
struct GivenInit {
  PowerBatch<Scalar_> powers;
  template <class Scalar>
  void initial_powers(Index n, const Problem<Scalar>& problem, int k, Scalar* p0) const {
    if (powers.k() != k || n >= powers.samples())
      throw ShapeError("GivenInit: initial powers are (" + std::to_string(powers.samples()) + ", " +
                       std::to_string(powers.k()) + "), sample " + std::to_string(n) + " with K = " + std::to_string(k) +
                       " requested");
    for (int i = 0; i < k; ++i) {
      const Scalar v = static_cast<Scalar>(powers(n, i));
      p0[i] = v < 0 ? Scalar(0) : (v > problem.pmax.at(n, i) ? problem.pmax.at(n, i) : v);
    }
  }
};

template <class I>
concept PowerInit = requires(const I& init, const Problem<double>& pd, double* out) {
  init.initial_powers(Index{0}, pd, 1, out);
};

}  // namespace l2o
