// The evaluation module (binarisation, comparisons, latency summaries, the network as an
// allocator) and dataset directories (split seeds, shape checks against the expected shape).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <unistd.h>
#include <vector>

#include <l2o/data/dataset.hpp>
#include <l2o/eval/binarize.hpp>
#include <l2o/eval/comparison.hpp>
#include <l2o/eval/latency.hpp>
#include <l2o/eval/network_powers.hpp>
#include <l2o/nn/trainer.hpp>

using namespace l2o;

namespace {
std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("l2o-test-eval-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("binarize: above Pmax/2 goes to Pmax, at or below to 0, per user") {
  PowerBatch<double> p(2, 3);
  const double v[] = {0.51, 0.5, 0.0, 1.0, 0.49, 0.26};
  std::copy(v, v + 6, p.data());
  const auto b = eval::binarize(p, Problem<double>{});
  CHECK(b(0, 0) == 1.0);
  CHECK(b(0, 1) == 0.0);  // a tie rounds down
  CHECK(b(0, 2) == 0.0);
  CHECK(b(1, 0) == 1.0);
  CHECK(b(1, 1) == 0.0);
  Problem<double> per_user;
  per_user.pmax = UserValues<double>(std::vector<double>{1.0, 2.0, 0.5});
  const auto c = eval::binarize(p, per_user);
  CHECK(c(0, 1) == 0.0);  // 0.5 <= 2/2
  CHECK(c(1, 2) == 0.5);  // 0.26 > 0.5/2
  CHECK(c(1, 1) == 0.0);
  per_user.pmax = UserValues<double>(std::vector<double>{1.0, 2.0});
  CHECK_THROWS_AS((void)eval::binarize(p, per_user), ShapeError);
}

TEST_CASE("latency: nearest-rank quantiles, summary, timed calls") {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);  // 1..100, unsorted
  const auto s = eval::summarize(v);
  CHECK(s.calls == 100);
  CHECK(s.median == 50);
  CHECK(s.p99 == 99);
  CHECK(s.max == 100);
  CHECK(s.mean == doctest::Approx(50.5));
  CHECK(eval::quantile_sorted({3.0}, 0.99) == 3.0);
  CHECK(eval::quantile_sorted({1.0, 2.0}, 0.0) == 1.0);
  CHECK_THROWS_AS((void)eval::summarize({}), InvalidArgument);
  int calls = 0;
  const auto t = eval::time_each(7, [&](Index i) { calls += static_cast<int>(i); });
  CHECK(t.size() == 7);
  CHECK(calls == 21);
  for (double x : t) CHECK(x >= 0);
  CHECK_THROWS_AS((void)eval::median_seconds(0, [] {}), InvalidArgument);
}

TEST_CASE("comparison: means, ratios to the reference, and refused input") {
  eval::Comparison c("wmmse");
  c.add("dnn", std::vector<float>{1.0f, 2.0f, 3.0f});
  CHECK(std::isnan(c.ratio_to_reference("dnn")));  // no reference yet
  c.add("wmmse", std::vector<double>{2.0, 2.0, 4.0});
  CHECK(c.samples() == 3);
  CHECK(c.at("dnn").mean_sum_rate == doctest::Approx(2.0));
  CHECK(c.ratio_to_reference("dnn") == doctest::Approx(0.75));
  CHECK(c.ratio_to_reference("wmmse") == 1.0);
  CHECK_THROWS_WITH_AS(c.add("fp", std::vector<double>{1.0, 2.0}), doctest::Contains("'fp' scored 2 samples, 'dnn' 3"),
                       ShapeError);
  CHECK_THROWS_WITH_AS(c.add("dnn", std::vector<double>{1, 2, 3}), doctest::Contains("added twice"), InvalidArgument);
  CHECK_THROWS_WITH_AS(c.add("bad", std::vector<double>{1, std::nan(""), 3}), doctest::Contains("'bad' has a NaN"),
                       InvalidValue);
  CHECK_THROWS_AS((void)c.at("exhaustive"), InvalidArgument);
}

TEST_CASE("network_powers: one row of powers per sample, equal to predict's columns") {
  nn::Mlp<float> net({6, 8, 3}, 5);
  FeatureBatch<float> x(4, 1, 6);
  for (Index i = 0; i < 24; ++i) x.data()[i] = static_cast<float>(i % 7) / 7.0f;
  const auto p = eval::network_powers(net, x);
  const nn::Matrix<float> y = net.predict(Eigen::Map<const nn::Matrix<float>>(x.data(), 6, 4));
  REQUIRE(p.samples() == 4);
  REQUIRE(p.k() == 3);
  for (Index n = 0; n < 4; ++n)
    for (int k = 0; k < 3; ++k) CHECK(p(n, k) == static_cast<double>(y(k, n)));
  FeatureBatch<float> wrong(4, 1, 5);
  CHECK_THROWS_WITH_AS((void)eval::network_powers(net, wrong), doctest::Contains("5 features, the network expects 6"),
                       ShapeError);
}

TEST_CASE("datasets: split seeds differ; a file that disagrees with the expected shape is named") {
  using data::Split;
  CHECK(data::split_seed(1, Split::train) != data::split_seed(1, Split::validation));
  CHECK(data::split_seed(1, Split::validation) != data::split_seed(1, Split::test));
  CHECK(data::split_seed(1, Split::train) != data::split_seed(2, Split::train));
  CHECK(data::split_seed(7, Split::test) == data::split_seed(7, Split::test));

  const auto dir = temp_dir("ds");
  data::Dataset d{ChannelBatch<double>(3, 2), FeatureBatch<float>(3, 1, 4), PowerBatch<double>(3, 2)};
  for (Index i = 0; i < 12; ++i) {
    d.channels.data()[i] = 0.5 + static_cast<double>(i);
    d.inputs.data()[i] = static_cast<float>(i);
  }
  for (Index i = 0; i < 6; ++i) d.powers->data()[i] = i % 2 ? 1.0 : 0.0;
  data::write_dataset(dir, d);
  const data::DatasetShape shape{3, 2, 4, true, 1.0};
  const auto back = data::read_dataset(dir, shape);
  CHECK(back.channels.data()[11] == 11.5);
  CHECK(back.inputs.data()[7] == 7.0f);
  REQUIRE(back.powers.has_value());
  CHECK((*back.powers)(2, 1) == 1.0);

  auto other = shape;
  other.samples = 4;
  CHECK_THROWS_WITH_AS((void)data::read_dataset(dir, other),
                       doctest::Contains("channels.npy: shape (3, 2, 2) disagrees with the dataset's (4, 2, 2)"),
                       FileError);
  other = shape;
  other.features = 5;
  CHECK_THROWS_WITH_AS((void)data::read_dataset(dir, other), doctest::Contains("inputs.npy: shape (3, 4)"), FileError);
  d.inputs.data()[6] = std::numeric_limits<float>::infinity();
  data::write_dataset(dir, d);
  CHECK_THROWS_WITH_AS((void)data::read_dataset(dir, shape), doctest::Contains("inputs.npy: inputs[1, 2] is NaN or infinite"),
                       FileError);
  d.inputs.data()[6] = 6;
  data::write_dataset(dir, d);
  other = shape;
  other.pmax = 0.5;
  CHECK_THROWS_WITH_AS((void)data::read_dataset(dir, other), doctest::Contains("powers.npy: powers[0, 1] = 1.0"),
                       FileError);

  d.channels.data()[5] = -1;
  data::write_dataset(dir, d);
  CHECK_THROWS_WITH_AS((void)data::read_dataset(dir, shape), doctest::Contains("channels.npy: channel amplitude"),
                       FileError);
  d.channels.data()[5] = 1;
  d.powers.reset();
  data::write_dataset(dir, d);  // unlabelled: a stale powers.npy is removed
  CHECK_FALSE(std::filesystem::exists(dir / "powers.npy"));
  CHECK_THROWS_WITH_AS((void)data::read_dataset(dir, shape), doctest::Contains("powers.npy: missing"), FileError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("trainer: restore_best ends with the parameters of the best validation epoch") {
  // A learning rate high enough to make the validation loss go up after its best epoch.
  const Index n = 64;
  nn::TrainingSet<double> train, val;
  train.inputs = nn::Matrix<double>::Random(3, n);
  train.targets = (train.inputs.colwise().sum().array() * 0.2 + 0.5).matrix();
  val.inputs = nn::Matrix<double>::Random(3, n);
  val.targets = (val.inputs.colwise().sum().array() * 0.2 + 0.5).matrix();
  struct Track {
    std::vector<double> val;
    std::vector<nn::Vector<double>> params;
    void on_epoch_end(nn::EpochInfo<double>& e) {
      val.push_back(e.validation_loss);
      params.push_back(*e.parameters);
    }
  } track;
  nn::Mlp<double, nn::Relu, nn::Identity> net({3, 16, 1}, 2);
  nn::Trainer<nn::Sgd, nn::Constant, nn::MeanSquaredError> trainer(
      {.epochs = 30, .batch_size = 8, .learning_rate = 0.3, .seed = 1, .restore_best = true});
  trainer.fit(net, train, val, track);
  const auto best = std::min_element(track.val.begin(), track.val.end()) - track.val.begin();
  REQUIRE(best + 1 < static_cast<long>(track.val.size()));  // the best epoch is not the last
  CHECK(net.parameters() == track.params[static_cast<std::size_t>(best)]);
  CHECK(trainer.loss(net, val) == doctest::Approx(track.val[static_cast<std::size_t>(best)]));
}
