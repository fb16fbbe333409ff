#pragma once
// `l2o reproduce --experiment fig6`: the paper's Fig. 6, validation error against training time
// for batch sizes {100, 1000, 10000} and learning rates {1e-2, 1e-3, 1e-4} at K = 30.
#include <cstdint>
#include <string>

#include "common.hpp"

namespace l2o::cli {

struct Fig6Options {
  std::string scale = "demo", out, scripts_dir;
  std::uint64_t seed = 1;
  int threads = 2;
  int epochs = 0;  ///< 0: the scale's default
  bool resume = false;
  bool plots = true;
};

/// Writes OUT/fig6/: train/ and validation/ (K = 30), one model and history per
/// (batch, rate), fig6.csv (every epoch of every run: seconds so far, validation MSE),
/// fig6.json, fig6.md and, with plots, fig6.png; prints the table.
void run_fig6(const Fig6Options& o);

}  // namespace l2o::cli
