#pragma once
/**
 * @file
 * Portable random numbers: one fixed engine and our own mappings to uniform and normal
 * variates, so a seed gives the same numbers with any standard library.
 *
 * Streams. A run's seed is never fed to one engine shared by all samples. Instead
 * `stream(seed, a, b, ...)` derives an independent engine for a path of integers, e.g.
 * (split, sample index): sample n of a split is the same whatever order or thread draws it.
 * Derivation hashes the path with SplitMix64's finaliser; the engine is xoshiro256++
 * (Blackman & Vigna), seeded by SplitMix64 from the derived key.
 */

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>

namespace l2o {

namespace detail {
/// SplitMix64 finaliser: a bijective 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ull;
  return mix64(state);
}
constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace detail

/// xoshiro256++: a small, fast engine with a 2^256 - 1 period; a UniformRandomBitGenerator.
class Engine {
 public:
  using result_type = std::uint64_t;
  explicit constexpr Engine(std::uint64_t seed = 0) { reseed(seed); }
  constexpr void reseed(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = detail::splitmix64(sm);
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  constexpr result_type operator()() {
    const std::uint64_t result = detail::rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = detail::rotl(s_[3], 45);
    return result;
  }
  /// The whole state, for checkpoints; `set_state(state())` restores the sequence exactly.
  [[nodiscard]] constexpr const std::uint64_t* state() const { return s_; }
  constexpr void set_state(const std::uint64_t (&s)[4]) {
    for (int i = 0; i < 4; ++i) s_[i] = s[i];
  }
  friend constexpr bool operator==(const Engine&, const Engine&) = default;

 private:
  std::uint64_t s_[4]{};
};

/// The key of the stream at `path` under `seed`: a chained hash, so (s, 1, 2) and (s, 2, 1) differ.
constexpr std::uint64_t derive_key(std::uint64_t seed, std::initializer_list<std::uint64_t> path) {
  std::uint64_t key = detail::mix64(seed ^ 0x6C326F2D73656564ull);  // "l2o-seed"
  for (std::uint64_t p : path) key = detail::mix64(key + 0x9E3779B97F4A7C15ull * (p + 1));
  return key;
}

/// An engine for the stream at `path` under `seed`, e.g. `stream(seed, split, sample)`.
constexpr Engine stream(std::uint64_t seed, std::initializer_list<std::uint64_t> path) {
  return Engine(derive_key(seed, path));
}

/**
 * Uniform double in the open interval (0, 1): the top 53 bits plus one half ulp,
 * \f[ u = (\lfloor x / 2^{11} \rfloor + 1/2)\, 2^{-53}, \f]
 * never 0 (so log(u) is finite) and never 1.
 */
template <class Rng>
double uniform01(Rng& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

/// Uniform double in (a, b).
template <class Rng>
double uniform(Rng& rng, double a, double b) {
  return a + (b - a) * uniform01(rng);
}

/**
 * Standard normal by Box-Muller: \f$ z = \sqrt{-2 \ln u_1} \cos(2\pi u_2) \f$.
 * One variate per call (the sine branch is not cached, so the engine alone is the state).
 */
template <class Rng>
double normal01(Rng& rng) {
  const double u1 = uniform01(rng);
  const double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586476925 * u2);
}

/// Normal with mean `mean` and standard deviation `sd`.
template <class Rng>
double normal(Rng& rng, double mean, double sd) {
  return mean + sd * normal01(rng);
}

/**
 * |h| for h ~ CN(0, 1) (Rayleigh amplitude, E|h|^2 = 1). Since |h|^2 ~ Exp(1),
 * \f$ |h| = \sqrt{-\ln u} \f$ draws it exactly from one uniform.
 */
template <class Rng>
double rayleigh_amplitude(Rng& rng) {
  return std::sqrt(-std::log(uniform01(rng)));
}

/// Standard normal truncated to [-2, 2] by redrawing (the paper's footnote 2).
template <class Rng>
double truncated_normal01(Rng& rng) {
  for (;;) {
    const double z = normal01(rng);
    if (std::abs(z) <= 2.0) return z;
  }
}

}  // namespace l2o
