// The network: gradients, update rules, trainer hooks, model files, fitting, determinism.
#define EIGEN_RUNTIME_NO_MALLOC  // lets the batch-1 test forbid heap allocation
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <l2o/channel/gaussian_ic.hpp>
#include <l2o/channel/generator.hpp>
#include <l2o/nn/trainer.hpp>
#include <l2o/problem/sum_rate.hpp>

using namespace l2o;
using namespace l2o::nn;

namespace {

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("l2o-test-nn-" + std::to_string(::getpid()) + "-" + name);
}

template <class Scalar>
Matrix<Scalar> random_matrix(Eigen::Index r, Eigen::Index c, std::uint64_t seed, double lo, double hi) {
  Engine rng = stream(seed, {});
  Matrix<Scalar> m(r, c);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<Scalar>(lo + (hi - lo) * uniform01(rng));
  return m;
}

/// Central differences in double of the loss against backward()'s gradient, on every parameter.
template <class Scalar, class Net, class L>
void check_gradient(Net net, const L& loss, const TrainingSet<Scalar>& data, double tol) {
  std::vector<Index> index(static_cast<std::size_t>(data.size()));
  for (Index i = 0; i < data.size(); ++i) index[i] = i;
  LossBatch<Scalar> batch{data.targets, data.channels.samples() ? &data.channels : nullptr, &data.problem, index.data()};
  Workspace<Scalar> ws;
  Matrix<Scalar> dy;
  Vector<Scalar> grad;
  net.forward(data.inputs, ws);
  loss.evaluate(ws.a.back(), batch, &dy);
  net.backward(ws, dy, grad);
  const double h = std::is_same_v<Scalar, float> ? 2e-3 : 1e-6;
  double worst = 0;
  for (Eigen::Index i = 0; i < net.parameters().size(); ++i) {
    const Scalar keep = net.parameters()(i);
    auto at = [&](double d) {
      net.parameters()(i) = static_cast<Scalar>(keep + d);
      net.forward(data.inputs, ws);
      return static_cast<double>(loss.evaluate(ws.a.back(), batch, nullptr));
    };
    const double numeric = (at(h) - at(-h)) / (2 * h);
    net.parameters()(i) = keep;
    worst = std::max(worst, std::abs(numeric - grad(i)) / std::max(1.0, std::abs(numeric)));
  }
  CHECK(worst < tol);
}

}  // namespace

TEST_CASE_TEMPLATE("Gradients match finite differences: every activation, MSE", Scalar, float, double) {
  const double tol = std::is_same_v<Scalar, float> ? 2e-2 : 1e-6;
  TrainingSet<Scalar> data;
  data.inputs = random_matrix<Scalar>(4, 7, 1, -1, 1);
  data.targets = random_matrix<Scalar>(3, 7, 2, 0, 1);
  SUBCASE("relu / clamped relu (Pmax 2)") {
    check_gradient<Scalar>(Mlp<Scalar, Relu, ClampedRelu>({4, 6, 5, 3}, 3, {}, ClampedRelu{2.0}), MeanSquaredError{}, data, tol);
  }
  SUBCASE("sigmoid / identity") {
    check_gradient<Scalar>(Mlp<Scalar, Sigmoid, Identity>({4, 6, 5, 3}, 4), MeanSquaredError{}, data, tol);
  }
  SUBCASE("identity / sigmoid, normalised input") {
    Mlp<Scalar, Identity, Sigmoid> net({4, 6, 3}, 5);
    net.fit_normalization(data.inputs);
    check_gradient<Scalar>(net, MeanSquaredError{}, data, tol);
  }
}

TEST_CASE_TEMPLATE("Gradients match finite differences: NegativeSumRate with weights and noise", Scalar, float, double) {
  const double tol = std::is_same_v<Scalar, float> ? 2e-2 : 1e-6;
  const int k = 3;
  auto set = draw(GaussianIC<Scalar>(k), 6, 9);
  TrainingSet<Scalar> data;
  data.inputs = Eigen::Map<const Matrix<Scalar>>(set.features.data(), k * k, 6);
  data.channels = set.channels;
  data.problem.weights = UserValues<Scalar>(std::vector<Scalar>{1, 0.5, 2});
  data.problem.noise = UserValues<Scalar>(std::vector<Scalar>{1, 0.3, 0.7});
  data.problem.validate(k, 6);
  check_gradient<Scalar>(Mlp<Scalar, Sigmoid, Sigmoid>({k * k, 8, k}, 6), NegativeSumRate{}, data, tol);
  // The loss is minus the mean weighted sum-rate of the predicted powers.
  Mlp<Scalar, Sigmoid, Sigmoid> net({k * k, 8, k}, 6);
  const Matrix<Scalar> p = net.predict(data.inputs);
  PowerBatch<Scalar> pb(6, k);
  for (Index n = 0; n < 6; ++n)
    for (int j = 0; j < k; ++j) pb(n, j) = p(j, n);
  std::vector<Index> index{0, 1, 2, 3, 4, 5};
  const Matrix<Scalar> none;
  const Scalar l = NegativeSumRate{}.evaluate(p, LossBatch<Scalar>{none, &data.channels, &data.problem, index.data()}, nullptr);
  CHECK(-l == doctest::Approx(mean(sum_rates(data.channels, pb, data.problem))).epsilon(1e-5));
}

TEST_CASE_TEMPLATE("Update rules: golden values over two steps", Scalar, float, double) {
  // Computed independently (numpy): theta0 = (1, -2), g = (0.5, 0.1) both steps, lr 0.1.
  const double eps = std::is_same_v<Scalar, float> ? 1e-6 : 1e-13;
  auto run = [](auto rule) {
    Vector<Scalar> theta(2), g(2);
    theta << 1, -2;
    g << Scalar(0.5), Scalar(0.1);
    auto state = rule.template make_state<Scalar>(2);
    std::vector<Vector<Scalar>> out;
    for (int i = 0; i < 2; ++i) {
      rule.step(theta, g, state, 0.1);
      out.push_back(theta);
    }
    return out;
  };
  auto expect = [&](const std::vector<Vector<Scalar>>& got, std::vector<double> want) {
    for (int s = 0; s < 2; ++s)
      for (int i = 0; i < 2; ++i) CHECK(got[s](i) == doctest::Approx(want[s * 2 + i]).epsilon(eps));
  };
  expect(run(Sgd{}), {0.95, -2.01, 0.9, -2.02});
  expect(run(RmsProp::tf1()), {0.9480124755118065, -2.010535074339113, 0.894017550799351, -2.0216331767806253});
  expect(run(RmsProp::common()), {1.9999996048181146e-07, -2.9999990000009995, -0.7088809045058768, -3.7088797024971285});
  expect(run(Adam{}), {0.9000000019999999, -2.099999990000001, 0.8000000040000005, -2.199999980000001});
}

TEST_CASE("Schedules: inverse time and reduce on plateau") {
  ScheduleState s{1.0, 1.0};
  InverseTime{}.next(s, 0, 0);
  CHECK(s.rate == 0.5);  // epoch 1 uses lr / 2
  InverseTime{}.next(s, 1, 0);
  CHECK(s.rate == doctest::Approx(1.0 / 3));
  ScheduleState p{1.0, 1.0};
  const ReduceOnPlateau rule{0.5, 2, 0.0, 0.1};
  for (double v : {3.0, 2.0, 2.0}) rule.next(p, 0, v);
  CHECK(p.rate == 1.0);  // one epoch without improvement: wait
  rule.next(p, 0, 2.5);
  CHECK(p.rate == 0.5);  // second one: halve
  for (int i = 0; i < 20; ++i) rule.next(p, 0, 9);
  CHECK(p.rate == 0.1);  // never below min_rate
}

namespace {
struct Spy {
  std::vector<std::string>* log;
  int stop_at_batch = -1, stop_at_epoch = -1;
  void on_train_begin(const TrainInfo& i) { log->push_back("train_begin " + std::to_string(i.first_epoch)); }
  void on_epoch_begin(int e) { log->push_back("epoch_begin " + std::to_string(e)); }
  bool on_batch_end(const BatchInfo& b) {
    log->push_back("batch " + std::to_string(b.batch));
    return b.epoch * 100 + b.batch == stop_at_batch;
  }
  bool on_epoch_end(EpochInfo<double>& e) {
    log->push_back("epoch_end " + std::to_string(e.epoch));
    return e.epoch == stop_at_epoch;
  }
  void on_train_end(EpochInfo<double>&) { log->push_back("train_end"); }
};
struct OnlyEpochs {  // a callback with one hook, returning void
  int* count;
  void on_epoch_end(EpochInfo<double>&) { ++*count; }
};

TrainingSet<double> smooth_map(Index n, std::uint64_t seed) {
  TrainingSet<double> d;
  d.inputs = random_matrix<double>(2, n, seed, -1, 1);
  d.targets.resize(1, n);
  for (Index i = 0; i < n; ++i) d.targets(0, i) = 0.5 * std::sin(3 * d.inputs(0, i)) + 0.3 * d.inputs(1, i) * d.inputs(1, i);
  return d;
}
}  // namespace

TEST_CASE("Trainer: hook order and stop semantics (spy)") {
  const auto train = smooth_map(25, 1), val = smooth_map(10, 2);
  std::vector<std::string> log;
  int count = 0;
  Mlp<double, Relu, Identity> net({2, 4, 1}, 1);
  Trainer<Sgd, Constant, MeanSquaredError>({.epochs = 2, .batch_size = 10, .learning_rate = 0.01})
      .fit(net, train, val, Spy{&log}, OnlyEpochs{&count});
  const std::vector<std::string> want{"train_begin 0", "epoch_begin 0", "batch 0", "batch 1", "batch 2", "epoch_end 0",
                                      "epoch_begin 1", "batch 0", "batch 1", "batch 2", "epoch_end 1", "train_end"};
  CHECK(log == want);
  CHECK(count == 2);
  log.clear();
  Trainer<Sgd, Constant, MeanSquaredError>({.epochs = 5, .batch_size = 10}).fit(net, train, val, Spy{&log, 101});
  CHECK(log.back() == "train_end");
  CHECK(log[log.size() - 2] == "epoch_end 1");  // the batch hook stops at the end of that epoch's batch
  CHECK(std::count(log.begin(), log.end(), "batch 2") == 1);
  log.clear();
  Trainer<Sgd, Constant, MeanSquaredError>({.epochs = 5, .batch_size = 10}).fit(net, train, val, Spy{&log, -1, 2});
  CHECK(std::count(log.begin(), log.end(), "epoch_end 3") == 0);
  CHECK(std::count(log.begin(), log.end(), "epoch_end 2") == 1);
}

TEST_CASE("The network fits a smooth map; same seed, same model; early stopping restores the best") {
  const auto train = smooth_map(2000, 3), val = smooth_map(500, 4);
  auto fit = [&](std::uint64_t seed) {
    Mlp<double, Relu, Identity> net({2, 32, 32, 1}, seed);
    History<double> history;
    Trainer<Adam, Constant, MeanSquaredError> trainer({.epochs = 150, .batch_size = 100, .learning_rate = 3e-3, .seed = seed});
    trainer.fit(net, train, val, history);
    return std::pair{net, history};
  };
  const auto [a, history] = fit(7);
  const double mse = Trainer<>{}.loss(a, val);
  MESSAGE("validation MSE " << mse);
  CHECK(mse < 2e-3);  // the targets' variance is about 0.15
  CHECK(history.rows.size() == 150);
  const auto [b, unused] = fit(7);
  CHECK(a.parameters() == b.parameters());
  const auto [c, unused2] = fit(8);
  CHECK(a.parameters() != c.parameters());

  Mlp<double, Relu, Identity> net({2, 16, 1}, 1);
  EarlyStopping<double> early{3};
  History<double> h;
  Trainer<Sgd, Constant, MeanSquaredError>({.epochs = 40, .batch_size = 50, .learning_rate = 0.05}).fit(net, train, val, h, early);
  CHECK(Trainer<>{}.loss(net, val) == doctest::Approx(early.best).epsilon(1e-12));
}

TEST_CASE("A trained model does not depend on the machine's caches (Eigen's cache-size hints)") {
  const auto l1 = Eigen::l1CacheSize(), l2 = Eigen::l2CacheSize(), l3 = Eigen::l3CacheSize();
  // 256 inputs: deeper than a panel under small hints, so the hints change the order of the sums
  const Matrix<double> w = random_matrix<double>(64, 256, 1, -1, 1), x = random_matrix<double>(256, 200, 2, -1, 1);
  auto product = [&](std::ptrdiff_t c1, std::ptrdiff_t c2) {  // Eigen's own product under given hints
    Eigen::setCpuCacheSizes(c1, c2, 1 << 20);
    Matrix<double> z = w * x;
    Eigen::setCpuCacheSizes(l1, l2, l3);
    return z;
  };
  REQUIRE(product(4096, 32768) != product(16384, 1 << 19));  // else the check below proves nothing

  TrainingSet<double> train, val;
  train.inputs = x;
  train.targets = random_matrix<double>(1, 200, 3, 0, 1);
  val.inputs = random_matrix<double>(256, 50, 4, -1, 1);
  val.targets = random_matrix<double>(1, 50, 5, 0, 1);
  auto fit = [&] {
    Mlp<double, Relu, Identity> net({256, 64, 1}, 3);
    Trainer<Sgd, Constant, MeanSquaredError>({.epochs = 2, .batch_size = 100, .learning_rate = 1e-2}).fit(net, train, val);
    return net.parameters();
  };
  const auto a = fit();
  Eigen::setCpuCacheSizes(4096, 32768, 1 << 20);  // another machine's caches
  const auto b = fit();
  Eigen::setCpuCacheSizes(l1, l2, l3);
  CHECK(a == b);
}

TEST_CASE("Training gives the same bits on 1, 2 or 3 threads") {
  const auto train = smooth_map(300, 5), val = smooth_map(100, 6);
  auto fit = [&](int threads) {
    Mlp<double, Relu, Identity> net({2, 40, 40, 1}, 3);
    Trainer<RmsProp, Constant, MeanSquaredError>({.epochs = 2, .batch_size = 50, .learning_rate = 1e-3, .threads = threads})
        .fit(net, train, val);
    return net.parameters();
  };
  const auto one = fit(1);
  CHECK(fit(2) == one);
  CHECK(fit(3) == one);
}

TEST_CASE("Checkpoint: a run resumed after epoch 3 ends exactly where an uninterrupted one does") {
  const auto train = smooth_map(300, 5), val = smooth_map(100, 6);
  using T = Trainer<RmsProp, ReduceOnPlateau, MeanSquaredError>;
  const T::Options o{.epochs = 6, .batch_size = 64, .learning_rate = 2e-2, .seed = 3};
  const ReduceOnPlateau plateau{0.5, 1, 0.0, 1e-6};
  Mlp<double, Relu, Identity> full({2, 8, 1}, 2);
  T(o, RmsProp::tf1(), plateau).fit(full, train, val);

  const auto path = temp_path("ckpt");
  Mlp<double, Relu, Identity> part({2, 8, 1}, 2);
  struct StopAfter {
    int epoch;
    bool on_epoch_end(EpochInfo<double>& e) const { return e.epoch == epoch; }
  };
  T(o, RmsProp::tf1(), plateau).fit(part, train, val, Checkpoint{path}, StopAfter{2});  // "killed" after epoch 3
  Mlp<double, Relu, Identity> resumed({2, 8, 1}, 99);  // other weights: all must come from the checkpoint
  T again(o, RmsProp::tf1(), plateau);
  again.resume(path);
  std::vector<std::string> log;
  again.fit(resumed, train, val, Spy{&log});
  CHECK(log.front() == "train_begin 3");
  CHECK(resumed.parameters() == full.parameters());

  T other({.epochs = 6, .batch_size = 64, .learning_rate = 2e-2, .seed = 4});
  other.resume(path);
  CHECK_THROWS_WITH_AS(other.fit(resumed, train, val), doctest::Contains("checkpoint was written with another --seed"), FileError);
  std::filesystem::remove(path);
}

TEST_CASE("A loss that turns NaN stops training with an error and keeps the best model") {
  auto train = smooth_map(200, 7);
  const auto val = smooth_map(50, 8);
  Mlp<double, Relu, Identity> net({2, 8, 1}, 1);
  using Plain = Trainer<Sgd, Constant, MeanSquaredError>;
  CHECK_THROWS_WITH_AS(Plain({.epochs = 50, .batch_size = 20, .learning_rate = 50}).fit(net, train, val),
                       doctest::Contains("training stopped: the loss became"), TrainingDiverged);
  CHECK(net.parameters().allFinite());
  train.targets(0, 3) = std::nan("");
  CHECK_THROWS_WITH_AS(Trainer<>().fit(net, train, val), "training targets contain NaN or infinite values", InvalidValue);
  TrainingSet<double> wrong;
  wrong.inputs = Matrix<double>::Ones(3, 10);
  CHECK_THROWS_WITH_AS(Trainer<>().fit(net, wrong, val), "training inputs have 3 features, the network expects 2", ShapeError);
}

TEST_CASE_TEMPLATE("Model files: round trip, and every damage named", Scalar, float, double) {
  Mlp<Scalar> net({9, 7, 5, 3}, 4, {}, ClampedRelu{2.5});
  net.fit_normalization(random_matrix<Scalar>(9, 20, 3, 0, 2));
  const auto path = temp_path("model");
  save_model(path, net);
  const auto back = load_model<Mlp<Scalar>>(path);
  CHECK(back.parameters() == net.parameters());
  CHECK(back.sizes() == net.sizes());
  CHECK(back.output().pmax == 2.5);
  CHECK(back.input_scale() == net.input_scale());
  const Matrix<Scalar> x = random_matrix<Scalar>(9, 4, 8, 0, 1);
  CHECK(back.predict(x) == net.predict(x));
  // Loading into the other scalar type converts the parameters.
  using Other = std::conditional_t<std::is_same_v<Scalar, float>, double, float>;
  CHECK(load_model<Mlp<Other>>(path).parameters() == net.parameters().template cast<Other>());

  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& b) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << b;
  };
  write(bytes.substr(0, bytes.size() - 20));
  CHECK_THROWS_WITH_AS(load_model<Mlp<Scalar>>(path), doctest::Contains("truncated"), FileError);
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  write(flipped);
  CHECK_THROWS_WITH_AS(load_model<Mlp<Scalar>>(path), doctest::Contains("checksum mismatch: the file is corrupted"), FileError);
  write("garbage that is not a model");
  CHECK_THROWS_WITH_AS(load_model<Mlp<Scalar>>(path), doctest::Contains("not an l2o model file"), FileError);
  write(bytes);
  CHECK_THROWS_WITH_AS((load_model<Mlp<Scalar, Sigmoid>>(path)),
                       doctest::Contains("hidden activation is 'relu', this network type expects 'sigmoid'"), FileError);
  std::filesystem::remove(path);
  CHECK_THROWS_WITH_AS(load_model<Mlp<Scalar>>(path), doctest::Contains("cannot open for reading"), FileError);
  CHECK_THROWS_WITH_AS(save_model(temp_path("no-such-dir") / "m.bin", net), doctest::Contains("cannot open for writing"),
                       FileError);
}

TEST_CASE_TEMPLATE("Inference: batch-1 without allocation, chunked and threaded batches equal the plain pass", Scalar,
                   float, double) {
  Mlp<Scalar> net({100, 200, 200, 200, 10}, 1);
  const Matrix<Scalar> x = random_matrix<Scalar>(100, 1000, 2, 0, 2);
  Workspace<Scalar> ws;
  net.forward(x, ws);
  const Matrix<Scalar> plain = ws.a.back();
  CHECK(net.predict(x, 1) == plain);
  CHECK(net.predict(x, 2) == plain);
  Workspace<Scalar> one;
  std::vector<Scalar> y(10);
  net.predict_one(x.col(0).data(), y.data(), one);  // sizes the workspace
  Eigen::internal::set_is_malloc_allowed(false);
  net.predict_one(x.col(5).data(), y.data(), one);
  Eigen::internal::set_is_malloc_allowed(true);
  for (int k = 0; k < 10; ++k) CHECK(y[k] == doctest::Approx(plain(k, 5)).epsilon(1e-5));
  CHECK_THROWS_WITH_AS(net.predict(Matrix<Scalar>::Ones(99, 2)),
                       "Mlp: input has 99 features per observation, the network expects 100", ShapeError);
}
