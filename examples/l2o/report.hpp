#pragma once
// `l2o reproduce`'s outputs: the rows of the paper's tables with the paper's figures, a
// Markdown report shaped like the paper's tables, and the call of the plotting script.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace l2o::cli {

/// The paper's figures for one row: sum-rates, ratio, and total CPU time over 10,000 test
/// samples of the DNN and of WMMSE in C.
struct PaperRow {
  double dnn, wmmse, ratio, dnn_seconds, wmmse_c_seconds;
};

struct Row {
  std::string label;  ///< directory name and --rows key: K10, N3K12
  std::string name;   ///< as the paper prints it: 10, (3, 12)
  GenerateOptions gen;
  PaperRow paper;
};

nlohmann::json paper_json(const PaperRow& p);

/// The report of one experiment from its results JSON (what `reproduce` writes beside it).
std::string markdown_report(const std::string& experiment, const std::vector<Row>& rows, const nlohmann::json& results);

/// Runs `scripts/plot_results.py` on the experiment's directory; a failure only warns.
void plot(const std::filesystem::path& dir, const std::vector<Row>& rows, const std::string& scripts_dir);

}  // namespace l2o::cli
