#pragma once
/// @file
/// Subnormal floating-point numbers flushed to zero for the lifetime of a guard object.

#if defined(__x86_64__) || defined(__SSE__)
#include <xmmintrin.h>
#define L2O_HAVE_MXCSR 1
#endif

namespace l2o::detail {

/**
 * While alive, the calling thread treats subnormal inputs as zero and flushes subnormal results
 * to zero (x86 MXCSR DAZ and FTZ); the previous mode is restored on destruction.
 *
 * Why: WMMSE drives the powers of users it switches off geometrically towards 0, so in float
 * their v_k become subnormal (below 1.2e-38) after some tens of iterations (on the IMAC, with
 * its wide dynamic range, even in double), and on Intel cores every operation on a subnormal
 * costs a microcode assist of ~100 cycles: the float solvers ran 2-10x slower than the double
 * ones, and the IMAC solvers 2-5x slower than they need to. Flushing changes only values below 1.2e-38 (float) or
 * 2.2e-308 (double), far below any power or rate that matters. Elsewhere than x86 it does
 * nothing.
 */
class FlushSubnormals {
 public:
#ifdef L2O_HAVE_MXCSR
  FlushSubnormals() noexcept : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }  // FTZ (bit 15), DAZ (bit 6)
  ~FlushSubnormals() { _mm_setcsr(saved_); }
#else
  FlushSubnormals() noexcept = default;
#endif
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;

 private:
#ifdef L2O_HAVE_MXCSR
  unsigned saved_;
#endif
};

}  // namespace l2o::detail
