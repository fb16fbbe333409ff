#pragma once
/**
 * @file
 * A trained network as an allocator: it reads features (one sample per row of a
 * `FeatureBatch`, e.g. vec(H) for the Gaussian IC) and returns a `PowerBatch`.
 */

#include <string>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"
#include "l2o/nn/mlp.hpp"

namespace l2o::eval {

/// The network's powers for every sample of `features` (batched inference on `threads` threads).
template <class Out = double, class Net>
[[nodiscard]] PowerBatch<Out> network_powers(const Net& net, const FeatureBatch<typename Net::Scalar>& features,
                                             int threads = 1) {
  using Scalar = typename Net::Scalar;
  if (features.size_per_sample() != net.inputs())
    throw ShapeError("network_powers: samples have " + std::to_string(features.size_per_sample()) +
                     " features, the network expects " + std::to_string(net.inputs()));
  const Eigen::Map<const nn::Matrix<Scalar>> x(features.data(), net.inputs(), features.samples());
  nn::Matrix<Scalar> y;
  net.predict(x, y, threads);
  PowerBatch<Out> p(features.samples(), net.outputs());
  for (Index n = 0; n < features.samples(); ++n)
    for (int k = 0; k < net.outputs(); ++k) p(n, k) = static_cast<Out>(y(k, n));
  return p;
}

}  // namespace l2o::eval
