#include "report.hpp"

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cmath>

namespace l2o::cli {
namespace {

/// `v` printed with `f`; "-" where the paper gives no figure (NaN).
std::string fmt(const char* f, double v) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}
std::string pct(double fraction) { return std::isnan(fraction) ? "-" : fmt("%.2f %%", 100 * fraction); }
/// "ours (paper's)", both as percentages.
std::string beside(double ours, double paper) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %% (%.2f %%)", 100 * ours, 100 * paper);
  return buf;
}

/// "median / p99 / max" in the given unit.
std::string spread(const nlohmann::json& s, double unit) {
  return fmt("%.1f", s["median"].get<double>() / unit) + " / " + fmt("%.1f", s["p99"].get<double>() / unit) + " / " +
         fmt("%.1f", s["max"].get<double>() / unit);
}

}  // namespace

nlohmann::json paper_json(const PaperRow& p) {
  nlohmann::json j = nlohmann::json::object();
  const std::pair<const char*, double> fields[] = {{"dnn", p.dnn}, {"wmmse", p.wmmse}, {"ratio", p.ratio},
                                                   {"dnn_seconds_per_10000", p.dnn_seconds},
                                                   {"wmmse_c_seconds_per_10000", p.wmmse_c_seconds},
                                                   {"time_ratio", p.time_ratio}};
  for (const auto& [key, value] : fields)
    if (!std::isnan(value)) j[key] = value;
  return j;
}

namespace {
/// Tables IV and V: one line per (N, K), one column per test geometry; our ratio, the paper's beside it.
std::string pivot_report(const std::string& experiment, const std::vector<Row>& rows, const nlohmann::json& results) {
  std::vector<std::string> names, columns;
  for (const auto& r : rows) {
    if (std::find(names.begin(), names.end(), r.name) == names.end()) names.push_back(r.name);
    if (std::find(columns.begin(), columns.end(), r.column) == columns.end()) columns.push_back(r.column);
  }
  auto cell = [&](const std::string& name, const std::string& column, auto&& text) {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].name == name && rows[i].column == column) return text(rows[i], results["rows"][i]["evaluation"]);
    return std::string("-");
  };
  auto table = [&](const std::string& caption, auto&& text) {
    std::string md = caption + "\n\n| (N, K) |";
    for (const auto& c : columns) md += " " + c + " |";
    md += "\n|---|";
    for (std::size_t c = 0; c < columns.size(); ++c) md += "---|";
    md += "\n";
    for (const auto& n : names) {
      md += "| " + n + " |";
      for (const auto& c : columns) {
        md += ' ';
        md += cell(n, c, text);
        md += " |";
      }
      md += "\n";
    }
    return md + "\n";
  };
  std::string md = experiment == "table4"
                       ? "### Table IV: IMAC, Table II's models (R = 100 m, r = 0) tested at other cell radii R"
                       : "### Table V: IMAC, Table II's models (R = 100 m, r = 0) tested at other inner radii r";
  md += " (" + results["scale"].get<std::string>() + " scale, " +
        std::to_string(results["test_samples"].get<long long>()) + " test samples per cell)\n\n";
  md += "Command: `" + results["command"].get<std::string>() + "`\n\n";
  md += table("Sum-rate, DNN binarised / WMMSE (the paper's DNN/WMMSE in parentheses):",
              [](const Row& r, const nlohmann::json& e) {
                return beside(e["allocators"]["dnn_binary"]["ratio_to_wmmse"].get<double>(), r.paper.ratio);
              });
  md += table("Time for the test set, network / WMMSE scalar, one thread (the paper's DNN / WMMSE (C) in parentheses):",
              [](const Row& r, const nlohmann::json& e) {
                const auto& t = e["timing"];
                return beside(t["dnn"]["seconds_per_10000"].get<double>() / t["wmmse_scalar"]["seconds_per_10000"].get<double>(),
                              r.paper.time_ratio);
              });
  md += table("Network / WMMSE batched (one thread):", [](const Row&, const nlohmann::json& e) {
    const auto& t = e["timing"];
    return pct(t["dnn"]["seconds_per_10000"].get<double>() / t["wmmse_batched"]["seconds_per_10000"].get<double>());
  });
  return md;
}
}  // namespace

std::string markdown_report(const std::string& experiment, const std::vector<Row>& rows, const nlohmann::json& results) {
  if (!rows.front().column.empty()) return pivot_report(experiment, rows, results);
  const std::string key = experiment == "table2" ? "(N, K)" : experiment == "table6" ? "(length, type)" : "K";
  std::string md = experiment == "table1"   ? "### Table I: Gaussian IC"
                   : experiment == "table2" ? "### Table II: IMAC, R = 100 m, r = 0"
                   : experiment == "table6" && rows.front().gen.scenario == "file"
                       ? "### Table VI: measured matrices (" + rows.front().gen.channels_file + "), noise 1e-3: split "
                         "5,000 : 1,955 into validation and test, 50,000 training samples from the Gaussian fitted to "
                         "the validation matrices"
                   : experiment == "table6" ? "### Table VI: VDSL, noise 1e-3, l2o's binder model (not the paper's "
                                              "measurements): 5,000 validation and 1,955 test tones, 50,000 training "
                                              "samples from the Gaussian fitted to the validation tones"
                                            : "### Table III: Gaussian IC, half user (Table I's model for K users, "
                                              "tested on K/2 users zero-padded to its input)";
  if (experiment == "table6")
    md += " (" + results["scale"].get<std::string>() + " scale: at most " + std::to_string(results["epochs"].get<int>()) +
          " epochs)\n\n";
  else
    md += " (" + results["scale"].get<std::string>() + " scale: " + std::to_string(results["train_samples"].get<long long>()) +
          " training, " + std::to_string(results["validation_samples"].get<long long>()) + " validation, " +
          std::to_string(results["test_samples"].get<long long>()) + " test samples; at most " +
          std::to_string(results["epochs"].get<int>()) + " epochs)\n\n";
  md += "Command: `" + results["command"].get<std::string>() + "`\n\n";

  md += "Sum-rate (bit/s/Hz, mean over the test set); binarised = outputs rounded at Pmax/2 (Section V.C).\n\n";
  md += "| " + key + " | DNN | DNN binarised | WMMSE | DNN/WMMSE | binarised/WMMSE | paper: DNN, WMMSE, DNN/WMMSE | epochs |\n";
  md += "|---|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = results["rows"][i];
    const auto& a = r["evaluation"]["allocators"];
    const auto& p = rows[i].paper;
    md += "| " + rows[i].name + " | " + fmt("%.3f", a["dnn"]["mean_sum_rate"].get<double>()) + " | " +
          fmt("%.3f", a["dnn_binary"]["mean_sum_rate"].get<double>()) + " | " +
          fmt("%.3f", a["wmmse"]["mean_sum_rate"].get<double>()) + " | " + pct(a["dnn"]["ratio_to_wmmse"].get<double>()) +
          " | **" + pct(a["dnn_binary"]["ratio_to_wmmse"].get<double>()) + "** | " + fmt("%.3f", p.dnn) + ", " +
          fmt("%.3f", p.wmmse) + ", " + pct(p.ratio) + " | " + std::to_string(r["train"]["epochs_run"].get<int>()) + " |\n";
  }

  md += "\nTime per 10,000 test samples, one thread (seconds; network in float32, WMMSE in float64 with the "
        "label rule). The paper's columns are its total CPU time over its test set (10,000 samples; 1,955 in "
        "Table VI), DNN in TensorFlow, WMMSE in C.\n\n";
  md += "| " + key + " | network, batched | WMMSE scalar | WMMSE batched | network / WMMSE scalar | network / WMMSE batched "
        "| paper: DNN, WMMSE (C), DNN/WMMSE (C) |\n|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& t = results["rows"][i]["evaluation"]["timing"];
    const double dnn = t["dnn"]["seconds_per_10000"], ws = t["wmmse_scalar"]["seconds_per_10000"],
                 wb = t["wmmse_batched"]["seconds_per_10000"];
    const auto& p = rows[i].paper;
    md += "| " + rows[i].name + " | " + fmt("%.4f", dnn) + " | " + fmt("%.4f", ws) + " | " + fmt("%.4f", wb) + " | " +
          pct(dnn / ws) + " | " + pct(dnn / wb) + " | " + fmt("%.3f", p.dnn_seconds) + ", " + fmt("%.3f", p.wmmse_c_seconds) +
          ", " + pct(p.dnn_seconds / p.wmmse_c_seconds) + " |\n";
  }

  md += "\nPer-sample latency, one thread, median / p99 / max. A batched sample waits for its whole batch of " +
        std::to_string(results["rows"][0]["evaluation"]["timing"]["latency_batch"].get<long long>()) + ".\n\n";
  md += "| " + key + " | network, batch 1 (us) | network, batched (ms) | WMMSE scalar (us) | WMMSE batched (ms) |\n";
  md += "|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& t = results["rows"][i]["evaluation"]["timing"];
    md += "| " + rows[i].name + " | " + spread(t["dnn"]["latency_batch1"], 1e-6) + " | " +
          spread(t["dnn"]["latency_batched"], 1e-3) + " | " + spread(t["wmmse_scalar"]["latency"], 1e-6) + " | " +
          spread(t["wmmse_batched"]["latency_batched"], 1e-3) + " |\n";
  }

  md += "\nOther allocators, mean sum-rate as % of WMMSE's:\n\n| " + key + " |";
  const std::vector<std::pair<std::string, std::string>> others = {
      {"fp", "fractional programming"}, {"max_power", "max power"}, {"random_power", "random power"}, {"exhaustive", "exhaustive (binary)"}};
  for (const auto& [id, title] : others) md += " " + title + " |";
  md += "\n|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& a = results["rows"][i]["evaluation"]["allocators"];
    md += "| " + rows[i].name + " |";
    for (const auto& [id, title] : others) md += " " + (a.contains(id) ? pct(a[id]["ratio_to_wmmse"].get<double>()) : "-") + " |";
    md += "\n";
  }
  return md;
}

void run_plot_script(const std::string& scripts_dir, const std::string& script_name, const std::filesystem::path& dir,
                     const std::vector<std::string>& args) {
  const auto script = std::filesystem::path(scripts_dir) / script_name;
  if (!std::filesystem::exists(script)) {
    std::fprintf(stderr, "warning: %s not found; no figures (the CSVs are in %s)\n", script.string().c_str(),
                 dir.string().c_str());
    return;
  }
  const char* python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string cmd = std::string(python) + " '" + script.string() + "' '" + dir.string() + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  if (std::system(cmd.c_str()) != 0)
    std::fprintf(stderr, "warning: plotting failed (is python3-matplotlib installed?); the CSVs are in %s\n",
                 dir.string().c_str());
}

void plot(const std::filesystem::path& dir, const std::vector<Row>& rows, const std::string& scripts_dir) {
  std::vector<std::string> labels;
  for (const auto& r : rows) labels.push_back(r.label);
  run_plot_script(scripts_dir, "plot_results.py", dir, labels);
}

}  // namespace l2o::cli
