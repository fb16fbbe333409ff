// Fuzz target: the .npy reader (data/npy.hpp), as every command reads channels, inputs, labels.
#include <l2o/data/npy.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static l2o::fuzz::InputFile file;
  const auto path = file.write(data, size);
  l2o::fuzz::expect_l2o_errors_only([&] {
    const auto a = l2o::data::read_npy<double>(path);
    std::size_t count = 1;  // what was read must be what the shape says
    for (auto d : a.shape) count *= static_cast<std::size_t>(d);
    if (count != a.values.size()) std::abort();
  });
  l2o::fuzz::expect_l2o_errors_only([&] { (void)l2o::data::read_npy<float>(path); });
  return 0;
}
