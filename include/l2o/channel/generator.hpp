#pragma once
/**
 * @file
 * The channel-generator contract and `draw`, which fills a batch from per-sample streams.
 */

#include <concepts>
#include <cstdint>
#include <vector>

#include "l2o/core/batch.hpp"
#include "l2o/core/parallel.hpp"
#include "l2o/core/random.hpp"

namespace l2o {

/**
 * A channel generator draws one sample at a time from an engine the caller owns:
 * `g.sample(rng, h, features)` writes the K x K amplitudes (row-major, row = receiver) to `h`
 * and, unless `features` is null, the `feature_rows() x feature_cols()` input features the
 * learned model reads (vec(H) for an IC; the N x K user-to-base-station gains for IMAC).
 */
template <class G>
concept ChannelGenerator = requires(const G& g, Engine& rng, typename G::Scalar* out) {
  typename G::Scalar;
  { g.k() } -> std::convertible_to<int>;
  { g.feature_rows() } -> std::convertible_to<int>;
  { g.feature_cols() } -> std::convertible_to<int>;
  g.sample(rng, out, out);
};

/// Channels together with the model's input features, sample by sample.
template <class Scalar_, int K_ = Dynamic>
struct ChannelSet {
  using Scalar = Scalar_;
  ChannelBatch<Scalar, K_> channels;
  FeatureBatch<Scalar> features;
};

/**
 * Draws samples [first, first + count) of the stream family `seed`: sample n comes from
 * `stream(seed, {n})`, so any range, order or thread count yields the same samples.
 * @param threads worker threads (>= 1); results do not depend on it.
 */
template <int K_ = Dynamic, ChannelGenerator G>
ChannelSet<typename G::Scalar, K_> draw(const G& gen, Index count, std::uint64_t seed, Index first = 0,
                                         int threads = 1) {
  static_assert(K_ == Dynamic || K_ > 0, "draw<K>: K must be positive or Dynamic");
  using Scalar = typename G::Scalar;
  ChannelSet<Scalar, K_> set{ChannelBatch<Scalar, K_>(count, gen.k()),
                             FeatureBatch<Scalar>(count, gen.feature_rows(), gen.feature_cols())};
  auto work = [&](Index begin, Index end) {
    for (Index n = begin; n < end; ++n) {
      Engine rng = stream(seed, {static_cast<std::uint64_t>(first + n)});
      gen.sample(rng, set.channels.sample_data(n), set.features.sample_data(n));
    }
  };
  parallel_blocks(count, threads, work, 2);
  return set;
}

}  // namespace l2o
