// One WMMSE iteration from the networks of Lemmas 1 and 2 (the proof of Theorem 2): the error
// against the exact iteration as n grows, its growth over T chained iterations, and Theorem 2's
// network size for comparison. K = 3, |h_kj| in [0.2, 1], P_max = sigma = 1.
#include <cmath>
#include <cstdio>

#include <l2o/core/random.hpp>
#include <l2o/theory/wmmse_network.hpp>

namespace {

struct Instance {
  l2o::theory::Gains<double> h;
  std::vector<double> v;
};

std::vector<Instance> draw(const l2o::theory::WmmseBounds& b, int count) {
  std::vector<Instance> out;
  for (int s = 0; s < count; ++s) {
    auto rng = l2o::stream(2018, {static_cast<std::uint64_t>(s)});
    Instance in{l2o::theory::Gains<double>(b.users, b.users), std::vector<double>(static_cast<std::size_t>(b.users))};
    for (int i = 0; i < b.users; ++i) {
      in.v[static_cast<std::size_t>(i)] = 1;  // the paper's start, v = sqrt(P_max)
      for (int j = 0; j < b.users; ++j) in.h(i, j) = l2o::uniform(rng, b.h_min, b.h_max);
    }
    out.push_back(in);
  }
  return out;
}

/// max over instances and users of |v~^T - v^T| after T chained iterations.
double error_after(const l2o::theory::WmmseIterationNetwork<double>& net, const std::vector<Instance>& set,
                   const l2o::theory::WmmseBounds& b, int iterations) {
  double worst = 0;
  for (const auto& in : set) {
    auto exact = in.v, approx = in.v;
    for (int t = 0; t < iterations; ++t) {
      exact = l2o::theory::wmmse_iteration(in.h, exact, b.sigma, b.p_max);
      approx = net(in.h, approx);
    }
    for (std::size_t i = 0; i < exact.size(); ++i) worst = std::max(worst, std::abs(exact[i] - approx[i]));
  }
  return worst;
}

}  // namespace

int main() {
  l2o::theory::WmmseBounds b;
  b.users = 3;
  b.h_min = 0.2;
  b.h_max = 1;
  b.v_min = 0.3;
  const auto set = draw(b, 200);
  const double g = l2o::theory::theorem2_growth(b);
  std::printf("K = %d, |h| in [%g, %g], P_max = %g, sigma = %g; 200 channel draws, start v = sqrt(P_max)\n", b.users,
              b.h_min, b.h_max, b.p_max, b.sigma);
  std::printf("G of eq. (30) = %.4g (so eq. (29) bounds one iteration's error by G 2^-n)\n\n", g);
  std::printf("| n | layers | binary | ReLU | pass-through | error T=1 | G 2^-n | error T=2 | error T=3 | error T=5 |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  for (int n : {4, 8, 12, 16, 20, 24, 28}) {
    const l2o::theory::WmmseIterationNetwork<double> net(b, n);
    const auto c = net.counts();
    std::printf("| %d | %lld | %lld | %lld | %lld | %.3g | %.3g | %.3g | %.3g | %.3g |\n", n,
                static_cast<long long>(c.layers), static_cast<long long>(c.binary), static_cast<long long>(c.relu),
                static_cast<long long>(c.carry), error_after(net, set, b, 1), g * std::ldexp(1.0, -n),
                error_after(net, set, b, 2), error_after(net, set, b, 3), error_after(net, set, b, 5));
  }
  std::printf("\nTheorem 2's size for the same setting (eqs. 32 and 36; 2 layers and 2 units per bit):\n\n");
  std::printf("| T | epsilon | n (eq. 32) | bits (eq. 36) | layers | units |\n|---|---|---|---|---|---|\n");
  for (int t : {1, 2, 3, 5})
    for (double eps : {1e-2, 1e-4}) {
      const auto s = l2o::theory::theorem2_size(b, t, eps);
      std::printf("| %d | %g | %d | %.0f | %.0f | %.0f |\n", t, eps, s.n, s.bits, s.layers, s.units);
    }
}
