#include "vdsl_data.hpp"

#include <cstdio>
#include <numeric>

#include "common.hpp"

namespace l2o::cli {
namespace {

/// Samples `index[first, first + count)` of `all` as a dataset directory of its own.
void write_subset(const DatasetDir& all, const std::vector<Index>& index, Index first, Index count,
                  const nlohmann::json& meta, const std::filesystem::path& out) {
  const int k = all.data.channels.k();
  const Index d = all.data.inputs.size_per_sample();
  data::Dataset s{ChannelBatch<double>(count, k), FeatureBatch<float>(count, 1, static_cast<int>(d)),
                  PowerBatch<double>(count, k)};
  for (Index i = 0; i < count; ++i) {
    const Index n = index[static_cast<std::size_t>(first + i)];
    std::copy_n(all.data.channels.sample_data(n), k * k, s.channels.sample_data(i));
    std::copy_n(all.data.inputs.sample_data(n), d, s.inputs.sample_data(i));
    std::copy_n(all.data.powers->sample_data(n), k, s.powers->sample_data(i));
  }
  write_dataset_dir(out, s, meta);
}

bool complete(const std::filesystem::path& dir, const nlohmann::json& meta) {
  if (!std::filesystem::exists(dir / "meta.json")) return false;
  return read_json_file(dir / "meta.json") == meta;
}

}  // namespace

void make_vdsl_datasets(const GenerateOptions& binder, const VdslSizes& sizes, std::uint64_t seed,
                        const std::filesystem::path& dir) {
  if (sizes.validation + sizes.test > sizes.tones)
    throw InvalidArgument("VDSL: validation + test tones exceed the tones used");
  GenerateOptions g = binder;
  g.out = (dir / "all").string();
  g.samples = sizes.tones;
  g.samples_given = true;
  run_generate(g);

  // Validation and test: a permutation of the tones from the run's seed.
  const auto split_of = [&](const char* name, Index count) {
    nlohmann::json meta = read_json_file(dir / "all" / "meta.json");
    meta["samples"] = count;
    meta["subset"] = {{"of", (dir / "all").string()}, {"split", name}, {"seed", seed}};
    return meta;
  };
  const auto val_meta = split_of("validation", sizes.validation), test_meta = split_of("test", sizes.test);
  if (!(binder.resume && complete(dir / "validation", val_meta) && complete(dir / "test", test_meta))) {
    const auto all = read_dataset_dir(dir / "all", true, true);
    std::vector<Index> order(static_cast<std::size_t>(sizes.tones));
    std::iota(order.begin(), order.end(), Index{0});
    Engine rng = stream(data::split_seed(seed, data::Split::validation), {0x76647331ull /* "vds1" */});
    for (std::size_t i = order.size(); i > 1; --i)
      std::swap(order[i - 1], order[std::min(i - 1, static_cast<std::size_t>(uniform01(rng) * static_cast<double>(i)))]);
    write_subset(all, order, 0, sizes.validation, val_meta, dir / "validation");
    write_subset(all, order, sizes.validation, sizes.test, test_meta, dir / "test");
    std::fprintf(stderr, "%s: %lld validation and %lld test tones\n", dir.string().c_str(),
                 static_cast<long long>(sizes.validation), static_cast<long long>(sizes.test));
  } else {
    std::fprintf(stderr, "%s: validation and test tones kept (--resume)\n", dir.string().c_str());
  }

  // Training: the Gaussian fitted to the validation channels.
  GenerateOptions t = binder;
  t.scenario = "fitted";
  t.fit_to = (dir / "validation" / "channels.npy").string();
  t.out = (dir / "train").string();
  t.samples = sizes.train;
  t.samples_given = true;
  t.seed = data::split_seed(seed, data::Split::train);
  t.store_channels = false;
  run_generate(t);
}

}  // namespace l2o::cli
