#pragma once
/// @file
/// Compile-time or runtime problem sizes, after Eigen's `Dynamic` sentinel.

#include <string>

#include "l2o/core/error.hpp"

namespace l2o {

/// Marks a size known only at run time (`Extent<Dynamic>`), as `Eigen::Dynamic` does.
inline constexpr int Dynamic = -1;

/**
 * The number of users K, fixed at compile time (`Extent<10>`) or at run time (`Extent<Dynamic>`).
 * Both expose `KAtCompileTime` and `k()`, so one template body serves both.
 * @tparam K_ the number of users, or `Dynamic`.
 */
template <int K_>
class Extent {
 public:
  static_assert(K_ > 0, "Extent<K>: K must be positive or Dynamic");
  static constexpr int KAtCompileTime = K_;
  constexpr Extent() = default;
  /// @pre k == K_; a mismatch raises ShapeError, since a fixed-K type cannot hold another K.
  explicit Extent(int k) {
    if (k != K_) {
      throw ShapeError("K mismatch: this type is compiled for K = " + std::to_string(K_) +
                       " but was given K = " + std::to_string(k));
    }
  }
  [[nodiscard]] constexpr int k() const { return K_; }
};

template <>
class Extent<Dynamic> {
 public:
  static constexpr int KAtCompileTime = Dynamic;
  Extent() = default;
  explicit Extent(int k) : k_(k) {
    if (k <= 0) throw InvalidArgument("K must be positive, got " + std::to_string(k));
  }
  [[nodiscard]] int k() const { return k_; }

 private:
  int k_ = 1;
};

}  // namespace l2o
