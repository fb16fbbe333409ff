#pragma once
/**
 * @file
 * Embedding of a K'-user problem into a K-user input (the paper's "half user" test, Table III).
 */

#include <string>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"

namespace l2o {

/**
 * Places the K' x K' amplitudes of each sample in the top-left block of a K x K matrix and
 * zeroes the rest: the absent users neither transmit nor receive. Powers computed on the
 * K-user input are read back on the first K' users (`truncate_users`).
 * @throws ShapeError when K' > K.
 */
template <class Scalar, int KSmall, int KLarge = Dynamic>
ChannelBatch<Scalar, KLarge> embed_users(const ChannelBatch<Scalar, KSmall>& small, int k_large) {
  if (small.k() > k_large)
    throw ShapeError("embed_users: cannot embed K' = " + std::to_string(small.k()) + " users into K = " +
                     std::to_string(k_large));
  ChannelBatch<Scalar, KLarge> out(small.samples(), k_large);
  for (Index n = 0; n < small.samples(); ++n)
    out.sample(n).topLeftCorner(small.k(), small.k()) = small.sample(n);
  return out;
}

/// The first K' users' powers of each sample.
template <class Scalar, int K>
PowerBatch<Scalar> truncate_users(const PowerBatch<Scalar, K>& p, int k_small) {
  if (k_small > p.k())
    throw ShapeError("truncate_users: K' = " + std::to_string(k_small) + " exceeds K = " + std::to_string(p.k()));
  PowerBatch<Scalar> out(p.samples(), k_small);
  for (Index n = 0; n < p.samples(); ++n) out.sample(n) = p.sample(n).head(k_small);
  return out;
}

}  // namespace l2o
