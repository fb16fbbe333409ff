#pragma once
/**
 * @file
 * WMMSE for the scalar interference channel, exactly Fig. 2 of Sun et al.: the reference
 * solver, one sample at a time.
 */

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "l2o/core/batch.hpp"
#include "l2o/problem/params.hpp"
#include "l2o/solver/initialization.hpp"
#include "l2o/solver/solve_result.hpp"
#include "l2o/solver/stopping.hpp"
#include "l2o/solver/wmmse_kernel.hpp"

namespace l2o {

namespace detail {

/// Aligned storage for the WMMSE state of `width` samples of K users (see `WmmseView`).
template <class Scalar>
class WmmseStorage {
 public:
  WmmseStorage(int k, int width, bool equal_weights)
      : data_(static_cast<std::size_t>(k * k + 10 * k + 3) * width, Scalar(1)), scratch_(static_cast<std::size_t>(k)) {
    view_.equal_weights = equal_weights;
    view_.k = k;
    view_.stride = width;
    Scalar* next = data_.data();
    auto take = [&](Scalar*& field, int items) {
      field = next;
      next += static_cast<std::ptrdiff_t>(items) * width;
    };
    take(view_.h2, k * k);
    for (Scalar** f : {&view_.hd, &view_.alpha, &view_.noise, &view_.vmax, &view_.v, &view_.u, &view_.w, &view_.p,
                       &view_.den})
      take(*f, k);
    take(view_.obj, 1);
    take(view_.iters, 1);
    take(view_.fresh, 1);
    std::fill_n(view_.fresh, width, Scalar(0));
    view_.scratch = scratch_.data();
  }
  WmmseStorage(const WmmseStorage&) = delete;  // the view points into this object
  WmmseStorage& operator=(const WmmseStorage&) = delete;
  [[nodiscard]] const WmmseView<Scalar>& view() const { return view_; }

 private:
  std::vector<Scalar, xsimd::aligned_allocator<Scalar, 64>> data_;
  std::vector<Scalar> scratch_;
  WmmseView<Scalar> view_;
};

/// Whether every weight is the same, so the objective can be computed from one log2.
template <class Scalar>
bool equal_weights(const Problem<Scalar>& problem) {
  const auto& w = problem.weights.values();
  return std::all_of(w.begin(), w.end(), [&](Scalar a) { return a == w.front(); });
}

/**
 * Loads sample n into one sample's (or one lane's) view: channels, parameters and v^0 (step 1).
 * With `squares` false the H^2 table is left to the caller (the batched solver writes it
 * during the next `refresh`, see `PendingRows`).
 */
template <class Scalar, class Init>
void wmmse_load(const WmmseView<Scalar>& s, const Scalar* h, const Problem<Scalar>& problem, Index n,
                const Init& init, bool squares = true) {
  const int k = s.k;
  const auto st = s.stride;
  if (squares)
    RowBlocks::each(k, [&](int first, int rows) { RowBlocks::write_squares(s.h2, k, st, h, first, rows); });
  for (int i = 0; i < k; ++i) s.hd[i * st] = h[static_cast<std::ptrdiff_t>(i) * k + i];
  const Scalar *alpha = problem.weights.row(n), *noise = problem.noise.row(n), *pmax = problem.pmax.row(n);
  const auto da = problem.weights.step(), dn = problem.noise.step(), dp = problem.pmax.step();
  Scalar* p0 = s.scratch;  // K contiguous values, shared by the lanes
  init.initial_powers(n, problem, k, p0);
  for (int i = 0; i < k; ++i) {
    s.alpha[i * st] = alpha[i * da];
    s.noise[i * st] = noise[i * dn];
    s.vmax[i * st] = std::sqrt(pmax[i * dp]);
    s.v[i * st] = std::sqrt(p0[i]);  // v^0 = sqrt(p^0)
  }
  *s.iters = 0;
}

/// Loads sample n and runs steps 2-3 of Fig. 2 and the first objective on it.
template <class Scalar, class Init>
void wmmse_start(const WmmseView<Scalar>& s, const Scalar* h, const Problem<Scalar>& problem, Index n,
                 const Init& init) {
  wmmse_load(s, h, problem, n, init);
  refresh<ScalarPack<Scalar>>(s);
}

template <class Scalar, int K>
void check_wmmse_input(const ChannelBatch<Scalar, K>& h, Problem<Scalar>& problem, const char* who) {
  check_channels(h);
  problem.validate(h.k(), h.samples());
  for (auto v : problem.noise.values())
    if (!(v > 0)) throw InvalidArgument(std::string(who) + ": noise must be > 0 (WMMSE divides by it), got " +
                                        std::to_string(v));
}

}  // namespace detail

/**
 * The scalar WMMSE reference: Fig. 2 of Sun et al., with weights, per-user Pmax and noise.
 * Initialise v^0 (by `Init`), then u^0, w^0 and the objective; each iteration updates v
 * (projected to [0, sqrt(Pmax_k)]), then u, then w, then the objective; stops by `Stop`.
 * Output p = v^2, the number of v-updates and the final objective (the weighted sum-rate).
 * @tparam Stop a StoppingRule (`ObjectiveGain` by default: the paper's 1e-5 and 500).
 * @tparam Init a PowerInit (`FullPowerInit` by default: v^0 = sqrt(Pmax), the paper's).
 */
template <class Scalar_, int K_ = Dynamic, class Stop = ObjectiveGain, class Init = FullPowerInit>
class Wmmse {
  static_assert(StoppingRule<Stop>, "Wmmse<Scalar, K, Stop, Init>: Stop must model StoppingRule "
                                    "(done(gain, iterations) and check())");
  static_assert(PowerInit<Init>, "Wmmse<Scalar, K, Stop, Init>: Init must model PowerInit "
                                 "(initial_powers(n, problem, k, p0))");

 public:
  using Scalar = Scalar_;
  explicit Wmmse(Stop stop = {}, Init init = {}) : stop_(stop), init_(std::move(init)) { stop_.check(); }

  [[nodiscard]] SolveResult<Scalar, K_> solve(const ChannelBatch<Scalar, K_>& h, Problem<Scalar> problem) const {
    detail::check_wmmse_input(h, problem, "WMMSE");
    SolveResult<Scalar, K_> out{PowerBatch<Scalar, K_>(h.samples(), h.k()),
                                std::vector<std::int64_t>(h.samples()), std::vector<Scalar>(h.samples())};
    const detail::FlushSubnormals flush;  // as the batched solver does: see float_env.hpp
    detail::WmmseStorage<Scalar> storage(h.k(), 1, detail::equal_weights(problem));
    const auto& s = storage.view();
    using Pack = detail::ScalarPack<Scalar>;
    for (Index n = 0; n < h.samples(); ++n) {
      detail::wmmse_start(s, h.sample_data(n), problem, n, init_);
      while (!detail::iterate<Pack>(s, stop_)) {
      }
      for (int k = 0; k < h.k(); ++k) out.powers(n, k) = s.v[k] * s.v[k];
      out.iterations[n] = static_cast<std::int64_t>(*s.iters);
      out.objective[n] = *s.obj;
    }
    return out;
  }

 private:
  Stop stop_;
  Init init_;
};

}  // namespace l2o
