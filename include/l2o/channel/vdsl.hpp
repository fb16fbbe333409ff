#pragma once
/**
 * @file
 * A physical model of a 28-pair VDSL2 binder, standing in for the France Telecom measurements
 * of Sun et al. Section V.F (which are not public).
 */

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"
#include "l2o/core/random.hpp"

namespace l2o {

enum class Crosstalk { fext, next };

/// Binder settings; defaults follow the paper's measurement campaign.
struct VdslOptions {
  int pairs = 28;
  double length_m = 300;          ///< loop length: the paper measured 75, 150 and 300 m
  Crosstalk crosstalk = Crosstalk::fext;
  double tone_spacing_hz = 4312.5;  ///< the VDSL2 tone grid
  int tones = 6955;               ///< tones 1..6955: up to 29.99 MHz, the paper's 6955 samples
  /// Insertion loss of a 0.4 mm PE pair: a * sqrt(f / 1 MHz) + b * (f / 1 MHz) dB per km.
  double skin_db_per_km = 19.5;
  double dielectric_db_per_km = 0.5;
  double pair_loss_spread = 0.03;  ///< relative s.d. of each pair's attenuation
  double coupling_sd_db = 6;       ///< pair-to-pair coupling spread (log-normal), dB
  double ripple_db = 3;            ///< amplitude of each pair's frequency ripple, dB
};

/**
 * One binder: pair losses and pair-to-pair couplings are drawn once from the caller's engine;
 * each tone f_n = n * 4312.5 Hz is one 28 x 28 sample.
 *
 * - Direct channel (diagonal): \f$ |H_i(f)| = 10^{-A_i(f) L / 20} \f$ with
 *   \f$ A_i(f) = (1 + \epsilon_i)(a\sqrt{f/\mathrm{MHz}} + b f/\mathrm{MHz}) \f$ dB/km.
 * - 1 % worst-case 49-disturber models (ANSI T1.417 / ETSI TS 101 270), scaled to one disturber
 *   by \f$ (1/49)^{0.6} \f$:
 *   FEXT \f$ |X_{ij}|^2 = K_F f^2 L |H_j(f)|^2 \f$ with \f$ K_F = 10^{-4.5}\,\mathrm{MHz^{-2} km^{-1}} \f$
 *   (-45 dB at 1 MHz and 1 km); NEXT
 *   \f$ |X_{ij}|^2 = K_N f^{1.5} (1 - |H_j(f)|^4) \f$ with \f$ K_N = 10^{-5}\,\mathrm{MHz^{-1.5}} \f$
 *   (-50 dB at 1 MHz; the last factor is the short-loop correction).
 * - Each pair couple (i, j) gets a symmetric coupling offset c_ij ~ N(-2.33 s, s^2) dB
 *   (s = 6 dB: pair-to-pair loss is log-normal and the worst-case line is its 1 % quantile) and a
 *   ripple r_ij(f) = rho sin(2 pi f tau_ij + phi_ij) dB with tau_ij ~ U(20, 200) ns.
 * Amplitudes are |transfer function|, dimensionless; H(i, j) = from transmitter j to receiver i.
 */
template <class Scalar_>
class Vdsl {
 public:
  using Scalar = Scalar_;
  template <class Rng>
  Vdsl(VdslOptions options, Rng& rng) : options_(options) {
    if (options_.pairs < 1) throw InvalidArgument("VDSL: pairs must be >= 1");
    if (!(options_.length_m > 0)) throw InvalidArgument("VDSL: loop length must be > 0 m");
    if (options_.tones < 1) throw InvalidArgument("VDSL: tones must be >= 1");
    const int p = options_.pairs;
    loss_scale_.resize(p);
    for (auto& s : loss_scale_) s = 1.0 + options_.pair_loss_spread * normal01(rng);
    coupling_db_.assign(static_cast<std::size_t>(p) * p, 0.0);
    delay_s_ = phase_ = coupling_db_;
    for (int i = 0; i < p; ++i) {
      for (int j = i + 1; j < p; ++j) {
        const double c = normal(rng, -2.33 * options_.coupling_sd_db, options_.coupling_sd_db);
        const double tau = uniform(rng, 20e-9, 200e-9);
        const double phi = uniform(rng, 0.0, 2 * std::numbers::pi);
        for (auto [a, b] : {std::pair{i, j}, std::pair{j, i}}) {
          coupling_db_[idx(a, b)] = c;
          delay_s_[idx(a, b)] = tau;
          phase_[idx(a, b)] = phi;
        }
      }
    }
  }

  [[nodiscard]] int k() const { return options_.pairs; }
  [[nodiscard]] int tones() const { return options_.tones; }
  [[nodiscard]] double frequency(int tone) const { return (tone + 1) * options_.tone_spacing_hz; }

  /// |H_i(f)| of pair i, the direct channel.
  [[nodiscard]] double direct(int i, double f_hz) const {
    const double f_mhz = f_hz * 1e-6;
    const double db_per_km =
        loss_scale_[i] * (options_.skin_db_per_km * std::sqrt(f_mhz) + options_.dielectric_db_per_km * f_mhz);
    return std::pow(10.0, -db_per_km * options_.length_m * 1e-3 / 20.0);
  }

  /// |X_ij(f)|: crosstalk from transmitter j into receiver i (i != j).
  [[nodiscard]] double crosstalk(int i, int j, double f_hz) const {
    const double f_mhz = f_hz * 1e-6;
    const double one_disturber = std::pow(1.0 / 49.0, 0.6);
    const double pair_db =
        coupling_db_[idx(i, j)] +
        options_.ripple_db * std::sin(2 * std::numbers::pi * f_hz * delay_s_[idx(i, j)] + phase_[idx(i, j)]);
    const double pair = std::pow(10.0, pair_db / 10.0);
    const double hj = direct(j, f_hz);
    double power = 0;
    if (options_.crosstalk == Crosstalk::fext) {
      power = std::pow(10.0, -4.5) * f_mhz * f_mhz * (options_.length_m * 1e-3) * hj * hj;
    } else {
      power = 1e-5 * std::pow(f_mhz, 1.5) * (1.0 - hj * hj * hj * hj);
    }
    return std::sqrt(power * one_disturber * pair);
  }

  /// Writes the pairs x pairs amplitude matrix of tone `tone` (0-based; f = (tone+1) * 4312.5 Hz).
  void tone_matrix(int tone, Scalar* h) const {
    const double f = frequency(tone);
    const int p = k();
    for (int i = 0; i < p; ++i)
      for (int j = 0; j < p; ++j) h[idx(i, j)] = static_cast<Scalar>(i == j ? direct(i, f) : crosstalk(i, j, f));
  }

  /// All tones as a batch, in frequency order.
  [[nodiscard]] ChannelBatch<Scalar> all_tones() const {
    ChannelBatch<Scalar> out(options_.tones, k());
    for (int t = 0; t < options_.tones; ++t) tone_matrix(t, out.sample_data(t));
    return out;
  }

 private:
  [[nodiscard]] std::size_t idx(int i, int j) const { return static_cast<std::size_t>(i) * options_.pairs + j; }
  VdslOptions options_;
  std::vector<double> loss_scale_, coupling_db_, delay_s_, phase_;
};

}  // namespace l2o
