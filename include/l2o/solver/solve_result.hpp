#pragma once
/// @file
/// What a power-control solver returns.

#include <cstdint>
#include <vector>

#include "l2o/core/batch.hpp"

namespace l2o {

/// Powers p (not amplitudes), iterations and final objective (weighted sum-rate) per sample.
template <class Scalar, int K = Dynamic>
struct SolveResult {
  PowerBatch<Scalar, K> powers;
  std::vector<std::int64_t> iterations;  ///< v-updates executed (0 for non-iterative solvers)
  std::vector<Scalar> objective;          ///< weighted sum-rate of the returned powers
};

}  // namespace l2o
