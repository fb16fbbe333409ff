// `l2o reproduce --experiment fig3`: the paper's Fig. 3. Gradient descent on (x^2 - z)^2 ends at
// sign(x^0) sqrt(z); a one-hidden-layer network trained on z -> x^T can only learn the average
// of the two branches (about 0), one trained on (x^0, z) -> x^T learns the map.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fig3.hpp"
#include "report.hpp"

namespace l2o::cli {
namespace {

using Net = nn::Mlp<double, nn::Relu, nn::Identity>;

struct Fig3Scale {
  Index train, validation, test;
  int epochs;
};

Fig3Scale fig3_scale(const std::string& s) {
  if (s == "smoke") return {2000, 500, 500, 20};
  if (s == "demo" || s == "paper") return {20000, 2000, 5000, 150};  // the paper gives no sizes; seconds either way
  throw InvalidArgument("--scale must be demo, paper or smoke, got '" + s + "'");
}

/// Features (x^0, z) or z alone, one sample per column, and the targets x^T.
nn::TrainingSet<double> features(const theory::GradientDescentExample::Samples& s, bool with_start) {
  const auto n = static_cast<Index>(s.z.size());
  nn::TrainingSet<double> t;
  t.inputs.resize(with_start ? 2 : 1, n);
  t.targets.resize(1, n);
  for (Index i = 0; i < n; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (with_start) t.inputs.col(i) << s.x0[u], s.z[u];
    else t.inputs(0, i) = s.z[u];
    t.targets(0, i) = s.xt[u];
  }
  return t;
}

struct Fitted {
  std::vector<double> predictions;
  double mae;
};

Fitted fit_model(const Fig3Options& o, const Fig3Scale& sc, bool with_start, const theory::GradientDescentExample::Samples& train,
                 const theory::GradientDescentExample::Samples& val, const theory::GradientDescentExample::Samples& test) {
  const auto tr = features(train, with_start), va = features(val, with_start), te = features(test, with_start);
  Net net({with_start ? 2 : 1, 200, 1}, o.seed);  // one hidden layer, as the paper's "three layer network"
  nn::Trainer<nn::Adam, nn::ReduceOnPlateau, nn::MeanSquaredError> trainer(
      {.epochs = sc.epochs, .batch_size = 100, .learning_rate = 1e-3, .seed = o.seed, .restore_best = true}, {}, {}, {});
  std::fprintf(stderr, "fig3: training %s -> x^T (%lld samples, %d epochs)\n", with_start ? "(x0, z)" : "z",
               static_cast<long long>(tr.size()), sc.epochs);
  trainer.fit(net, tr, va);
  const auto pred = net.predict(te.inputs);
  Fitted f{std::vector<double>(pred.data(), pred.data() + pred.size()), 0};
  for (Index i = 0; i < te.size(); ++i) f.mae += std::abs(pred(0, i) - te.targets(0, i));
  f.mae /= static_cast<double>(te.size());
  return f;
}

}  // namespace

void run_fig3(const Fig3Options& o) {
  const Fig3Scale sc = fig3_scale(o.scale);
  const theory::GradientDescentExample gd;
  const auto dir = std::filesystem::path(o.out) / "fig3";
  ensure_writable_dir(dir);
  std::fprintf(stderr, "fig3: gradient descent, %d steps of size %g from x0 in [%g, %g], z in [%g, %g]\n", gd.iterations,
               gd.step, gd.x0_min, gd.x0_max, gd.z_min, gd.z_max);
  const auto train = gd.draw(sc.train, data::split_seed(o.seed, data::Split::train));
  const auto val = gd.draw(sc.validation, data::split_seed(o.seed, data::Split::validation));
  const auto test = gd.draw(sc.test, data::split_seed(o.seed, data::Split::test));
  const auto z_only = fit_model(o, sc, false, train, val, test);
  const auto both = fit_model(o, sc, true, train, val, test);

  std::string csv = "z,x0,xT,z_only,x0_z\n";
  for (std::size_t i = 0; i < test.z.size(); ++i) {
    char line[160];
    std::snprintf(line, sizeof line, "%.9g,%.9g,%.9g,%.9g,%.9g\n", test.z[i], test.x0[i], test.xt[i], z_only.predictions[i],
                  both.predictions[i]);
    csv += line;
  }
  data::write_text_file(dir / "fig3.csv", csv);
  const double ratio = z_only.mae / both.mae;
  const std::string command = "l2o reproduce --experiment fig3 --scale " + o.scale + " --seed " + std::to_string(o.seed) +
                              " --out " + o.out;
  const nlohmann::json j = {
      {"experiment", "fig3"}, {"scale", o.scale}, {"seed", o.seed}, {"command", command},
      {"gradient_descent", {{"step", gd.step}, {"iterations", gd.iterations}, {"z", {gd.z_min, gd.z_max}}, {"x0", {gd.x0_min, gd.x0_max}}}},
      {"network", {{"hidden", 200}, {"update", "adam"}, {"lr", 1e-3}, {"batch", 100}, {"epochs", sc.epochs}}},
      {"train_samples", sc.train}, {"test_samples", sc.test},
      {"mae_z_only", z_only.mae}, {"mae_x0_z", both.mae}, {"mae_ratio", ratio}};
  data::write_text_file(dir / "fig3.json", j.dump(2) + "\n");
  char table[1024];
  std::snprintf(table, sizeof table,
                "### Fig. 3: learning gradient descent on (x^2 - z)^2 (%s scale)\n\nCommand: `%s`\n\n"
                "| model | input | mean absolute error on %lld held-out samples |\n|---|---|---|\n"
                "| (a) | z | %.4f |\n| (b) | (x0, z) | %.4f |\n\n(a) / (b) = %.1f\n",
                o.scale.c_str(), command.c_str(), static_cast<long long>(sc.test), z_only.mae, both.mae, ratio);
  data::write_text_file(dir / "fig3.md", table);
  std::printf("%s", table);
  if (o.plots) run_plot_script(o.scripts_dir, "plot_fig3.py", dir);
}

}  // namespace l2o::cli
