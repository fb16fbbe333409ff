#pragma once
/**
 * @file
 * Scores of several allocators on one test set: per-sample sum-rates (for CDFs), their means,
 * and each mean's ratio to a reference allocator's (WMMSE in the paper's tables).
 */

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"

namespace l2o::eval {

struct AllocatorScore {
  std::string name;
  std::vector<double> sum_rates;  ///< one per test sample, bit/s/Hz
  double mean_sum_rate = 0;
};

class Comparison {
 public:
  explicit Comparison(std::string reference = "wmmse") : reference_(std::move(reference)) {}

  /// Adds an allocator's per-sample sum-rates; every allocator must score the same samples.
  template <class Scalar>
  void add(std::string name, const std::vector<Scalar>& sum_rates) {
    if (find(name) != nullptr) throw InvalidArgument("Comparison: allocator '" + name + "' added twice");
    if (!scores_.empty() && sum_rates.size() != scores_.front().sum_rates.size())
      throw ShapeError("Comparison: '" + name + "' scored " + std::to_string(sum_rates.size()) + " samples, '" +
                       scores_.front().name + "' " + std::to_string(scores_.front().sum_rates.size()));
    if (sum_rates.empty()) throw ShapeError("Comparison: '" + name + "' scored no samples");
    AllocatorScore s{std::move(name), std::vector<double>(sum_rates.begin(), sum_rates.end()), 0};
    double total = 0;
    for (double v : s.sum_rates) {
      if (!std::isfinite(v)) throw InvalidValue("Comparison: '" + s.name + "' has a NaN or infinite sum-rate");
      total += v;
    }
    s.mean_sum_rate = total / static_cast<double>(s.sum_rates.size());
    scores_.push_back(std::move(s));
  }

  [[nodiscard]] const std::vector<AllocatorScore>& scores() const { return scores_; }
  [[nodiscard]] const std::string& reference() const { return reference_; }
  [[nodiscard]] Index samples() const {
    return scores_.empty() ? 0 : static_cast<Index>(scores_.front().sum_rates.size());
  }

  [[nodiscard]] const AllocatorScore* find(const std::string& name) const {
    for (const auto& s : scores_)
      if (s.name == name) return &s;
    return nullptr;
  }
  [[nodiscard]] const AllocatorScore& at(const std::string& name) const {
    const auto* s = find(name);
    if (s == nullptr) throw InvalidArgument("Comparison: no allocator named '" + name + "'");
    return *s;
  }

  /// mean(name) / mean(reference) as a fraction (0.9833); NaN when the reference is absent.
  [[nodiscard]] double ratio_to_reference(const std::string& name) const {
    const auto* ref = find(reference_);
    if (ref == nullptr) return std::numeric_limits<double>::quiet_NaN();
    return at(name).mean_sum_rate / ref->mean_sum_rate;
  }

 private:
  std::string reference_;
  std::vector<AllocatorScore> scores_;
};

}  // namespace l2o::eval
