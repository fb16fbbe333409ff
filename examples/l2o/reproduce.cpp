// `l2o reproduce`: the paper's Tables I to V end to end. For every row: train/validation/test
// datasets (seeds derived from --seed), training (or another table's model), evaluation; then a
// Markdown table shaped like the paper's, a JSON file with every figure, and PNG figures
// (scripts/plot_results.py).
// Every step is skipped under --resume when its output is complete, so an interrupted run
// continues where it stopped.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "fig3.hpp"
#include "fig6.hpp"
#include "paper_tables.hpp"
#include "report.hpp"
#include "vdsl_data.hpp"

#ifndef L2O_SCRIPTS_DIR
#define L2O_SCRIPTS_DIR "scripts"
#endif

namespace l2o::cli {
namespace {

struct ReproduceOptions {
  std::string experiment = "table1", scale = "demo", out, rows, measured;
  std::uint64_t seed = 1;
  int threads = 2;
  int epochs = 0;  ///< 0: the scale's default
  int lr_patience = 5;
  bool resume = false;
  bool plots = true;
};

struct Scale {
  Index train, validation, test;
  int epochs;
};

Scale scale_of(const std::string& s) {
  // paper: Section V.A's sizes; demo: the same pipeline in minutes on two cores.
  if (s == "paper") return {1000000, 10000, 10000, 100};
  if (s == "demo") return {500000, 10000, 10000, 16};
  if (s == "smoke") return {4000, 1000, 1000, 3};  // seconds: for tests of the pipeline itself
  throw InvalidArgument("--scale must be demo, paper or smoke, got '" + s + "'");
}

std::vector<Row> select_rows(std::vector<Row> rows, const std::string& wanted) {
  if (wanted.empty()) return rows;
  std::vector<Row> out;
  std::stringstream in(wanted);
  for (std::string w; std::getline(in, w, ',');) {
    std::size_t found = 0;
    for (const auto& r : rows)
      if (r.label == w || r.base_label == w) {
        out.push_back(r);
        ++found;
      }
    if (found == 0) {
      std::string have;
      for (const auto& r : rows)
        if (r.base_label.empty() || have.find(r.base_label) == std::string::npos)
          have += (have.empty() ? "" : ", ") + (r.base_label.empty() ? r.label : r.base_label);
      throw InvalidArgument("--rows: no row '" + w + "' in this table (rows: " + have + ")");
    }
  }
  return out;
}

/// Table VI on the user's matrices: one row, no paper figures beside it.
std::vector<Row> measured_rows(const std::string& file) {
  Row r;
  r.label = "measured";
  r.name = "measured";
  r.gen.scenario = "file";
  r.gen.channels_file = file;
  r.gen.noise = 1e-3;
  return {r};
}

std::string reproduce_command(const ReproduceOptions& o, const std::string& experiment) {
  std::string c = "l2o reproduce --experiment " + experiment + " --scale " + o.scale + " --seed " + std::to_string(o.seed);
  if (!o.rows.empty()) c += " --rows " + o.rows;
  if (!o.measured.empty()) c += " --measured " + o.measured;
  if (o.epochs > 0) c += " --epochs " + std::to_string(o.epochs);
  if (o.lr_patience != ReproduceOptions{}.lr_patience) c += " --lr-patience " + std::to_string(o.lr_patience);
  return c + " --out " + o.out;
}

bool same_json_file(const std::filesystem::path& file, const nlohmann::json& expected) {
  if (!std::filesystem::exists(file)) return false;
  std::ifstream in(file);
  return nlohmann::json::parse(in, nullptr, false) == expected;
}

void generate_split(const ReproduceOptions& o, const GenerateOptions& gen, data::Split split, Index samples,
                    const std::filesystem::path& dir) {
  GenerateOptions g = gen;
  g.out = (dir / data::split_name(split)).string();
  g.samples = samples;
  g.samples_given = true;
  g.seed = data::split_seed(o.seed, split);
  g.threads = o.threads;
  g.resume = o.resume;
  g.store_channels = split != data::Split::train;  // training (MSE) reads inputs and labels only
  run_generate(g);
}

nlohmann::json train_row(const ReproduceOptions& o, const Scale& sc, const std::filesystem::path& dir, Index samples) {
  TrainOptions t;
  t.train = (dir / "train").string();
  t.validation = (dir / "validation").string();
  t.model = (dir / "model.l2o").string();
  t.epochs = sc.epochs;
  t.seed = o.seed;
  t.threads = o.threads;
  t.resume = o.resume;
  t.lr_patience = o.lr_patience;
  nlohmann::json train_key = {{"epochs", t.epochs}, {"hidden", t.hidden}, {"batch", t.batch}, {"lr", t.lr},
                                    {"seed", t.seed}, {"patience", t.patience}, {"samples", samples}};
  if (t.lr_patience != TrainOptions{}.lr_patience) train_key["lr_patience"] = t.lr_patience;  // older keys stay valid
  if (o.resume && std::filesystem::exists(t.model) && same_json_file(dir / "train.key.json", train_key)) {
    std::fprintf(stderr, "%s: trained, kept (--resume)\n", t.model.c_str());
    return read_json_file(dir / "train.json");
  }
  auto trained = run_train(t);
  data::write_text_file(dir / "train.json", trained.dump(2) + "\n");
  data::write_text_file(dir / "train.key.json", train_key.dump() + "\n");
  return trained;
}

nlohmann::json evaluate_row(const ReproduceOptions& o, const std::filesystem::path& model, const std::filesystem::path& dir) {
  EvaluateOptions e;
  e.model = model.string();
  e.test = (dir / "test").string();
  e.json = (dir / "eval.json").string();
  e.cdf = (dir / "cdf.csv").string();
  e.threads = o.threads;
  e.seed = o.seed;
  namespace fs = std::filesystem;
  const bool fresh = fs::exists(e.json) && fs::last_write_time(e.json) >= fs::last_write_time(model) &&
                     fs::last_write_time(e.json) >= fs::last_write_time(dir / "test" / "meta.json");
  if (o.resume && fresh) {
    std::fprintf(stderr, "%s: evaluated, kept (--resume)\n", e.json.c_str());
    return read_json_file(e.json);
  }
  return run_evaluate(e);
}

/// One row: its datasets, its model (trained here, or by the row of the same label of
/// `row.model_from`, whose completed steps are always reused) and its evaluation.
nlohmann::json run_row(const ReproduceOptions& o, const Scale& sc, const Row& row) {
  const auto dir = std::filesystem::path(o.out) / o.experiment / row.label;
  std::fprintf(stderr, "== %s, row %s -> %s\n", o.experiment.c_str(), row.label.c_str(), dir.string().c_str());
  nlohmann::json trained;
  std::filesystem::path model = dir / "model.l2o";
  if (row.gen.scenario == "vdsl" || row.gen.scenario == "file") {  // Table VI: tones and a fitted training set
    GenerateOptions g = row.gen;
    g.threads = o.threads;
    g.resume = o.resume;
    VdslSizes sizes = o.scale == "smoke" ? VdslSizes{700, 500, 200, 2000} : VdslSizes{};
    if (row.gen.scenario == "file") {  // measured matrices: all of them, split 5,000 : 1,955 as the paper's
      const Index tones = read_channels(row.gen.channels_file).samples();
      if (tones < 2) throw InvalidArgument("--measured: " + row.gen.channels_file + " needs at least 2 matrices");
      const Index validation = std::clamp<Index>(static_cast<Index>(std::llround(tones * 5000.0 / 6955.0)), 1, tones - 1);
      sizes = {tones, validation, tones - validation, sizes.train};
    }
    make_vdsl_datasets(g, sizes, o.seed, dir);
    trained = train_row(o, sc, dir, sizes.train);
    return {{"label", row.label}, {"row", row.name}, {"train", trained}, {"model", model.string()},
            {"evaluation", evaluate_row(o, model, dir)}};
  }
  if (row.model_from.empty()) {
    generate_split(o, row.gen, data::Split::train, sc.train, dir);
    generate_split(o, row.gen, data::Split::validation, sc.validation, dir);
    trained = train_row(o, sc, dir, sc.train);
  } else {
    ReproduceOptions base = o;
    base.experiment = row.model_from;
    base.resume = true;
    const auto rows = rows_of(row.model_from);
    const auto& base_label = row.base_label.empty() ? row.label : row.base_label;
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.label == base_label; });
    trained = run_row(base, sc, *it)["train"];
    model = std::filesystem::path(o.out) / row.model_from / base_label / "model.l2o";
  }
  generate_split(o, row.test.value_or(row.gen), data::Split::test, sc.test, dir);
  return {{"label", row.label}, {"row", row.name}, {"train", trained}, {"model", model.string()},
          {"evaluation", evaluate_row(o, model, dir)}};
}

void run_reproduce(const ReproduceOptions& o) {
  if (o.out.empty()) throw InvalidArgument("--out is required");
  if (!o.measured.empty() && o.experiment != "table6")
    throw InvalidArgument("--measured applies to --experiment table6 only, not " + o.experiment);
  std::vector<std::string> experiments = o.experiment == "all" ? std::vector<std::string>{"table1", "table2", "table3", "table4", "table5", "table6", "fig3", "fig6"}
                                                               : std::vector<std::string>{o.experiment};
  Scale sc = scale_of(o.scale);
  if (o.epochs > 0) sc.epochs = o.epochs;
  for (const auto& experiment : experiments) {
    if (experiment == "fig3") {
      run_fig3({.scale = o.scale, .out = o.out, .scripts_dir = L2O_SCRIPTS_DIR, .seed = o.seed, .plots = o.plots});
      continue;
    }
    if (experiment == "fig6") {
      run_fig6({.scale = o.scale, .out = o.out, .scripts_dir = L2O_SCRIPTS_DIR, .seed = o.seed, .threads = o.threads,
                .epochs = o.epochs, .resume = o.resume, .plots = o.plots});
      continue;
    }
    auto rows = o.measured.empty() ? select_rows(rows_of(experiment), o.rows) : measured_rows(o.measured);
    const std::filesystem::path dir = std::filesystem::path(o.out) / experiment;
    ensure_writable_dir(dir);
    ReproduceOptions oe = o;
    oe.experiment = experiment;
    nlohmann::json results = {{"experiment", experiment}, {"scale", o.scale}, {"seed", o.seed},
                              {"train_samples", sc.train}, {"validation_samples", sc.validation},
                              {"test_samples", sc.test}, {"epochs", sc.epochs}, {"l2o_version", version_string}};
    for (const auto& row : rows) {
      auto r = run_row(oe, sc, row);
      r["paper"] = paper_json(row.paper);
      results["rows"].push_back(r);
    }
    const std::string command = reproduce_command(o, experiment);
    results["command"] = command;
    const std::string table = markdown_report(experiment, rows, results);
    data::write_text_file(dir / (experiment + ".json"), results.dump(2) + "\n");
    data::write_text_file(dir / (experiment + ".md"), table);
    std::printf("%s", table.c_str());
    if (o.plots && rows.front().column.empty()) plot(dir, rows, L2O_SCRIPTS_DIR);  // Tables IV, V: tables only
  }
}

}  // namespace

void add_reproduce(CLI::App& app) {
  auto o = std::make_shared<ReproduceOptions>();
  auto* cmd = app.add_subcommand("reproduce", "Run one of the paper's experiments end to end");
  cmd->add_option("--experiment", o->experiment, "table1 ... table6 | fig3 | fig6 | all")
      ->capture_default_str();
  cmd->add_option("--scale", o->scale, "demo (minutes) | paper (1,000,000 training samples) | smoke (seconds, tests)")->capture_default_str();
  cmd->add_option("--out", o->out, "Output directory (one subdirectory per experiment and row)")->required();
  cmd->add_option("--rows", o->rows, "Only these rows, e.g. K10,K20 (table1) or N3K12 (table2)");
  cmd->add_option("--seed", o->seed, "Seed of the run; splits and rows derive theirs from it")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads")->capture_default_str();
  cmd->add_option("--epochs", o->epochs, "Override the scale's epoch cap (demo 16, paper 100)");
  cmd->add_option("--lr-patience", o->lr_patience, "Epochs without progress before the rate is halved")
      ->capture_default_str();
  cmd->add_option("--measured", o->measured, "table6 on these (B, K, K) channel matrices (.npy) instead of the binder model");
  cmd->add_flag("--resume", o->resume, "Keep every completed step of an earlier run into --out");
  cmd->add_flag("!--no-plots", o->plots, "Skip the PNG figures");
  cmd->callback([o] { run_reproduce(*o); });
}

}  // namespace l2o::cli
