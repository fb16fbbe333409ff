// Lemmas 1 and 2 of the paper as networks: for each n, the layers and units of the network
// for x*y and x/y, the bound of eqs. (8) and (9) and the largest error measured on a grid.
// Usage: theory_lemmas [X_max Y_max Z_max]   (defaults 4 2 4)
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <l2o/theory/division.hpp>
#include <l2o/theory/multiplication.hpp>

namespace {

constexpr int grid_points = 200;

double measured_product_error(const l2o::theory::Multiplication<double>& mul, double x_max, double y_max) {
  double worst = 0;
  for (int i = 0; i <= grid_points; ++i)
    for (int j = 0; j <= grid_points; ++j) {
      const double x = x_max * i / grid_points, y = y_max * j / grid_points;
      worst = std::max(worst, std::abs(x * y - mul(x, y)));
    }
  return worst;
}

double measured_quotient_error(const l2o::theory::Division<double>& div, double z_max, double y_max) {
  double worst = 0;
  for (int i = 0; i <= grid_points; ++i)
    for (int j = 1; j <= grid_points; ++j) {
      const double y = y_max * j / grid_points, x = std::min(z_max * i / grid_points * y, z_max * y);
      worst = std::max(worst, std::abs(x / y - div(x, y)));
    }
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  const double x_max = argc > 1 ? std::atof(argv[1]) : 4, y_max = argc > 2 ? std::atof(argv[2]) : 2,
               z_max = argc > 3 ? std::atof(argv[3]) : 4;
  std::printf("Lemma 1, x*y on [0, %g] x [0, %g]; Lemma 2, x/y with 0 < y <= %g, x/y <= %g; grid %d x %d\n\n", x_max,
              y_max, y_max, z_max, grid_points + 1, grid_points + 1);
  std::printf("| n | x*y: layers | binary | ReLU | pass-through | bound Y/2^n | measured | x/y: layers | binary | ReLU | pass-through | bound 2^-n | measured |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (int n : {1, 2, 4, 8, 12, 16, 20, 24}) {
    const l2o::theory::Multiplication<double> mul(x_max, y_max, n);
    const l2o::theory::Division<double> div(z_max, y_max, n);
    const auto a = mul.network().counts(), b = div.network().counts();
    std::printf("| %d | %lld | %lld | %lld | %lld | %.3g | %.3g | %lld | %lld | %lld | %lld | %.3g | %.3g |\n", n,
                static_cast<long long>(a.layers), static_cast<long long>(a.binary), static_cast<long long>(a.relu),
                static_cast<long long>(a.carry), static_cast<double>(mul.bound()),
                measured_product_error(mul, x_max, y_max), static_cast<long long>(b.layers),
                static_cast<long long>(b.binary), static_cast<long long>(b.relu), static_cast<long long>(b.carry),
                static_cast<double>(div.bound()), measured_quotient_error(div, z_max, y_max));
  }
  std::printf("\nm = ceil(log2 X_max) = %d for x*y, ceil(log2 Z_max) = %d for x/y. Layers include the output layer;\n"
              "pass-through units carry x, y, remainders and running sums between layers (not in the Appendix's counts).\n",
              l2o::theory::top_bit(x_max), l2o::theory::top_bit(z_max));
}
