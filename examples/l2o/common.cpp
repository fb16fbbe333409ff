#include "common.hpp"

#include <cstdio>
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
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  std::fprintf(stderr, "%s%s: %lld/%lld (%3.0f%%), %.0f samples/s, ETA %.0f s%s", tty_ ? "\r" : "", what_.c_str(),
               static_cast<long long>(done), static_cast<long long>(total_),
               total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, rate, eta,
               tty_ ? "   " : "\n");
  std::fflush(stderr);
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

void write_dataset(const std::filesystem::path& dir, const Dataset& d) {
  ensure_writable_dir(dir);
  const Index b = d.channels.samples();
  const std::int64_t k = d.channels.k();
  data::write_npy(dir / "channels.npy", d.channels.data(), {b, k, k});
  data::write_npy(dir / "inputs.npy", d.inputs.data(), {b, d.inputs.size_per_sample()});
  if (d.powers) {
    data::write_npy(dir / "powers.npy", d.powers->data(), {b, k});
  } else {
    std::error_code ec;
    std::filesystem::remove(dir / "powers.npy", ec);  // never leave labels of another run beside new channels
  }
  data::write_text_file(dir / "meta.json", d.meta.dump(2) + "\n");
}

}  // namespace l2o::cli
