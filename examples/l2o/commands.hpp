#pragma once
#include <CLI/CLI.hpp>

namespace l2o::cli {
void add_generate(CLI::App& app);
void add_solve(CLI::App& app);
}  // namespace l2o::cli
