#pragma once
/**
 * @file
 * Base stations on a hexagonal grid, filled ring by ring around a centre cell.
 */

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "l2o/core/error.hpp"

namespace l2o {

/// A point in the plane, in metres.
struct Point {
  double x = 0;
  double y = 0;
};

inline double distance(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

/**
 * Centres of `cells` hexagonal cells of apothem R (R = half the distance between neighbouring
 * base stations, the paper's "cell radius"). Cell 0 is at the origin; ring m = 1, 2, ... holds
 * 6m cells, listed counter-clockwise from the one at angle 0. Thus N = 3 gives (0,0), (2R,0),
 * (R, sqrt(3) R) and N = 7 the centre with its six neighbours.
 */
inline std::vector<Point> hex_grid(int cells, double cell_radius) {
  if (cells < 1) throw InvalidArgument("number of cells must be >= 1, got " + std::to_string(cells));
  if (!(cell_radius > 0) || !std::isfinite(cell_radius))
    throw InvalidArgument("cell radius must be finite and > 0, got " + std::to_string(cell_radius));
  std::vector<Point> centres{{0.0, 0.0}};
  const double spacing = 2.0 * cell_radius;
  for (int ring = 1; static_cast<int>(centres.size()) < cells; ++ring) {
    for (int side = 0; side < 6; ++side) {
      const double a0 = side * std::numbers::pi / 3, a1 = (side + 1) * std::numbers::pi / 3;
      const Point c0{ring * spacing * std::cos(a0), ring * spacing * std::sin(a0)};
      const Point c1{ring * spacing * std::cos(a1), ring * spacing * std::sin(a1)};
      for (int step = 0; step < ring; ++step) {
        const double t = static_cast<double>(step) / ring;
        centres.push_back({c0.x + t * (c1.x - c0.x), c0.y + t * (c1.y - c0.y)});
      }
    }
  }
  centres.resize(static_cast<std::size_t>(cells));
  return centres;
}

/// Whether offset p from a cell centre lies in the cell (a hexagon of apothem R whose
/// neighbours sit along the x axis, i.e. with vertical edges at x = +-R).
inline bool in_hexagon(Point p, double apothem) {
  const double s = std::sqrt(3.0) / 2.0;
  return std::abs(p.x) <= apothem && std::abs(0.5 * p.x + s * p.y) <= apothem &&
         std::abs(-0.5 * p.x + s * p.y) <= apothem;
}

}  // namespace l2o
