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

#include <xsimd/xsimd.hpp>

#include "l2o/core/float_env.hpp"
#include "l2o/core/extent.hpp"

namespace l2o::detail {

/// One sample in plain scalars.
template <class Scalar>
struct ScalarPack {
  using Value = Scalar;
  static constexpr int width = 1;
  static Value load(const Scalar* p) { return *p; }
  static void store(Scalar* p, Value v) { *p = v; }
};

/// W = batch::size samples, one per lane, in aligned memory.
template <class Scalar, class Arch>
struct SimdPack {
  using Value = xsimd::batch<Scalar, Arch>;
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
template <class T, class A>
xsimd::batch<T, A> split_exponent(const xsimd::batch<T, A>& w, xsimd::batch<T, A>& e) {
  xsimd::batch<xsimd::as_integer_t<T>, A> ex;
  const auto m = xsimd::frexp(w, ex);
  e += xsimd::batch_cast<T>(ex);
  return m;
}

/// Pointers into the state of one sample or one lane group (see the file comment).
template <class Scalar>
struct WmmseView {
  int k = 0;
  std::ptrdiff_t stride = 1;
  Scalar* h2 = nullptr;     ///< K*K: H(i, j)^2, row-major
  Scalar* hd = nullptr;     ///< K: H(k, k)
  Scalar* alpha = nullptr;  ///< K: weights
  Scalar* noise = nullptr;  ///< K: sigma_k^2
  Scalar* vmax = nullptr;   ///< K: sqrt(Pmax_k)
  Scalar* v = nullptr;      ///< K: transmit amplitudes
  Scalar* u = nullptr;      ///< K: receiver gains
  Scalar* w = nullptr;      ///< K: MSE weights
  Scalar* p = nullptr;      ///< K: scratch, v^2 or alpha w u^2
  Scalar* den = nullptr;    ///< K: scratch, denominators
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
 * out_k = init_k + sum_j m(k, j) x_j over the K x K table m (row-major, lane-strided), or over
 * its transpose when `Columns`: m(k, j) at m[(k*rs + j*cs) * stride], summed over
 * ascending j; four rows at a time so each x_j load serves four FMAs. The stride is the pack
 * width (the view's stride must equal it); with a compile-time K the loops have fixed trip counts.
 */
template <class Pack, int K, bool Columns, class Scalar>
void matvec(const WmmseView<Scalar>& s, const Scalar* m, const Scalar* x, const Scalar* init, Scalar* out) {
  using V = typename Pack::Value;
  const int k = users<K>(s);
  constexpr std::ptrdiff_t st = Pack::width;
  const int rs = Columns ? 1 : k;
  const int cs = Columns ? k : 1;
  int row = 0;
  for (; row + 4 <= k; row += 4) {
    V a0 = Pack::load(init + (row + 0) * st), a1 = Pack::load(init + (row + 1) * st);
    V a2 = Pack::load(init + (row + 2) * st), a3 = Pack::load(init + (row + 3) * st);
    for (int j = 0; j < k; ++j) {
      const V xj = Pack::load(x + j * st);
      const Scalar* mj = m + static_cast<std::ptrdiff_t>(j) * cs * st;
      a0 = xsimd::fma(Pack::load(mj + (row + 0) * rs * st), xj, a0);
      a1 = xsimd::fma(Pack::load(mj + (row + 1) * rs * st), xj, a1);
      a2 = xsimd::fma(Pack::load(mj + (row + 2) * rs * st), xj, a2);
      a3 = xsimd::fma(Pack::load(mj + (row + 3) * rs * st), xj, a3);
    }
    Pack::store(out + (row + 0) * st, a0);
    Pack::store(out + (row + 1) * st, a1);
    Pack::store(out + (row + 2) * st, a2);
    Pack::store(out + (row + 3) * st, a3);
  }
  for (; row < k; ++row) {
    V a = Pack::load(init + row * st);
    for (int j = 0; j < k; ++j)
      a = xsimd::fma(Pack::load(m + (static_cast<std::ptrdiff_t>(row) * rs + static_cast<std::ptrdiff_t>(j) * cs) * st),
                     Pack::load(x + j * st), a);
    Pack::store(out + row * st, a);
  }
}

/**
 * Steps 8-9 of Fig. 2 and the objective, from the current v:
 * \f[ u_k = \frac{H_{kk} v_k}{\sum_j H_{kj}^2 v_j^2 + \sigma_k^2},\quad
 *     w_k = \frac{1}{1 - u_k H_{kk} v_k},\quad \mathrm{obj} = \sum_k \alpha_k \log_2 w_k \f]
 * (log2 w_k = log2(1 + sinr_k), so obj is the weighted sum-rate, computed as the authors do).
 */
template <class Pack, int K = Dynamic, class Scalar>
void refresh(const WmmseView<Scalar>& s) {
  using V = typename Pack::Value;
  constexpr std::ptrdiff_t st = Pack::width;
  const int kk = users<K>(s);
  for (int j = 0; j < kk; ++j) {
    const V vj = Pack::load(s.v + j * st);
    Pack::store(s.p + j * st, vj * vj);  // p_j = v_j^2
  }
  matvec<Pack, K, false>(s, s.h2, s.p, s.noise, s.den);  // den_k = sigma_k^2 + sum_j H_kj^2 p_j
  V obj(Scalar(0));
  V mantissa(Scalar(1)), exponent(Scalar(0));
  for (int k = 0; k < kk; ++k) {
    const V hv = Pack::load(s.hd + k * st) * Pack::load(s.v + k * st);
    const V den = Pack::load(s.den + k * st);
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
  }
  if (s.equal_weights)  // alpha sum_k log2 w_k = alpha log2 prod_k w_k: one log2 instead of K
    obj = Pack::load(s.alpha) * (xsimd::log2(mantissa) + exponent);
  Pack::store(s.obj, obj);
}

/**
 * Step 7 of Fig. 2:
 * \f[ v_k = \left[\frac{\alpha_k w_k u_k H_{kk}}{\sum_j \alpha_j w_j u_j^2 H_{jk}^2}\right]_0^{\sqrt{P_k}} \f]
 * (a user with no link at all, denominator 0, gets v_k = 0).
 */
template <class Pack, int K = Dynamic, class Scalar>
void update_v(const WmmseView<Scalar>& s) {
  using V = typename Pack::Value;
  constexpr std::ptrdiff_t st = Pack::width;
  const int kk = users<K>(s);
  const auto fresh = Pack::load(s.fresh) != V(Scalar(0));
  for (int j = 0; j < kk; ++j) {
    const V awu = Pack::load(s.alpha + j * st) * Pack::load(s.w + j * st) * Pack::load(s.u + j * st);
    Pack::store(s.p + j * st, awu * Pack::load(s.u + j * st));  // c_j = alpha_j w_j u_j^2
  }
  // den_k = sum_j c_j H_jk^2: column k of H^2, i.e. rows of the transpose
  for (int k = 0; k < kk; ++k) Pack::store(s.den + k * st, V(Scalar(0)));
  matvec<Pack, K, true>(s, s.h2, s.p, s.den, s.den);
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
auto iterate(const WmmseView<Scalar>& s, const Stop& stop) {
  using V = typename Pack::Value;
  const V old = Pack::load(s.obj);
  const auto fresh = Pack::load(s.fresh) != V(Scalar(0));
  update_v<Pack, K>(s);
  refresh<Pack, K>(s);
  const V iters = detail::select(fresh, Pack::load(s.iters), Pack::load(s.iters) + V(Scalar(1)));
  Pack::store(s.iters, iters);
  Pack::store(s.fresh, V(Scalar(0)));
  return stop.done(Pack::load(s.obj) - old, iters) && !fresh;
}

}  // namespace l2o::detail
