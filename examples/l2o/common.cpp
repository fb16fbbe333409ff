#include "common.hpp"

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace l2o::cli {

ChannelBatch<double> read_channels(const std::filesystem::path& path) {
  auto arr = data::read_npy<double>(path);
  if (arr.shape.size() != 3 || arr.shape[1] != arr.shape[2] || arr.shape[1] < 1) {
    std::string s = "(";
    for (std::size_t i = 0; i < arr.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(arr.shape[i]);
    throw FileError(path.string(), "channels must have shape (B, K, K), got " + s + ")");
  }
  ChannelBatch<double> h(arr.shape[0], static_cast<int>(arr.shape[1]));
  std::copy(arr.values.begin(), arr.values.end(), h.data());
  try {
    check_channels(h);
  } catch (const InvalidValue& e) {
    throw FileError(path.string(), e.what());
  }
  return h;
}

std::vector<double> read_user_values(const std::filesystem::path& path, Index samples, int k) {
  auto arr = data::read_npy<double>(path);
  const bool per_user = arr.shape.size() == 1 && arr.shape[0] == k;
  const bool per_sample = arr.shape.size() == 2 && arr.shape[0] == samples && arr.shape[1] == k;
  if (!per_user && !per_sample)
    throw FileError(path.string(), "expected shape (" + std::to_string(k) + ",) or (" + std::to_string(samples) +
                                       ", " + std::to_string(k) + ")");
  return arr.values;
}

Progress::Progress(std::string what, Index total)
    : what_(std::move(what)), total_(total), start_(std::chrono::steady_clock::now()), last_(start_),
      tty_(::isatty(STDERR_FILENO) != 0) {}

void Progress::update(Index done) {
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const int decile = total_ > 0 ? static_cast<int>(10 * done / total_) : 10;
  const bool redraw = tty_ ? std::chrono::duration<double>(now - last_).count() > 0.2 || done == total_
                           : decile != last_decile_;
  if (!redraw) return;
  last_ = now;
  last_decile_ = decile;
  const double rate = elapsed > 0 ? static_cast<double>(done - skipped_) / elapsed : 0.0;
  char tail[64] = "";  // rate and ETA, once this run has done something
  if (rate > 0)
    std::snprintf(tail, sizeof tail, ", %.0f samples/s, ETA %.0f s", rate, static_cast<double>(total_ - done) / rate);
  std::fprintf(stderr, "%s%s: %lld/%lld (%3.0f%%)%s%s%s", tty_ ? "\r" : "", what_.c_str(), static_cast<long long>(done),
               static_cast<long long>(total_),
               total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, tail,
               skipped_ > 0 && done == skipped_ ? " (done by an earlier run)" : "", tty_ ? "   " : "\n");
  std::fflush(stderr);
}

void Progress::skip(Index done) {
  skipped_ = done;
  start_ = std::chrono::steady_clock::now();
  update(done);
}

void Progress::finish() {
  update(total_);
  if (tty_) std::fprintf(stderr, "\n");
}

void ensure_writable_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw FileError(dir.string(), "cannot create output directory" + (ec ? ": " + ec.message() : std::string{}));
  if (::access(dir.c_str(), W_OK) != 0) throw FileError(dir.string(), "output directory is not writable");
}

void write_dataset_dir(const std::filesystem::path& dir, const data::Dataset& d, const nlohmann::json& meta) {
  ensure_writable_dir(dir);
  data::write_dataset(dir, d);
  data::write_text_file(dir / "meta.json", meta.dump(2) + "\n");
}

nlohmann::json read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw FileError(file.string(), "cannot open (missing or unreadable)");
  auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw FileError(file.string(), "is not valid JSON");
  return j;
}

namespace {
template <class T>
T meta_value(const nlohmann::json& meta, const std::string& key, const std::filesystem::path& file) {
  if (!meta.contains(key)) throw FileError(file.string(), "has no \"" + key + "\"");
  return json_value<T>(meta, key, T{}, file.string());
}
}  // namespace

Problem<double> problem_of(const nlohmann::json& meta) {
  Problem<double> p;
  p.noise = json_value(meta, "noise", 1.0, "meta.json");
  p.pmax = json_value(meta, "pmax", 1.0, "meta.json");
  return p;
}

DatasetDir read_dataset_dir(const std::filesystem::path& dir, bool need_labels, bool need_channels) {
  if (!std::filesystem::is_directory(dir)) throw FileError(dir.string(), "is not a dataset directory");
  const auto file = dir / "meta.json";
  DatasetDir out;
  out.meta = read_json_file(file);
  const auto& m = out.meta;
  if (!m.is_object()) throw FileError(file.string(), "is not a JSON object");
  const auto scenario = meta_value<std::string>(m, "scenario", file);
  data::DatasetShape s;
  s.samples = meta_value<Index>(m, "samples", file);
  s.k = meta_value<int>(m, "K", file);
  if (s.samples < 1 || s.k < 1) throw FileError(file.string(), "\"samples\" and \"K\" must be >= 1");
  s.features = Index{s.k} * s.k;
  if (scenario == "imac") {
    const int cells = meta_value<int>(m, "cells", file);
    if (cells < 1) throw FileError(file.string(), "\"cells\" must be >= 1");
    s.features = Index{cells} * s.k;
  }
  s.pmax = meta_value<double>(m, "pmax", file);
  const double noise = meta_value<double>(m, "noise", file);
  if (!(s.pmax > 0) || !(noise > 0)) throw FileError(file.string(), "\"pmax\" and \"noise\" must be > 0");
  s.labelled = m.contains("labels") && m["labels"].is_object();
  if (need_labels && !s.labelled)
    throw FileError(file.string(), "the dataset has no labels (generated with --labels none); training needs them");
  if (need_channels && !json_value(m, "channels_stored", true, file.string()))
    throw FileError(file.string(), "the dataset was generated with --no-channels; this command needs channels.npy");
  s.channels = need_channels;
  out.data = data::read_dataset(dir, s);
  return out;
}

}  // namespace l2o::cli
