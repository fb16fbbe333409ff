#pragma once
/**
 * @file
 * The cache sizes from which Eigen's matrix products choose their block sizes, set for a scope.
 */

#include <cstddef>

#include <Eigen/Core>

namespace l2o::nn {

/// Cache sizes in bytes for Eigen's blocking; the defaults are l2o's choice (see GemmBlocking).
struct GemmCacheSizes {
  std::ptrdiff_t l1 = 16 * 1024;
  std::ptrdiff_t l2 = 512 * 1024;
  std::ptrdiff_t l3 = 16 * 1024 * 1024;
};

/**
 * Sets Eigen's cache-size hints (from which its GEMM takes the depth and width of the panels
 * it packs) for this object's lifetime and restores the previous ones afterwards.
 *
 * Why: Eigen reads the sizes from the CPU and packs panels that fill the whole L1. On the
 * 2-core AMD EPYC (Zen 5) of our machines it reads L1 48 KB, L2 1 MB and L3 384 MB (there are
 * 32 MB), and the paper's training step (batch 1000, K^2-200-200-200-K) ran 10 % faster with
 * the hints below (docs/performance.md has the measurements). Fixed hints also fix the
 * order of the sums inside each product, so a training run gives the same bits on machines
 * whose caches differ (with the same SIMD instructions).
 *
 * The hints are process-wide: hold a GemmBlocking only while no other thread runs Eigen
 * products (`Trainer::fit` holds one for its duration; its own OpenMP threads start inside the
 * products, after the hints are set).
 */
class GemmBlocking {
 public:
  using Sizes = GemmCacheSizes;

  explicit GemmBlocking(Sizes sizes = {})
      : old_{Eigen::l1CacheSize(), Eigen::l2CacheSize(), Eigen::l3CacheSize()} {
    Eigen::setCpuCacheSizes(sizes.l1, sizes.l2, sizes.l3);
  }
  ~GemmBlocking() { Eigen::setCpuCacheSizes(old_.l1, old_.l2, old_.l3); }
  GemmBlocking(const GemmBlocking&) = delete;
  GemmBlocking& operator=(const GemmBlocking&) = delete;

 private:
  Sizes old_;
};

}  // namespace l2o::nn
