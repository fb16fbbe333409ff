// `l2o solve`: power allocations for a .npy file of channels, by any solver.
#include <cstdio>

#include "commands.hpp"
#include "common.hpp"

namespace l2o::cli {
namespace {

struct SolveOptions {
  std::string channels, out, iterations, solver = "wmmse", weights, precision = "double";
  double noise = 1, pmax = 1, tol = 1e-5;
  int max_iter = 500, threads = 2;
  std::uint64_t seed = 0;
};

template <class Scalar>
SolveResult<Scalar> solve_as(const SolveOptions& o, const ChannelBatch<double>& h64, const Problem<double>& p64) {
  ChannelBatch<Scalar> h(h64.samples(), h64.k());
  std::transform(h64.data(), h64.data() + h64.samples() * h64.k() * h64.k(), h.data(),
                 [](double v) { return static_cast<Scalar>(v); });
  auto convert = [](const UserValues<double>& v) {
    return UserValues<Scalar>(std::vector<Scalar>(v.values().begin(), v.values().end()));
  };
  Problem<Scalar> problem{convert(p64.pmax), convert(p64.noise), convert(p64.weights)};
  problem.validate(h.k(), h.samples());
  const Index b = h.samples();
  const ObjectiveGain stop{o.tol, o.max_iter};
  if (o.solver == "wmmse") return WmmseBatched<Scalar>(stop, FullPowerInit{}, o.threads).solve(h, problem);
  if (o.solver == "fp") return FractionalProgramming<Scalar>(stop, FullPowerInit{}, o.threads).solve(h, problem);
  if (o.solver == "exhaustive") return ExhaustiveBinary<Scalar>(o.threads).solve(h, problem);
  SolveResult<Scalar> r{PowerBatch<Scalar>(b, h.k()), std::vector<std::int64_t>(b), {}};
  if (o.solver == "max") r.powers = MaxPower{}.allocate(h, problem);
  else if (o.solver == "random") r.powers = RandomPower{o.seed}.allocate(h, problem);
  else throw InvalidArgument("--solver must be wmmse, fp, exhaustive, max or random, got '" + o.solver + "'");
  r.objective = sum_rates(h, r.powers, problem);
  return r;
}

void run_solve(const SolveOptions& o) {
  const auto h = read_channels(o.channels);
  Problem<double> problem;
  problem.noise = o.noise;
  problem.pmax = o.pmax;
  if (!o.weights.empty()) problem.weights = UserValues<double>(read_user_values(o.weights, h.samples(), h.k()));
  problem.validate(h.k(), h.samples());
  if (o.precision != "double" && o.precision != "float")
    throw InvalidArgument("--precision must be double or float, got '" + o.precision + "'");
  PowerBatch<double> p(h.samples(), h.k());
  std::vector<std::int64_t> iterations;
  double mean_rate = 0;
  auto take = [&](const auto& r) {
    std::transform(r.powers.data(), r.powers.data() + h.samples() * h.k(), p.data(),
                   [](auto v) { return static_cast<double>(v); });
    iterations = r.iterations;
    mean_rate = mean(r.objective);
  };
  if (o.precision == "double") take(solve_as<double>(o, h, problem));
  else take(solve_as<float>(o, h, problem));
  data::write_npy(o.out, p.data(), {h.samples(), h.k()});
  if (!o.iterations.empty()) data::write_npy(o.iterations, iterations.data(), {h.samples()});
  double mean_it = 0;
  for (auto i : iterations) mean_it += static_cast<double>(i);
  std::printf("solver %s (%s): %lld samples, K = %d, mean sum-rate %.6f bit/s/Hz, mean iterations %.2f\n",
              o.solver.c_str(), o.precision.c_str(), static_cast<long long>(h.samples()), h.k(), mean_rate,
              h.samples() ? mean_it / static_cast<double>(h.samples()) : 0.0);
}

}  // namespace

void add_solve(CLI::App& app) {
  auto o = std::make_shared<SolveOptions>();
  auto* cmd = app.add_subcommand("solve", "Power allocations for a (B, K, K) .npy of channel amplitudes");
  cmd->add_option("--channels", o->channels, "Input H.npy, shape (B, K, K), H[n, i, j] = |h_ij|")->required();
  cmd->add_option("--out", o->out, "Output p.npy, shape (B, K), float64 powers")->required();
  cmd->add_option("--iterations", o->iterations, "Optional output it.npy, shape (B,), int64");
  cmd->add_option("--solver", o->solver, "wmmse | fp | exhaustive (K <= 16) | max | random")->capture_default_str();
  cmd->add_option("--noise", o->noise, "Noise power sigma^2")->capture_default_str();
  cmd->add_option("--pmax", o->pmax, "Power budget Pmax")->capture_default_str();
  cmd->add_option("--weights", o->weights, "Weights .npy, shape (K,) or (B, K)");
  cmd->add_option("--tol", o->tol, "WMMSE: stop when obj_new - obj_old < tol")->capture_default_str();
  cmd->add_option("--max-iter", o->max_iter, "WMMSE: iteration cap")->capture_default_str();
  cmd->add_option("--precision", o->precision, "double | float")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads (results do not depend on it)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the random solver")->capture_default_str();
  cmd->callback([o] { run_solve(*o); });
}

}  // namespace l2o::cli
