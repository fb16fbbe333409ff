// `build/examples/scenarios`: every scenario's mean sum-rate under max power, random power and
// WMMSE, with the batched WMMSE's time (the first sessions' `./run demo`).
#include <chrono>
#include <cstdio>
#include <string>

#include <l2o/l2o.hpp>

namespace {

template <class Channels>
void row(const std::string& name, const Channels& h, const l2o::Problem<double>& problem) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto wmmse = l2o::WmmseBatched<double>(l2o::ObjectiveGain{}, l2o::FullPowerInit{}, 2).solve(h, problem);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double max_rate = l2o::mean(l2o::sum_rates(h, l2o::MaxPower{}.allocate(h, problem), problem));
  const double rnd_rate = l2o::mean(l2o::sum_rates(h, l2o::RandomPower{1}.allocate(h, problem), problem));
  std::printf("| %-28s | %6lld | %3d | %8.3f | %8.3f | %8.3f | %9.3f |\n", name.c_str(),
              static_cast<long long>(h.samples()), h.k(), l2o::mean(wmmse.objective), max_rate, rnd_rate,
              seconds * 1e3);
}

}  // namespace

int main() {
  std::printf("Mean sum-rate (bit/s/Hz), sigma^2 = 1 and Pmax = 1 unless noted; WMMSE tol 1e-5, 500 iterations\n\n");
  std::printf("| %-28s | %6s | %3s | %8s | %8s | %8s | %9s |\n", "scenario", "B", "K", "WMMSE", "max", "random",
              "WMMSE ms");
  std::printf("|------------------------------|--------|-----|----------|----------|----------|-----------|\n");
  l2o::Problem<double> unit;
  for (int k : {10, 20, 30})
    row("Gaussian IC", l2o::draw(l2o::GaussianIC<double>(k), 10000, 1, 0, 2).channels, unit);
  for (auto [n, k] : {std::pair{3, 18}, std::pair{7, 28}})
    row("IMAC N=" + std::to_string(n) + " R=100 r=0",
        l2o::draw(l2o::Imac<double>({n, k, 100, 0}), 4000, 1, 0, 2).channels, unit);
  l2o::Problem<double> dsl;
  dsl.noise = 0.001;
  for (auto xt : {l2o::Crosstalk::fext, l2o::Crosstalk::next}) {
    l2o::Engine rng(1);
    const l2o::Vdsl<double> binder({28, 300, xt}, rng);
    row(std::string("VDSL 300 m ") + (xt == l2o::Crosstalk::fext ? "FEXT" : "NEXT") + " s2=1e-3",
        binder.all_tones(), dsl);
  }
}
