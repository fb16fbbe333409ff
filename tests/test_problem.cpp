#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include <l2o/problem/baselines.hpp>
#include <l2o/problem/sum_rate.hpp>

using namespace l2o;

TEST_CASE_TEMPLATE("weighted sum-rate: a hand-computed 2-user case", Scalar, float, double) {
  // H = [[2, 1], [0.5, 1]] (amplitudes), p = (1, 0.5), sigma^2 = 1, alpha = (1, 2).
  // sinr_1 = 4*1 / (1*0.5 + 1) = 8/3;  sinr_2 = 1*0.5 / (0.25*1 + 1) = 0.4.
  ChannelBatch<Scalar> h(1, 2);
  h(0, 0, 0) = 2; h(0, 0, 1) = 1; h(0, 1, 0) = 0.5; h(0, 1, 1) = 1;
  PowerBatch<Scalar> p(1, 2);
  p(0, 0) = 1; p(0, 1) = 0.5;
  Problem<Scalar> problem;
  problem.weights = UserValues<Scalar>(std::vector<Scalar>{1, 2});
  problem.validate(2, 1);
  const double expected = std::log2(1 + 8.0 / 3.0) + 2 * std::log2(1.4);
  const auto rates = sum_rates(h, p, problem);
  CHECK(rates[0] == doctest::Approx(expected).epsilon(1e-6));
  CHECK(sinr(h.sample(0), p.sample(0), 1, Scalar(1)) == doctest::Approx(0.4).epsilon(1e-6));
  const auto r = l2o::rates(h.sample(0), p.sample(0), problem);
  CHECK(r[0] == doctest::Approx(std::log2(1 + 8.0 / 3.0)).epsilon(1e-6));
}

TEST_CASE_TEMPLATE("sum-rate: per-user noise and Pmax, fixed K", Scalar, float, double) {
  ChannelBatch<Scalar, 2> h(1, 2);
  h(0, 0, 0) = 1; h(0, 0, 1) = 1; h(0, 1, 0) = 1; h(0, 1, 1) = 1;
  Problem<Scalar> problem;
  problem.noise = UserValues<Scalar>(std::vector<Scalar>{1, 3});
  problem.pmax = UserValues<Scalar>(std::vector<Scalar>{2, 1});
  problem.validate(2, 1);
  const auto p = MaxPower{}.allocate(h, problem);
  CHECK(p(0, 0) == Scalar(2));
  CHECK(p(0, 1) == Scalar(1));
  // sinr_1 = 2 / (1 + 1) = 1; sinr_2 = 1 / (2 + 3) = 0.2
  CHECK(sum_rates(h, p, problem)[0] == doctest::Approx(1.0 + std::log2(1.2)).epsilon(1e-6));
}

TEST_CASE("RandomPower: within [0, Pmax], reproducible by seed") {
  ChannelBatch<double> h(100, 5);
  Problem<double> problem;
  problem.pmax = 2.0;
  const auto a = RandomPower{7}.allocate(h, problem);
  const auto b = RandomPower{7}.allocate(h, problem);
  const auto c = RandomPower{8}.allocate(h, problem);
  double s = 0;
  for (Index n = 0; n < 100; ++n)
    for (int k = 0; k < 5; ++k) {
      CHECK(a(n, k) >= 0);
      CHECK(a(n, k) <= 2.0);
      CHECK(a(n, k) == b(n, k));
      s += a(n, k);
    }
  CHECK(s / 500 == doctest::Approx(1.0).epsilon(0.1));
  CHECK(a(0, 0) != c(0, 0));
}

TEST_CASE("bad input raises an error naming the problem") {
  Problem<double> problem;
  problem.pmax = 0.0;
  CHECK_THROWS_WITH_AS(problem.validate(3), "Pmax must be finite and > 0, got 0.000000 at position 0", InvalidArgument);
  Problem<double> noisy;
  noisy.noise = -1.0;
  CHECK_THROWS_WITH_AS(noisy.validate(3), "noise must be finite and >= 0, got -1.000000 at position 0",
                       InvalidArgument);
  Problem<double> weights;
  weights.weights = UserValues<double>(std::vector<double>{1, 1});
  CHECK_THROWS_WITH_AS(weights.validate(3, 4), "weights: expected 1, K = 3 or B*K = 12 values, got 2", ShapeError);

  ChannelBatch<double> h(2, 2);
  h(1, 0, 1) = -0.5;
  CHECK_THROWS_WITH_AS(check_channels(h),
                       "channel amplitude H[1, 0, 1] = -0.500000 is negative (amplitudes |h_ij| must be finite and >= 0)",
                       InvalidValue);
  h(1, 0, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(check_channels(h),
                       "channel amplitude H[1, 0, 1] = nan is not finite (amplitudes |h_ij| must be finite and >= 0)",
                       InvalidValue);
  h(1, 0, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(check_channels(h), InvalidValue);

  ChannelBatch<double> h3(2, 3);
  PowerBatch<double> p2(2, 2);
  Problem<double> ok;
  CHECK_THROWS_WITH_AS(sum_rates(h3, p2, ok), "sum_rates: channels are (2, 3, 3) but powers are (2, 2)", ShapeError);
}

TEST_CASE("sum_rates reads per-sample weights per sample without a prior validate") {
  ChannelBatch<double> h(2, 1);
  h(0, 0, 0) = 1;
  h(1, 0, 0) = 1;
  PowerBatch<double> p(2, 1);
  p(0, 0) = 1;
  p(1, 0) = 1;
  Problem<double> problem;  // not validated: weights (B x K) = (2 x 1) must still be per sample
  problem.weights = UserValues<double>(std::vector<double>{1, 3});
  const auto r = sum_rates(h, p, problem);
  CHECK(r[0] == doctest::Approx(1.0));
  CHECK(r[1] == doctest::Approx(3.0));
}
