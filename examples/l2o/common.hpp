#pragma once
// Shared pieces of the `l2o` program: reading channel files, progress, dataset directories.

#include <chrono>
#include <cmath>
#include <limits>
#include <type_traits>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <l2o/l2o.hpp>

namespace l2o::cli {

/// Reads a (B, K, K) amplitude file (float32 or float64) and checks every value.
ChannelBatch<double> read_channels(const std::filesystem::path& path);

/// Reads per-user values for --weights: shape (K,) or (B, K).
std::vector<double> read_user_values(const std::filesystem::path& path, Index samples, int k);

/// A progress line on stderr: done/total, rate and ETA; redrawn in place on a terminal.
class Progress {
 public:
  Progress(std::string what, Index total);
  void update(Index done);
  /// `done` items were finished by an earlier run (--resume): counted, but not in the rate.
  void skip(Index done);
  void finish();

 private:
  std::string what_;
  Index total_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool tty_;
  int last_decile_ = -1;
  Index skipped_ = 0;
};

/// A dataset directory (DESIGN.md): the arrays and `meta.json`.
struct DatasetDir {
  data::Dataset data;
  nlohmann::json meta;
};

/// Writes every file of a dataset directory atomically (creating the directory).
void write_dataset_dir(const std::filesystem::path& dir, const data::Dataset& data, const nlohmann::json& meta);

/// Reads a dataset directory and checks each file against `meta.json`; FileError names the
/// file and what disagrees. With `need_labels`, a split without `powers.npy` is refused; with
/// `need_channels`, one stored without `channels.npy`; otherwise channels are not read.
DatasetDir read_dataset_dir(const std::filesystem::path& dir, bool need_labels, bool need_channels);

/// `object[key]` as a T, or `fallback` where the key is absent (or `object` is not an object).
/// A value of another JSON type, a fraction or an out-of-range number for an integer T, and a
/// non-finite number are refused with FileError naming `where` and the key.
template <class T>
T json_value(const nlohmann::json& object, const std::string& key, T fallback, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) return fallback;
  const auto& v = object.at(key);
  const auto wrong = [&](const char* what) { return FileError(where, "\"" + key + "\" " + what); };
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) throw wrong("must be true or false");
    return v.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (!v.is_number_integer()) throw wrong("must be an integer");
    if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                               : (v.get<std::int64_t>() < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
                                  v.get<std::int64_t>() > static_cast<std::int64_t>(std::numeric_limits<T>::max())))
      throw wrong("is out of range");
    return v.get<T>();
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) throw wrong("must be a finite number");
    return v.get<T>();
  } else {
    if (!v.is_string()) throw wrong("must be a string");
    return v.get<T>();
  }
}

/// The problem (noise, Pmax) recorded in a dataset's meta.json.
Problem<double> problem_of(const nlohmann::json& meta);

/// The parsed content of a JSON file, or FileError.
nlohmann::json read_json_file(const std::filesystem::path& file);

/// Throws FileError if `dir` cannot be created or written.
void ensure_writable_dir(const std::filesystem::path& dir);

}  // namespace l2o::cli
