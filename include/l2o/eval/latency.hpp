#pragma once
/**
 * @file
 * Timing for comparisons: per-call latency distributions (median, p99, max) and batch
 * throughput, both measured with `std::chrono::steady_clock` on the calling thread.
 */

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "l2o/core/error.hpp"
#include "l2o/core/batch.hpp"

namespace l2o::eval {

/// Summary of per-sample latencies, in seconds.
struct LatencySummary {
  Index calls = 0;
  double median = 0;
  double p99 = 0;
  double max = 0;
  double mean = 0;
};

/// The q-quantile (0 <= q <= 1) of sorted values, nearest rank: the smallest value with at
/// least a fraction q of the values at or below it.
[[nodiscard]] inline double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) throw InvalidArgument("quantile of an empty set");
  const auto n = static_cast<double>(sorted.size());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * n)));
  return sorted[std::min(rank, sorted.size()) - 1];
}

[[nodiscard]] inline LatencySummary summarize(std::vector<double> seconds) {
  if (seconds.empty()) throw InvalidArgument("latency summary of no calls");
  std::sort(seconds.begin(), seconds.end());
  LatencySummary s;
  s.calls = static_cast<Index>(seconds.size());
  s.median = quantile_sorted(seconds, 0.5);
  s.p99 = quantile_sorted(seconds, 0.99);
  s.max = seconds.back();
  double total = 0;
  for (double v : seconds) total += v;
  s.mean = total / static_cast<double>(seconds.size());
  return s;
}

/// Calls `call(i)` for i = 0..n-1 and returns each call's wall time in seconds.
template <class Call>
[[nodiscard]] std::vector<double> time_each(Index n, Call&& call) {
  using clock = std::chrono::steady_clock;
  std::vector<double> out(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    const auto t0 = clock::now();
    call(i);
    out[static_cast<std::size_t>(i)] = std::chrono::duration<double>(clock::now() - t0).count();
  }
  return out;
}

/// Median wall time of `repeats` calls of `run()`, in seconds.
template <class Run>
[[nodiscard]] double median_seconds(int repeats, Run&& run) {
  if (repeats < 1) throw InvalidArgument("median_seconds: repeats must be >= 1");
  std::vector<double> t = time_each(repeats, [&](Index) { run(); });
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace l2o::eval
