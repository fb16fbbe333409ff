// A program outside the l2o tree: draws channels and solves them with WMMSE.
#include <cstdio>

#include <l2o/l2o.hpp>

int main() {
  const auto set = l2o::draw(l2o::GaussianIC<float>(10), 100, 1);
  const auto r = l2o::WmmseBatched<float>{}.solve(set.channels, l2o::Problem<float>{});
  const double rate = l2o::mean(r.objective);
  std::printf("consumer: mean WMMSE sum-rate %.3f over 100 samples\n", rate);
  return rate > 2.0 && rate < 4.0 ? 0 : 1;
}
