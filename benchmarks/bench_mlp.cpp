// Network benchmarks (names in DESIGN.md): the paper's K^2-200-200-200-K network in float, one
// thread. Items = observations, so rows compare as items/s.
#include <vector>

#include <benchmark/benchmark.h>

#include <l2o/l2o.hpp>

namespace {

template <class Scalar>
l2o::nn::Matrix<Scalar> inputs(int k, Eigen::Index b) {
  l2o::Engine rng = l2o::stream(5, {});
  l2o::nn::Matrix<Scalar> x(k * k, b);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<Scalar>(l2o::rayleigh_amplitude(rng));
  return x;
}

/// Batch 1 runs the allocation-free `predict_one`; larger batches the chunked `predict`.
template <class Scalar>
static void BM_MlpInference(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const auto b = static_cast<Eigen::Index>(state.range(1));
  const l2o::nn::Mlp<Scalar> net({k * k, 200, 200, 200, k}, 1);
  const auto x = inputs<Scalar>(k, b);
  l2o::nn::Matrix<Scalar> y(k, b);
  l2o::nn::Workspace<Scalar> ws;
  for (auto _ : state) {
    if (b == 1) net.predict_one(x.data(), y.data(), ws);
    else net.predict(x, y);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * b);
}

/// One RMSprop step on a batch of 1000: forward, MSE, backward, update.
template <class Scalar>
static void BM_MlpTrainStep(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const Eigen::Index b = 1000;
  l2o::nn::Mlp<Scalar> net({k * k, 200, 200, 200, k}, 1);
  const auto x = inputs<Scalar>(k, b);
  const l2o::nn::Matrix<Scalar> t = l2o::nn::Matrix<Scalar>::Constant(k, b, Scalar(0.5));
  const l2o::nn::RmsProp rule = l2o::nn::RmsProp::tf1();
  auto st = rule.make_state<Scalar>(net.parameters().size());
  l2o::nn::Workspace<Scalar> ws;
  l2o::nn::Matrix<Scalar> dy;
  l2o::nn::Vector<Scalar> grad;
  for (auto _ : state) {
    net.forward(x, ws);
    benchmark::DoNotOptimize(l2o::nn::MeanSquaredError{}.evaluate(ws.a.back(), l2o::nn::LossBatch<Scalar>{t}, &dy));
    net.backward(ws, dy, grad);
    rule.step(net.parameters(), grad, st, 1e-3);
  }
  state.SetItemsProcessed(state.iterations() * b);
}

}  // namespace

BENCHMARK_TEMPLATE(BM_MlpInference, float)
    ->ArgsProduct({{10, 20, 30}, {1, 1000, 10000}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MlpTrainStep, float)->Arg(10)->Arg(20)->Arg(30)->Unit(benchmark::kMillisecond);
