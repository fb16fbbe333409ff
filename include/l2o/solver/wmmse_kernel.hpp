#pragma once
/**
 * @file
 * The body of WMMSE (Fig. 2 of Sun et al.), written once over a `Pack`: a plain scalar (one
 * sample) or an xsimd batch (one sample per lane). The scalar reference, the batched solver and
 * the batched solver's per-lane set-up all run this code, so they agree lane by lane.
 *
 * Storage: every per-sample array of n items lives at `base[i * stride]` (+ lane), i < n;
 * stride 1 for one sample, W for a W-lane group: the pack's width. Every function takes the
 * number of users K as a template argument too (Dynamic = read it from the view at run time).
 */

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "l2o/core/float_env.hpp"
#include "l2o/core/extent.hpp"

namespace l2o::detail {

/// One sample in plain scalars.
template <class Scalar>
struct ScalarPack {
  using Value = Scalar;
  using Register = Scalar;
  static constexpr int width = 1;
  static Value load(const Scalar* p) { return *p; }
  static void store(Scalar* p, Value v) { *p = v; }
};

/// W = batch::size samples, one per lane, in aligned memory.
template <class Scalar, class Arch>
struct SimdPack {
  using Value = xsimd::batch<Scalar, Arch>;
  using Register = typename Value::register_type;  ///< the raw vector type
  static constexpr int width = static_cast<int>(Value::size);
  static Value load(const Scalar* p) { return Value::load_aligned(p); }
  static void store(Scalar* p, Value v) { v.store_aligned(p); }
};

/// `select` for plain bools (xsimd 8.1 has it only for batches).
template <class T>
T select(bool cond, T a, T b) {
  return cond ? a : b;
}
template <class T, class A>
xsimd::batch<T, A> select(const xsimd::batch_bool<T, A>& cond, const xsimd::batch<T, A>& a,
                          const xsimd::batch<T, A>& b) {
  return xsimd::select(cond, a, b);
}

/// w = m * 2^e with m in [0.5, 1): m returned, e added to `e` (plain scalars).
template <class Scalar>
Scalar split_exponent(Scalar w, Scalar& e) {
  int ex = 0;
  const Scalar m = std::frexp(w, &ex);
  e += static_cast<Scalar>(ex);
  return m;
}
/**
 * The same split in SIMD for the values the objective needs, w >= 0.5 (normal) or +infinity:
 * m takes w's mantissa bits with the exponent of 0.5, e gains the unbiased exponent + 1, as
 * std::frexp gives them; infinity passes through with e unchanged (glibc's frexp gives 0).
 * Bit operations instead of xsimd::frexp, which also handles zeros and subnormals, at 3x the cost.
 */
template <class T, class A>
xsimd::batch<T, A> split_exponent(const xsimd::batch<T, A>& w, xsimd::batch<T, A>& e) {
  using B = xsimd::batch<T, A>;
  using I = xsimd::batch<xsimd::as_integer_t<T>, A>;
  constexpr int mantissa_bits = std::numeric_limits<T>::digits - 1;  // 23 or 52
  constexpr int bias = std::numeric_limits<T>::max_exponent - 2;     // 126 or 1022: exponent of 0.5 is -1
  const I bits = xsimd::bitwise_cast<I>(w);
  const I mantissa_mask((xsimd::as_integer_t<T>(1) << mantissa_bits) - 1);
  const B m = xsimd::bitwise_cast<B>((bits & mantissa_mask) | xsimd::bitwise_cast<I>(B(T(0.5))));
  const auto finite = xsimd::isfinite(w);
  e += xsimd::select(finite, xsimd::batch_cast<T>((bits >> mantissa_bits) - I(bias)), B(T(0)));
  return xsimd::select(finite, m, w);
}

/// Pointers into the state of one sample or one lane group (see the file comment).
template <class Scalar>
struct WmmseView {
  int k = 0;
  std::ptrdiff_t stride = 1;
  Scalar* h2 = nullptr;     ///< K*K: H(i, j)^2 in row blocks (see `RowBlocks`)
  Scalar* hd = nullptr;     ///< K: H(k, k)
  Scalar* alpha = nullptr;  ///< K: weights
  Scalar* noise = nullptr;  ///< K: sigma_k^2
  Scalar* vmax = nullptr;   ///< K: sqrt(Pmax_k)
  Scalar* v = nullptr;      ///< K: transmit amplitudes
  Scalar* u = nullptr;      ///< K: receiver gains
  Scalar* w = nullptr;      ///< K: MSE weights
  Scalar* p = nullptr;      ///< K: scratch, v^2
  Scalar* den = nullptr;    ///< K: denominators of the next step 7, left by `refresh`
  Scalar* obj = nullptr;    ///< 1: weighted sum-rate of the current iterate
  Scalar* iters = nullptr;  ///< 1: v-updates done
  Scalar* fresh = nullptr;  ///< 1: 1 for a lane just loaded with v^0 (its next pass runs steps 2-3 only), else 0
  Scalar* scratch = nullptr;  ///< K contiguous values for set-up (not per lane)
  bool equal_weights = false;  ///< all alpha_k equal: the objective needs one log2, not K

  [[nodiscard]] WmmseView lane(int l) const {
    WmmseView s = *this;
    for (Scalar** f : {&s.h2, &s.hd, &s.alpha, &s.noise, &s.vmax, &s.v, &s.u, &s.w, &s.p, &s.den, &s.obj, &s.iters, &s.fresh})
      *f += l;
    return s;
  }
};

/// K users: the compile-time K, or the view's when K is Dynamic.
template <int K, class Scalar>
constexpr int users(const WmmseView<Scalar>& s) {
  if constexpr (K > 0) {
    return K;
  } else {
    return s.k;
  }
}

/**
 * The layout of the H^2 table: rows in blocks of 8, then one block each of 4, 2 and 1 rows for
 * the K mod 8 rest (as `refresh` takes them); a block of R rows starting at row f holds
 * H(i, j)^2 at item f*K + j*R + (i - f), so a pass over the block (j outer, its rows inner)
 * reads one contiguous stream, which the hardware prefetcher follows (eight rows K items apart
 * it did not: at K = 30 the pass waited on L2).
 */
struct RowBlocks {
  /// Calls f(first_row, rows) for every block, in ascending rows.
  template <class F>
  static void each(int k, F&& f) {
    int first = 0;
    for (; first + 8 <= k; first += 8) f(first, 8);
    for (int r = 4; r >= 1; r /= 2)
      if (((k - first) & r) != 0) f(first, r), first += r;
  }
  /// Writes the squares of rows [first, first + rows) of a row-major K x K sample, as one block.
  template <class Scalar>
  static void write_squares(Scalar* h2, int k, std::ptrdiff_t stride, const Scalar* h, int first, int rows) {
    Scalar* dst = h2 + static_cast<std::ptrdiff_t>(first) * k * stride;
    for (int j = 0; j < k; ++j)
      for (int r = 0; r < rows; ++r) {
        const Scalar x = h[static_cast<std::ptrdiff_t>(first + r) * k + j];
        dst[(static_cast<std::ptrdiff_t>(j) * rows + r) * stride] = x * x;
      }
  }
};

/**
 * Lanes just refilled whose H^2 rows `refresh` still has to write (at most `Capacity`). Writing
 * a lane's K^2 values (one per cache line of the lane-strided table) right before the pass
 * reads those lines costs far less than writing them at refill time, when at K = 30 most lines
 * have left L1.
 */
template <class Scalar, int Capacity>
struct PendingRows {
  int count = 0;
  int lane[Capacity] = {};
  const Scalar* h[Capacity] = {};  ///< the sample's K x K amplitudes, row-major

  void add(int l, const Scalar* amplitudes) {
    lane[count] = l;
    h[count] = amplitudes;
    ++count;
  }
  /// Writes the block of rows [first, first + rows) of every pending lane.
  void write(Scalar* h2, int k, std::ptrdiff_t stride, int first, int rows) const {
    for (int q = 0; q < count; ++q) RowBlocks::write_squares(h2 + lane[q], k, stride, h[q], first, rows);
  }
};

/**
 * Steps 8-9 of Fig. 2 and the objective, from the current v, in one pass over H^2:
 * \f[ u_k = \frac{H_{kk} v_k}{\sum_j H_{kj}^2 v_j^2 + \sigma_k^2},\quad
 *     w_k = \frac{1}{1 - u_k H_{kk} v_k},\quad \mathrm{obj} = \sum_k \alpha_k \log_2 w_k \f]
 * (log2 w_k = log2(1 + sinr_k), so obj is the weighted sum-rate, computed as the authors do),
 * and the denominators of the next step 7,
 * \f[ d_j = \sum_k c_k H_{kj}^2,\quad c_k = \alpha_k w_k u_k^2 , \f]
 * into `den`. Row k of H^2 gives den_u(k), hence u_k, w_k and c_k, and then adds c_k times
 * the same row to d: the table (K^2 values per lane, larger than L1 at K = 30 with 16 lanes)
 * is read from memory once per iteration instead of twice. Rows go eight at a time (then 4, 2,
 * 1 for the rest); every sum
 * runs over ascending indices in a fixed order, whatever the block size.
 */
template <class Pack, int K = Dynamic, class Scalar>
void refresh(const WmmseView<Scalar>& s, const PendingRows<Scalar, Pack::width>* pending = nullptr) {
  using V = typename Pack::Value;
  constexpr std::ptrdiff_t st = Pack::width;
  const int kk = users<K>(s);
  for (int j = 0; j < kk; ++j) {
    const V vj = Pack::load(s.v + j * st);
    Pack::store(s.p + j * st, vj * vj);  // p_j = v_j^2
    Pack::store(s.den + j * st, V(Scalar(0)));
  }
  V obj(Scalar(0));
  V mantissa(Scalar(1)), exponent(Scalar(0));
  // u_k, w_k and the objective term from den_u(k); returns c_k
  auto finish_row = [&](int k, V den) {
    const V hv = Pack::load(s.hd + k * st) * Pack::load(s.v + k * st);
    const V u = hv / den;  // u_k = H_kk v_k / den_k (den_k >= sigma_k^2 > 0)
    const V w = V(Scalar(1)) / (V(Scalar(1)) - u * hv);  // w_k = 1 / (1 - u_k H_kk v_k)
    Pack::store(s.u + k * st, u);
    Pack::store(s.w + k * st, w);
    if (s.equal_weights) {
      // prod_k w_k = mantissa * 2^exponent: each w_k split on its own (no serial dependency);
      // a product of 32 mantissas in [0.5, 1) stays above 2^-32, far from underflow.
      mantissa *= split_exponent(w, exponent);
      if ((k & 31) == 31) mantissa = split_exponent(mantissa, exponent);
    } else {
      obj = xsimd::fma(Pack::load(s.alpha + k * st), xsimd::log2(w), obj);  // obj += alpha_k log2 w_k
    }
    return Pack::load(s.alpha + k * st) * w * u * u;  // c_k = alpha_k w_k u_k^2
  };
  // R rows at once: R independent FMA chains hide the FMA latency, and each p_j (d_j) load
  // serves R FMAs
  auto rows = [&]<int R>(std::integral_constant<int, R>, int k) {
    // plain register arrays: GCC keeps these in registers, arrays of xsimd batches it spills
    using Reg = typename Pack::Register;
    Reg a[R], c[R];
    if (pending) pending->write(s.h2, kk, st, k, R);
    const Scalar* m = s.h2 + static_cast<std::ptrdiff_t>(k) * kk * st;  // the block: H(k + r, j)^2 at m[(j*R + r)*st]
    for (int r = 0; r < R; ++r) a[r] = Pack::load(s.noise + (k + r) * st);
    for (int j = 0; j < kk; ++j) {  // den_u(k) = sigma_k^2 + sum_j H_kj^2 p_j
      const V pj = Pack::load(s.p + j * st);
      for (int r = 0; r < R; ++r) a[r] = xsimd::fma(Pack::load(m + (j * R + r) * st), pj, V(a[r]));
    }
    for (int r = 0; r < R; ++r) c[r] = finish_row(k + r, V(a[r]));
    for (int j = 0; j < kk; ++j) {  // d_j += c_k H_kj^2 for the R rows, in ascending k
      V d = Pack::load(s.den + j * st);
      for (int r = 0; r < R; ++r) d = xsimd::fma(Pack::load(m + (j * R + r) * st), V(c[r]), d);
      Pack::store(s.den + j * st, d);
    }
  };
  int k = 0;
  for (; k + 8 <= kk; k += 8) rows(std::integral_constant<int, 8>{}, k);
  auto tail = [&]<int R>(std::integral_constant<int, R> r) {  // the K mod 8 rows left: 4, 2, 1
    if constexpr (K > 0) {
      if constexpr ((K % 8 & R) != 0) rows(r, k), k += R;
    } else if (((kk - k) & R) != 0) {
      rows(r, k), k += R;
    }
  };
  tail(std::integral_constant<int, 4>{});
  tail(std::integral_constant<int, 2>{});
  tail(std::integral_constant<int, 1>{});
  if (s.equal_weights)  // alpha sum_k log2 w_k = alpha log2 prod_k w_k: one log2 instead of K
    obj = Pack::load(s.alpha) * (xsimd::log2(mantissa) + exponent);
  Pack::store(s.obj, obj);
}

/**
 * Step 7 of Fig. 2, with the denominators that the last `refresh` left in `den`:
 * \f[ v_k = \left[\frac{\alpha_k w_k u_k H_{kk}}{\sum_j \alpha_j w_j u_j^2 H_{jk}^2}\right]_0^{\sqrt{P_k}} \f]
 * (a user with no link at all, denominator 0, gets v_k = 0).
 */
template <class Pack, int K = Dynamic, class Scalar>
void update_v(const WmmseView<Scalar>& s) {
  using V = typename Pack::Value;
  constexpr std::ptrdiff_t st = Pack::width;
  const int kk = users<K>(s);
  const auto fresh = Pack::load(s.fresh) != V(Scalar(0));
  for (int k = 0; k < kk; ++k) {
    const V num = Pack::load(s.alpha + k * st) * Pack::load(s.w + k * st) * Pack::load(s.u + k * st) *
                  Pack::load(s.hd + k * st);
    const V den = Pack::load(s.den + k * st);
    const V ratio = detail::select(den > V(Scalar(0)), num / den, V(Scalar(0)));
    const V v = xsimd::min(xsimd::max(ratio, V(Scalar(0))), Pack::load(s.vmax + k * st));
    Pack::store(s.v + k * st, detail::select(fresh, Pack::load(s.v + k * st), v));  // fresh lanes keep v^0
  }
}

/**
 * One iteration (steps 6-9) and the stopping test; returns whether each sample is done.
 * A fresh lane (just loaded with v^0) instead runs steps 2-3 and the first objective: it keeps
 * v, counts no iteration and is never done.
 */
template <class Pack, int K = Dynamic, class Scalar, class Stop>
auto iterate(const WmmseView<Scalar>& s, const Stop& stop, const PendingRows<Scalar, Pack::width>* pending = nullptr) {
  using V = typename Pack::Value;
  const V old = Pack::load(s.obj);
  const auto fresh = Pack::load(s.fresh) != V(Scalar(0));
  update_v<Pack, K>(s);  // reads no H^2: pending lanes are fresh and keep their v
  refresh<Pack, K>(s, pending);
  const V iters = detail::select(fresh, Pack::load(s.iters), Pack::load(s.iters) + V(Scalar(1)));
  Pack::store(s.iters, iters);
  Pack::store(s.fresh, V(Scalar(0)));
  return stop.done(Pack::load(s.obj) - old, iters) && !fresh;
}

}  // namespace l2o::detail
