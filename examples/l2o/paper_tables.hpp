#pragma once
// The paper's tables as data: for each experiment, its rows (what to generate, train and test)
// with the paper's figures beside them.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"

namespace l2o::cli {

inline constexpr double not_given = std::numeric_limits<double>::quiet_NaN();

/// The paper's figures for one row: sum-rates, ratio, and total CPU time over 10,000 test
/// samples of the DNN and of WMMSE in C; Tables IV and V give only the two ratios.
struct PaperRow {
  double dnn = not_given, wmmse = not_given, ratio = not_given, dnn_seconds = not_given,
         wmmse_c_seconds = not_given, time_ratio = not_given;
};

struct Row {
  std::string label;  ///< directory name and --rows key: K10, N3K12, N3K12-R200
  std::string name;   ///< as the paper prints it: 10, (3, 12)
  GenerateOptions gen;  ///< the training and validation data
  PaperRow paper;
  std::optional<GenerateOptions> test;  ///< the test data when it differs from `gen` (mismatch tables)
  std::string model_from;  ///< the experiment whose row `base_label` trains the model ("" = this one)
  std::string base_label;  ///< that row's label ("" = `label`); also selects the row in --rows
  std::string column;      ///< Tables IV and V: the column (R = 200 m)
};

/// The rows of "table1" ... "table5"; InvalidArgument for any other name.
std::vector<Row> rows_of(const std::string& experiment);

}  // namespace l2o::cli
