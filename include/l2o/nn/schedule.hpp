#pragma once
/**
 * @file
 * Learning-rate schedules. Contract (`Schedule`): `next(state, epoch, validation_loss)` is called
 * after each epoch and updates `state.rate` for the next one; the state (`ScheduleState`) is
 * plain data, so checkpoints save any schedule.
 */

#include <algorithm>
#include <concepts>
#include <limits>

namespace l2o::nn {

/// The rate in use and what plateau detection needs.
struct ScheduleState {
  double base = 1e-3;  ///< the initial rate
  double rate = 1e-3;  ///< the rate for the next epoch
  double best = std::numeric_limits<double>::infinity();
  int wait = 0;
};

/// The same rate throughout. Use this as a template for your own schedule.
struct Constant {
  void next(ScheduleState& /*s*/, int /*epoch*/, double /*validation_loss*/) const {}
};

/// \f[ \eta_e = \eta_0 / (e + 1) \f] for epoch e = 0, 1, ... (the authors' released code).
struct InverseTime {
  void next(ScheduleState& s, int epoch, double /*validation_loss*/) const { s.rate = s.base / (epoch + 2); }
};

/**
 * The paper's rule: when the validation loss has not improved on its best by a relative
 * `min_delta` for `patience` epochs, multiply the rate by `factor` (not below `min_rate`).
 */
struct ReduceOnPlateau {
  double factor = 0.5;
  int patience = 5;
  double min_delta = 1e-4;
  double min_rate = 1e-6;
  void next(ScheduleState& s, int /*epoch*/, double validation_loss) const {
    if (validation_loss < s.best * (1 - min_delta)) {
      s.best = validation_loss;
      s.wait = 0;
      return;
    }
    if (++s.wait >= patience) {
      s.rate = std::max(min_rate, s.rate * factor);
      s.wait = 0;
    }
  }
};

template <class S>
concept Schedule = requires(const S& s, ScheduleState& st) { s.next(st, 0, 0.0); };

}  // namespace l2o::nn
