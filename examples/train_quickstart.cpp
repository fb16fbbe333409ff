// docs/nn.md's example: label Gaussian IC channels with WMMSE, train the network to imitate it
// (the paper's set-up, small), and compare the sum-rates of its powers with WMMSE's.
#include <cstdio>
#include <filesystem>

#include <l2o/l2o.hpp>

namespace {
/// Features (K^2 x N, one sample per column) and WMMSE powers (K x N) of `count` samples.
l2o::nn::TrainingSet<float> labelled(int k, l2o::Index count, std::uint64_t seed) {
  const auto set = l2o::draw(l2o::GaussianIC<float>(k), count, seed);
  const auto wmmse = l2o::WmmseBatched<float>{}.solve(set.channels, l2o::Problem<float>{});
  l2o::nn::TrainingSet<float> data;
  data.inputs = Eigen::Map<const l2o::nn::Matrix<float>>(set.features.data(), k * k, count);
  data.targets = Eigen::Map<const l2o::nn::Matrix<float>>(wmmse.powers.data(), k, count);
  data.channels = set.channels;
  return data;
}
}  // namespace

int main() {
  using namespace l2o::nn;
  const int k = 5;
  const auto train = labelled(k, 20000, 1), val = labelled(k, 2000, 2);

  Mlp<float> net({k * k, 200, 200, 200, k}, /*seed=*/1);  // ReLU hidden, ClampedRelu{1} output
  Trainer<RmsProp, ReduceOnPlateau, MeanSquaredError> trainer(
      {.epochs = 20, .batch_size = 1000, .learning_rate = 1e-3, .seed = 7}, RmsProp::tf1());
  const auto checkpoint = std::filesystem::temp_directory_path() / "l2o-train-quickstart.ckpt";
  History<float> history;
  trainer.fit(net, train, val, history, EarlyStopping<float>{5}, Checkpoint{checkpoint});
  std::filesystem::remove(checkpoint);

  const Matrix<float> p = net.predict(val.inputs);  // K x N powers
  l2o::PowerBatch<float> powers(val.size(), k);
  for (l2o::Index n = 0; n < val.size(); ++n)
    for (int j = 0; j < k; ++j) powers(n, j) = p(j, n);
  const double dnn = l2o::mean(l2o::sum_rates(val.channels, powers, val.problem));
  const double wmmse = l2o::mean(l2o::WmmseBatched<float>{}.solve(val.channels, val.problem).objective);
  std::printf("K = %d: %zu epochs, validation MSE %.5f, sum-rate network %.4f / WMMSE %.4f = %.1f %%\n", k,
              history.rows.size(), history.rows.back().validation_loss, dnn, wmmse, 100 * dnn / wmmse);
}
