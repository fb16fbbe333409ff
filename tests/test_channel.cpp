#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include <l2o/channel/embed.hpp>
#include <l2o/channel/fitted_gaussian.hpp>
#include <l2o/channel/gaussian_ic.hpp>
#include <l2o/channel/generator.hpp>
#include <l2o/channel/imac.hpp>
#include <l2o/channel/vdsl.hpp>
#include <l2o/problem/baselines.hpp>
#include <l2o/problem/sum_rate.hpp>

using namespace l2o;

template <class Scalar, int K>
double mean_square(const ChannelBatch<Scalar, K>& h) {
  double s = 0;
  for (Index i = 0; i < h.samples() * h.k() * h.k(); ++i) s += double(h.data()[i]) * h.data()[i];
  return s / double(h.samples() * h.k() * h.k());
}

TEST_CASE_TEMPLATE("GaussianIC: E|h|^2 = 1, features = vec(H), same seed same samples", Scalar, float, double) {
  const auto set = draw(GaussianIC<Scalar>(10), 20000, 11);
  CHECK(mean_square(set.channels) == doctest::Approx(1.0).epsilon(0.01));
  for (Index i = 0; i < 100; ++i) CHECK(set.features.data()[i] == set.channels.data()[i]);
  const auto again = draw(GaussianIC<Scalar>(10), 20000, 11);
  CHECK(std::equal(again.channels.data(), again.channels.data() + 2000000, set.channels.data()));
}

TEST_CASE("GaussianIC: float samples are the double samples rounded; fixed K agrees with dynamic K") {
  const auto d = draw(GaussianIC<double>(5), 50, 3);
  const auto f = draw(GaussianIC<float>(5), 50, 3);
  const auto fixed = draw<5>(GaussianIC<double, 5>(5), 50, 3);
  for (Index i = 0; i < 50 * 25; ++i) {
    CHECK(f.channels.data()[i] == static_cast<float>(d.channels.data()[i]));
    CHECK(fixed.channels.data()[i] == d.channels.data()[i]);
  }
}

TEST_CASE("draw: ranges and thread counts do not change samples") {
  const GaussianIC<double> g(4);
  const auto all = draw(g, 1000, 5, 0, 1);
  const auto threaded = draw(g, 1000, 5, 0, 3);
  const auto tail = draw(g, 400, 5, 600, 1);
  CHECK(std::equal(all.channels.data(), all.channels.data() + 16000, threaded.channels.data()));
  CHECK(std::equal(tail.channels.data(), tail.channels.data() + 6400, all.channels.sample_data(600)));
}

TEST_CASE("Gaussian IC: mean max-power sum-rate matches the true means") {
  // True means (400,000 samples): 1.428 (K=10), 1.439 (K=20); 20,000 samples stay within 1.2 %.
  for (auto [k, truth] : {std::pair{10, 1.428}, std::pair{20, 1.439}}) {
    const auto set = draw(GaussianIC<double>(k), 20000, 1, 0, 2);
    Problem<double> problem;
    const auto rate = mean(sum_rates(set.channels, MaxPower{}.allocate(set.channels, problem), problem));
    CHECK(rate == doctest::Approx(truth).epsilon(0.012));
  }
}

TEST_CASE("hex_grid: the paper's 3-cell layout and rings") {
  const auto bs = hex_grid(3, 100);
  CHECK(bs[0].x == doctest::Approx(0));
  CHECK(bs[1].x == doctest::Approx(200));
  CHECK(bs[1].y == doctest::Approx(0).epsilon(1e-9));
  CHECK(bs[2].x == doctest::Approx(100));
  CHECK(bs[2].y == doctest::Approx(173.205).epsilon(1e-5));
  const auto seven = hex_grid(7, 100);
  for (int i = 1; i < 7; ++i) CHECK(distance(seven[i], seven[0]) == doctest::Approx(200));
  const auto twenty = hex_grid(20, 100);
  for (int i = 0; i < 20; ++i)
    for (int j = i + 1; j < 20; ++j) CHECK(distance(twenty[i], twenty[j]) >= 200 - 1e-9);
  CHECK_THROWS_AS(hex_grid(0, 100), InvalidArgument);
}

TEST_CASE("Imac: distances within their ring, shadowing 8 dB, rows of a cell identical") {
  const double R = 100, r = 23.09, outer = 2 * R / std::sqrt(3.0);
  const Imac<double> imac({3, 18, R, r});
  Engine rng = stream(1, {0});
  for (int s = 0; s < 200; ++s) {
    const auto users = imac.place_users(rng);
    for (int u = 0; u < 18; ++u) {
      const double d = distance(users[u], imac.stations()[imac.cell_of(u)]);
      CHECK(d >= r);
      CHECK(d <= outer);
    }
  }
  // Shadowing: with the Rayleigh factor removed in distribution, Var(10 log10 X^2) = 64 + Var(10 log10 |g|^2);
  // 10 log10 of Exp(1) has standard deviation 5.57 dB, so the total is sqrt(64 + 31.0) = 9.75 dB.
  Imac<double> no_fading_check({1, 1, R, 99});
  double s = 0, s2 = 0;
  const int n = 40000;
  const auto set = draw(no_fading_check, n, 8);
  for (Index i = 0; i < n; ++i) {
    // gain^2 = (200/d)^3 10^(shadow/10) |g|^2 with d in [99, 115.5]; take dB and remove the distance term
    const double db = 20 * std::log10(set.features.data()[i]);
    s += db;
    s2 += db * db;
  }
  const double sd = std::sqrt(s2 / n - (s / n) * (s / n));
  CHECK(sd == doctest::Approx(std::sqrt(64 + 5.57 * 5.57 + 0.5)).epsilon(0.03));

  const auto many = draw(imac, 50, 3);
  for (Index b = 0; b < 50; ++b)
    for (int u = 0; u < 18; ++u) {
      const int first = imac.cell_of(u) * imac.users_per_cell();
      for (int j = 0; j < 18; ++j) CHECK(many.channels(b, u, j) == many.channels(b, first, j));
      CHECK(many.channels(b, u, u) == static_cast<double>(many.features.data()[b * 54 + imac.cell_of(u) * 18 + u]));
    }
}

TEST_CASE("Imac: mean max-power sum-rate matches the authors' generator (3 cells, 18 users)") {
  Problem<double> problem;
  for (auto [r, truth] : {std::pair{0.0, 6.85}, std::pair{23.09, 5.15}}) {
    const auto set = draw(Imac<double>({3, 18, 100, r}), 4000, 21, 0, 2);
    const auto rate = mean(sum_rates(set.channels, MaxPower{}.allocate(set.channels, problem), problem));
    CHECK(rate == doctest::Approx(truth).epsilon(0.025));
  }
}

TEST_CASE("Imac: the paper's (N, K) and hexagon placement") {
  for (auto [n, k] : {std::pair{3, 12}, std::pair{3, 24}, std::pair{7, 28}, std::pair{20, 80}}) {
    const auto set = draw(Imac<float>({n, k, 500, 0}), 3, 1);
    CHECK(set.channels.k() == k);
    CHECK(set.features.rows() == n);
  }
  const Imac<double, HexagonPlacement> hex({7, 28, 100, 50});
  Engine rng(3);
  for (int s = 0; s < 100; ++s) {
    const auto users = hex.place_users(rng);
    for (int u = 0; u < 28; ++u) {
      const Point bs = hex.stations()[hex.cell_of(u)];
      CHECK(in_hexagon({users[u].x - bs.x, users[u].y - bs.y}, 100));
      CHECK(distance(users[u], bs) >= 50);
    }
  }
  CHECK_THROWS_WITH_AS(Imac<double>({3, 10, 100, 0}),
                       "IMAC: users (K = 10) must be a positive multiple of cells (N = 3)", InvalidArgument);
  CHECK_THROWS_AS(Imac<double>({3, 12, 100, 120}), InvalidArgument);
  CHECK_THROWS_AS((Imac<double, HexagonPlacement>({3, 12, 100, 100})), InvalidArgument);
}

TEST_CASE("embed_users: zero padding of the half-user test") {
  const auto small = draw(GaussianIC<double>(5), 4, 9);
  const auto big = embed_users(small.channels, 10);
  CHECK(big.k() == 10);
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j) CHECK(big(3, i, j) == (i < 5 && j < 5 ? small.channels(3, i, j) : 0.0));
  PowerBatch<double> p(4, 10);
  p(2, 4) = 0.7;
  CHECK(truncate_users(p, 5)(2, 4) == 0.7);
  CHECK_THROWS_AS(embed_users(big, 5), ShapeError);
}

TEST_CASE("Vdsl: 28 pairs, 6955 tones, direct channel dominates, loss grows with length and frequency") {
  Engine rng(4);
  const Vdsl<double> fext({28, 300, Crosstalk::fext}, rng);
  const auto tones = fext.all_tones();
  CHECK(tones.samples() == 6955);
  CHECK(tones.k() == 28);
  CHECK(fext.frequency(6954) == doctest::Approx(29.9934e6));
  for (Index t : {Index{0}, Index{3000}, Index{6954}})
    for (int i = 0; i < 28; ++i) {
      CHECK(tones(t, i, i) > 0);
      CHECK(tones(t, i, i) < 1);
      for (int j = 0; j < 28; ++j)
        if (i != j) CHECK(tones(t, i, j) < tones(t, i, i));
    }
  CHECK(tones(6954, 0, 0) < tones(0, 0, 0));
  Engine rng2(4);
  const Vdsl<double> short_loop({28, 75, Crosstalk::fext}, rng2);
  CHECK(short_loop.direct(0, 10e6) > fext.direct(0, 10e6));
  // 1 % worst case: no pair couples above the 49-disturber line at 1 MHz (FEXT -45 dB at 1 km, 300 m).
  const double line = std::sqrt(std::pow(10.0, -4.5) * 0.3) * fext.direct(1, 1e6);
  int above = 0;
  for (int i = 0; i < 28; ++i)
    for (int j = 0; j < 28; ++j)
      if (i != j && fext.crosstalk(i, j, 1e6) > line) ++above;
  CHECK(above == 0);
  Engine rng3(4);
  const Vdsl<double> next({28, 150, Crosstalk::next}, rng3);
  CHECK(next.crosstalk(0, 1, 20e6) > next.crosstalk(0, 1, 1e6));
}

TEST_CASE_TEMPLATE("FittedGaussian: fit recovers the moments it draws from; draws are |x|", Scalar, float, double) {
  const GaussianFit truth{0.5, 0.01, 0.02, 0.0001};
  const auto set = draw(FittedGaussian<Scalar>(6, truth), 20000, 2);
  const auto fit = fit_gaussian(set.channels);
  CHECK(fit.direct_mean == doctest::Approx(0.5).epsilon(0.01));
  CHECK(fit.direct_var == doctest::Approx(0.01).epsilon(0.03));
  for (Index i = 0; i < 1000; ++i) CHECK(set.channels.data()[i] >= 0);
  CHECK_THROWS_AS(fit_gaussian(ChannelBatch<Scalar>(0, 3)), InvalidArgument);
  CHECK_THROWS_AS(FittedGaussian<Scalar>(3, GaussianFit{0, -1, 0, 1}), InvalidArgument);
}
