#pragma once
/**
 * @file
 * One observation through one layer, y = W x + b, for the batch-1 path of `Mlp`, skipping the
 * columns of W whose input is zero.
 *
 * At batch 1 the time goes into reading W (the paper's K = 30 network holds 1.06 MB of float
 * weights, more than L1 and about half of L2), not into arithmetic. After a ReLU about half of
 * a hidden layer's inputs are exactly zero, and their columns of W need not be read at all:
 * y_i = b_i + sum over j with x_j != 0 of W_ij x_j, in ascending j, is the same sum with the
 * zero terms left out (only the sign of a zero result can differ).
 */

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "l2o/core/simd.hpp"

namespace l2o::nn {

template <class Scalar, class Arch = simd_arch>
class SkipZerosGemv {
 public:
  using V = xsimd::batch<Scalar, Arch>;
  using Reg = typename V::register_type;
  static constexpr int width = static_cast<int>(V::size);
  /// Vectors of rows kept in registers per pass over the inputs: with AVX-512's 32 registers
  /// the paper's 200 rows (13 vectors) take one pass over each column of W.
  static constexpr int block = sizeof(Reg) >= 64 ? 16 : 8;

  /// y (m) = W x + b with W m x k column-major (leading dimension ldw); x has k entries.
  void operator()(const Scalar* w, std::ptrdiff_t m, std::ptrdiff_t k, std::ptrdiff_t ldw, const Scalar* x,
                  const Scalar* b, Scalar* y) {
    nonzero_.clear();
    nonzero_.reserve(static_cast<std::size_t>(k));  // so no call after the first allocates
    for (std::ptrdiff_t j = 0; j < k; ++j)
      if (x[j] != Scalar(0)) nonzero_.push_back(j);
    if (m < width) {  // too few rows for one vector: rows inner, so that no chain is serial
      Scalar acc[width];
      std::copy_n(b, m, acc);
      for (std::ptrdiff_t j : nonzero_) {
        const Scalar* col = w + j * ldw;
        for (std::ptrdiff_t i = 0; i < m; ++i) acc[i] = std::fma(col[i], x[j], acc[i]);
      }
      std::copy_n(acc, m, y);
      return;
    }
    // vectors of rows at 0, width, 2 width, ... and, if m is not a multiple, one more ending at
    // row m (overlapping the one before: its rows get the same value twice)
    const std::ptrdiff_t vectors = (m + width - 1) / width;
    for (std::ptrdiff_t v0 = 0; v0 < vectors; v0 += block) {
      const int n = static_cast<int>(std::min<std::ptrdiff_t>(block, vectors - v0));
      dispatch(n, [&]<int N>() { rows<N>(w, m, ldw, x, b, y, v0, vectors); });
    }
  }

 private:
  template <int N = 1, class F>
  static void dispatch(int n, F&& f) {  // f.operator()<n>() for n in [1, block]
    if constexpr (N < block) {
      if (n != N) return dispatch<N + 1>(n, f);
    }
    f.template operator()<N>();
  }

  static std::ptrdiff_t row_of(std::ptrdiff_t v, std::ptrdiff_t vectors, std::ptrdiff_t m) {
    return v + 1 == vectors ? m - width : v * width;
  }

  template <int N>
  void rows(const Scalar* w, std::ptrdiff_t m, std::ptrdiff_t ldw, const Scalar* x, const Scalar* b, Scalar* y,
            std::ptrdiff_t v0, std::ptrdiff_t vectors) const {
    std::ptrdiff_t at[N];
    Reg acc[N];
    for (int v = 0; v < N; ++v) {
      at[v] = row_of(v0 + v, vectors, m);
      acc[v] = V::load_unaligned(b + at[v]);
    }
    for (std::ptrdiff_t j : nonzero_) {
      const V xj(x[j]);
      const Scalar* col = w + j * ldw;
      for (int v = 0; v < N; ++v) acc[v] = xsimd::fma(V::load_unaligned(col + at[v]), xj, V(acc[v]));
    }
    for (int v = 0; v < N; ++v) V(acc[v]).store_unaligned(y + at[v]);
  }

  std::vector<std::ptrdiff_t> nonzero_;
};

}  // namespace l2o::nn
