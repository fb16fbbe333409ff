#pragma once
/**
 * @file
 * Fractional programming for weighted sum-rate power control: Shen & Yu, "Fractional
 * Programming for Communication Systems, Part I" (IEEE TSP 2018), the Lagrangian dual
 * transform followed by the quadratic transform, solved by block coordinate ascent.
 */

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "l2o/core/parallel.hpp"
#include "l2o/solver/initialization.hpp"
#include "l2o/solver/solve_result.hpp"
#include "l2o/solver/stopping.hpp"
#include "l2o/solver/wmmse.hpp"

namespace l2o {

/**
 * With H(k, j) the amplitude from transmitter j to receiver k, one iteration updates, in order,
 * \f[ \gamma_k = \frac{H_{kk}^2 p_k}{\sigma_k^2 + \sum_{j \ne k} H_{kj}^2 p_j},\qquad
 *     y_k = \frac{\sqrt{\alpha_k (1 + \gamma_k)}\, H_{kk} \sqrt{p_k}}{\sigma_k^2 + \sum_j H_{kj}^2 p_j},\qquad
 *     p_k = \min\Big(P_k,\ \frac{\alpha_k (1 + \gamma_k) H_{kk}^2 y_k^2}{(\sum_j y_j^2 H_{jk}^2)^2}\Big) \f]
 * and then evaluates the weighted sum-rate of p, which never decreases (each step maximises
 * a concave surrogate that is tight at the current point). `Stop` and `Init` are the same
 * policies as WMMSE's; the iteration count is the number of p-updates.
 * Samples are independent, spread over `threads` (results do not depend on the count).
 */
template <class Scalar_, int K_ = Dynamic, class Stop = ObjectiveGain, class Init = FullPowerInit>
class FractionalProgramming {
  static_assert(StoppingRule<Stop>, "FractionalProgramming<Scalar, K, Stop, Init>: Stop must model StoppingRule");
  static_assert(PowerInit<Init>, "FractionalProgramming<Scalar, K, Stop, Init>: Init must model PowerInit");

 public:
  using Scalar = Scalar_;
  explicit FractionalProgramming(Stop stop = {}, Init init = {}, int threads = 1)
      : stop_(stop), init_(std::move(init)), threads_(std::max(1, threads)) {
    stop_.check();
  }

  [[nodiscard]] SolveResult<Scalar, K_> solve(const ChannelBatch<Scalar, K_>& h, Problem<Scalar> problem) const {
    detail::check_wmmse_input(h, problem, "fractional programming");
    SolveResult<Scalar, K_> out{PowerBatch<Scalar, K_>(h.samples(), h.k()),
                                std::vector<std::int64_t>(h.samples()), std::vector<Scalar>(h.samples())};
    parallel_blocks(h.samples(), threads_, [&](Index begin, Index end) {
      State s(h.k());
      for (Index n = begin; n < end; ++n) solve_one(h.sample_data(n), problem, n, s, out);
    });
    return out;
  }

 private:
  struct State {
    explicit State(int k) : k(k), h2(static_cast<std::size_t>(k * k)), p(k), pmax(k), noise(k), alpha(k), inter(k), y2(k), num(k) {}
    int k;
    std::vector<Scalar> h2, p, pmax, noise, alpha, inter, y2, num;
  };

  /// inter_k = sigma_k^2 + sum_{j != k} H_kj^2 p_j, and the weighted sum-rate of p.
  static Scalar received(State& s) {
    Scalar rate = 0;
    for (int k = 0; k < s.k; ++k) {
      Scalar t = s.noise[k];
      for (int j = 0; j < s.k; ++j)
        if (j != k) t += s.h2[k * s.k + j] * s.p[j];
      s.inter[k] = t;
      rate += s.alpha[k] * std::log2(Scalar(1) + s.h2[k * s.k + k] * s.p[k] / t);
    }
    return rate;
  }

  void solve_one(const Scalar* h, const Problem<Scalar>& problem, Index n, State& s, SolveResult<Scalar, K_>& out) const {
    const int k = s.k;
    for (int i = 0; i < k * k; ++i) s.h2[i] = h[i] * h[i];
    for (int i = 0; i < k; ++i) {
      s.pmax[i] = problem.pmax.at(n, i);
      s.noise[i] = problem.noise.at(n, i);
      s.alpha[i] = problem.weights.at(n, i);
    }
    init_.initial_powers(n, problem, k, s.p.data());
    Scalar obj = received(s);
    Scalar iters = 0;
    for (;;) {
      for (int i = 0; i < k; ++i) {
        const Scalar signal = s.h2[i * k + i] * s.p[i];
        const Scalar total = s.inter[i] + signal;
        const Scalar a = s.alpha[i] * total / s.inter[i];  // alpha_k (1 + gamma_k)
        s.num[i] = a * s.h2[i * k + i];                    // alpha_k (1 + gamma_k) H_kk^2
        s.y2[i] = a * signal / (total * total);            // y_k^2
      }
      for (int j = 0; j < k; ++j) {
        Scalar d = 0;  // sum_i y_i^2 H_ij^2
        for (int i = 0; i < k; ++i) d += s.y2[i] * s.h2[i * k + j];
        const Scalar best = d > 0 ? s.num[j] * s.y2[j] / (d * d) : Scalar(0);  // no link at all: off
        s.p[j] = std::min(s.pmax[j], best);
      }
      const Scalar next = received(s);
      iters += 1;
      const Scalar gain = next - obj;
      obj = next;
      if (stop_.done(gain, iters)) break;
    }
    for (int i = 0; i < k; ++i) out.powers(n, i) = s.p[i];
    out.iterations[n] = static_cast<std::int64_t>(iters);
    out.objective[n] = obj;
  }

  Stop stop_;
  Init init_;
  int threads_;
};

}  // namespace l2o
