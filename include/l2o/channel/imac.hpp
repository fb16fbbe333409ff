#pragma once
/**
 * @file
 * Model 2 of Sun et al. (Section V.A): the interfering multiple-access channel.
 */

#include <cmath>
#include <string>
#include <vector>

#include "l2o/channel/hex_grid.hpp"
#include "l2o/channel/placement.hpp"
#include "l2o/core/error.hpp"
#include "l2o/core/random.hpp"

namespace l2o {

/// Geometry and propagation settings of an IMAC.
struct ImacOptions {
  int cells = 3;               ///< N base stations
  int users = 18;              ///< K users in all, K/N per cell
  double cell_radius = 100;    ///< R, metres (half the distance between neighbouring base stations)
  double inner_radius = 0;     ///< r, metres: no user closer than r to its base station
  double shadowing_db = 8;     ///< standard deviation of log-normal shadowing, dB
};

/**
 * N cells on a hexagonal grid (`hex_grid`), K/N users per cell placed by `Placement`.
 * User k belongs to cell k / (K/N). Per sample: for each user, its position (the placement's
 * draws); then for each base station l, the shadowing s ~ N(0, 8^2) dB and the Rayleigh
 * amplitude, giving
 * \f[ X_{lk} = \sqrt{(200/d_{lk})^3\, 10^{s/10}}\; |g|, \quad g \sim CN(0,1). \f]
 * Features: the N x K matrix X (row = base station). Channels for WMMSE: the K x K matrix
 * H(k, j) = X(cell(k), j), the amplitude from user j to the base station serving user k, so the
 * rows of users in one cell are identical.
 */
template <class Scalar_, class Placement = DiskPlacement>
class Imac {
 public:
  using Scalar = Scalar_;
  static_assert(UserPlacement<Placement>, "Imac<Scalar, Placement>: Placement must model UserPlacement "
                                          "(place(rng, R, r) -> Point and check(R, r))");

  explicit Imac(ImacOptions options, Placement placement = {}) : options_(options), placement_(placement) {
    if (options_.cells < 1) throw InvalidArgument("IMAC: cells must be >= 1, got " + std::to_string(options_.cells));
    if (options_.users < 1 || options_.users % options_.cells != 0)
      throw InvalidArgument("IMAC: users (K = " + std::to_string(options_.users) +
                            ") must be a positive multiple of cells (N = " + std::to_string(options_.cells) + ")");
    if (!(options_.shadowing_db >= 0))
      throw InvalidArgument("IMAC: shadowing standard deviation must be >= 0 dB");
    stations_ = hex_grid(options_.cells, options_.cell_radius);
    placement_.check(options_.cell_radius, options_.inner_radius);
  }

  [[nodiscard]] int k() const { return options_.users; }
  [[nodiscard]] int cells() const { return options_.cells; }
  [[nodiscard]] int users_per_cell() const { return options_.users / options_.cells; }
  [[nodiscard]] int cell_of(int user) const { return user / users_per_cell(); }
  [[nodiscard]] int feature_rows() const { return cells(); }
  [[nodiscard]] int feature_cols() const { return k(); }
  [[nodiscard]] const std::vector<Point>& stations() const { return stations_; }
  [[nodiscard]] const ImacOptions& options() const { return options_; }

  /// Draws user positions (absolute, metres) for one sample.
  template <class Rng>
  std::vector<Point> place_users(Rng& rng) const {
    std::vector<Point> users(static_cast<std::size_t>(k()));
    for (int u = 0; u < k(); ++u) {
      const Point off = placement_.place(rng, options_.cell_radius, options_.inner_radius);
      const Point bs = stations_[static_cast<std::size_t>(cell_of(u))];
      users[u] = {bs.x + off.x, bs.y + off.y};
    }
    return users;
  }

  template <class Rng>
  void sample(Rng& rng, Scalar* h, Scalar* features) const {
    const int n_cells = cells(), n_users = k();
    const auto users = place_users(rng);
    gains_.resize(static_cast<std::size_t>(n_cells) * n_users);
    for (int u = 0; u < n_users; ++u) {
      for (int l = 0; l < n_cells; ++l) {
        const double d = distance(users[u], stations_[l]);
        const double shadow_db = normal(rng, 0.0, options_.shadowing_db);
        const double power = std::pow(200.0 / d, 3.0) * std::pow(10.0, shadow_db / 10.0);
        gains_[static_cast<std::size_t>(l) * n_users + u] = std::sqrt(power) * rayleigh_amplitude(rng);
      }
    }
    for (int row = 0; row < n_users; ++row) {
      const double* x = &gains_[static_cast<std::size_t>(cell_of(row)) * n_users];
      for (int j = 0; j < n_users; ++j) h[static_cast<std::size_t>(row) * n_users + j] = static_cast<Scalar>(x[j]);
    }
    if (features != nullptr)
      for (std::size_t i = 0; i < gains_.size(); ++i) features[i] = static_cast<Scalar>(gains_[i]);
  }

 private:
  ImacOptions options_;
  Placement placement_;
  std::vector<Point> stations_;
  static inline thread_local std::vector<double> gains_;
};

}  // namespace l2o
