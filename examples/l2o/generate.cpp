// `l2o generate`: channel samples of one scenario, with WMMSE labels, as a dataset directory.
// Work is done in chunks kept under DIR/.l2o-partial, so `--resume` continues an interrupted run
// and yields the same files as an uninterrupted one (sample n always comes from stream(seed, n)).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>

#include "commands.hpp"
#include "common.hpp"

namespace l2o::cli {
namespace {

using Chunk = std::pair<ChannelBatch<double>, FeatureBatch<double>>;
using ChunkMaker = std::function<Chunk(Index first, Index count)>;

template <class G>
ChunkMaker per_sample(G gen, std::uint64_t seed, int threads) {
  return [gen = std::move(gen), seed, threads](Index first, Index count) {
    auto set = draw(gen, count, seed, first, threads);
    return Chunk{std::move(set.channels), std::move(set.features)};
  };
}

/// A whole batch drawn up front (VDSL tones): chunks are slices of it.
ChunkMaker slices(std::shared_ptr<const ChannelBatch<double>> all) {
  return [all](Index first, Index count) {
    Chunk c{ChannelBatch<double>(count, all->k()), FeatureBatch<double>(count, all->k(), all->k())};
    const Index per = Index{all->k()} * all->k();
    std::copy_n(all->sample_data(first), count * per, c.first.data());
    std::copy_n(all->sample_data(first), count * per, c.second.data());
    return c;
  };
}

Vdsl<double> make_binder(const GenerateOptions& o) {
  if (o.crosstalk != "fext" && o.crosstalk != "next")
    throw InvalidArgument("--crosstalk must be fext or next, got '" + o.crosstalk + "'");
  Engine rng = stream(o.seed, {0x7664736CULL});  // "vdsl": the binder's own stream
  VdslOptions v;
  v.length_m = o.length;
  v.crosstalk = o.crosstalk == "fext" ? Crosstalk::fext : Crosstalk::next;
  return Vdsl<double>(v, rng);
}

/// Builds the scenario's chunk maker and fills the scenario part of meta.json.
ChunkMaker make_scenario(GenerateOptions& o, nlohmann::json& meta) {
  if (o.scenario == "ic") {
    meta["K"] = o.k;
    meta["inputs_layout"] = "vec(H), row-major: entry i*K + j = H[i, j]";
    return per_sample(GaussianIC<double>(o.k), o.seed, o.threads);
  }
  if (o.scenario == "imac") {
    ImacOptions im{o.cells, o.users, o.cell_radius, o.inner_radius};
    meta["K"] = o.users;
    meta["cells"] = o.cells;
    meta["cell_radius"] = o.cell_radius;
    meta["inner_radius"] = o.inner_radius;
    meta["placement"] = o.placement;
    meta["inputs_layout"] = "N x K row-major: entry l*K + j = amplitude from user j to base station l";
    if (o.placement == "disk") return per_sample(Imac<double, DiskPlacement>(im), o.seed, o.threads);
    if (o.placement == "hexagon") return per_sample(Imac<double, HexagonPlacement>(im), o.seed, o.threads);
    throw InvalidArgument("--placement must be disk or hexagon, got '" + o.placement + "'");
  }
  if (o.scenario == "vdsl") {
    auto binder = make_binder(o);
    if (!o.samples_given) o.samples = binder.tones();
    if (o.samples > binder.tones())
      throw InvalidArgument("--samples: a VDSL binder has " + std::to_string(binder.tones()) + " tones, asked for " +
                            std::to_string(o.samples));
    meta["K"] = binder.k();
    meta["length_m"] = o.length;
    meta["crosstalk"] = o.crosstalk;
    meta["samples_are"] = "tones n = 1..samples, f = n * 4312.5 Hz";
    meta["inputs_layout"] = "vec(H), row-major: entry i*K + j = H[i, j]";
    return slices(std::make_shared<const ChannelBatch<double>>(binder.all_tones()));
  }
  if (o.scenario == "file") {  // the user's own (e.g. measured) channels, labelled as they are
    if (o.channels_file.empty()) throw InvalidArgument("--scenario file needs --channels FILE.npy");
    auto all = std::make_shared<const ChannelBatch<double>>(read_channels(o.channels_file));
    if (!o.samples_given) o.samples = all->samples();
    if (o.samples > all->samples())
      throw InvalidArgument("--samples: " + o.channels_file + " holds " + std::to_string(all->samples()) +
                            " channel matrices, asked for " + std::to_string(o.samples));
    meta["K"] = all->k();
    meta["channels_file"] = std::filesystem::absolute(o.channels_file).string();
    meta["samples_are"] = "the first samples matrices of channels_file, in order";
    meta["inputs_layout"] = "vec(H), row-major: entry i*K + j = H[i, j]";
    return slices(std::move(all));
  }
  if (o.scenario == "fitted") {
    const ChannelBatch<double> measured = o.fit_to.empty() ? make_binder(o).all_tones() : read_channels(o.fit_to);
    const GaussianFit fit = fit_gaussian(measured);
    const int k = measured.k();
    meta["fit_to"] = o.fit_to.empty() ? std::string("vdsl binder model") : o.fit_to;
    if (o.fit_to.empty()) {
      meta["length_m"] = o.length;
      meta["crosstalk"] = o.crosstalk;
    }
    meta["K"] = k;
    meta["fit"] = {{"direct_mean", fit.direct_mean}, {"direct_var", fit.direct_var},
                   {"cross_mean", fit.cross_mean}, {"cross_var", fit.cross_var}};
    meta["inputs_layout"] = "vec(H), row-major: entry i*K + j = H[i, j]";
    return per_sample(FittedGaussian<double>(k, fit), o.seed, o.threads);
  }
  throw InvalidArgument("--scenario must be ic, imac, vdsl, fitted or file, got '" + o.scenario + "'");
}

std::filesystem::path chunk_file(const std::filesystem::path& partial, Index c, const char* what) {
  return partial / ("chunk-" + std::to_string(c) + "-" + what + ".npy");
}

}  // namespace

void run_generate(GenerateOptions o) {
  if (o.samples < 1) throw InvalidArgument("--samples must be >= 1, got " + std::to_string(o.samples));
  if (o.chunk < 1) throw InvalidArgument("--chunk must be >= 1");
  if (o.labels != "wmmse" && o.labels != "none")
    throw InvalidArgument("--labels must be wmmse or none, got '" + o.labels + "'");
  Problem<double> problem;
  problem.noise = o.noise;
  problem.pmax = o.pmax;
  nlohmann::json meta;
  meta["scenario"] = o.scenario;
  meta["seed"] = o.seed;
  meta["noise"] = o.noise;
  meta["pmax"] = o.pmax;
  ChunkMaker make = make_scenario(o, meta);
  meta["samples"] = o.samples;
  const int k = meta["K"].get<int>();
  problem.validate(k, 1);
  const bool label = o.labels == "wmmse";
  meta["labels"] = label ? nlohmann::json{{"solver", "wmmse"}, {"tol", o.tol}, {"max_iter", o.max_iter},
                                           {"init", "full power"}}
                         : nlohmann::json("none");
  if (!o.store_channels) meta["channels_stored"] = false;
  meta["l2o_version"] = version_string;

  const std::filesystem::path out = o.out;
  ensure_writable_dir(out);
  if (o.resume && std::filesystem::exists(out / "meta.json") && !std::filesystem::exists(out / ".l2o-partial")) {
    const auto done = nlohmann::json::parse(std::ifstream(out / "meta.json"), nullptr, false);
    if (done == meta) {
      if (!o.quiet) std::fprintf(stderr, "%s: complete, kept (--resume)\n", out.string().c_str());
      return;
    }
  }
  const auto partial = out / ".l2o-partial";
  data::remove_stale_temporaries(out);  // left by an earlier run that was killed
  data::remove_stale_temporaries(partial);
  std::error_code ec;
  if (o.resume && std::filesystem::exists(partial / "run.json")) {
    std::ifstream in(partial / "run.json");
    const auto before = nlohmann::json::parse(in, nullptr, false);
    if (before != meta)
      throw InvalidArgument("--resume: " + (partial / "run.json").string() +
                            " records different parameters; rerun without --resume to start afresh");
  } else {
    std::filesystem::remove_all(partial, ec);
    ensure_writable_dir(partial);
    data::write_text_file(partial / "run.json", meta.dump());
  }

  WmmseBatched<double> wmmse(ObjectiveGain{o.tol, o.max_iter}, FullPowerInit{}, o.threads);
  const Index chunks = (o.samples + o.chunk - 1) / o.chunk;
  Progress progress(label ? "generate+label" : "generate", o.samples);
  for (Index c = 0; c < chunks; ++c) {
    const Index first = c * o.chunk, count = std::min(o.chunk, o.samples - first);
    if (std::filesystem::exists(chunk_file(partial, c, "done"))) {
      progress.skip(first + count);
      continue;
    }
    auto [h, features] = make(first, count);
    if (o.store_channels) data::write_npy(chunk_file(partial, c, "channels"), h.data(), {count, k, k});
    data::write_npy(chunk_file(partial, c, "inputs"), features.data(), {count, features.size_per_sample()});
    if (label) {
      const auto solved = wmmse.solve(h, problem);
      data::write_npy(chunk_file(partial, c, "powers"), solved.powers.data(), {count, k});
    }
    data::write_text_file(chunk_file(partial, c, "done"), "");
    progress.update(first + count);
    // Test hook: simulate an interruption after N chunks (tests/cli/test_cli.sh).
    if (const char* stop = std::getenv("L2O_STOP_AFTER_CHUNKS"); stop != nullptr && c + 1 >= std::atoll(stop))
      throw Error("stopped after " + std::to_string(c + 1) + " chunks (L2O_STOP_AFTER_CHUNKS)");
  }
  progress.finish();

  // Assemble the chunks into the dataset.
  data::Dataset d;
  if (o.store_channels) d.channels = ChannelBatch<double>(o.samples, k);
  if (label) d.powers.emplace(o.samples, k);
  for (Index c = 0; c < chunks; ++c) {
    const Index first = c * o.chunk;
    if (o.store_channels) {
      const auto hc = data::read_npy<double>(chunk_file(partial, c, "channels"));
      std::copy(hc.values.begin(), hc.values.end(), d.channels.sample_data(first));
    }
    const auto fc = data::read_npy<float>(chunk_file(partial, c, "inputs"));
    if (c == 0) d.inputs = FeatureBatch<float>(o.samples, 1, static_cast<int>(fc.shape[1]));
    std::copy(fc.values.begin(), fc.values.end(), d.inputs.sample_data(first));
    if (label) {
      const auto pc = data::read_npy<double>(chunk_file(partial, c, "powers"));
      std::copy(pc.values.begin(), pc.values.end(), d.powers->sample_data(first));
    }
  }
  write_dataset_dir(out, d, meta);
  std::filesystem::remove_all(partial, ec);
  if (!o.quiet)
    std::printf("wrote %lld samples of %s (K = %d) to %s\n", static_cast<long long>(o.samples), o.scenario.c_str(), k,
              out.string().c_str());
}

void add_generate(CLI::App& app) {
  auto o = std::make_shared<GenerateOptions>();
  auto* cmd = app.add_subcommand("generate", "Draw channel samples (and WMMSE labels) into a dataset directory");
  cmd->add_option("--scenario", o->scenario, "ic | imac | vdsl | fitted | file")->capture_default_str();
  cmd->add_option("--out", o->out, "Output dataset directory")->required();
  auto* samples = cmd->add_option("--samples", o->samples, "Number of samples (vdsl: tones, at most 6955)")
                      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed; sample n comes from stream(seed, n)")->capture_default_str();
  cmd->add_option("--noise", o->noise, "Noise power sigma^2")->capture_default_str();
  cmd->add_option("--pmax", o->pmax, "Power budget Pmax")->capture_default_str();
  cmd->add_option("--K", o->k, "ic: number of users")->capture_default_str();
  cmd->add_option("--cells", o->cells, "imac: number of cells N")->capture_default_str();
  cmd->add_option("--users", o->users, "imac: users K in all (K/N per cell)")->capture_default_str();
  cmd->add_option("--cell-radius", o->cell_radius, "imac: R, metres")->capture_default_str();
  cmd->add_option("--inner-radius", o->inner_radius, "imac: r, metres")->capture_default_str();
  cmd->add_option("--placement", o->placement, "imac: disk (the authors' generator) | hexagon")
      ->capture_default_str();
  cmd->add_option("--length", o->length, "vdsl/fitted: loop length in metres (75, 150, 300)")->capture_default_str();
  cmd->add_option("--crosstalk", o->crosstalk, "vdsl/fitted: fext | next")->capture_default_str();
  cmd->add_option("--fit-to", o->fit_to, "fitted: (B, K, K) .npy to fit (default: the vdsl binder model)");
  cmd->add_option("--channels", o->channels_file, "file: (B, K, K) .npy of |h| to label (e.g. measured matrices)");
  cmd->add_option("--labels", o->labels, "wmmse | none")->capture_default_str();
  cmd->add_option("--tol", o->tol, "WMMSE: stop when obj_new - obj_old < tol")->capture_default_str();
  cmd->add_option("--max-iter", o->max_iter, "WMMSE: iteration cap")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads (results do not depend on it)")->capture_default_str();
  cmd->add_option("--chunk", o->chunk, "Samples per resumable chunk")->capture_default_str();
  cmd->add_flag("--resume", o->resume, "Continue an interrupted run with the same parameters");
  cmd->add_flag("!--no-channels", o->store_channels,
                "Do not write channels.npy (enough for training with the MSE loss; saves K^2 doubles per sample)");
  cmd->callback([o, samples] {
    o->samples_given = samples->count() > 0;
    run_generate(*o);
  });
}

}  // namespace l2o::cli
