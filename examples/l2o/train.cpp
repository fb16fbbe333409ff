// `l2o train`: fit the paper's network (ReLU hidden layers, outputs clamped to [0, Pmax]) to a
// labelled dataset with RMSprop, lowering the rate when the validation loss stops improving.
// Every epoch writes a checkpoint beside the model, so `--resume` loses at most one epoch, and
// appends a row to MODEL.history.csv (the validation curve).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"

namespace l2o::cli {
namespace {

using Net = nn::Mlp<float>;

/// Features as columns, labels, and (for the sum-rate loss) the channels of one split.
nn::TrainingSet<float> training_set(const DatasetDir& d, bool with_channels) {
  const auto& x = d.data.inputs;
  nn::TrainingSet<float> s;
  s.inputs = Eigen::Map<const nn::Matrix<float>>(x.data(), x.size_per_sample(), x.samples());
  const auto& p = *d.data.powers;
  s.targets = Eigen::Map<const nn::Matrix<double>>(p.data(), p.k(), p.samples()).cast<float>();
  const auto problem = problem_of(d.meta);
  s.problem = Problem<float>{static_cast<float>(problem.pmax.at(0, 0)), static_cast<float>(problem.noise.at(0, 0))};
  if (with_channels) {
    const auto& h = d.data.channels;
    s.channels = ChannelBatch<float>(h.samples(), h.k());
    std::transform(h.data(), h.data() + h.samples() * h.k() * h.k(), s.channels.data(),
                   [](double v) { return static_cast<float>(v); });
  }
  return s;
}

/// Keeps MODEL.history.csv up to date after every epoch (rewritten atomically; on resume the
/// rows of the epochs already done are kept).
struct HistoryCsv {
  std::filesystem::path path;
  std::vector<std::string> rows;
  void on_train_begin(const nn::TrainInfo& info) {
    std::vector<std::string> kept;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line) && static_cast<int>(kept.size()) < info.first_epoch) kept.push_back(line);
    rows = info.first_epoch > 0 ? kept : std::vector<std::string>{};
  }
  template <class S>
  void on_epoch_end(nn::EpochInfo<S>& e) {
    char line[256];
    std::snprintf(line, sizeof line, "%d,%.9g,%.9g,%.6g,%.4f", e.epoch + 1, e.loss, e.validation_loss, e.learning_rate,
                  e.seconds);
    rows.emplace_back(line);
    std::string text = "epoch,loss,validation_loss,learning_rate,seconds\n";
    for (const auto& r : rows) text += r + "\n";
    data::write_text_file(path, text);
  }
};

/// Test hook (tests/cli/test_pipeline.sh): L2O_STOP_AFTER_EPOCHS=N stops the run after the
/// checkpoint of epoch N is written, as an interruption would.
struct StopAfterEpochs {
  template <class S>
  void on_epoch_end(nn::EpochInfo<S>& e) const {
    if (const char* n = std::getenv("L2O_STOP_AFTER_EPOCHS"); n != nullptr && e.epoch + 1 >= std::atoi(n))
      throw Error("stopped after epoch " + std::to_string(e.epoch + 1) + " (L2O_STOP_AFTER_EPOCHS)");
  }
};

template <class Loss>
nlohmann::json fit(const TrainOptions& o, Net& net, const nn::TrainingSet<float>& train,
                   const nn::TrainingSet<float>& val, Loss loss) {
  const std::filesystem::path model = o.model;
  const auto checkpoint = std::filesystem::path(o.model + ".ckpt");
  nn::Trainer<nn::RmsProp, nn::ReduceOnPlateau, Loss> trainer(
      {.epochs = o.epochs, .batch_size = o.batch, .learning_rate = o.lr, .seed = o.seed, .restore_best = true,
       .threads = o.threads},
      nn::RmsProp::tf1(), nn::ReduceOnPlateau{.patience = o.lr_patience}, loss);
  const auto model_dir = model.has_parent_path() ? model.parent_path() : std::filesystem::path(".");
  data::remove_stale_temporaries(model_dir, model.filename().string());  // MODEL.tmp-*, MODEL.ckpt.tmp-*, ...
  if (o.resume && std::filesystem::exists(checkpoint)) {
    trainer.resume(checkpoint);
    std::fprintf(stderr, "resuming from %s\n", checkpoint.string().c_str());
  }
  nn::EarlyStopping<float> early(o.patience, /*restore_best=*/false);  // the trainer restores its best
  HistoryCsv csv{o.model + ".history.csv", {}};
  const auto t0 = std::chrono::steady_clock::now();
  trainer.fit(net, train, val, nn::ProgressBar{}, csv, early, nn::Checkpoint{checkpoint}, StopAfterEpochs{});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // The model holds the parameters of its best validation epoch, also across a resume.
  nn::save_model(model, net);
  std::error_code ec;
  std::filesystem::remove(checkpoint, ec);
  return {{"epochs_run", csv.rows.size()},
          {"best_validation_loss", trainer.loss(net, val)},
          {"seconds", seconds},
          {"history", o.model + ".history.csv"}};
}

std::string widths(const std::vector<int>& sizes) {
  std::string s;
  for (std::size_t i = 0; i < sizes.size(); ++i) s += (i ? "-" : "") + std::to_string(sizes[i]);
  return s;
}

void check_options(const TrainOptions& o) {
  if (o.hidden.empty()) throw InvalidArgument("--hidden needs at least one width");
  for (int w : o.hidden)
    if (w < 1) throw InvalidArgument("--hidden: widths must be >= 1, got " + std::to_string(w));
  if (o.loss != "mse" && o.loss != "sum-rate") throw InvalidArgument("--loss must be mse or sum-rate, got '" + o.loss + "'");
  if (o.threads < 1) throw InvalidArgument("--threads must be >= 1");
  if (o.patience < 1) throw InvalidArgument("--patience must be >= 1");
  if (o.lr_patience < 1) throw InvalidArgument("--lr-patience must be >= 1");
}

}  // namespace

nlohmann::json run_train(const TrainOptions& o) {
  check_options(o);
  const bool sum_rate = o.loss == "sum-rate";
  nn::TrainingSet<float> train, val;
  {  // the directories' arrays are released once copied into the training sets
    const auto train_dir = read_dataset_dir(o.train, true, sum_rate);
    const auto val_dir = read_dataset_dir(o.validation, true, sum_rate);
    // The scenarios may differ (Table VI trains on fitted samples, validates on binder tones).
    for (const char* key : {"K", "cells", "noise", "pmax"})
      if (train_dir.meta.value(key, nlohmann::json()) != val_dir.meta.value(key, nlohmann::json()))
        throw InvalidArgument(std::string("--validation: meta.json's \"") + key + "\" differs from the training set's (" +
                              o.train + ")");
    train = training_set(train_dir, sum_rate);
    val = training_set(val_dir, sum_rate);
  }
  std::vector<int> sizes{static_cast<int>(train.inputs.rows())};
  sizes.insert(sizes.end(), o.hidden.begin(), o.hidden.end());
  sizes.push_back(static_cast<int>(train.targets.rows()));
  Net net(sizes, o.seed, nn::Relu{}, nn::ClampedRelu{train.problem.pmax.at(0, 0)});
  if (o.normalize) net.fit_normalization(train.inputs);
  if (!o.init.empty()) {  // fine-tuning: the weights (and normalisation) of an earlier model
    const Net start = nn::load_model<Net>(o.init);
    if (start.sizes() != sizes)
      throw ShapeError("--init: " + o.init + " has widths " + widths(start.sizes()) + ", the data and --hidden need " +
                       widths(sizes));
    if (start.output().pmax != net.output().pmax)
      throw InvalidArgument("--init: " + o.init + " clamps its outputs at Pmax = " + std::to_string(start.output().pmax) +
                            ", the data's Pmax is " + std::to_string(net.output().pmax));
    if (o.normalize) throw InvalidArgument("--init and --normalize: the model from --init keeps its own normalisation");
    net = start;
  }
  std::fprintf(stderr, "training %s on %lld samples (validation %lld), loss %s%s\n", widths(sizes).c_str(),
               static_cast<long long>(train.size()), static_cast<long long>(val.size()), o.loss.c_str(),
               o.init.empty() ? "" : (", from " + o.init).c_str());
  auto summary = sum_rate ? fit(o, net, train, val, nn::NegativeSumRate{}) : fit(o, net, train, val, nn::MeanSquaredError{});
  summary["sizes"] = sizes;
  summary["loss"] = o.loss;
  return summary;
}

void add_train(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  auto* cmd = app.add_subcommand("train", "Train the network to imitate a dataset's WMMSE labels");
  cmd->add_option("--train", o->train, "Training dataset directory (made by `l2o generate`)")->required();
  cmd->add_option("--validation", o->validation, "Validation dataset directory")->required();
  cmd->add_option("--model", o->model, "Output model file (MODEL.ckpt and MODEL.history.csv beside it)")->required();
  cmd->add_option("--hidden", o->hidden, "Hidden widths, comma-separated")->delimiter(',')->capture_default_str();
  cmd->add_option("--epochs", o->epochs, "Passes over the training set")->capture_default_str();
  cmd->add_option("--batch", o->batch, "Mini-batch size")->capture_default_str();
  cmd->add_option("--lr", o->lr, "Initial learning rate (RMSprop, decay 0.9)")->capture_default_str();
  cmd->add_option("--loss", o->loss, "mse (imitate WMMSE) | sum-rate (maximise it directly)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Initial weights and shuffling")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Threads for the matrix products")->capture_default_str();
  cmd->add_option("--patience", o->patience, "Stop after this many epochs without a better validation loss")
      ->capture_default_str();
  cmd->add_option("--lr-patience", o->lr_patience,
                  "Halve the rate after this many epochs without a validation loss 0.01 % below the best")
      ->capture_default_str();
  cmd->add_flag("--normalize", o->normalize, "Standardise inputs (mean 0, variance 1; stored in the model)");
  cmd->add_flag("--resume", o->resume, "Continue from MODEL.ckpt if it exists");
  cmd->add_option("--init", o->init,
                  "Start from this model's weights instead of random ones (e.g. --loss sum-rate after mse)");
  cmd->callback([o] {
    const auto s = run_train(*o);
    std::printf("wrote %s: %d epochs, validation loss %.6g, %.1f s\n", o->model.c_str(), s["epochs_run"].get<int>(),
                s["best_validation_loss"].get<double>(), s["seconds"].get<double>());
  });
}

}  // namespace l2o::cli
