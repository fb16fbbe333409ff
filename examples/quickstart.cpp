// The README's first example: draw Gaussian IC channels, solve them with WMMSE and compare
// sum-rates with the max-power baseline.
#include <cstdio>

#include <l2o/l2o.hpp>

int main() {
  const l2o::GaussianIC<double> channel(10);                        // K = 10, |h| with h ~ CN(0, 1)
  const auto set = l2o::draw(channel, 10000, /*seed=*/2017);        // 10,000 samples
  l2o::Problem<double> problem;                                     // Pmax = 1, sigma^2 = 1, alpha = 1
  const auto wmmse = l2o::WmmseBatched<double>{}.solve(set.channels, problem);
  const auto max_power = l2o::MaxPower{}.allocate(set.channels, problem);
  std::printf("mean sum-rate: WMMSE %.4f, max power %.4f bit/s/Hz\n", l2o::mean(wmmse.objective),
              l2o::mean(l2o::sum_rates(set.channels, max_power, problem)));
}
