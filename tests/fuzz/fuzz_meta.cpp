// Fuzz target: meta.json of a dataset directory (examples/l2o/common.cpp, read_dataset_dir),
// checked against a fixed, valid set of arrays: any JSON must be accepted or refused with an
// l2o error, never crash, and never make the reader allocate what the arrays do not hold.
#include <unistd.h>

#include <fstream>

#include "../../examples/l2o/common.hpp"
#include "fuzz_input.hpp"

namespace {

/// A dataset directory of 3 samples with K = 2: channels (3, 2, 2), inputs (3, 4), powers (3, 2).
std::filesystem::path make_directory() {
  const std::filesystem::path shm = "/dev/shm";  // in memory where there is one: the arrays are read every run
  const auto base = std::filesystem::is_directory(shm) ? shm : std::filesystem::temp_directory_path();
  const auto dir = base / ("l2o-fuzz-meta-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::vector<double> h{1, 0.5, 0.25, 1, 2, 0.1, 0.2, 1.5, 0.3, 0.3, 0.3, 0.3};
  const std::vector<float> x(h.begin(), h.end());
  const std::vector<double> p{1, 0, 0.5, 1, 0, 0};
  l2o::data::write_npy(dir / "channels.npy", h, {3, 2, 2});
  l2o::data::write_npy(dir / "inputs.npy", x, {3, 4});
  l2o::data::write_npy(dir / "powers.npy", p, {3, 2});
  return dir;
}

struct Directory {
  std::filesystem::path path = make_directory();
  ~Directory() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Directory dir;
  {
    std::ofstream out(dir.path / "meta.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  // What the command needs (labels: train, channels: evaluate) varies with the input's length,
  // so that every combination is exercised without reading the arrays four times per input.
  const bool labels = size % 2 == 1, channels = size % 4 >= 2;
  l2o::fuzz::expect_l2o_errors_only([&] {
    const auto d = l2o::cli::read_dataset_dir(dir.path, labels, channels);
    (void)l2o::cli::problem_of(d.meta);
  });
  return 0;
}
