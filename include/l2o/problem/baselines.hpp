#pragma once
/**
 * @file
 * The paper's heuristic baselines (Section V.C): maximum power p_k = Pmax_k and random power
 * p_k ~ U(0, Pmax_k). Both follow the allocator contract `allocate(h, problem) -> PowerBatch`.
 */

#include <cstdint>

#include "l2o/core/batch.hpp"
#include "l2o/core/random.hpp"
#include "l2o/problem/params.hpp"

namespace l2o {

/// p_k = Pmax_k for every user. Use this as a template for your own allocator.
struct MaxPower {
  template <class Scalar, int K>
  PowerBatch<Scalar, K> allocate(const ChannelBatch<Scalar, K>& h, Problem<Scalar> problem) const {
    problem.validate(h.k(), h.samples());
    PowerBatch<Scalar, K> p(h.samples(), h.k());
    for (Index n = 0; n < h.samples(); ++n)
      for (int k = 0; k < h.k(); ++k) p(n, k) = problem.pmax.at(n, k);
    return p;
  }
};

/// p_k ~ U(0, Pmax_k), sample n drawn from `stream(seed, {n})` so results do not depend on order.
struct RandomPower {
  std::uint64_t seed = 0;
  template <class Scalar, int K>
  PowerBatch<Scalar, K> allocate(const ChannelBatch<Scalar, K>& h, Problem<Scalar> problem) const {
    problem.validate(h.k(), h.samples());
    PowerBatch<Scalar, K> p(h.samples(), h.k());
    for (Index n = 0; n < h.samples(); ++n) {
      Engine rng = stream(seed, {static_cast<std::uint64_t>(n)});
      for (int k = 0; k < h.k(); ++k) p(n, k) = static_cast<Scalar>(uniform01(rng) * problem.pmax.at(n, k));
    }
    return p;
  }
};

}  // namespace l2o
