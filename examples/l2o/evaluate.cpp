// `l2o evaluate`: one harness for every allocator on one test set. Sum-rates per sample (for
// CDFs), means and ratios to WMMSE; timing on one thread as batch time per 10,000 samples and
// as per-sample latency distributions for the network (batch 1, batched) and WMMSE (scalar,
// batched). In a batch, a sample's latency is the time its whole batch takes.
#include <cstdio>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"

namespace l2o::cli {
namespace {

using Net = nn::Mlp<float>;

nlohmann::json summary_json(const eval::LatencySummary& s) {
  return {{"calls", s.calls}, {"median", s.median}, {"p99", s.p99}, {"max", s.max}, {"mean", s.mean}};
}

std::vector<std::string> solver_list(const EvaluateOptions& o, int k) {
  std::vector<std::string> out;
  if (o.solvers == "default") {
    out = {"wmmse", "fp", "max", "random"};
    if (k <= 12) out.emplace_back("exhaustive");
    return out;
  }
  std::stringstream in(o.solvers);
  for (std::string s; std::getline(in, s, ',');) {
    if (s != "wmmse" && s != "fp" && s != "max" && s != "random" && s != "exhaustive")
      throw InvalidArgument("--solvers: unknown solver '" + s + "' (wmmse, fp, max, random, exhaustive)");
    if (s == "exhaustive" && k > 16)
      throw InvalidArgument("--solvers: exhaustive search needs K <= 16, the test set has K = " + std::to_string(k));
    out.push_back(s);
  }
  if (std::find(out.begin(), out.end(), "wmmse") == out.end()) out.insert(out.begin(), "wmmse");  // the reference
  return out;
}

/// Chunks of `batch` samples of h as separate batches (for the batched latency figures).
ChannelBatch<double> slice(const ChannelBatch<double>& h, Index first, Index count) {
  ChannelBatch<double> s(count, h.k());
  std::copy_n(h.sample_data(first), count * h.k() * h.k(), s.data());
  return s;
}

nlohmann::json timing(const EvaluateOptions& o, const Net& net, const DatasetDir& test, const FeatureBatch<float>& x,
                      const ObjectiveGain& stop, const Problem<double>& problem) {
  const auto& h = test.data.channels;
  const Index n = h.samples(), per10k = 10000;
  const auto scale = [&](double seconds, Index count) { return seconds * static_cast<double>(per10k) / count; };
  const Index lat_n = std::min(o.latency_samples, n), lat_b = std::min(o.latency_batch, n);
  const Eigen::Map<const nn::Matrix<float>> xm(x.data(), net.inputs(), n);
  nlohmann::json t;
  t["threads"] = 1;
  t["precision"] = "network float32, WMMSE float64";
  t["latency_samples"] = lat_n;
  t["latency_batch"] = lat_b;

  // Network: batched throughput (median of 3 passes), batch-1 and batched latencies.
  nn::Matrix<float> y;
  const double dnn_batch = eval::median_seconds(3, [&] { net.predict(xm, y, 1); });
  nn::Workspace<float> ws;
  std::vector<float> one(static_cast<std::size_t>(net.outputs()));
  net.predict_one(x.sample_data(0), one.data(), ws);  // warm the workspace
  const auto dnn_one = eval::summarize(eval::time_each(lat_n, [&](Index i) { net.predict_one(x.sample_data(i), one.data(), ws); }));
  const auto dnn_batched = eval::summarize(eval::time_each(n / lat_b, [&](Index c) {
    net.predict(xm.middleCols(c * lat_b, lat_b), y, 1);
  }));
  t["dnn"] = {{"seconds_per_10000", scale(dnn_batch, n)},
              {"latency_batch1", summary_json(dnn_one)},
              {"latency_batched", summary_json(dnn_batched)}};

  // WMMSE: the scalar solver one sample at a time, and the batched solver on one thread.
  const Wmmse<double> scalar(stop);
  ChannelBatch<double> single(1, h.k());
  std::vector<double> each = eval::time_each(lat_n, [&](Index i) {
    std::copy_n(h.sample_data(i), h.k() * h.k(), single.data());
    (void)scalar.solve(single, problem);
  });
  double scalar_total = 0;
  for (double s : each) scalar_total += s;
  const WmmseBatched<double> batched(stop, FullPowerInit{}, 1);
  const double batched_all = eval::median_seconds(1, [&] { (void)batched.solve(h, problem); });
  std::vector<ChannelBatch<double>> chunks;
  for (Index c = 0; c < n / lat_b; ++c) chunks.push_back(slice(h, c * lat_b, lat_b));
  const auto wmmse_batched = eval::summarize(eval::time_each(static_cast<Index>(chunks.size()), [&](Index c) {
    (void)batched.solve(chunks[c], problem);
  }));
  t["wmmse_scalar"] = {{"seconds_per_10000", scale(scalar_total, lat_n)}, {"latency", summary_json(eval::summarize(each))}};
  t["wmmse_batched"] = {{"seconds_per_10000", scale(batched_all, n)}, {"latency_batched", summary_json(wmmse_batched)}};
  return t;
}

/// vec(H) features, row-major, of every sample.
FeatureBatch<float> features_of(const ChannelBatch<double>& h) {
  FeatureBatch<float> x(h.samples(), h.k(), h.k());
  std::transform(h.data(), h.data() + h.samples() * h.k() * h.k(), x.data(), [](double v) { return static_cast<float>(v); });
  return x;
}

void write_cdf_csv(const std::filesystem::path& file, const eval::Comparison& cmp) {
  std::string text = "sample";
  for (const auto& s : cmp.scores()) text += "," + s.name;
  text += "\n";
  char buf[32];
  for (Index i = 0; i < cmp.samples(); ++i) {
    text += std::to_string(i);
    for (const auto& s : cmp.scores()) {
      std::snprintf(buf, sizeof buf, ",%.9g", s.sum_rates[static_cast<std::size_t>(i)]);
      text += buf;
    }
    text += "\n";
  }
  data::write_text_file(file, text);
}

}  // namespace

nlohmann::json run_evaluate(const EvaluateOptions& o) {
  if (o.threads < 1) throw InvalidArgument("--threads must be >= 1");
#ifdef _OPENMP
  Eigen::setNbThreads(1);  // our own threads split the batch; timings are single-threaded throughout
#endif
  if (o.latency_samples < 1 || o.latency_batch < 1)
    throw InvalidArgument("--latency-samples and --latency-batch must be >= 1");
  const auto test = read_dataset_dir(o.test, false, true);
  const Net net = nn::load_model<Net>(o.model);
  const auto& h = test.data.channels;
  const int k = h.k();
  // A model for K users scores a test set of K' < K users zero-padded (the paper's Table III).
  const bool vec_h = test.meta["scenario"] != "imac";
  const bool padded = vec_h && net.outputs() > k && net.inputs() == net.outputs() * net.outputs();
  const FeatureBatch<float> x = padded ? features_of(embed_users(h, net.outputs())) : FeatureBatch<float>();
  const FeatureBatch<float>& inputs = padded ? x : test.data.inputs;
  if (net.inputs() != inputs.size_per_sample())
    throw ShapeError("--model " + o.model + " reads " + std::to_string(net.inputs()) + " features, the test set (" +
                     o.test + ") has " + std::to_string(inputs.size_per_sample()) +
                     (vec_h ? "" : " (a model for more users pads only vec(H) inputs, not IMAC's)"));
  if (!padded && net.outputs() != k)
    throw ShapeError("--model " + o.model + " allocates " + std::to_string(net.outputs()) + " users, the test set has K = " +
                     std::to_string(k));
  const auto problem = problem_of(test.meta);
  const auto& labels = test.meta.contains("labels") && test.meta["labels"].is_object() ? test.meta["labels"] : nlohmann::json::object();
  const auto where = (std::filesystem::path(o.test) / "meta.json").string();
  const ObjectiveGain stop{o.tol >= 0 ? o.tol : json_value(labels, "tol", 1e-5, where),
                           o.max_iter >= 0 ? o.max_iter : json_value(labels, "max_iter", 500, where)};

  eval::Comparison cmp("wmmse");
  const auto p = truncate_users(eval::network_powers(net, inputs, o.threads), k);
  cmp.add("dnn", sum_rates(h, p, problem));
  cmp.add("dnn_binary", sum_rates(h, eval::binarize(p, problem), problem));
  nlohmann::json extra;
  for (const auto& s : solver_list(o, k)) {
    if (!o.quiet) std::fprintf(stderr, "evaluate: %s\n", s.c_str());
    if (s == "wmmse") {
      const auto r = WmmseBatched<double>(stop, FullPowerInit{}, o.threads).solve(h, problem);
      cmp.add("wmmse", r.objective);
      double it = 0;
      for (auto i : r.iterations) it += static_cast<double>(i);
      extra["wmmse"]["mean_iterations"] = it / static_cast<double>(h.samples());
    } else if (s == "fp") {
      cmp.add("fp", FractionalProgramming<double>(stop, FullPowerInit{}, o.threads).solve(h, problem).objective);
    } else if (s == "max") {
      cmp.add("max_power", sum_rates(h, MaxPower{}.allocate(h, problem), problem));
    } else if (s == "random") {
      cmp.add("random_power", sum_rates(h, RandomPower{o.seed}.allocate(h, problem), problem));
    } else {
      cmp.add("exhaustive", ExhaustiveBinary<double>(o.threads).solve(h, problem).objective);
    }
  }
  if (!o.quiet) std::fprintf(stderr, "evaluate: timing (one thread)\n");
  nlohmann::json out;
  for (const auto& s : cmp.scores()) {
    auto& a = out["allocators"][s.name];
    a["mean_sum_rate"] = s.mean_sum_rate;
    a["ratio_to_wmmse"] = cmp.ratio_to_reference(s.name);
    if (extra.contains(s.name)) a.update(extra[s.name]);
  }
  out["timing"] = timing(o, net, test, inputs, stop, problem);
  out["dataset"] = {{"dir", o.test}, {"meta", test.meta}};
  out["model"] = {{"file", o.model}, {"sizes", net.sizes()}, {"zero_padded", padded}};
  out["stop_rule"] = {{"tol", stop.tol}, {"max_iter", stop.max_iter}};
  if (!o.json.empty()) data::write_text_file(o.json, out.dump(2) + "\n");
  if (!o.cdf.empty()) write_cdf_csv(o.cdf, cmp);
  return out;
}

void print_evaluation(const nlohmann::json& r) {
  std::printf("%-14s %14s %12s\n", "allocator", "mean sum-rate", "% of WMMSE");
  for (const auto& [name, a] : r["allocators"].items())
    std::printf("%-14s %14.4f %11.2f%%\n", name.c_str(), a["mean_sum_rate"].get<double>(),
                100 * a["ratio_to_wmmse"].get<double>());
  const auto& t = r["timing"];
  std::printf("one thread, seconds per 10,000 samples: network (batched) %.4f, WMMSE scalar %.4f, WMMSE batched %.4f\n",
              t["dnn"]["seconds_per_10000"].get<double>(), t["wmmse_scalar"]["seconds_per_10000"].get<double>(),
              t["wmmse_batched"]["seconds_per_10000"].get<double>());
  auto lat = [](const char* what, const nlohmann::json& s) {
    std::printf("  %-26s median %9.2f us  p99 %9.2f us  max %9.2f us\n", what, 1e6 * s["median"].get<double>(),
                1e6 * s["p99"].get<double>(), 1e6 * s["max"].get<double>());
  };
  std::printf("per-sample latency (a batched sample waits for its batch of %lld):\n",
              static_cast<long long>(t["latency_batch"].get<Index>()));
  lat("network, batch 1", t["dnn"]["latency_batch1"]);
  lat("network, batched", t["dnn"]["latency_batched"]);
  lat("WMMSE scalar", t["wmmse_scalar"]["latency"]);
  lat("WMMSE batched", t["wmmse_batched"]["latency_batched"]);
}

void add_evaluate(CLI::App& app) {
  auto o = std::make_shared<EvaluateOptions>();
  auto* cmd = app.add_subcommand("evaluate", "Compare the network with WMMSE and the baselines on a test set");
  cmd->add_option("--model", o->model, "Model file (from `l2o train`)")->required();
  cmd->add_option("--test", o->test, "Test dataset directory")->required();
  cmd->add_option("--json", o->json, "Write every figure as JSON here");
  cmd->add_option("--cdf", o->cdf, "Write per-sample sum-rates (one column per allocator) as CSV here");
  cmd->add_option("--solvers", o->solvers,
                  "Comma-separated: wmmse,fp,max,random,exhaustive (default: all but exhaustive, which runs where K <= 12)")
      ->capture_default_str();
  cmd->add_option("--tol", o->tol, "WMMSE/FP stop rule (default: the test set's label rule)");
  cmd->add_option("--max-iter", o->max_iter, "WMMSE/FP iteration cap (default: the test set's label rule)");
  cmd->add_option("--threads", o->threads, "Threads for the sum-rates (timings use one)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the random-power baseline")->capture_default_str();
  cmd->add_option("--latency-samples", o->latency_samples, "Samples timed one at a time")->capture_default_str();
  cmd->add_option("--latency-batch", o->latency_batch, "Batch size of the batched latency figures")->capture_default_str();
  cmd->callback([o] { print_evaluation(run_evaluate(*o)); });
}

}  // namespace l2o::cli
