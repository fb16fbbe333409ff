// Fuzz target: the model-file reader (nn/model_file.hpp). A file it accepts must give a network
// that runs: its layer sizes chain and a forward pass on zeros works.
#include <vector>

#include <l2o/nn/mlp.hpp>
#include <l2o/nn/model_file.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static l2o::fuzz::InputFile file;
  const auto path = file.write(data, size);
  l2o::fuzz::expect_l2o_errors_only([&] {
    const auto net = l2o::nn::load_model<l2o::nn::Mlp<float>>(path);
    const auto& sizes = net.sizes();
    if (sizes.size() < 2) std::abort();
    std::vector<float> x(static_cast<std::size_t>(sizes.front()), 0.0f), y(static_cast<std::size_t>(sizes.back()));
    l2o::nn::Workspace<float> ws;
    net.predict_one(x.data(), y.data(), ws);
  });
  return 0;
}
