#pragma once
/**
 * @file
 * The SIMD architecture l2o's batched kernels use.
 *
 * xsimd 8.1's `default_arch` ranks `fma3<avx2>` above the AVX-512 architectures, so on an
 * AVX-512 machine it picks 256-bit registers. `l2o::simd_arch` takes AVX-512 whenever the
 * compiler targets it (e.g. -march=native on an AVX-512 CPU), else xsimd's default.
 */

#include <xsimd/xsimd.hpp>

namespace l2o {

#if XSIMD_WITH_AVX512BW
using simd_arch = xsimd::avx512bw;
#elif XSIMD_WITH_AVX512F
using simd_arch = xsimd::avx512f;
#else
using simd_arch = xsimd::default_arch;
#endif

}  // namespace l2o
