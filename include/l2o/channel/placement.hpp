#pragma once
/**
 * @file
 * Placement policies for IMAC users: where a user stands relative to its base station.
 * Contract (`UserPlacement`): `place(rng, R, r)` returns the offset in metres from the base
 * station of a cell of apothem R, at least r from it; `check(R, r)` raises InvalidArgument
 * when no position can satisfy both.
 */

#include <cmath>
#include <concepts>
#include <numbers>
#include <string>

#include "l2o/channel/hex_grid.hpp"
#include "l2o/core/error.hpp"
#include "l2o/core/random.hpp"

namespace l2o {

template <class P>
concept UserPlacement = requires(const P& p, Engine& rng, double big_r, double small_r) {
  { p.place(rng, big_r, small_r) } -> std::same_as<Point>;
  p.check(big_r, small_r);
};

/**
 * The authors' MATLAB generator: uniform angle, and distance
 * \f[ d = r + \left(\tfrac{2R}{\sqrt{3}} - r\right)\sqrt{u}, \quad u \sim U(0,1), \f]
 * i.e. from r out to the hexagon's circumradius 2R/sqrt(3) (so a user may stand slightly
 * outside its hexagon, in a corner of the circumscribed disc). Draws u, then the angle.
 * Use this as a template for your own placement.
 */
struct DiskPlacement {
  template <class Rng>
  Point place(Rng& rng, double big_r, double small_r) const {
    const double outer = 2.0 * big_r / std::sqrt(3.0);
    const double d = small_r + (outer - small_r) * std::sqrt(uniform01(rng));
    const double angle = 2.0 * std::numbers::pi * uniform01(rng);
    return {d * std::cos(angle), d * std::sin(angle)};
  }
  void check(double big_r, double small_r) const {
    if (!(small_r >= 0) || !(small_r < 2.0 * big_r / std::sqrt(3.0)))
      throw InvalidArgument("inner radius r must satisfy 0 <= r < 2R/sqrt(3) = " +
                            std::to_string(2.0 * big_r / std::sqrt(3.0)) + " m, got " + std::to_string(small_r));
  }
};

/**
 * Uniform over the hexagonal cell minus the disc of radius r (the paper's Fig. 5 as drawn),
 * by rejection from the bounding box.
 */
struct HexagonPlacement {
  template <class Rng>
  Point place(Rng& rng, double big_r, double small_r) const {
    const double half_height = 2.0 * big_r / std::sqrt(3.0);
    for (;;) {
      const Point p{uniform(rng, -big_r, big_r), uniform(rng, -half_height, half_height)};
      if (in_hexagon(p, big_r) && std::hypot(p.x, p.y) >= small_r) return p;
    }
  }
  void check(double big_r, double small_r) const {
    if (!(small_r >= 0) || !(small_r < big_r))
      throw InvalidArgument("inner radius r must satisfy 0 <= r < R = " + std::to_string(big_r) +
                            " m for hexagon placement, got " + std::to_string(small_r));
  }
};

}  // namespace l2o
