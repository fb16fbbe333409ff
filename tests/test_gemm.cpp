// nn::Gemm and nn::SkipZerosGemv, the products behind Mlp's layers: against a plain loop in long double, for
// every shape class (full and partial row blocks and column panels, depth across kc blocks, empty
// depth), every operand layout Mlp uses, with and without bias, float and double; thread count
// and column position change no bit.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "l2o/nn/gemm.hpp"
#include "l2o/nn/gemv.hpp"

using l2o::nn::column_major;
using l2o::nn::Gemm;
using l2o::nn::StridedMatrix;

namespace {

template <class Scalar>
std::vector<Scalar> random_values(std::ptrdiff_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<Scalar> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = static_cast<Scalar>(u(rng));
  return v;
}

// A (m x k) and B (k x n) stored column-major, or as the transpose of a column-major matrix
template <class Scalar>
struct Operands {
  std::vector<Scalar> a, b, bias;
  StridedMatrix<Scalar> av, bv;
  Operands(std::ptrdiff_t m, std::ptrdiff_t k, std::ptrdiff_t n, bool a_transposed, bool b_transposed, unsigned seed)
      : a(random_values<Scalar>(m * k + 1, seed)), b(random_values<Scalar>(k * n + 1, seed + 1)),
        bias(random_values<Scalar>(m, seed + 2)) {
    av = a_transposed ? column_major(a.data(), k, m, k).transposed() : column_major(a.data(), m, k, m);
    bv = b_transposed ? column_major(b.data(), n, k, n).transposed() : column_major(b.data(), k, n, k);
  }
};

template <class Scalar>
void check_product(std::ptrdiff_t m, std::ptrdiff_t k, std::ptrdiff_t n, bool at, bool bt, bool with_bias) {
  CAPTURE(m);
  CAPTURE(k);
  CAPTURE(n);
  CAPTURE(at);
  CAPTURE(bt);
  CAPTURE(with_bias);
  const Operands<Scalar> op(m, k, n, at, bt, static_cast<unsigned>(m * 131 + k * 17 + n));
  const std::ptrdiff_t ldc = m + 3;  // a leading dimension larger than m
  std::vector<Scalar> c(static_cast<std::size_t>(ldc * n), Scalar(7));
  std::vector<int> seen(static_cast<std::size_t>(n), 0);
  Gemm<Scalar> gemm;
  gemm.multiply(op.av, op.bv, with_bias ? op.bias.data() : nullptr, c.data(), ldc, 1,
                [&](std::ptrdiff_t first, std::ptrdiff_t cols) {
                  for (std::ptrdiff_t j = first; j < first + cols; ++j) ++seen[static_cast<std::size_t>(j)];
                });
  for (std::ptrdiff_t j = 0; j < n; ++j) CHECK(seen[static_cast<std::size_t>(j)] == 1);
  const double eps = std::is_same_v<Scalar, float> ? 1e-5 : 1e-13;
  int wrong = 0;
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    for (std::ptrdiff_t i = 0; i < m; ++i) {
      long double want = with_bias ? op.bias[static_cast<std::size_t>(i)] : 0;
      for (std::ptrdiff_t p = 0; p < k; ++p) want += static_cast<long double>(op.av(i, p)) * op.bv(p, j);
      const double got = c[static_cast<std::size_t>(j * ldc + i)];
      if (std::abs(got - static_cast<double>(want)) > eps * (1 + std::sqrt(static_cast<double>(k)))) ++wrong;
    }
    for (std::ptrdiff_t i = m; i < ldc; ++i) CHECK(c[static_cast<std::size_t>(j * ldc + i)] == Scalar(7));  // padding untouched
  }
  CHECK(wrong == 0);
}

template <class Scalar>
void check_shapes() {
  constexpr int w = Gemm<Scalar>::width, nr = Gemm<Scalar>::nr;
  constexpr auto kc = Gemm<Scalar>::kc;
  for (std::ptrdiff_t m : {1, w - 1, w, w + 1, 2 * w, 2 * w + 1, 3 * w + 5, 200})
    for (std::ptrdiff_t k : std::initializer_list<std::ptrdiff_t>{0, 1, 7, kc, kc + 3})
      for (std::ptrdiff_t n : {1, nr - 1, nr, nr + 1, 3 * nr + 2})
        for (bool at : {false, true})
          for (bool bt : {false, true}) check_product<Scalar>(m, k, n, at, bt, (m + n) % 2 == 0);
}

}  // namespace

TEST_CASE("Gemm: every shape class and operand layout against a long double triple loop, float") {
  check_shapes<float>();
}

TEST_CASE("Gemm: every shape class and operand layout against a long double triple loop, double") {
  check_shapes<double>();
}

TEST_CASE("Gemm: the same bits whatever the thread count and wherever a column falls in a panel") {
  const std::ptrdiff_t m = 45, k = 300, n = 77;
  const Operands<float> op(m, k, n, false, false, 5);
  auto run = [&](const StridedMatrix<float>& b, std::ptrdiff_t cols, int threads) {
    std::vector<float> c(static_cast<std::size_t>(m * cols));
    Gemm<float> gemm;
    gemm.multiply(op.av, b, op.bias.data(), c.data(), m, threads, [](std::ptrdiff_t, std::ptrdiff_t) {});
    return c;
  };
  const auto one = run(op.bv, n, 1);
  CHECK(run(op.bv, n, 2) == one);
  CHECK(run(op.bv, n, 3) == one);
  // columns 5.. of B alone: each column's result is the same bits as in the full product
  StridedMatrix<float> tail = op.bv;
  tail.data += 5 * tail.col_stride;
  tail.cols -= 5;
  const auto shifted = run(tail, n - 5, 1);
  CHECK(std::equal(shifted.begin(), shifted.end(), one.begin() + 5 * m));
}

TEST_CASE_TEMPLATE("SkipZerosGemv: W x + b with zero inputs skipped, every row count", Scalar, float, double) {
  using G = l2o::nn::SkipZerosGemv<Scalar>;
  for (std::ptrdiff_t m : {1, 5, G::width - 1, G::width, G::width + 1, 200, G::width * G::block + 3}) {
    CAPTURE(m);
    const std::ptrdiff_t k = 37, ldw = m + 2;
    const auto w = random_values<Scalar>(ldw * k, 11);
    const auto b = random_values<Scalar>(m, 12);
    auto x = random_values<Scalar>(k, 13);
    for (std::ptrdiff_t j = 0; j < k; j += 3) x[static_cast<std::size_t>(j)] = 0;  // ReLU zeros
    std::vector<Scalar> y(static_cast<std::size_t>(m) + 1, Scalar(9));
    G gemv;
    gemv(w.data(), m, k, ldw, x.data(), b.data(), y.data());
    int wrong = 0;
    for (std::ptrdiff_t i = 0; i < m; ++i) {
      long double want = b[static_cast<std::size_t>(i)];
      for (std::ptrdiff_t j = 0; j < k; ++j)
        want += static_cast<long double>(w[static_cast<std::size_t>(j * ldw + i)]) * x[static_cast<std::size_t>(j)];
      if (std::abs(static_cast<double>(want) - y[static_cast<std::size_t>(i)]) > (sizeof(Scalar) == 4 ? 1e-5 : 1e-13))
        ++wrong;
    }
    CHECK(wrong == 0);
    CHECK(y[static_cast<std::size_t>(m)] == Scalar(9));  // nothing written past row m
  }
}
