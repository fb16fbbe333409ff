#pragma once
/// @file
/// The example of Section III.A and Fig. 3: gradient descent on f(x) = (x^2 - z)^2, whose end
/// point depends on the start, so that z alone does not determine it.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "l2o/core/error.hpp"
#include "l2o/core/random.hpp"

namespace l2o::theory {

/**
 * T steps of \f$ x^{t+1} = x^t - 2\alpha x^t((x^t)^2 - z) \f$ (the paper's eq. after (4)) from
 * x^0 drawn uniformly in [x0_min, x0_max], z uniformly in [z_min, z_max].
 *
 * The paper gives T = 3000 but neither the ranges nor the step. Ours: z in [0.1, 2], x^0 in
 * [-1, 1], alpha = 0.05. Near the minimisers +-sqrt(z) the iteration contracts by
 * |1 - 4 alpha z| <= 0.6 < 1, and from |x^0| <= 1 it never overshoots, so x^T = sign(x^0) sqrt(z)
 * to within 1e-12 unless x^0 is within about e^(-2 alpha z T) = e^(-30) of 0, where the
 * growth 1 + 2 alpha z of the unstable point 0 has not yet escaped it.
 */
struct GradientDescentExample {
  double step = 0.05;   ///< alpha
  int iterations = 3000;
  double z_min = 0.1, z_max = 2;
  double x0_min = -1, x0_max = 1;

  void check() const {
    if (!(step > 0) || iterations < 1 || !(z_min <= z_max) || !(x0_min <= x0_max))
      throw InvalidArgument("gradient descent example: need step > 0, iterations >= 1, z_min <= z_max, x0_min <= x0_max");
  }

  /// x^T from (x^0, z).
  [[nodiscard]] double run(double x0, double z) const {
    double x = x0;
    for (int t = 0; t < iterations; ++t) x -= 2 * step * x * (x * x - z);
    return x;
  }

  struct Samples {
    std::vector<double> x0, z, xt;
  };
  /// `count` samples; sample i from stream(seed, {i}).
  [[nodiscard]] Samples draw(std::int64_t count, std::uint64_t seed) const {
    check();
    Samples s;
    for (std::int64_t i = 0; i < count; ++i) {
      auto rng = stream(seed, {static_cast<std::uint64_t>(i)});
      s.x0.push_back(uniform(rng, x0_min, x0_max));
      s.z.push_back(uniform(rng, z_min, z_max));
      s.xt.push_back(run(s.x0.back(), s.z.back()));
    }
    return s;
  }
};

}  // namespace l2o::theory
