#pragma once
/**
 * @file
 * The parameters of the power-control problem (1): power budgets, noise powers, weights.
 */

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"

namespace l2o {

/**
 * A per-user quantity given as one value for everyone, one value per user (K), or one value
 * per sample and user (B x K, row-major). `at(n, k)` reads it in every case.
 */
template <class Scalar_>
class UserValues {
 public:
  using Scalar = Scalar_;
  UserValues(Scalar value) : values_{value} {}  // NOLINT: one value is the common case
  explicit UserValues(std::vector<Scalar> values) : values_(std::move(values)) {
    if (values_.empty()) throw ShapeError("UserValues: no values given");
  }
  [[nodiscard]] Scalar at(Index n, int k) const {
    if (values_.size() == 1) return values_[0];
    if (per_sample_k_ == 0) return values_[static_cast<std::size_t>(k)];
    return values_[static_cast<std::size_t>(n * per_sample_k_ + k)];
  }
  [[nodiscard]] bool uniform() const { return values_.size() == 1; }
  /// The values of sample n: user k's at `row(n)[k * step()]` (step 0 for one shared value).
  [[nodiscard]] const Scalar* row(Index n) const {
    if (uniform() || per_sample_k_ == 0) return values_.data();
    return values_.data() + n * per_sample_k_;
  }
  [[nodiscard]] std::ptrdiff_t step() const { return uniform() ? 0 : 1; }
  [[nodiscard]] std::size_t size() const { return values_.size(); }
  [[nodiscard]] const std::vector<Scalar>& values() const { return values_; }

  /**
   * Checks the shape against K users and B samples and every value with `ok`.
   * @throws ShapeError if there are neither 1, K nor B*K values; InvalidArgument naming `name`
   *         and the first bad value otherwise.
   */
  template <class Predicate>
  void check(const char* name, int k, Index samples, Predicate ok, const char* expected) {
    const auto size = static_cast<Index>(values_.size());
    if (size == 1 || size == k) {
      per_sample_k_ = 0;
    } else if (size == samples * k) {
      per_sample_k_ = k;
    } else {
      throw ShapeError(std::string(name) + ": expected 1, K = " + std::to_string(k) + " or B*K = " +
                       std::to_string(samples * k) + " values, got " + std::to_string(size));
    }
    for (std::size_t i = 0; i < values_.size(); ++i) {
      if (!ok(values_[i])) {
        throw InvalidArgument(std::string(name) + " must be " + expected + ", got " +
                              std::to_string(values_[i]) + " at position " + std::to_string(i));
      }
    }
  }

 private:
  std::vector<Scalar> values_;
  Index per_sample_k_ = 0;
};

/**
 * Power budgets `pmax` (Pmax_k > 0), noise powers `noise` (sigma_k^2 >= 0) and weights
 * `weights` (alpha_k > 0); defaults 1, 1, 1 (DESIGN.md).
 */
template <class Scalar_>
struct Problem {
  using Scalar = Scalar_;
  UserValues<Scalar> pmax{Scalar(1)};
  UserValues<Scalar> noise{Scalar(1)};
  UserValues<Scalar> weights{Scalar(1)};

  /// Validates every value for K users and B samples; raises an error naming the first problem.
  void validate(int k, Index samples = 1) {
    pmax.check("Pmax", k, samples, [](Scalar v) { return std::isfinite(v) && v > 0; }, "finite and > 0");
    noise.check("noise", k, samples, [](Scalar v) { return std::isfinite(v) && v >= 0; }, "finite and >= 0");
    weights.check("weights", k, samples, [](Scalar v) { return std::isfinite(v) && v > 0; },
                  "finite and > 0");
  }
};

/**
 * Checks that every amplitude is finite and non-negative.
 * @throws InvalidValue naming the sample and entry of the first bad amplitude.
 */
template <class Batch>
void check_channels(const Batch& h) {
  const Index per = Index{h.k()} * h.k();
  const auto* d = h.data();
  const Index total = h.samples() * per;
  using S = std::remove_cvref_t<decltype(*d)>;
  // Fast pass that vectorises: as unsigned integers, exactly the finite values >= +0 lie below
  // the bits of +infinity (negatives, -0 included, have the sign bit set; NaNs lie above).
  // Anything else goes to the exact pass below, which names the first bad amplitude.
  using Bits = std::conditional_t<sizeof(S) == 4, std::uint32_t, std::uint64_t>;
  Bits worst = 0;
  for (Index idx = 0; idx < total; ++idx) worst = std::max(worst, std::bit_cast<Bits>(d[idx]));
  if (worst < std::bit_cast<Bits>(std::numeric_limits<S>::infinity())) return;
  for (Index idx = 0; idx < total; ++idx) {
    const auto v = d[idx];
    if (!std::isfinite(v) || v < 0) {
      const Index n = idx / per;
      const int i = static_cast<int>((idx % per) / h.k());
      const int j = static_cast<int>(idx % h.k());
      throw InvalidValue("channel amplitude H[" + std::to_string(n) + ", " + std::to_string(i) + ", " +
                         std::to_string(j) + "] = " + std::to_string(v) +
                         (std::isfinite(v) ? " is negative" : " is not finite") +
                         " (amplitudes |h_ij| must be finite and >= 0)");
    }
  }
}

}  // namespace l2o
