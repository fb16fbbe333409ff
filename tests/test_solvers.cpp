// Fractional programming and exhaustive binary search.
#include <doctest/doctest.h>

#include <cmath>

#include <l2o/channel/gaussian_ic.hpp>
#include <l2o/channel/generator.hpp>
#include <l2o/core/random.hpp>
#include <l2o/problem/sum_rate.hpp>
#include <l2o/solver/exhaustive_binary.hpp>
#include <l2o/solver/fractional_programming.hpp>
#include <l2o/solver/wmmse_batched.hpp>

using namespace l2o;

TEST_CASE("FP: a hand-computed 2-user first iteration") {
  // H = [[1, 0.5], [0.5, 1]], sigma^2 = 1, Pmax = 1, p0 = (1, 1): interference 1.25, total 2.25,
  // gamma = 0.8, alpha(1 + gamma) = 1.8, y^2 = 1.8 / 2.25^2, sum_j y_j^2 H_jk^2 = 1.25 y^2,
  // p = 1.8 y^2 / (1.25 y^2)^2 = 1.8 / (1.5625 y^2) = 2.25^2 / 1.5625 = 3.24 -> clipped to 1:
  // a fixed point, so the gain is 0 and FP stops after one update.
  ChannelBatch<double> h(1, 2);
  h(0, 0, 0) = 1; h(0, 0, 1) = 0.5; h(0, 1, 0) = 0.5; h(0, 1, 1) = 1;
  const auto r = FractionalProgramming<double>{}.solve(h, Problem<double>{});
  CHECK(r.iterations[0] == 1);
  CHECK(r.powers(0, 0) == 1.0);
  CHECK(r.powers(0, 1) == 1.0);
  CHECK(r.objective[0] == doctest::Approx(2 * std::log2(1.8)).epsilon(1e-12));
  // H = [[1, 2], [0.5, 1]], Pmax = (1, 10): user 0 hears inter 1 + 4 * 10 = 41, total 42, so
  // alpha(1 + gamma) = 42/41 and y0^2 = (42/41) / 42^2 = 1/1722; user 1: inter 1.25, total 11.25,
  // alpha(1 + gamma) = 9, y1^2 = 9 * 10 / 11.25^2 = 32/45. Column 0: d0 = y0^2 + 0.25 y1^2, so
  // p0 = (42/41) y0^2 / d0^2 = (1/1681) / d0^2 (interior); p1 = 9 y1^2 / (4 y0^2 + y1^2)^2 > 10: clipped.
  h(0, 0, 1) = 2;
  Problem<double> uneven;
  uneven.pmax = UserValues<double>(std::vector<double>{1, 10});
  const auto one = FractionalProgramming<double, Dynamic, IterationCap>(IterationCap{1}).solve(h, uneven);
  const double d0 = 1.0 / 1722 + 0.25 * 32.0 / 45;
  CHECK(one.powers(0, 0) == doctest::Approx(1.0 / 1681 / (d0 * d0)).epsilon(1e-13));
  CHECK(one.powers(0, 1) == 10.0);
}

TEST_CASE_TEMPLATE("FP: the objective never decreases and equals the sum-rate of p", Scalar, float, double) {
  const auto set = draw(GaussianIC<Scalar>(8), 200, 5);
  Problem<Scalar> problem;
  const auto slack = std::is_same_v<Scalar, float> ? 1e-4 : 1e-10;
  for (int cap = 1; cap <= 10; ++cap) {
    using Fp = FractionalProgramming<Scalar, Dynamic, IterationCap>;
    const auto a = Fp(IterationCap{cap}).solve(set.channels, problem);
    const auto b = Fp(IterationCap{cap + 1}).solve(set.channels, problem);
    for (Index n = 0; n < 200; ++n) CHECK(b.objective[n] >= a.objective[n] - slack * std::abs(a.objective[n]));
  }
  const auto r = FractionalProgramming<Scalar>{}.solve(set.channels, problem);
  const auto rates = sum_rates(set.channels, r.powers, problem);
  for (Index n = 0; n < 200; ++n) {
    CHECK(r.objective[n] == doctest::Approx(rates[n]).epsilon(1e-5));
    for (int k = 0; k < 8; ++k) CHECK((r.powers(n, k) >= 0 && r.powers(n, k) <= 1));
  }
}

TEST_CASE("FP lands within 0.5 % of WMMSE on the Gaussian IC, whatever the thread count") {
  for (int k : {10, 20}) {
    const auto set = draw(GaussianIC<double>(k), 2000, 11, 0, 2);
    Problem<double> problem;
    const auto fp = FractionalProgramming<double>{}.solve(set.channels, problem);
    const auto fp2 = FractionalProgramming<double>(ObjectiveGain{}, FullPowerInit{}, 2).solve(set.channels, problem);
    const auto wm = WmmseBatched<double>{}.solve(set.channels, problem);
    const double ratio = mean(fp.objective) / mean(wm.objective);
    MESSAGE("K = " << k << ": FP / WMMSE = " << std::to_string(ratio));
    CHECK(std::abs(ratio - 1) < 0.005);
    // The closed-form FP updates are WMMSE's, rewritten (u, w -> y, gamma): same path up to rounding.
    Index same = 0;
    for (Index n = 0; n < 2000; ++n) same += fp.iterations[n] == wm.iterations[n];
    MESSAGE("K = " << k << ": identical iteration counts on " << same << " of 2000 samples");
    CHECK(same >= 1990);
    CHECK(fp.iterations == fp2.iterations);
    CHECK(fp.objective == fp2.objective);
  }
}

namespace {
/// The best on/off allocation by plain enumeration and the library's own sum-rate.
std::pair<PowerBatch<double>, double> brute_force(const ChannelBatch<double>& h, const Problem<double>& problem, Index n) {
  const int k = h.k();
  ChannelBatch<double> one(1, k);
  std::copy_n(h.sample_data(n), k * k, one.data());
  PowerBatch<double> best(1, k), p(1, k);
  double best_rate = -1;
  for (unsigned mask = 0; mask < (1u << k); ++mask) {
    for (int i = 0; i < k; ++i) p(0, i) = (mask >> i) & 1u ? problem.pmax.at(n, i) : 0.0;
    const double r = weighted_sum_rate(one.sample(0), p.sample(0), problem, n);
    if (r > best_rate) {
      best_rate = r;
      best = p;
    }
  }
  return {best, best_rate};
}
}  // namespace

TEST_CASE("Exhaustive search matches brute force for K <= 4, with weights, Pmax and noise per user") {
  for (int k = 1; k <= 4; ++k) {
    const auto set = draw(GaussianIC<double>(k), 300, 20 + k);
    Problem<double> problem;
    Engine rng = stream(99, {static_cast<std::uint64_t>(k)});
    std::vector<double> pmax(k), noise(k), weights(k);
    for (int i = 0; i < k; ++i) {
      pmax[i] = 0.5 + uniform01(rng);
      noise[i] = 0.2 + uniform01(rng);
      weights[i] = 0.1 + uniform01(rng);
    }
    problem.pmax = UserValues<double>(pmax);
    problem.noise = UserValues<double>(noise);
    problem.weights = UserValues<double>(weights);
    problem.validate(k, 300);
    const auto r = ExhaustiveBinary<double>(2).solve(set.channels, problem);
    for (Index n = 0; n < 300; ++n) {
      const auto [best, rate] = brute_force(set.channels, problem, n);
      CHECK(r.objective[n] == doctest::Approx(rate).epsilon(1e-13));
      for (int i = 0; i < k; ++i) CHECK(r.powers(n, i) == best(0, i));
      CHECK(r.iterations[n] == 0);
    }
  }
}

TEST_CASE("Exhaustive search at K = 12: the best of all on/off allocations, at least WMMSE binarised") {
  const auto set = draw(GaussianIC<double>(12), 40, 3);
  Problem<double> problem;
  const auto ex = ExhaustiveBinary<double>(2).solve(set.channels, problem);
  const auto wm = WmmseBatched<double>{}.solve(set.channels, problem);
  PowerBatch<double> binarised(40, 12);
  for (Index n = 0; n < 40; ++n)
    for (int k = 0; k < 12; ++k) binarised(n, k) = wm.powers(n, k) > 0.5 ? 1.0 : 0.0;
  const auto bin_rates = sum_rates(set.channels, binarised, problem);
  const auto ex_rates = sum_rates(set.channels, ex.powers, problem);
  for (Index n = 0; n < 40; ++n) {
    CHECK(ex.objective[n] == doctest::Approx(ex_rates[n]).epsilon(1e-12));
    CHECK(ex_rates[n] >= bin_rates[n] - 1e-12);
  }
}

TEST_CASE("FP and exhaustive search reject bad input with an error that names it") {
  ChannelBatch<double> h(1, 17);
  std::fill_n(h.data(), 17 * 17, 1.0);
  CHECK_THROWS_WITH_AS(ExhaustiveBinary<double>{}.solve(h, Problem<double>{}),
                       "exhaustive search: K = 17 users means 2^17 allocations per sample; it is limited to K <= 16",
                       InvalidArgument);
  ChannelBatch<double> bad(1, 2);
  bad(0, 0, 0) = 1; bad(0, 0, 1) = -1; bad(0, 1, 0) = 0; bad(0, 1, 1) = 1;
  CHECK_THROWS_AS(FractionalProgramming<double>{}.solve(bad, Problem<double>{}), InvalidValue);
  CHECK_THROWS_AS(ExhaustiveBinary<double>{}.solve(bad, Problem<double>{}), InvalidValue);
  Problem<double> silent;
  silent.noise = 0.0;
  ChannelBatch<double> ok(1, 2);
  std::fill_n(ok.data(), 4, 1.0);
  CHECK_THROWS_WITH_AS(FractionalProgramming<double>{}.solve(ok, silent),
                       "fractional programming: noise must be > 0 (WMMSE divides by it), got 0.000000",
                       InvalidArgument);
}
