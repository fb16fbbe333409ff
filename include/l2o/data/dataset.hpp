#pragma once
/**
 * @file
 * A dataset split on disk (DESIGN.md): `channels.npy` (B, K, K) float64, `inputs.npy` (B, d)
 * float32 and, when labelled, `powers.npy` (B, K) float64. The `l2o` program adds `meta.json`
 * with the scenario and its parameters. Reading checks every file against the expected shape
 * and refuses NaN, infinite or negative gains and powers outside [0, Pmax], naming the file.
 * A split may be stored without `channels.npy` (a training split for the MSE loss needs only
 * inputs and labels; at 1,000,000 IMAC samples of K = 80 the channels would take 51 GB).
 */

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"
#include "l2o/core/random.hpp"
#include "l2o/data/npy.hpp"
#include "l2o/problem/params.hpp"

namespace l2o::data {

struct Dataset {
  ChannelBatch<double> channels;  ///< no samples when not stored or not read
  FeatureBatch<float> inputs;
  std::optional<PowerBatch<double>> powers;
};

/// What a split must hold; `features` is d, the width of one row of `inputs.npy`.
struct DatasetShape {
  Index samples = 0;
  int k = 0;
  Index features = 0;
  bool labelled = false;
  double pmax = 1;
  bool channels = true;  ///< read channels.npy (false: leave `Dataset::channels` empty)
};

enum class Split : std::uint64_t { train = 1, validation = 2, test = 3 };

[[nodiscard]] inline const char* split_name(Split s) {
  switch (s) {
    case Split::train: return "train";
    case Split::validation: return "validation";
    case Split::test: return "test";
  }
  return "?";
}

/// The seed of one split under a run's seed: distinct for every split, fixed for a given seed.
[[nodiscard]] constexpr std::uint64_t split_seed(std::uint64_t seed, Split s) {
  return derive_key(seed, {0x73706C6974ull /* "split" */, static_cast<std::uint64_t>(s)});
}

namespace detail {
inline std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}
template <class T>
NpyArray<T> read_shaped(const std::filesystem::path& file, const std::vector<std::int64_t>& expected) {
  if (!std::filesystem::exists(file)) throw FileError(file.string(), "missing from the dataset directory");
  auto a = read_npy<T>(file);
  if (a.shape != expected)
    throw FileError(file.string(), "shape " + shape_text(a.shape) + " disagrees with the dataset's " +
                                       shape_text(expected));
  return a;
}
}  // namespace detail

/// Reads and checks one split. Raises FileError naming the file that disagrees.
[[nodiscard]] inline Dataset read_dataset(const std::filesystem::path& dir, const DatasetShape& s) {
  const std::int64_t b = s.samples, k = s.k;
  Dataset d;
  if (s.channels) {
    d.channels = ChannelBatch<double>(s.samples, s.k, detail::read_shaped<double>(dir / "channels.npy", {b, k, k}).values);
    try {
      check_channels(d.channels);
    } catch (const InvalidValue& e) {
      throw FileError((dir / "channels.npy").string(), e.what());
    }
  }
  auto x = detail::read_shaped<float>(dir / "inputs.npy", {b, s.features});
  for (Index i = 0; i < static_cast<Index>(x.values.size()); ++i)
    if (!std::isfinite(x.values[i]))
      throw FileError((dir / "inputs.npy").string(), "inputs[" + std::to_string(i / s.features) + ", " +
                                                         std::to_string(i % s.features) + "] is NaN or infinite");
  d.inputs = FeatureBatch<float>(s.samples, 1, static_cast<int>(s.features), std::move(x.values));
  if (s.labelled) {
    auto p = detail::read_shaped<double>(dir / "powers.npy", {b, k});
    for (Index i = 0; i < static_cast<Index>(p.values.size()); ++i)
      if (!(p.values[i] >= 0 && p.values[i] <= s.pmax * (1 + 1e-9)))
        throw FileError((dir / "powers.npy").string(), "powers[" + std::to_string(i / k) + ", " +
                                                           std::to_string(i % k) + "] = " + std::to_string(p.values[i]) +
                                                           " is outside [0, Pmax = " + std::to_string(s.pmax) + "]");
    d.powers.emplace(s.samples, s.k);
    std::copy(p.values.begin(), p.values.end(), d.powers->data());
  }
  return d;
}

/// Writes the arrays of one split (each file atomically). A `channels.npy` or `powers.npy`
/// left from another run is removed when `d` has none, so no file disagrees with the others.
inline void write_dataset(const std::filesystem::path& dir, const Dataset& d) {
  const std::int64_t b = d.inputs.samples();
  std::error_code ec;
  if (d.channels.samples() > 0) {
    if (d.channels.samples() != b) throw ShapeError("write_dataset: channels and inputs hold different sample counts");
    const std::int64_t k = d.channels.k();
    write_npy(dir / "channels.npy", d.channels.data(), {b, k, k});
  } else {
    std::filesystem::remove(dir / "channels.npy", ec);
  }
  write_npy(dir / "inputs.npy", d.inputs.data(), {b, d.inputs.size_per_sample()});
  if (d.powers) {
    if (d.powers->samples() != b) throw ShapeError("write_dataset: powers and inputs hold different sample counts");
    write_npy(dir / "powers.npy", d.powers->data(), {b, static_cast<std::int64_t>(d.powers->k())});
  } else {
    std::filesystem::remove(dir / "powers.npy", ec);
  }
}

}  // namespace l2o::data
