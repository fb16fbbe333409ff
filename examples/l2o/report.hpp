#pragma once
// `l2o reproduce`'s outputs: the rows of the paper's tables with the paper's figures, a
// Markdown report shaped like the paper's tables, and the call of the plotting script.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "paper_tables.hpp"

namespace l2o::cli {

nlohmann::json paper_json(const PaperRow& p);

/// The report of one experiment from its results JSON (what `reproduce` writes beside it).
std::string markdown_report(const std::string& experiment, const std::vector<Row>& rows, const nlohmann::json& results);

/// Runs `scripts/plot_results.py` on the experiment's directory; a failure only warns.
void plot(const std::filesystem::path& dir, const std::vector<Row>& rows, const std::string& scripts_dir);

/// Runs the plotting script `scripts_dir/script` with `dir` and `args`; a missing script or a
/// failure (no matplotlib) only warns, naming where the CSVs are.
void run_plot_script(const std::string& scripts_dir, const std::string& script, const std::filesystem::path& dir,
                     const std::vector<std::string>& args = {});

}  // namespace l2o::cli
