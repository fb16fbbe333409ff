#pragma once
/**
 * @file
 * The matrix product of the network's layers, C = A B (+ bias per row), with both operands
 * packed into SIMD-friendly panels and a register-blocked micro-kernel: the design of the
 * BLIS-type GEMMs (Goto & van de Geijn), written for the shapes of `Mlp` (a few hundred rows,
 * columns = observations) and for l2o's SIMD architecture.
 *
 * Why not Eigen's product: on the paper's shapes Eigen 3.4's GEMM ran at 60-65 % of the FMA
 * peak of the AVX-512 machine of docs/performance.md; this one packs A once per product, keeps
 * a B panel in L1 while every row block passes over it, adds the bias in the accumulators'
 * start values and hands each finished column panel, still in cache, to an epilogue (the
 * activation): 5-15 % faster on the forward products and W^T delta, 5-10 % slower on dL/dW.
 *
 * Results: every entry of C is one sum over p in ascending order in blocks of `kc` (the
 * accumulators start from the bias, or from C's value after the previous depth block), so the
 * result does not depend on the thread count or on where a column falls in a panel.
 */

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "l2o/core/parallel.hpp"
#include "l2o/core/simd.hpp"

namespace l2o::nn {

/// A read-only strided matrix: element (i, j) at data[i * row_stride + j * col_stride].
template <class Scalar>
struct StridedMatrix {
  const Scalar* data = nullptr;
  std::ptrdiff_t rows = 0, cols = 0;
  std::ptrdiff_t row_stride = 1, col_stride = 0;
  [[nodiscard]] Scalar operator()(std::ptrdiff_t i, std::ptrdiff_t j) const { return data[i * row_stride + j * col_stride]; }
  /// The transpose (no copy).
  [[nodiscard]] StridedMatrix transposed() const { return {data, cols, rows, col_stride, row_stride}; }
};

/// A column-major matrix's view: `rows` x `cols`, leading dimension `ld`.
template <class Scalar>
StridedMatrix<Scalar> column_major(const Scalar* data, std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t ld) {
  return {data, rows, cols, 1, ld};
}

namespace detail {

/// Aligned scratch that grows and never shrinks (one per product call site and thread).
template <class Scalar>
class PackBuffer {
 public:
  Scalar* get(std::size_t n) {
    if (n > size_) {
      store_.assign(n + 64 / sizeof(Scalar), Scalar(0));
      size_ = n;
    }
    auto at = reinterpret_cast<std::uintptr_t>(store_.data());
    return store_.data() + ((64 - at % 64) % 64) / sizeof(Scalar);
  }

 private:
  std::vector<Scalar> store_;
  std::size_t size_ = 0;
};

}  // namespace detail

/**
 * C (m x n, column-major, leading dimension ldc) = A B + bias, in blocks of `kc` of the depth.
 * @tparam Arch the SIMD architecture (l2o's by default).
 * Register block: `mr` = 2 SIMD vectors of rows (32 floats with AVX-512) by `nr` columns
 * (12 with 32 vector registers, else 6); rows left over go through a 1-vector block.
 */
template <class Scalar, class Arch = simd_arch>
class Gemm {
 public:
  using V = xsimd::batch<Scalar, Arch>;
  using Reg = typename V::register_type;
  static constexpr int width = static_cast<int>(V::size);
  static constexpr int mr = 2 * width;
  static constexpr int nr = sizeof(Reg) >= 64 ? 12 : 6;
  static constexpr std::ptrdiff_t kc = 256;  ///< depth per block: a packed B panel of kc x nr stays in L1

  /**
   * C = A B (+ bias(i) on row i when bias is non-null); then `epilogue(first_col, cols)` on
   * each finished panel of C's columns (e.g. the activation), by the thread that computed it.
   * `threads` workers take contiguous ranges of column panels.
   */
  template <class Epilogue>
  void multiply(const StridedMatrix<Scalar>& a, const StridedMatrix<Scalar>& b, const Scalar* bias, Scalar* c,
                std::ptrdiff_t ldc, int threads, Epilogue&& epilogue) {
    const std::ptrdiff_t m = a.rows, n = b.cols, k = a.cols;
    if (m == 0 || n == 0) return;
    const std::ptrdiff_t mp = padded_rows(m);
    Scalar* ap = a_pack_.get(static_cast<std::size_t>(mp * std::max<std::ptrdiff_t>(k, 1) + mp));
    pack_a(a, ap);
    Scalar* bias_p = ap + mp * k;  // the bias, zero-padded to mp rows
    for (std::ptrdiff_t i = 0; i < mp; ++i) bias_p[i] = bias != nullptr && i < m ? bias[i] : Scalar(0);
    const std::ptrdiff_t panels = (n + nr - 1) / nr;
    const int t_count = static_cast<int>(std::clamp<std::ptrdiff_t>(threads, 1, panels));
    if (static_cast<int>(b_pack_.size()) < t_count) b_pack_.resize(static_cast<std::size_t>(t_count));
    const std::ptrdiff_t depth_end = std::max<std::ptrdiff_t>(k, 1);  // one (empty) block when k = 0
    parallel_blocks(t_count, t_count, [&](Index t_begin, Index t_end) {
      for (Index t = t_begin; t < t_end; ++t) {
        const std::ptrdiff_t first = panels * t / t_count, last = panels * (t + 1) / t_count;
        auto& buffer = b_pack_[static_cast<std::size_t>(t)];
        if (b.row_stride == 1) {
          // B's columns contiguous (activations, dL/dz): panels outermost, each read in place,
          // finished and handed to the epilogue while in cache
          Scalar* bp = buffer.get(static_cast<std::size_t>(kc * nr));
          for (std::ptrdiff_t q = first; q < last; ++q) {
            const std::ptrdiff_t j0 = q * nr, nc = std::min<std::ptrdiff_t>(nr, n - j0);
            for (std::ptrdiff_t p0 = 0; p0 < depth_end; p0 += kc) {
              const std::ptrdiff_t pc = std::min(kc, k - p0);
              Operand bo{b.data + p0 + j0 * b.col_stride, 1, b.col_stride};
              if (nc < nr) bo = pack_panel(b, bp, p0, pc, j0, nc);
              row_blocks(ap, bias_p, bo, p0, pc, j0, nc, c, ldc, m, k);
            }
            epilogue(j0, nc);
          }
        } else {
          // B's rows contiguous (the transposed activations of dL/dW, 3.6 MB at K = 30): copy
          // each depth block for all of this thread's panels at once, reading B's rows in
          // order (copied panel by panel instead, the product ran about 10 % slower)
          Scalar* bp = buffer.get(static_cast<std::size_t>(kc * nr * (last - first)));
          for (std::ptrdiff_t p0 = 0; p0 < depth_end; p0 += kc) {
            const std::ptrdiff_t pc = std::min(kc, k - p0);
            pack_rows(b, bp, p0, pc, first, last, n);
            for (std::ptrdiff_t q = first; q < last; ++q) {
              const std::ptrdiff_t j0 = q * nr, nc = std::min<std::ptrdiff_t>(nr, n - j0);
              row_blocks(ap, bias_p, Operand{bp + (q - first) * pc * nr, nr, 1}, p0, pc, j0, nc, c, ldc, m, k);
              if (p0 + kc >= k) epilogue(j0, nc);
            }
          }
        }
      }
    });
  }

  /// Rows of the packed A: m rounded up to mr blocks, with a last 1-vector block where it fits.
  static std::ptrdiff_t padded_rows(std::ptrdiff_t m) {
    const std::ptrdiff_t full = m / mr * mr, rest = m - full;
    return full + (rest == 0 ? 0 : rest <= width ? width : mr);
  }

 private:
  // Packed A: row blocks of mr (the last one: width or mr), each stored p-major over the whole
  // depth (block rows contiguous for each p), zero-padded below row m.
  void pack_a(const StridedMatrix<Scalar>& a, Scalar* ap) const {
    const std::ptrdiff_t m = a.rows, k = a.cols;
    std::ptrdiff_t i0 = 0;
    Scalar* out = ap;
    while (i0 < m) {
      const std::ptrdiff_t rb = block_rows(m, i0), valid = std::min(rb, m - i0);
      for (std::ptrdiff_t p = 0; p < k; ++p) {
        if (a.row_stride == 1 && valid == mr) {  // column-major A: a fixed-size copy
          const Scalar* src = a.data + i0 + p * a.col_stride;
          for (int r = 0; r < mr; ++r) out[r] = src[r];
        } else if (a.row_stride == 1) {
          std::copy_n(a.data + i0 + p * a.col_stride, valid, out);
        } else {
          for (std::ptrdiff_t r = 0; r < valid; ++r) out[r] = a(i0 + r, p);
        }
        std::fill(out + valid, out + rb, Scalar(0));
        out += rb;
      }
      i0 += rb;
    }
  }
  static std::ptrdiff_t block_rows(std::ptrdiff_t m, std::ptrdiff_t i0) { return m - i0 > width ? mr : width; }

  struct Operand {  // B(p, j) at data[p * p_stride + j * j_stride]
    const Scalar* data;
    std::ptrdiff_t p_stride, j_stride;
  };

  // The panel of B's columns [j0, j0 + nc), depth [p0, p0 + pc), copied p-major (nr values
  // per p, zero-padded past column nc).
  static Operand pack_panel(const StridedMatrix<Scalar>& b, Scalar* bp, std::ptrdiff_t p0, std::ptrdiff_t pc,
                            std::ptrdiff_t j0, std::ptrdiff_t nc) {
    for (std::ptrdiff_t p = 0; p < pc; ++p) {
      Scalar* row = bp + p * nr;
      for (std::ptrdiff_t j = 0; j < nc; ++j) row[j] = b(p0 + p, j0 + j);
      std::fill(row + nc, row + nr, Scalar(0));
    }
    return {bp, nr, 1};
  }

  // Depth [p0, p0 + pc) of panels [first, last), panel q at bp + (q - first) * pc * nr, each
  // p-major as in pack_panel; B is read row by row.
  static void pack_rows(const StridedMatrix<Scalar>& b, Scalar* bp, std::ptrdiff_t p0, std::ptrdiff_t pc,
                        std::ptrdiff_t first, std::ptrdiff_t last, std::ptrdiff_t n) {
    for (std::ptrdiff_t p = 0; p < pc; ++p) {
      const Scalar* src = b.data + (p0 + p) * b.row_stride;
      for (std::ptrdiff_t q = first; q < last; ++q) {
        Scalar* row = bp + ((q - first) * pc + p) * nr;
        const std::ptrdiff_t j0 = q * nr, nc = std::min<std::ptrdiff_t>(nr, n - j0);
        if (nc == nr && b.col_stride == 1) {
          for (int j = 0; j < nr; ++j) row[j] = src[j0 + j];  // fixed size: no call per row
        } else {
          for (std::ptrdiff_t j = 0; j < nc; ++j) row[j] = src[(j0 + j) * b.col_stride];
          std::fill(row + nc, row + nr, Scalar(0));
        }
      }
    }
  }

  // C's columns [j0, j0 + nc), every row block, depth [p0, p0 + pc) of A against bo.
  void row_blocks(const Scalar* ap, const Scalar* bias_p, const Operand& bo, std::ptrdiff_t p0, std::ptrdiff_t pc,
                  std::ptrdiff_t j0, std::ptrdiff_t nc, Scalar* c, std::ptrdiff_t ldc, std::ptrdiff_t m,
                  std::ptrdiff_t k) const {
    std::ptrdiff_t i0 = 0;
    const Scalar* ablock = ap;
    while (i0 < m) {
      const std::ptrdiff_t rb = block_rows(m, i0);
      const Tile tile{ablock + p0 * rb, bo, pc, p0 == 0 ? bias_p + i0 : nullptr, c + j0 * ldc + i0, ldc,
                      std::min(rb, m - i0), nc};
      if (rb == mr) run<2>(tile);
      else run<1>(tile);
      ablock += rb * k;
      i0 += rb;
    }
  }

  struct Tile {
    const Scalar* a;     // packed: rows of the block for each p
    Operand b;
    std::ptrdiff_t depth;
    const Scalar* bias;  // start values (bias rows), or null: start from C
    Scalar* c;
    std::ptrdiff_t ldc;
    std::ptrdiff_t rows, cols;  // valid part of the tile
  };

  template <int MV>
  static void run(const Tile& t) {
    if (t.rows == MV * width && t.cols == nr) {
      kernel<MV>(t, t.c, t.ldc);
      return;
    }
    // partial tile: through a full-size scratch tile
    alignas(64) Scalar tmp[MV * width * nr];
    if (t.bias == nullptr)
      for (std::ptrdiff_t j = 0; j < t.cols; ++j)
        for (std::ptrdiff_t i = 0; i < t.rows; ++i) tmp[j * MV * width + i] = t.c[j * t.ldc + i];
    kernel<MV>(t, tmp, MV * width);
    for (std::ptrdiff_t j = 0; j < t.cols; ++j)
      for (std::ptrdiff_t i = 0; i < t.rows; ++i) t.c[j * t.ldc + i] = tmp[j * MV * width + i];
  }

  template <int MV>
  static void kernel(const Tile& t, Scalar* c, std::ptrdiff_t ldc) {
    if (t.b.j_stride == 1) kernel<MV, true>(t, c, ldc);
    else kernel<MV, false>(t, c, ldc);
  }

  // The register block: MV vectors x nr columns of accumulators. B's nr values for one p are
  // contiguous (RowB: one pointer) or in nr columns each contiguous in p (nr pointers).
  template <int MV, bool RowB>
  static void kernel(const Tile& t, Scalar* c, std::ptrdiff_t ldc) {
    Reg acc[MV][nr];
    if (t.bias != nullptr) {
      for (int v = 0; v < MV; ++v) {
        const Reg start = V::load_aligned(t.bias + v * width);
        for (int j = 0; j < nr; ++j) acc[v][j] = start;
      }
    } else {
#pragma GCC unroll 16
      for (int j = 0; j < nr; ++j)
        for (int v = 0; v < MV; ++v) acc[v][j] = V::load_unaligned(c + j * ldc + v * width);
    }
    const Scalar* a = t.a;
    if constexpr (RowB) {
      const Scalar* b = t.b.data;
      for (std::ptrdiff_t p = 0; p < t.depth; ++p, a += MV * width, b += t.b.p_stride) {
        __builtin_prefetch(a + 8 * MV * width, 0, 3);
        V av[MV];
        for (int v = 0; v < MV; ++v) av[v] = V::load_aligned(a + v * width);
#pragma GCC unroll 16
        for (int j = 0; j < nr; ++j) {
          const V bj(b[j]);
          for (int v = 0; v < MV; ++v) acc[v][j] = xsimd::fma(av[v], bj, V(acc[v][j]));
        }
      }
    } else {  // p_stride == 1: column j at q[j / 3] + (j % 3) * s, which x86 addresses as
              // base + index * 4 with nr / 3 bases and two indices (s, 2s), no spilled offsets
      static_assert(nr % 3 == 0);
      const std::ptrdiff_t s = t.b.j_stride, s2 = 2 * s;
      const Scalar* q[nr / 3];
      for (int g = 0; g < nr / 3; ++g) q[g] = t.b.data + 3 * g * s;
      for (std::ptrdiff_t p = 0; p < t.depth; ++p, a += MV * width) {
        __builtin_prefetch(a + 8 * MV * width, 0, 3);  // A streams from L2: 8 steps ahead (+3-4 %)
        V av[MV];
        for (int v = 0; v < MV; ++v) av[v] = V::load_aligned(a + v * width);
#pragma GCC unroll 16
        for (int j = 0; j < nr; ++j) {
          const Scalar* col = q[j / 3];
          const V bj(j % 3 == 0 ? col[p] : j % 3 == 1 ? col[p + s] : col[p + s2]);
          for (int v = 0; v < MV; ++v) acc[v][j] = xsimd::fma(av[v], bj, V(acc[v][j]));
        }
      }
    }
#pragma GCC unroll 16
    for (int j = 0; j < nr; ++j)
      for (int v = 0; v < MV; ++v) V(acc[v][j]).store_unaligned(c + j * ldc + v * width);
  }

  detail::PackBuffer<Scalar> a_pack_;
  std::vector<detail::PackBuffer<Scalar>> b_pack_;
};

}  // namespace l2o::nn
