#pragma once
/**
 * @file
 * SIMD-batched WMMSE with lane refill: one channel sample per lane; a lane whose sample has
 * stopped takes the next unsolved sample at once, so no lane idles until the slowest of a group
 * converges (DESIGN.md, fact 1). Every lane runs the scalar reference's arithmetic
 * (`wmmse_kernel.hpp`), so batching does not change answers beyond the last bits of log2.
 */

#include <algorithm>
#include <type_traits>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "l2o/core/parallel.hpp"
#include "l2o/core/simd.hpp"
#include "l2o/solver/wmmse.hpp"

namespace l2o {

namespace detail {
/**
 * Calls `run(std::integral_constant<int, K>)` when k is one of the sizes the batched solver
 * compiles fixed-K kernels for (the paper's K = 10, 20, 30 and its IMAC and VDSL sizes 12,
 * 18, 24, 28); returns false otherwise (the caller then runs the run-time-K kernel).
 */
template <class Run>
bool with_fixed_users(int k, Run&& run) {
  auto try_one = [&]<int Kc>(std::integral_constant<int, Kc> c) {
    if (k != Kc) return false;
    run(c);
    return true;
  };
  return try_one(std::integral_constant<int, 10>{}) || try_one(std::integral_constant<int, 12>{}) ||
         try_one(std::integral_constant<int, 18>{}) || try_one(std::integral_constant<int, 20>{}) ||
         try_one(std::integral_constant<int, 24>{}) || try_one(std::integral_constant<int, 28>{}) ||
         try_one(std::integral_constant<int, 30>{});
}
}  // namespace detail

/**
 * @tparam Arch the xsimd architecture (the best one the compiler targets, by default).
 * Samples are split into `threads` contiguous blocks, one per thread; since every sample is
 * computed alone in its lane, results do not depend on the thread count.
 */
template <class Scalar_, int K_ = Dynamic, class Stop = ObjectiveGain, class Init = FullPowerInit,
          class Arch = simd_arch>
class WmmseBatched {
  static_assert(StoppingRule<Stop>, "WmmseBatched<Scalar, K, Stop, Init>: Stop must model StoppingRule");
  static_assert(PowerInit<Init>, "WmmseBatched<Scalar, K, Stop, Init>: Init must model PowerInit");

 public:
  using Scalar = Scalar_;
  using Pack = detail::SimdPack<Scalar, Arch>;
  static constexpr int width = Pack::width;

  explicit WmmseBatched(Stop stop = {}, Init init = {}, int threads = 1)
      : stop_(stop), init_(std::move(init)), threads_(std::max(1, threads)) {
    stop_.check();
  }

  [[nodiscard]] SolveResult<Scalar, K_> solve(const ChannelBatch<Scalar, K_>& h, Problem<Scalar> problem) const {
    detail::check_wmmse_input(h, problem, "WMMSE");
    SolveResult<Scalar, K_> out{PowerBatch<Scalar, K_>(h.samples(), h.k()),
                                std::vector<std::int64_t>(h.samples()), std::vector<Scalar>(h.samples())};
    auto run = [&]<int Kc>(std::integral_constant<int, Kc>) {
      parallel_blocks(
          h.samples(), threads_, [&](Index begin, Index end) { solve_range<Kc>(h, problem, begin, end, out); },
          4 * width);
    };
    if constexpr (K_ != Dynamic) {
      run(std::integral_constant<int, K_>{});
    } else if (!detail::with_fixed_users(h.k(), run)) {
      run(std::integral_constant<int, Dynamic>{});
    }
    return out;
  }

 private:
  template <int Kc>
  void solve_range(const ChannelBatch<Scalar, K_>& h, const Problem<Scalar>& problem, Index begin, Index end,
                   SolveResult<Scalar, K_>& out) const {
    if (begin >= end) return;
    const detail::FlushSubnormals flush;  // per thread: see float_env.hpp
    detail::WmmseStorage<Scalar> storage(h.k(), width, detail::equal_weights(problem));
    const auto& s = storage.view();
    Index lane_sample[width];
    Index next = begin;
    int active = 0;
    detail::PendingRows<Scalar, width> pending;  // refilled lanes: H^2 written by the next refresh
    // Refills come at irregular times, so the hardware prefetcher does not follow the stream of
    // samples, and at K = 30 a lane waited for its sample's K^2 amplitudes from memory: keep the
    // next `width` samples (one group's worth, at most 115 KB) on their way into L2.
    const std::ptrdiff_t sample_bytes = static_cast<std::ptrdiff_t>(h.k()) * h.k() * sizeof(Scalar);
    Index fetched = begin;  // samples [begin, fetched) have been prefetched
    auto prefetch_to = [&](Index until) {
      for (until = std::min(until, end); fetched < until; ++fetched) {
        const char* at = reinterpret_cast<const char*>(h.sample_data(fetched));
        for (std::ptrdiff_t b = 0; b < sample_bytes; b += 64) __builtin_prefetch(at + b, 0, 2);
      }
    };
    auto load_lane = [&](int lane, Index n) {
      prefetch_to(n + 1 + width);
      detail::wmmse_load(s.lane(lane), h.sample_data(n), problem, n, init_, false);
      pending.add(lane, h.sample_data(n));
    };
    auto load = [&](int lane) {
      if (next < end) {
        lane_sample[lane] = next;
        load_lane(lane, next);
        s.fresh[lane] = 1;  // its next pass runs steps 2-3 in SIMD
        ++next;
        ++active;
      } else {
        lane_sample[lane] = -1;  // idle: keeps computing its last sample, results ignored
      }
    };
    for (int lane = 0; lane < width; ++lane) {
      load(lane);
      if (lane_sample[lane] < 0) {  // fewer samples than lanes: keep the idle lane's state well defined
        load_lane(lane, begin);
        s.fresh[lane] = 1;
      }
    }
    alignas(64) bool done[width];
    while (active > 0) {
      const auto stop = detail::iterate<Pack, Kc>(s, stop_, &pending);
      pending.count = 0;
      if (!xsimd::any(stop)) continue;
      stop.store_aligned(done);
      for (int lane = 0; lane < width; ++lane) {
        const Index n = lane_sample[lane];
        if (!done[lane] || n < 0) continue;
        for (int k = 0; k < h.k(); ++k) {
          const Scalar v = s.v[k * width + lane];
          out.powers(n, k) = v * v;
        }
        out.iterations[n] = static_cast<std::int64_t>(s.iters[lane]);
        out.objective[n] = s.obj[lane];
        --active;
        load(lane);
      }
    }
  }

  Stop stop_;
  Init init_;
  int threads_;
};

}  // namespace l2o
