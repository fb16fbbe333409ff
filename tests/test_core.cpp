#include <doctest/doctest.h>

#include <set>
#include <thread>

#include <l2o/core/batch.hpp>
#include <l2o/core/extent.hpp>
#include <l2o/core/random.hpp>

using namespace l2o;

TEST_CASE("Extent: fixed and dynamic K") {
  Extent<10> fixed;
  CHECK(fixed.k() == 10);
  CHECK(Extent<10>::KAtCompileTime == 10);
  CHECK_THROWS_WITH_AS(Extent<10>(12), "K mismatch: this type is compiled for K = 10 but was given K = 12",
                       ShapeError);
  Extent<Dynamic> dyn(7);
  CHECK(dyn.k() == 7);
  CHECK_THROWS_WITH_AS(Extent<Dynamic>(0), "K must be positive, got 0", InvalidArgument);
}

TEST_CASE("Engine: golden values pin the sequence across standard libraries") {
  // xoshiro256++ seeded by SplitMix64(42), and a derived stream: computed once and pinned here,
  // so a change of engine, seeding or derivation (which would change every dataset) fails.
  Engine e(42);
  CHECK(e() == 15021278609987233951ull);
  CHECK(e() == 5881210131331364753ull);
  Engine s = stream(7, {1, 2});
  CHECK(s() == 16540567386225992068ull);
  CHECK(uniform01(s) == 0.052781545958473008);
  Engine other(43);
  CHECK(other() != 15021278609987233951ull);
  // The mapping to (0, 1) is ours, not std::uniform_real_distribution's.
  Engine u(7);
  for (int i = 0; i < 1000; ++i) {
    const double x = uniform01(u);
    CHECK(x > 0.0);
    CHECK(x < 1.0);
  }
}

TEST_CASE("Engine: state round trip restores the sequence") {
  Engine a(5);
  for (int i = 0; i < 10; ++i) a();
  std::uint64_t s[4];
  for (int i = 0; i < 4; ++i) s[i] = a.state()[i];
  Engine b;
  b.set_state(s);
  for (int i = 0; i < 100; ++i) CHECK(a() == b());
}

TEST_CASE("streams: distinct paths give distinct, reproducible engines") {
  std::set<std::uint64_t> firsts;
  for (std::uint64_t split = 0; split < 3; ++split)
    for (std::uint64_t n = 0; n < 1000; ++n) {
      Engine e = stream(99, {split, n});
      firsts.insert(e());
    }
  CHECK(firsts.size() == 3000);
  CHECK(derive_key(1, {2, 3}) != derive_key(1, {3, 2}));
  CHECK(derive_key(1, {2}) == derive_key(1, {2}));
}

TEST_CASE("normal01 and rayleigh_amplitude: moments with a fixed seed") {
  Engine e(2024);
  const int n = 400000;
  double s = 0, s2 = 0, r2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = normal01(e);
    s += z;
    s2 += z * z;
    const double a = rayleigh_amplitude(e);
    r2 += a * a;
  }
  CHECK(s / n == doctest::Approx(0.0).epsilon(0.01));
  CHECK(s2 / n == doctest::Approx(1.0).epsilon(0.01));
  CHECK(r2 / n == doctest::Approx(1.0).epsilon(0.01));  // E|h|^2 = 1
  for (int i = 0; i < 10000; ++i) CHECK(std::abs(truncated_normal01(e)) <= 2.0);
}

TEST_CASE_TEMPLATE("ChannelBatch: canonical layout is numpy C order (B, K, K)", Scalar, float, double) {
  ChannelBatch<Scalar> h(3, 4);
  for (Index i = 0; i < 3 * 16; ++i) h.data()[i] = static_cast<Scalar>(i);
  CHECK(h(1, 2, 3) == Scalar(16 + 2 * 4 + 3));
  CHECK(h.sample(2)(0, 1) == Scalar(32 + 1));
  ChannelBatch<Scalar, 4> fixed(2, 4);
  CHECK(fixed.k() == 4);
  CHECK_THROWS_AS((ChannelBatch<Scalar, 4>(2, 5)), ShapeError);
  PowerBatch<Scalar> p(2, 3);
  p(1, 2) = 5;
  CHECK(p.data()[5] == Scalar(5));
}
