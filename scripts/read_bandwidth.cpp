// Read bandwidth of one core for working sets of a few sizes (L1, L2, beyond), and its FMA peak:
// the bounds docs/performance.md compares the network's batch-1 latency and GEMM rate with.
// Build and run: g++ -std=c++20 -O3 -march=native scripts/read_bandwidth.cpp -o /tmp/rb && /tmp/rb
#include <immintrin.h>

#include <chrono>
#include <cstdio>
#include <vector>

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main() {
#ifdef __AVX512F__
  {  // 16 independent FMA chains on 512-bit registers
    __m512 a[16];
    for (int i = 0; i < 16; ++i) a[i] = _mm512_set1_ps(1.0f + i * 1e-3f);
    const __m512 b = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f);
    const long n = 20000000;
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
#pragma GCC unroll 16
      for (int j = 0; j < 16; ++j) a[j] = _mm512_fmadd_ps(a[j], b, c);
    }
    const double s = seconds_since(t0);
    float sum = 0;
    for (auto& x : a) sum += _mm512_reduce_add_ps(x);
    std::printf("FMA peak, float, 512-bit: %.0f GFLOP/s (%g)\n", n * 16.0 * 32 / s / 1e9, sum);
  }
  for (std::size_t bytes : {32u << 10, 400u << 10, 1100u << 10, 1600u << 10, 16u << 20}) {
    std::vector<float> v(bytes / 4, 1.0f);
    __m512 acc[8];
    for (auto& x : acc) x = _mm512_setzero_ps();
    const long reps = static_cast<long>(8e9 / bytes);
    const auto t0 = std::chrono::steady_clock::now();
    for (long r = 0; r < reps; ++r)
      for (std::size_t i = 0; i + 128 <= v.size(); i += 128)
        for (int j = 0; j < 8; ++j) acc[j] = _mm512_add_ps(acc[j], _mm512_loadu_ps(&v[i + 16 * j]));
    const double s = seconds_since(t0);
    float sum = 0;
    for (auto& x : acc) sum += _mm512_reduce_add_ps(x);
    std::printf("read %6zu KB repeatedly: %.0f GB/s (%g)\n", bytes >> 10, reps * static_cast<double>(bytes) / s / 1e9, sum);
  }
#else
  std::puts("built without AVX-512 (-march=native on an AVX-512 machine)");
#endif
}
