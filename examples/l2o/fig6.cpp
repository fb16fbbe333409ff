// `l2o reproduce --experiment fig6`: the paper's Fig. 6 (Section V.B). The network is trained
// on the Gaussian IC with K = 30 for every batch size in {100, 1000, 10000} and learning rate in
// {1e-2, 1e-3, 1e-4}; the validation MSE of each run against its training time is the plot
// the paper used to choose batch 1000 and rate 1e-3.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "fig6.hpp"
#include "report.hpp"

namespace l2o::cli {
namespace {

struct Fig6Scale {
  Index train, validation;
  int epochs;
};

Fig6Scale fig6_scale(const std::string& s) {
  if (s == "paper") return {1000000, 10000, 20};
  if (s == "demo") return {100000, 5000, 10};
  if (s == "smoke") return {2000, 500, 2};
  throw InvalidArgument("--scale must be demo, paper or smoke, got '" + s + "'");
}

constexpr int fig6_users = 30;
constexpr Index batches[] = {100, 1000, 10000};
constexpr double rates[] = {1e-2, 1e-3, 1e-4};

std::string run_name(Index batch, double lr) {
  char b[64];
  std::snprintf(b, sizeof b, "b%lld-lr%g", static_cast<long long>(batch), lr);
  return b;
}

/// (epoch, seconds, validation MSE) rows of a run's history file.
std::vector<std::array<double, 3>> read_history(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw FileError(file.string(), "cannot open the training history");
  std::vector<std::array<double, 3>> rows;
  std::string line;
  std::getline(in, line);  // epoch,loss,validation_loss,learning_rate,seconds
  while (std::getline(in, line)) {
    std::stringstream s(line);
    std::string f[5];
    for (auto& x : f) std::getline(s, x, ',');
    rows.push_back({std::stod(f[0]), std::stod(f[4]), std::stod(f[2])});
  }
  return rows;
}

}  // namespace

void run_fig6(const Fig6Options& o) {
  Fig6Scale sc = fig6_scale(o.scale);
  if (o.epochs > 0) sc.epochs = o.epochs;
  const auto dir = std::filesystem::path(o.out) / "fig6";
  ensure_writable_dir(dir);
  for (const auto split : {data::Split::train, data::Split::validation}) {
    GenerateOptions g;
    g.scenario = "ic";
    g.k = fig6_users;
    g.out = (dir / data::split_name(split)).string();
    g.samples = split == data::Split::train ? sc.train : sc.validation;
    g.samples_given = true;
    g.seed = data::split_seed(o.seed, split);
    g.threads = o.threads;
    g.resume = o.resume;
    g.store_channels = split != data::Split::train;
    run_generate(g);
  }
  std::string csv = "batch,lr,epoch,seconds,validation_mse\n";
  nlohmann::json runs = nlohmann::json::array();
  std::string table = "| batch \\ rate |";
  for (double lr : rates) {
    char h[32];
    std::snprintf(h, sizeof h, " rate %g |", lr);
    table += h;
  }
  table += "\n|---|---|---|---|\n";
  for (Index batch : batches) {
    table += "| " + std::to_string(batch) + " |";
    for (double lr : rates) {
      TrainOptions t;
      t.train = (dir / "train").string();
      t.validation = (dir / "validation").string();
      t.model = (dir / (run_name(batch, lr) + ".l2o")).string();
      t.epochs = sc.epochs;
      t.batch = batch;
      t.lr = lr;
      t.seed = o.seed;
      t.threads = o.threads;
      t.patience = sc.epochs;  // every run gets its epochs: the curves are the point
      t.resume = o.resume;
      const auto history = t.model + ".history.csv";
      if (!(o.resume && std::filesystem::exists(t.model) && read_history(history).size() == static_cast<std::size_t>(sc.epochs))) {
        std::fprintf(stderr, "fig6: batch %lld, rate %g\n", static_cast<long long>(batch), lr);
        try {
          (void)run_train(t);
        } catch (const nn::TrainingDiverged& e) {  // a too-large rate is a result of this figure, not a failure
          std::fprintf(stderr, "fig6: batch %lld, rate %g diverged: %s\n", static_cast<long long>(batch), lr, e.what());
          runs.push_back({{"batch", batch}, {"lr", lr}, {"diverged", true}});
          table += " diverged |";
          continue;
        }
      } else {
        std::fprintf(stderr, "%s: trained, kept (--resume)\n", t.model.c_str());
      }
      double elapsed = 0, best = 0;
      for (const auto& [epoch, seconds, val] : read_history(history)) {
        elapsed += seconds;
        best = best == 0 ? val : std::min(best, val);
        char line[128];
        std::snprintf(line, sizeof line, "%lld,%g,%d,%.4f,%.9g\n", static_cast<long long>(batch), lr, static_cast<int>(epoch),
                      elapsed, val);
        csv += line;
      }
      runs.push_back({{"batch", batch}, {"lr", lr}, {"seconds", elapsed}, {"best_validation_mse", best}});
      char cell[64];
      std::snprintf(cell, sizeof cell, " %.4f (%.1f s) |", best, elapsed);
      table += cell;
    }
    table += "\n";
  }
  data::write_text_file(dir / "fig6.csv", csv);
  const std::string command = "l2o reproduce --experiment fig6 --scale " + o.scale + " --seed " + std::to_string(o.seed) +
                              (o.epochs > 0 ? " --epochs " + std::to_string(o.epochs) : "") + " --threads " +
                              std::to_string(o.threads) + " --out " + o.out;
  const nlohmann::json j = {{"experiment", "fig6"}, {"scale", o.scale}, {"seed", o.seed}, {"command", command},
                            {"K", fig6_users}, {"train_samples", sc.train}, {"validation_samples", sc.validation},
                            {"epochs", sc.epochs}, {"threads", o.threads}, {"runs", runs}};
  data::write_text_file(dir / "fig6.json", j.dump(2) + "\n");
  const std::string md = "### Fig. 6: parameter selection, Gaussian IC K = 30 (" + o.scale + " scale: " +
                         std::to_string(sc.train) + " training, " + std::to_string(sc.validation) + " validation samples, " +
                         std::to_string(sc.epochs) + " epochs per run, " + std::to_string(o.threads) +
                         " threads)\n\nCommand: `" + command +
                         "`\n\nBest validation MSE (training time of the run), RMSprop, rate halved on plateaus:\n\n" + table;
  data::write_text_file(dir / "fig6.md", md);
  std::printf("%s", md.c_str());
  if (o.plots) run_plot_script(o.scripts_dir, "plot_fig6.py", dir);
}

}  // namespace l2o::cli
