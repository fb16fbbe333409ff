#pragma once
/**
 * @file
 * Mini-batch training, composed from an update rule, a schedule and a loss (ensmallen style):
 * `Trainer<RmsProp, ReduceOnPlateau, MeanSquaredError>` is the paper's set-up (Section IV).
 */

#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "l2o/core/batch.hpp"
#include "l2o/core/random.hpp"
#include "l2o/nn/callbacks.hpp"
#include "l2o/nn/loss.hpp"
#include "l2o/nn/model_file.hpp"
#include "l2o/nn/schedule.hpp"
#include "l2o/nn/update.hpp"

namespace l2o::nn {

/// Observations in columns; targets for supervised losses, channels for `NegativeSumRate`.
template <class Scalar>
struct TrainingSet {
  Matrix<Scalar> inputs;          ///< features x N
  Matrix<Scalar> targets;         ///< outputs x N (may be empty for unsupervised losses)
  ChannelBatch<Scalar> channels;  ///< N samples, or none
  Problem<Scalar> problem;
  [[nodiscard]] Index size() const { return inputs.cols(); }
};

/// Raised when the loss turns NaN or infinite; the model is left with its best parameters.
class TrainingDiverged : public Error {
 public:
  using Error::Error;
};

struct TrainerOptions {
  int epochs = 100;
  Index batch_size = 1000;
  double learning_rate = 1e-3;
  std::uint64_t seed = 0;  ///< epoch e shuffles with stream(seed, {e}): no engine state to save
  bool restore_best = false;  ///< end with the parameters of the best validation epoch (kept in checkpoints)
  int threads = 1;  ///< workers inside each matrix product; the model does not depend on it
};

inline constexpr char checkpoint_magic[] = "L2O-CKP\n";

/**
 * Runs `epochs` passes over the training set in shuffled mini-batches, evaluates the validation
 * loss after each, lets the schedule set the next rate, and calls the callbacks' hooks.
 * The same options and data give a bit-identical model, whatever `threads` is.
 */
template <class Update = RmsProp, class Sched = ReduceOnPlateau, class L = MeanSquaredError>
class Trainer {
  static_assert(UpdateRule<Update>, "Trainer<Update, Schedule, Loss>: Update must model nn::UpdateRule");
  static_assert(Schedule<Sched>, "Trainer<Update, Schedule, Loss>: Schedule must model nn::Schedule");
  static_assert(Loss<L>, "Trainer<Update, Schedule, Loss>: Loss must model nn::Loss");

 public:
  using Options = TrainerOptions;
  explicit Trainer(Options options = {}, Update update = {}, Sched schedule = {}, L loss = {})
      : options_(options), update_(update), schedule_(schedule), loss_(loss) {
    if (options_.epochs < 1) throw InvalidArgument("epochs must be >= 1, got " + std::to_string(options_.epochs));
    if (options_.batch_size < 1)
      throw InvalidArgument("batch size must be >= 1, got " + std::to_string(options_.batch_size));
    if (!(options_.learning_rate > 0))
      throw InvalidArgument("learning rate must be > 0, got " + std::to_string(options_.learning_rate));
  }

  /// The next `fit` continues from this checkpoint (written by the `Checkpoint` callback).
  void resume(std::filesystem::path checkpoint) { resume_ = std::move(checkpoint); }

  /// Mean loss over a whole set, in batches of `batch_size`.
  template <class Net>
  double loss(const Net& net, const TrainingSet<typename Net::Scalar>& data) const {
    using Scalar = typename Net::Scalar;
    Workspace<Scalar> ws;
    ws.threads = options_.threads;
    double total = 0;
    std::vector<Index> index;
    for (Index first = 0; first < data.size(); first += options_.batch_size) {
      const Index n = std::min(options_.batch_size, data.size() - first);
      net.forward(data.inputs.middleCols(first, n), ws);
      index.resize(static_cast<std::size_t>(n));
      std::iota(index.begin(), index.end(), first);
      const Matrix<Scalar> t = data.targets.size() ? Matrix<Scalar>(data.targets.middleCols(first, n)) : Matrix<Scalar>();
      total += static_cast<double>(loss_.evaluate(ws.a.back(), batch_of(data, t, index), nullptr)) * n;
    }
    return total / static_cast<double>(data.size());
  }

  template <class Net, class... Callbacks>
  void fit(Net& net, const TrainingSet<typename Net::Scalar>& train, const TrainingSet<typename Net::Scalar>& validation,
           Callbacks&&... callbacks) {
    using Scalar = typename Net::Scalar;
    check_set(net, train, "training");
    check_set(net, validation, "validation");
    State<Scalar> st{update_.template make_state<Scalar>(net.parameters().size()), {}, 0, std::numeric_limits<double>::infinity(), {}};
    st.schedule.base = st.schedule.rate = options_.learning_rate;
    if (resume_) load_checkpoint(*resume_, net, st);
    TrainInfo info{st.next_epoch, options_.epochs, train.size(), options_.batch_size};
    (detail::call_hook_train_begin(callbacks, info), ...);

    Workspace<Scalar> ws;
    ws.threads = options_.threads;
    Matrix<Scalar> x, t, dy;
    Vector<Scalar> grad;
    std::vector<Index> order(static_cast<std::size_t>(train.size())), index;
    EpochInfo<Scalar> last;
    last.parameters = &net.parameters();
    for (int epoch = st.next_epoch; epoch < options_.epochs; ++epoch) {
      (detail::call_hook_epoch_begin(callbacks, epoch), ...);
      const auto t0 = std::chrono::steady_clock::now();
      shuffle(order, epoch);
      const Index batches = (train.size() + options_.batch_size - 1) / options_.batch_size;
      double sum = 0;
      bool stop = false;
      const double rate = st.schedule.rate;
      for (Index b = 0; b < batches && !stop; ++b) {
        const Index first = b * options_.batch_size, n = std::min(options_.batch_size, train.size() - first);
        index.assign(order.begin() + first, order.begin() + first + n);
        gather(train, index, x, t);
        net.forward(x, ws);
        const double value = loss_.evaluate(ws.a.back(), batch_of(train, t, index), &dy);
        if (!std::isfinite(value)) diverged(net, st, epoch, b, value);
        net.backward(ws, dy, grad);
        update_.step(net.parameters(), grad, st.update, rate);
        sum += value;
        const BatchInfo bi{epoch, b, batches, value};
        stop = (detail::call_hook_batch_end(callbacks, bi) || ...);
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double val = loss(net, validation);
      if (!std::isfinite(val)) diverged(net, st, epoch, batches, val);
      if (val < st.best) {
        st.best = val;
        st.best_parameters = net.parameters();
      }
      schedule_.next(st.schedule, epoch, val);
      st.next_epoch = epoch + 1;
      last = EpochInfo<Scalar>{epoch, options_.epochs, sum / static_cast<double>(batches), val, rate, seconds,
                               static_cast<double>(train.size()) / seconds, &net.parameters(),
                               [&](const std::filesystem::path& p) { save_checkpoint(p, net, st); }};
      stop = (detail::call_hook_epoch_end(callbacks, last) || ...) || stop;
      if (stop) break;
    }
    if (options_.restore_best && st.best_parameters.size() == net.parameters().size())
      net.parameters() = st.best_parameters;
    (detail::call_hook_train_end(callbacks, last), ...);
  }

 private:
  template <class Scalar>
  struct State {
    UpdateState<Scalar> update;
    ScheduleState schedule;
    int next_epoch;
    double best;
    Vector<Scalar> best_parameters;
  };

  template <class Scalar>
  static LossBatch<Scalar> batch_of(const TrainingSet<Scalar>& data, const Matrix<Scalar>& t, const std::vector<Index>& index) {
    return {t, data.channels.samples() ? &data.channels : nullptr, &data.problem, index.data()};
  }

  template <class Net, class Scalar>
  static void check_set(const Net& net, const TrainingSet<Scalar>& d, const char* what) {
    const std::string w(what);
    if (d.size() == 0) throw ShapeError(w + " set is empty");
    if (d.inputs.rows() != net.inputs())
      throw ShapeError(w + " inputs have " + std::to_string(d.inputs.rows()) + " features, the network expects " +
                       std::to_string(net.inputs()));
    if (d.targets.size() && (d.targets.rows() != net.outputs() || d.targets.cols() != d.size()))
      throw ShapeError(w + " targets are " + std::to_string(d.targets.rows()) + " x " + std::to_string(d.targets.cols()) +
                       ", expected " + std::to_string(net.outputs()) + " x " + std::to_string(d.size()));
    if (d.channels.samples() && d.channels.samples() != d.size())
      throw ShapeError(w + " set has " + std::to_string(d.size()) + " inputs but " + std::to_string(d.channels.samples()) +
                       " channel samples");
    if (!d.inputs.allFinite()) throw InvalidValue(w + " inputs contain NaN or infinite values");
    if (d.targets.size() && !d.targets.allFinite()) throw InvalidValue(w + " targets contain NaN or infinite values");
  }

  void shuffle(std::vector<Index>& order, int epoch) const {
    std::iota(order.begin(), order.end(), Index{0});
    Engine rng = stream(options_.seed, {static_cast<std::uint64_t>(epoch)});
    for (std::size_t i = order.size(); i > 1; --i) {  // Fisher-Yates with our own uniform mapping
      const auto j = static_cast<std::size_t>(uniform01(rng) * static_cast<double>(i));
      std::swap(order[i - 1], order[std::min(j, i - 1)]);
    }
  }

  template <class Scalar>
  static void gather(const TrainingSet<Scalar>& d, const std::vector<Index>& index, Matrix<Scalar>& x, Matrix<Scalar>& t) {
    const auto n = static_cast<Eigen::Index>(index.size());
    x.resize(d.inputs.rows(), n);
    for (Eigen::Index c = 0; c < n; ++c) x.col(c) = d.inputs.col(index[c]);
    if (d.targets.size() == 0) {
      t.resize(0, 0);
      return;
    }
    t.resize(d.targets.rows(), n);
    for (Eigen::Index c = 0; c < n; ++c) t.col(c) = d.targets.col(index[c]);
  }

  template <class Net, class Scalar>
  [[noreturn]] static void diverged(Net& net, const State<Scalar>& st, int epoch, Index batch, double value) {
    std::string kept = "the model is left as initialised";
    if (st.best_parameters.size() == net.parameters().size()) {
      net.parameters() = st.best_parameters;
      kept = "the model keeps its best parameters (validation loss " + std::to_string(st.best) + ")";
    }
    throw TrainingDiverged("training stopped: the loss became " + std::string(std::isnan(value) ? "NaN" : "infinite") +
                           " in epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(batch + 1) +
                           " (learning rate too high?); " + kept);
  }

  template <class Net, class Scalar>
  void save_checkpoint(const std::filesystem::path& path, const Net& net, const State<Scalar>& st) const {
    detail::ByteWriter w;
    w.put_raw(std::string(checkpoint_magic, 8));
    w.put(std::uint32_t{1});
    w.put(static_cast<std::uint8_t>(sizeof(Scalar)));
    w.put(options_.seed);
    w.put(static_cast<std::int64_t>(options_.batch_size));
    w.put(static_cast<std::int32_t>(st.next_epoch));
    w.put(st.schedule.base);
    w.put(st.schedule.rate);
    w.put(st.schedule.best);
    w.put(static_cast<std::int32_t>(st.schedule.wait));
    w.put(st.best);
    w.put(st.update.steps);
    w.put(static_cast<std::uint32_t>(st.update.moments.size()));
    for (const auto& m : st.update.moments) {
      w.put(static_cast<std::uint64_t>(m.size()));
      w.put_array(m.data(), static_cast<std::size_t>(m.size()));
    }
    w.put(static_cast<std::uint64_t>(st.best_parameters.size()));
    w.put_array(st.best_parameters.data(), static_cast<std::size_t>(st.best_parameters.size()));
    detail::write_model(w, net);
    w.commit(path);
  }

  template <class Net, class Scalar>
  void load_checkpoint(const std::filesystem::path& path, Net& net, State<Scalar>& st) const {
    detail::ByteReader r(path, std::string(checkpoint_magic, 8), "checkpoint");
    if (r.get<std::uint32_t>("version") != 1) r.fail("checkpoint version is not supported");
    if (r.get<std::uint8_t>("scalar size") != sizeof(Scalar))
      r.fail("checkpoint was written with another scalar type than this network's");
    const auto n = net.parameters().size();
    if (r.get<std::uint64_t>("seed") != options_.seed) r.fail("checkpoint was written with another --seed");
    if (r.get<std::int64_t>("batch size") != options_.batch_size) r.fail("checkpoint was written with another batch size");
    st.next_epoch = r.get<std::int32_t>("epoch");
    st.schedule.base = r.get<double>("schedule");
    st.schedule.rate = r.get<double>("schedule");
    st.schedule.best = r.get<double>("schedule");
    st.schedule.wait = r.get<std::int32_t>("schedule");
    st.best = r.get<double>("best loss");
    st.update.steps = r.get<std::int64_t>("update steps");
    const auto moments = r.get<std::uint32_t>("moment count");
    if (moments != st.update.moments.size()) r.fail("checkpoint was written by another update rule");
    for (auto& m : st.update.moments) {
      if (r.get<std::uint64_t>("moment size") != static_cast<std::uint64_t>(n))
        r.fail("checkpoint belongs to a network of another size");
      r.get_array(m.data(), static_cast<std::size_t>(n), "moments");
    }
    const auto best_n = r.get<std::uint64_t>("best parameters");
    if (best_n != 0 && best_n != static_cast<std::uint64_t>(n)) r.fail("checkpoint belongs to a network of another size");
    st.best_parameters.resize(static_cast<Eigen::Index>(best_n));
    r.get_array(st.best_parameters.data(), static_cast<std::size_t>(best_n), "best parameters");
    char magic[8];
    r.get_array(magic, 8, "model magic");
    if (std::memcmp(magic, model_magic, 8) != 0) r.fail("the embedded model is damaged");
    Net saved = detail::read_model<Net>(r);
    if (saved.sizes() != net.sizes()) r.fail("checkpoint belongs to a network of other widths");
    if (r.remaining() != 0) r.fail("trailing bytes");
    r.require_checksum();
    net = std::move(saved);
  }

  Options options_;
  Update update_;
  Sched schedule_;
  L loss_;
  std::optional<std::filesystem::path> resume_;
};

}  // namespace l2o::nn
