// WMMSE benchmarks (names in DESIGN.md): items = channel samples, so rows compare as items/s.
// Each iteration solves the same 10,000 Gaussian IC samples with the paper's rule (1e-5, 500).
#include <algorithm>
#include <chrono>
#include <vector>

#include <benchmark/benchmark.h>

#include <l2o/l2o.hpp>

namespace {

constexpr l2o::Index kSamples = 10000;

template <class Scalar>
const l2o::ChannelBatch<Scalar>& channels(int k) {
  static std::vector<std::pair<int, l2o::ChannelBatch<Scalar>>> cache;
  for (auto& [kk, h] : cache)
    if (kk == k) return h;
  cache.emplace_back(k, l2o::draw(l2o::GaussianIC<Scalar>(k), kSamples, 2017).channels);
  return cache.back().second;
}

template <class Scalar>
static void BM_WmmseScalar(benchmark::State& state) {
  const auto& h = channels<Scalar>(static_cast<int>(state.range(0)));
  const l2o::Wmmse<Scalar> solver;
  for (auto _ : state) benchmark::DoNotOptimize(solver.solve(h, l2o::Problem<Scalar>{}));
  state.SetItemsProcessed(state.iterations() * kSamples);
}

template <class Scalar>
static void BM_WmmseBatched(benchmark::State& state) {
  const auto& h = channels<Scalar>(static_cast<int>(state.range(0)));
  const l2o::WmmseBatched<Scalar> solver;
  for (auto _ : state) benchmark::DoNotOptimize(solver.solve(h, l2o::Problem<Scalar>{}));
  state.SetItemsProcessed(state.iterations() * kSamples);
}

/// Per-sample latency of the scalar solver: median, p99 and max over the 10,000 samples.
template <class Scalar>
static void BM_WmmseScalarLatency(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const auto& h = channels<Scalar>(k);
  const l2o::Wmmse<Scalar> solver;
  std::vector<double> us(kSamples);
  for (auto _ : state) {
    for (l2o::Index n = 0; n < kSamples; ++n) {
      l2o::ChannelBatch<Scalar> one(1, k);
      std::copy_n(h.sample_data(n), k * k, one.data());
      const auto t0 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(solver.solve(one, l2o::Problem<Scalar>{}));
      us[n] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    }
  }
  std::sort(us.begin(), us.end());
  state.counters["median_us"] = us[kSamples / 2];
  state.counters["p99_us"] = us[kSamples * 99 / 100];
  state.counters["max_us"] = us.back();
  state.SetItemsProcessed(state.iterations() * kSamples);
}

}  // namespace

BENCHMARK_TEMPLATE(BM_WmmseScalar, float)->Arg(10)->Arg(20)->Arg(30)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_WmmseScalar, double)->Arg(10)->Arg(20)->Arg(30)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_WmmseBatched, float)->Arg(10)->Arg(20)->Arg(30)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_WmmseBatched, double)->Arg(10)->Arg(20)->Arg(30)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_WmmseScalarLatency, double)->Arg(10)->Arg(30)->Iterations(1)->Unit(benchmark::kMillisecond);
