#pragma once
/**
 * @file
 * The paper's Section V.C post-processing: WMMSE's powers are binary in most cases, so each
 * network output is rounded to Pmax_k when it exceeds Pmax_k / 2 and to 0 otherwise.
 */

#include "l2o/core/batch.hpp"
#include "l2o/problem/params.hpp"

namespace l2o::eval {

/// p_k -> Pmax_k if p_k > Pmax_k / 2, else 0 (ties round down, as `y < 0.5` does in the paper).
template <class Scalar, int K>
[[nodiscard]] PowerBatch<Scalar, K> binarize(const PowerBatch<Scalar, K>& p, Problem<Scalar> problem) {
  problem.validate(p.k(), p.samples());
  PowerBatch<Scalar, K> out(p.samples(), p.k());
  for (Index n = 0; n < p.samples(); ++n)
    for (int k = 0; k < p.k(); ++k) {
      const Scalar pmax = problem.pmax.at(n, k);
      out(n, k) = p(n, k) > pmax / 2 ? pmax : Scalar(0);
    }
  return out;
}

}  // namespace l2o::eval
