#pragma once
/// @file
/// Weight initialisation of the paper (Section IV): truncated normal scaled by 1/sqrt(fan_in).

#include <cmath>

#include "l2o/core/random.hpp"

namespace l2o::nn {

/**
 * Fills `w` (out x in) with z / sqrt(in), z ~ N(0, 1) truncated to |z| <= 2 by redrawing
 * (as TensorFlow's `truncated_normal` does), from `rng`. Biases start at 0.
 */
template <class Matrix>
void truncated_normal_init(Matrix& w, Engine& rng) {
  using S = typename Matrix::Scalar;
  const double scale = 1.0 / std::sqrt(static_cast<double>(w.cols()));
  for (Eigen::Index c = 0; c < w.cols(); ++c)
    for (Eigen::Index r = 0; r < w.rows(); ++r) w(r, c) = static_cast<S>(truncated_normal01(rng) * scale);
}

}  // namespace l2o::nn
