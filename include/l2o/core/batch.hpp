#pragma once
/**
 * @file
 * Batch containers: B samples of a fixed-shape matrix, stored contiguously.
 *
 * Canonical layout (the numpy C order of an array of shape (B, Rows, Cols)):
 * entry (n, i, j) lives at `data()[(n * Rows + i) * Cols + j]`. `ChannelBatch` holds
 * K x K amplitudes with `H(i, j) = |h_ij|`, row = receiver; `PowerBatch` holds B x K powers.
 * Consumers that need another layout (SIMD lanes, network columns) pack their own.
 */

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "l2o/core/error.hpp"
#include "l2o/core/extent.hpp"

namespace l2o {

using Index = std::ptrdiff_t;

namespace detail {
constexpr int eigen_size(int n) { return n == Dynamic ? Eigen::Dynamic : n; }
inline Index checked_count(Index samples, Index per_sample, const char* what) {
  if (samples < 0) throw InvalidArgument(std::string(what) + ": negative number of samples");
  if (per_sample > 0 && samples > PTRDIFF_MAX / per_sample / 8)
    throw InvalidArgument(std::string(what) + ": " + std::to_string(samples) + " samples is too large");
  return samples * per_sample;
}
}  // namespace detail

/**
 * B samples of K x K channel amplitudes.
 * @tparam Scalar_ float or double.
 * @tparam K_ the number of users, or `Dynamic` (the default).
 */
template <class Scalar_, int K_ = Dynamic>
class ChannelBatch {
 public:
  using Scalar = Scalar_;
  static constexpr int KAtCompileTime = K_;
  using Matrix = Eigen::Matrix<Scalar, detail::eigen_size(K_), detail::eigen_size(K_), Eigen::RowMajor>;

  ChannelBatch() = default;
  ChannelBatch(Index samples, int k)
      : k_(k), samples_(samples), data_(detail::checked_count(samples, Index{k} * k, "ChannelBatch")) {}
  /// Adopts `values` (B * K * K of them, sample-major) without copying.
  ChannelBatch(Index samples, int k, std::vector<Scalar> values) : k_(k), samples_(samples), data_(std::move(values)) {
    if (static_cast<Index>(data_.size()) != detail::checked_count(samples, Index{k} * k, "ChannelBatch"))
      throw ShapeError("ChannelBatch: " + std::to_string(data_.size()) + " values for " + std::to_string(samples) +
                       " samples of K = " + std::to_string(k));
  }

  [[nodiscard]] int k() const { return k_.k(); }
  [[nodiscard]] Index samples() const { return samples_; }
  [[nodiscard]] Scalar* data() { return data_.data(); }
  [[nodiscard]] const Scalar* data() const { return data_.data(); }
  [[nodiscard]] Scalar* sample_data(Index n) { return data_.data() + n * k() * k(); }
  [[nodiscard]] const Scalar* sample_data(Index n) const { return data_.data() + n * k() * k(); }
  /// Sample n as a K x K row-major matrix view.
  [[nodiscard]] Eigen::Map<Matrix> sample(Index n) { return {sample_data(n), k(), k()}; }
  [[nodiscard]] Eigen::Map<const Matrix> sample(Index n) const { return {sample_data(n), k(), k()}; }
  Scalar& operator()(Index n, int i, int j) { return data_[(n * k() + i) * k() + j]; }
  Scalar operator()(Index n, int i, int j) const { return data_[(n * k() + i) * k() + j]; }

 private:
  Extent<K_> k_;
  Index samples_ = 0;
  std::vector<Scalar> data_;
};

/// B samples of K powers (or of any K per-user values), row-major (B, K).
template <class Scalar_, int K_ = Dynamic>
class PowerBatch {
 public:
  using Scalar = Scalar_;
  using Vector = Eigen::Matrix<Scalar, detail::eigen_size(K_), 1>;

  PowerBatch() = default;
  PowerBatch(Index samples, int k)
      : k_(k), samples_(samples), data_(detail::checked_count(samples, k, "PowerBatch")) {}

  [[nodiscard]] int k() const { return k_.k(); }
  [[nodiscard]] Index samples() const { return samples_; }
  [[nodiscard]] Scalar* data() { return data_.data(); }
  [[nodiscard]] const Scalar* data() const { return data_.data(); }
  [[nodiscard]] Scalar* sample_data(Index n) { return data_.data() + n * k(); }
  [[nodiscard]] const Scalar* sample_data(Index n) const { return data_.data() + n * k(); }
  [[nodiscard]] Eigen::Map<Vector> sample(Index n) { return {sample_data(n), k()}; }
  [[nodiscard]] Eigen::Map<const Vector> sample(Index n) const { return {sample_data(n), k()}; }
  Scalar& operator()(Index n, int i) { return data_[n * k() + i]; }
  Scalar operator()(Index n, int i) const { return data_[n * k() + i]; }

 private:
  Extent<K_> k_;
  Index samples_ = 0;
  std::vector<Scalar> data_;
};

/// B samples of a Rows x Cols feature matrix (e.g. the N x K IMAC gains the network reads).
template <class Scalar_>
class FeatureBatch {
 public:
  using Scalar = Scalar_;
  FeatureBatch() = default;
  FeatureBatch(Index samples, int rows, int cols)
      : rows_(rows), cols_(cols), samples_(samples),
        data_(detail::checked_count(samples, Index{rows} * cols, "FeatureBatch")) {}
  /// Adopts `values` (B * rows * cols of them, sample-major) without copying.
  FeatureBatch(Index samples, int rows, int cols, std::vector<Scalar> values)
      : rows_(rows), cols_(cols), samples_(samples), data_(std::move(values)) {
    if (static_cast<Index>(data_.size()) != detail::checked_count(samples, Index{rows} * cols, "FeatureBatch"))
      throw ShapeError("FeatureBatch: " + std::to_string(data_.size()) + " values for " + std::to_string(samples) +
                       " samples of " + std::to_string(rows) + " x " + std::to_string(cols));
  }
  [[nodiscard]] int rows() const { return rows_; }
  [[nodiscard]] int cols() const { return cols_; }
  [[nodiscard]] Index size_per_sample() const { return Index{rows_} * cols_; }
  [[nodiscard]] Index samples() const { return samples_; }
  [[nodiscard]] Scalar* data() { return data_.data(); }
  [[nodiscard]] const Scalar* data() const { return data_.data(); }
  [[nodiscard]] Scalar* sample_data(Index n) { return data_.data() + n * size_per_sample(); }
  [[nodiscard]] const Scalar* sample_data(Index n) const { return data_.data() + n * size_per_sample(); }

 private:
  int rows_ = 0;
  int cols_ = 0;
  Index samples_ = 0;
  std::vector<Scalar> data_;
};

}  // namespace l2o
