// theory/: the Appendix's networks for the binary expansion, x*y (Lemma 1) and x/y (Lemma 2)
// against their bounds and counts; Lemmas 3 and 4; Theorem 2's constants; one WMMSE iteration
// from the blocks; the gradient-descent example of Fig. 3.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include <l2o/core/random.hpp>
#include <l2o/solver/wmmse.hpp>
#include <l2o/theory/binary_expansion.hpp>
#include <l2o/theory/division.hpp>
#include <l2o/theory/gradient_descent.hpp>
#include <l2o/theory/multiplication.hpp>
#include <l2o/theory/perturbation.hpp>
#include <l2o/theory/theorem2.hpp>
#include <l2o/theory/wmmse_network.hpp>

using namespace l2o;
using namespace l2o::theory;

namespace {

/// n = 1..24 in double and 1..16 in float, as the issue asks.
template <class Scalar>
constexpr int max_bits() {
  return std::is_same_v<Scalar, float> ? 16 : 24;
}

/// A dense grid of [0, hi]: `count` + 1 points, both ends included.
template <class Scalar>
Scalar grid(Scalar hi, int i, int count) {
  return i == count ? hi : static_cast<Scalar>(static_cast<long double>(hi) * i / count);
}

}  // namespace

TEST_CASE_TEMPLATE("binary expansion: the bits of x, counts as the Appendix", Scalar, float, double) {
  for (int m : {-1, 0, 2, 5}) {
    for (int n = 1; n <= max_bits<Scalar>(); ++n) {
      const BinaryExpansion<Scalar> e(m, n);
      CHECK(e.network().counts() == BinaryExpansion<Scalar>::counts(m, n));
      const auto b = m + n + 1;
      CHECK(e.network().counts().layers == 2 * b);   // 2(m + n + 1), with the output layer
      CHECK(e.network().counts().binary == b);
      CHECK(e.network().counts().relu == b - 1);
      Engine rng(7);
      for (int t = 0; t < 200; ++t) {
        const auto x = static_cast<Scalar>(uniform(rng, 0, std::ldexp(1.0, m + 1) * (1 - 1e-7)));
        const auto bits = e(x);
        long double rest = x;  // the bits by long division
        for (int j = 0; j < b; ++j) {
          const long double weight = std::ldexp(1.0L, m - j);
          const Scalar want = rest >= weight ? 1 : 0;
          rest -= want * weight;
          REQUIRE(bits[static_cast<std::size_t>(j)] == want);
        }
        CHECK(static_cast<long double>(x) - e.truncated(x) < std::ldexp(1.0L, -n));
      }
    }
  }
  CHECK_THROWS_WITH_AS((void)BinaryExpansion<double>(2, 3)(8.0), "binary expansion: x = 8.000000 is outside [0, 2^3)",
                       InvalidArgument);
}

TEST_CASE("binary expansion: the paper's printed recursion is wrong, the gated one is right") {
  // x = 5 = 101b with m = 2: the printed x^(1) = max(x^(2) - 2^2, 0) = 1 is right here (bit 2 is
  // set), but x^(0) = max(x^(1) - 2^1, 0) = 0 although bit 1 is 0 and the remainder must stay 1.
  const double x = 5;
  const double printed_x1 = std::max(x - 4, 0.0), printed_x0 = std::max(printed_x1 - 2, 0.0);
  CHECK(printed_x0 == 0);  // so the printed bit x_0 = Binary[x^(0) - 1 >= 0] would be 0, not 1
  const auto bits = BinaryExpansion<double>(2, 0)(x);
  CHECK(bits == std::vector<double>{1, 0, 1});
}

TEST_CASE_TEMPLATE("Lemma 1: |xy - NET(x, y)| <= Y_max / 2^n on a dense grid, counts as the Appendix", Scalar, float,
                   double) {
  struct Box {
    double x_max, y_max;
  };
  for (const Box box : {Box{1, 1}, Box{3, 2}, Box{0.7, 5}, Box{10, 0.25}}) {
    for (int n = 1; n <= max_bits<Scalar>(); ++n) {
      const Multiplication<Scalar> mul(static_cast<Scalar>(box.x_max), static_cast<Scalar>(box.y_max), n);
      const int m = mul.m();
      CHECK(m == static_cast<int>(std::ceil(std::log2(box.x_max))));
      const auto c = mul.network().counts();
      CHECK(c == Multiplication<Scalar>::counts(m, n));
      CHECK(c.layers == 2 * (m + n + 1) + 1);  // "one more layer ..."
      CHECK(c.binary == m + n + 1);
      CHECK(c.relu == (m + n) + (m + n + 1));  // "... and (m + n + 1) ReLUs are added"
      // The output sums m + n + 1 terms: allow their rounding, (m + n + 1) eps X_max Y_max.
      const long double slack = (m + n + 1) * std::numeric_limits<Scalar>::epsilon() * box.x_max * box.y_max;
      long double worst = 0;
      constexpr int points = 96;
      for (int i = 0; i <= points; ++i)
        for (int j = 0; j <= points; ++j) {
          const Scalar x = grid(static_cast<Scalar>(box.x_max), i, points), y = grid(static_cast<Scalar>(box.y_max), j, points);
          const long double err = std::abs(static_cast<long double>(x) * y - mul(x, y));
          worst = std::max(worst, err);
        }
      INFO("X_max ", box.x_max, " Y_max ", box.y_max, " n ", n);
      CHECK(worst <= static_cast<long double>(mul.bound()) + slack);
      CHECK(worst > 0);  // a grid this dense hits truncated expansions
    }
  }
  CHECK_THROWS_AS((void)Multiplication<double>(1, 1, 4)(1.5, 0.5), InvalidArgument);
}

TEST_CASE_TEMPLATE("Lemma 2: |x/y - NET(x, y)| <= 2^-n on a dense grid of S, counts as the Appendix", Scalar, float, double) {
  struct Box {
    double z_max, y_max;
  };
  for (const Box box : {Box{1, 1}, Box{4, 2}, Box{0.3, 8}, Box{20, 0.5}}) {
    for (int n = 1; n <= max_bits<Scalar>(); ++n) {
      const Division<Scalar> div(static_cast<Scalar>(box.z_max), static_cast<Scalar>(box.y_max), n);
      const int m = div.m();
      const auto c = div.network().counts();
      CHECK(c == Division<Scalar>::counts(m, n));
      CHECK(c.layers == 2 * (m + n + 1));
      CHECK(c.binary == m + n + 1);
      CHECK(c.relu == m + n);
      long double worst = 0;
      constexpr int points = 96;
      for (int i = 0; i <= points; ++i)
        for (int j = 1; j <= points; ++j) {  // y > 0
          const Scalar y = grid(static_cast<Scalar>(box.y_max), j, points);
          Scalar x = static_cast<Scalar>(grid(static_cast<long double>(box.z_max), i, points) * y);
          while (x > static_cast<Scalar>(box.z_max) * y) x = std::nextafter(x, Scalar(0));  // stay in S
          const long double err = std::abs(static_cast<long double>(x) / y - div(x, y));
          worst = std::max(worst, err);
        }
      INFO("Z_max ", box.z_max, " Y_max ", box.y_max, " n ", n);
      CHECK(worst < static_cast<long double>(div.bound()));  // the bits are exact: no slack needed
    }
  }
  const Division<double> div(1, 1, 8);
  CHECK_THROWS_AS((void)div(0.9, 0.5), InvalidArgument);  // x / y = 1.8 > Z_max
  CHECK(div.saturating(0.9, 0.25) == 2 - std::ldexp(1.0, -8));  // all bits set beyond 2^(m+1)
}

TEST_CASE("layered network: a unit may read only the previous layer") {
  NetworkBuilder<double> nb(1);
  nb.next_layer();
  const auto a = nb.relu(0, {{nb.input(0), 1}}, "a");
  nb.next_layer();
  (void)nb.relu(0, {{a, 1}}, "b");
  nb.next_layer();
  CHECK_THROWS_WITH_AS((void)nb.relu(0, {{a, 1}}, "c"),
                       "network builder: unit 'c' of layer 2 reads layer 0; only the previous layer may be read",
                       InvalidArgument);
  const LayeredNetwork<double> net(1, {{{UnitKind::relu, UnitRole::compute, -1, {{0, 2}}, "r"},
                                        {UnitKind::binary, UnitRole::compute, -1, {{0, 1}}, "s"}}});
  CHECK(net.evaluate(std::vector<double>{0.25}) == std::vector<double>{0, 0});
  CHECK(net.evaluate(std::vector<double>{1}) == std::vector<double>{1, 1});  // step at 0 inclusive
  CHECK_THROWS_AS((void)net.evaluate(std::vector<double>{1, 2}), ShapeError);
  CHECK(net.weights(0) == Eigen::MatrixXd{{2}, {1}});
}

TEST_CASE("Lemmas 3 and 4 hold on random admissible inputs") {
  Engine rng(11);
  int tried = 0;
  for (int t = 0; t < 200000; ++t) {
    {  // Lemma 3
      const double y_min = uniform(rng, 0.01, 2), z_max = uniform(rng, 0.1, 10);
      const double e2 = uniform(rng, 0, 1), y = y_min + e2 + uniform(rng, 1e-9, 3);
      const double x = uniform(rng, 0, z_max * y), e1 = uniform(rng, 0, x);
      const double bound = division_perturbation_bound(z_max, y_min, e1, e2);
      for (double s1 : {-1.0, 1.0})
        for (double s2 : {-1.0, 1.0}) REQUIRE(std::abs(x / y - (x + s1 * e1) / (y + s2 * e2)) <= bound * (1 + 1e-12));
      ++tried;
    }
    {  // Lemma 4
      const double x_max = uniform(rng, 0.01, 10), y_max = uniform(rng, 0.01, 10);
      const double x = uniform(rng, 0, x_max), y = uniform(rng, 0, y_max);
      const double cap = std::max(x_max, y_max), e1 = uniform(rng, 0, cap), e2 = uniform(rng, 0, cap);
      const double bound = multiplication_perturbation_bound(x_max, y_max, e1, e2);
      for (double s1 : {-1.0, 1.0})
        for (double s2 : {-1.0, 1.0}) REQUIRE(std::abs(x * y - (x + s1 * e1) * (y + s2 * e2)) <= bound * (1 + 1e-12));
    }
  }
  CHECK(tried == 200000);
  // Lemma 4's bound is attained up to a factor: x = X, y = Y, e1 = e2 = X = Y gives 3 X^2.
  CHECK(std::abs(1.0 * 1.0 - 2.0 * 2.0) == multiplication_perturbation_bound(1.0, 1.0, 1.0, 1.0));
}

TEST_CASE("Theorem 2: G, n and the bit count of eq. (36)") {
  WmmseBounds b;
  b.users = 2;
  b.h_min = 0.5;
  b.h_max = 1;
  b.v_min = 0.5;
  const double g = theorem2_growth(b);
  // By hand: S = 2, A = 3, eq. (27) factor 12 * 2 * 2 * 1 * 1 + 1 = 49,
  // numerator (2 * 0.0625 * 0.5 + 2) * 3 * 2 * 2 * 3 * 49, denominator 4 * 0.00390625 * 0.25.
  CHECK(g == doctest::Approx((2 * 0.0625 * 0.5 + 2) * 3 * 2 * 2 * 3 * 49 / (4 * 0.00390625 * 0.25) + 1));
  const auto one = theorem2_size(b, 1, 1e-3), three = theorem2_size(b, 3, 1e-3);
  CHECK(one.n == static_cast<int>(std::ceil(std::log2(g) + std::log2(1e3))));
  CHECK(three.n - one.n >= static_cast<int>(std::floor(2 * std::log2(g))));  // T log G: linear in T
  CHECK(one.bits == 1 * 2 * ((2 * 2 + 3) * (one.n + 1)));  // sigma = P_max = H_max = 1: only the (2K + 3)(n + 1) term
  CHECK(one.layers == 2 * one.bits / 4);
  CHECK_THROWS_AS((void)theorem2_size(b, 0, 1e-3), InvalidArgument);
}

TEST_CASE("one WMMSE iteration: the a/b form is Fig. 2's, and the composed network is within G 2^-n") {
  constexpr int k = 3;
  WmmseBounds b;
  b.users = k;
  b.h_min = 0.2;
  b.h_max = 1;
  b.v_min = 0.3;
  Engine rng(5);
  ChannelBatch<double> channels(50, k);
  PowerBatch<double> v0(50, k);
  for (Index s = 0; s < 50; ++s) {
    for (int i = 0; i < k; ++i) {
      v0(s, i) = uniform(rng, 0.1, 1);
      for (int j = 0; j < k; ++j) channels.data()[(s * k + i) * k + j] = uniform(rng, b.h_min, b.h_max);
    }
  }
  PowerBatch<double> p0(50, k);
  for (Index s = 0; s < 50; ++s)
    for (int i = 0; i < k; ++i) p0(s, i) = v0(s, i) * v0(s, i);
  const auto one = Wmmse<double, Dynamic, IterationCap, GivenInit<double>>(IterationCap{1}, GivenInit<double>{p0})
                       .solve(channels, Problem<double>{});
  const double g = theorem2_growth(b);
  double previous = 1;
  for (int n : {8, 12, 16, 20, 24}) {
    const WmmseIterationNetwork<double> net(b, n);
    double worst = 0, worst_exact = 0;
    for (Index s = 0; s < 50; ++s) {
      Gains<double> h(k, k);
      std::vector<double> v(k);
      for (int i = 0; i < k; ++i) {
        v[static_cast<std::size_t>(i)] = v0(s, i);
        for (int j = 0; j < k; ++j) h(i, j) = channels.data()[(s * k + i) * k + j];
      }
      const auto exact = wmmse_iteration(h, v, 1.0, 1.0);
      const auto approx = net(h, v);
      for (int i = 0; i < k; ++i) {
        worst_exact = std::max(worst_exact, std::abs(exact[static_cast<std::size_t>(i)] * exact[static_cast<std::size_t>(i)] - one.powers(s, i)));
        worst = std::max(worst, std::abs(approx[static_cast<std::size_t>(i)] - exact[static_cast<std::size_t>(i)]));
      }
    }
    CHECK(worst_exact < 1e-12);
    CHECK(worst <= g * std::ldexp(1.0, -n));  // eq. (29) with exact inputs: epsilon = 0
    CHECK(worst < previous);                  // more bits, smaller error
    previous = worst;
  }
  CHECK(previous < 1e-4);
}

TEST_CASE("gradient descent example: x^T = sign(x^0) sqrt(z), so z alone does not determine it") {
  const GradientDescentExample gd;
  const auto s = gd.draw(500, 3);
  int positive = 0;
  for (std::size_t i = 0; i < s.z.size(); ++i) {
    REQUIRE(std::abs(s.xt[i] - std::copysign(std::sqrt(s.z[i]), s.x0[i])) < 1e-9);
    positive += s.x0[i] > 0;
  }
  CHECK(positive > 200);
  CHECK(positive < 300);
}
