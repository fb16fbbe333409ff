#pragma once
/**
 * @file
 * The best on/off allocation p in {0, Pmax}^K, by enumerating all 2^K of them.
 */

#include <bit>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "l2o/core/parallel.hpp"
#include "l2o/solver/solve_result.hpp"
#include "l2o/solver/wmmse.hpp"

namespace l2o {

/**
 * Exhaustive search over binary power allocations (the paper's binarised outputs are judged
 * against it). Allocations are visited in Gray-code order, so each differs from the last in one
 * user and the interference at every receiver is updated in K additions (in double; recomputed
 * from scratch every 256 steps so rounding does not build up). The first allocation with the
 * highest weighted sum-rate wins. K <= 16 (2^16 allocations x K log2 per sample); samples are
 * spread over `threads`, results do not depend on the count. Iterations are reported as 0.
 */
template <class Scalar_, int K_ = Dynamic>
class ExhaustiveBinary {
 public:
  using Scalar = Scalar_;
  static constexpr int max_users = 16;
  explicit ExhaustiveBinary(int threads = 1) : threads_(threads < 1 ? 1 : threads) {}

  [[nodiscard]] SolveResult<Scalar, K_> solve(const ChannelBatch<Scalar, K_>& h, Problem<Scalar> problem) const {
    if (h.k() > max_users)
      throw InvalidArgument("exhaustive search: K = " + std::to_string(h.k()) + " users means 2^" +
                            std::to_string(h.k()) + " allocations per sample; it is limited to K <= 16");
    detail::check_wmmse_input(h, problem, "exhaustive search");
    SolveResult<Scalar, K_> out{PowerBatch<Scalar, K_>(h.samples(), h.k()),
                                std::vector<std::int64_t>(h.samples(), 0), std::vector<Scalar>(h.samples())};
    parallel_blocks(h.samples(), threads_, [&](Index begin, Index end) {
      State s(h.k());
      for (Index n = begin; n < end; ++n) {
        const auto [best_mask, best_rate] = search(h.sample_data(n), problem, n, s);
        for (int k = 0; k < h.k(); ++k)
          out.powers(n, k) = (best_mask >> k) & 1u ? problem.pmax.at(n, k) : Scalar(0);
        out.objective[n] = static_cast<Scalar>(best_rate);
      }
    });
    return out;
  }

 private:
  struct State {
    explicit State(int k) : k(k), gain(static_cast<std::size_t>(k * k)), noise(k), alpha(k), inter(k) {}
    int k;
    std::vector<double> gain;  ///< H_kj^2 Pmax_j: what receiver k hears from j when j is on
    std::vector<double> noise, alpha, inter;
  };

  static void recompute(State& s, unsigned mask) {
    for (int k = 0; k < s.k; ++k) {
      double t = s.noise[k];
      for (int j = 0; j < s.k; ++j)
        if (j != k && ((mask >> j) & 1u)) t += s.gain[k * s.k + j];
      s.inter[k] = t;
    }
  }

  static double rate(const State& s, unsigned mask) {
    double r = 0;
    for (int k = 0; k < s.k; ++k)
      if ((mask >> k) & 1u) r += s.alpha[k] * std::log2(1.0 + s.gain[k * s.k + k] / s.inter[k]);
    return r;
  }

  static std::pair<unsigned, double> search(const Scalar* h, const Problem<Scalar>& problem, Index n, State& s) {
    const int k = s.k;
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) {
        const double a = h[i * k + j];
        s.gain[i * k + j] = a * a * static_cast<double>(problem.pmax.at(n, j));
      }
      s.noise[i] = problem.noise.at(n, i);
      s.alpha[i] = problem.weights.at(n, i);
    }
    unsigned mask = 0;  // everyone off: rate 0
    recompute(s, mask);
    unsigned best_mask = 0;
    double best_rate = 0;
    const unsigned count = 1u << k;
    for (unsigned step = 1; step < count; ++step) {
      const int j = std::countr_zero(step);  // Gray code: step flips user j
      mask ^= 1u << j;
      if ((step & 255u) == 0) {
        recompute(s, mask);
      } else {
        const double sign = (mask >> j) & 1u ? 1.0 : -1.0;
        for (int i = 0; i < k; ++i)
          if (i != j) s.inter[i] += sign * s.gain[i * k + j];
      }
      const double r = rate(s, mask);
      if (r > best_rate) {
        best_rate = r;
        best_mask = mask;
      }
    }
    return {best_mask, best_rate};
  }

  int threads_;
};

}  // namespace l2o
