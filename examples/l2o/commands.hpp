#pragma once
// The subcommands of the `l2o` program. Each has an options struct and a function that does
// the work, so `reproduce` composes `generate`, `train` and `evaluate` without a shell.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <l2o/core/batch.hpp>

namespace l2o::cli {

struct GenerateOptions {
  std::string scenario = "ic";
  std::string out;
  Index samples = 10000;
  bool samples_given = false;  ///< vdsl: otherwise every tone
  std::uint64_t seed = 1;
  double noise = 1;
  double pmax = 1;
  int k = 10;
  int cells = 3;
  int users = 18;
  double cell_radius = 100;
  double inner_radius = 0;
  std::string placement = "disk";
  double length = 300;
  std::string crosstalk = "fext";
  std::string fit_to;
  std::string channels_file;  ///< scenario "file": the channels to label
  std::string labels = "wmmse";
  double tol = 1e-5;
  int max_iter = 500;
  int threads = 2;
  bool resume = false;
  Index chunk = 20000;
  bool store_channels = true;  ///< false: no channels.npy (training splits for the MSE loss)
  bool quiet = false;
};

struct TrainOptions {
  std::string train, validation, model;
  std::vector<int> hidden{200, 200, 200};
  int epochs = 100;
  Index batch = 1000;
  double lr = 1e-3;
  std::string loss = "mse";
  std::uint64_t seed = 1;
  int threads = 2;
  int patience = 20;
  int lr_patience = 5;  ///< halve the rate after this many epochs without a better validation loss
  bool normalize = false;
  bool resume = false;
  std::string init;  ///< start from this model's weights (fine-tuning), not from a random draw
};

struct EvaluateOptions {
  std::string model, test, json, cdf;
  std::string solvers = "default";  ///< wmmse,fp,max,random + exhaustive where K <= 12
  double tol = -1;                  ///< WMMSE and FP stop rule; < 0: the test set's label rule
  int max_iter = -1;
  int threads = 2;                  ///< for sum-rates; timings always use one thread
  std::uint64_t seed = 1;           ///< random power
  Index latency_samples = 10000;    ///< samples timed one by one (at most the test set)
  Index latency_batch = 1000;       ///< batch size of the batched latency figures
  bool quiet = false;
};

void add_generate(CLI::App& app);
void add_solve(CLI::App& app);
void add_train(CLI::App& app);
void add_evaluate(CLI::App& app);
void add_reproduce(CLI::App& app);

/// Writes the dataset directory `o.out`; with `o.resume`, a completed one with the same
/// parameters is kept as it is.
void run_generate(GenerateOptions o);
/// Trains and writes `o.model`; returns a summary (epochs, losses, seconds) as JSON.
nlohmann::json run_train(const TrainOptions& o);
/// Scores the model and the solvers on `o.test`; returns what `--json` writes.
nlohmann::json run_evaluate(const EvaluateOptions& o);

}  // namespace l2o::cli
