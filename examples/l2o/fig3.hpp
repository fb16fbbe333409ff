#pragma once
// `l2o reproduce --experiment fig3`: the gradient-descent example of the paper's Fig. 3.
#include <cstdint>
#include <string>

#include "common.hpp"

namespace l2o::cli {

struct Fig3Options {
  std::string scale = "demo", out, scripts_dir;
  std::uint64_t seed = 1;
  bool plots = true;
};

/// Writes OUT/fig3/: fig3.csv (held-out samples and both models' predictions), fig3.json,
/// fig3.md and, with plots, fig3.png; prints the table.
void run_fig3(const Fig3Options& o);

}  // namespace l2o::cli
