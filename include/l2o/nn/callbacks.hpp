#pragma once
/**
 * @file
 * Training callbacks. Every hook is optional and detected at compile time; a hook returning
 * `bool` stops training when it returns true:
 *
 *   on_train_begin(const TrainInfo&)            on_epoch_begin(int epoch)
 *   on_batch_end(const BatchInfo&) [-> bool]   on_epoch_end(EpochInfo<Scalar>&) [-> bool]
 *   on_train_end(EpochInfo<Scalar>&)
 */

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "l2o/nn/mlp.hpp"

namespace l2o::nn {

struct TrainInfo {
  int first_epoch = 0;  ///< > 0 when resuming
  int epochs = 0;
  Index samples = 0;
  Index batch_size = 0;
};

struct BatchInfo {
  int epoch = 0;
  Index batch = 0;
  Index batches = 0;
  double loss = 0;
};

/// What an epoch ended with; `parameters` is the model's, `save_checkpoint` writes the trainer's state.
template <class Scalar>
struct EpochInfo {
  int epoch = 0;
  int epochs = 0;
  double loss = 0;             ///< mean training loss over the epoch's batches
  double validation_loss = 0;  ///< loss on the whole validation set after the epoch
  double learning_rate = 0;    ///< the rate used in this epoch
  double seconds = 0;          ///< wall time of the epoch
  double samples_per_second = 0;
  Vector<Scalar>* parameters = nullptr;
  std::function<void(const std::filesystem::path&)> save_checkpoint;
};

/// One line per epoch on stderr: epoch, loss, validation loss, samples/s, time left.
struct ProgressBar {
  std::FILE* out = stderr;
  template <class Scalar>
  void on_epoch_end(EpochInfo<Scalar>& e) const {
    const double eta = e.seconds * (e.epochs - e.epoch - 1);
    std::fprintf(out, "epoch %d/%d  loss %.6g  validation %.6g  lr %.3g  %.0f samples/s  ETA %.0f s\n", e.epoch + 1,
                 e.epochs, e.loss, e.validation_loss, e.learning_rate, e.samples_per_second, eta);
    std::fflush(out);
  }
};

/// Per-epoch figures, for plots and JSON.
template <class Scalar>
struct History {
  struct Row {
    int epoch;
    double loss, validation_loss, learning_rate, seconds;
  };
  std::vector<Row> rows;
  void on_epoch_end(EpochInfo<Scalar>& e) {
    rows.push_back({e.epoch, e.loss, e.validation_loss, e.learning_rate, e.seconds});
  }
};

/**
 * Stops when the validation loss has not improved for `patience` epochs; with `restore_best`
 * the model ends with the parameters of its best epoch.
 */
template <class Scalar>
struct EarlyStopping {
  explicit EarlyStopping(int patience_ = 10, bool restore_best_ = true)
      : patience(patience_), restore_best(restore_best_) {}
  int patience;
  bool restore_best;
  double best = std::numeric_limits<double>::infinity();
  int best_epoch = -1;
  int wait = 0;
  Vector<Scalar> best_parameters;

  bool on_epoch_end(EpochInfo<Scalar>& e) {
    if (e.validation_loss < best) {
      best = e.validation_loss;
      best_epoch = e.epoch;
      wait = 0;
      if (restore_best) best_parameters = *e.parameters;
      return false;
    }
    return ++wait >= patience;
  }
  void on_train_end(EpochInfo<Scalar>& e) {
    if (restore_best && best_parameters.size() == e.parameters->size()) *e.parameters = best_parameters;
  }
};

/// Writes the trainer's whole state to `path` after every epoch (atomically): resume with
/// `Trainer::resume(path)` to lose at most the epoch that was running.
struct Checkpoint {
  std::filesystem::path path;
  template <class Scalar>
  void on_epoch_end(EpochInfo<Scalar>& e) const {
    e.save_checkpoint(path);
  }
};

namespace detail {
template <class C, class... A>
bool call_hook_epoch_end(C& c, A&... a) {
  if constexpr (requires { { c.on_epoch_end(a...) } -> std::same_as<bool>; }) return c.on_epoch_end(a...);
  else if constexpr (requires { c.on_epoch_end(a...); }) c.on_epoch_end(a...);
  return false;
}
template <class C, class... A>
bool call_hook_batch_end(C& c, A&... a) {
  if constexpr (requires { { c.on_batch_end(a...) } -> std::same_as<bool>; }) return c.on_batch_end(a...);
  else if constexpr (requires { c.on_batch_end(a...); }) c.on_batch_end(a...);
  return false;
}
template <class C, class A>
void call_hook_train_begin(C& c, const A& a) {
  if constexpr (requires { c.on_train_begin(a); }) c.on_train_begin(a);
}
template <class C>
void call_hook_epoch_begin(C& c, int epoch) {
  if constexpr (requires { c.on_epoch_begin(epoch); }) c.on_epoch_begin(epoch);
}
template <class C, class A>
void call_hook_train_end(C& c, A& a) {
  if constexpr (requires { c.on_train_end(a); }) c.on_train_end(a);
}
}  // namespace detail

}  // namespace l2o::nn
