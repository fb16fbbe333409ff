#pragma once
/**
 * @file
 * Model files (DESIGN.md): a versioned little-endian binary layout, readable without l2o.
 *
 * | bytes | field |
 * |---|---|
 * | 8 | magic `L2O-MLP` and a newline |
 * | 4 | u32 format version (1) |
 * | 1 | u8 bytes per parameter: 4 (float32) or 8 (float64) |
 * | 1 + 1 | u8 hidden and output activation ids (1 relu, 2 clamped_relu, 3 sigmoid, 4 identity) |
 * | 1 | u8 1 if an input normalisation follows, else 0 |
 * | 8 + 8 | f64 hidden and output activation parameters (Pmax for clamped_relu, else 0) |
 * | 4 | u32 number of widths L + 1 (2 to 64) |
 * | 4 (L+1) | u32 widths, input first |
 * | 2 s n0 | normalisation, if present: means then scales, s bytes each |
 * | s P | parameters: per layer W (out x in, column-major) then b |
 * | 8 | u64 FNV-1a 64 of every byte before it |
 */

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "l2o/nn/bytes.hpp"
#include "l2o/nn/mlp.hpp"

namespace l2o::nn {

inline constexpr char model_magic[] = "L2O-MLP\n";
inline constexpr std::uint32_t model_version = 1;

namespace detail {

template <class Net>
void write_model(ByteWriter& w, const Net& net) {
  using Scalar = typename Net::Scalar;
  w.put_raw(std::string(model_magic, 8));
  w.put(model_version);
  w.put(static_cast<std::uint8_t>(sizeof(Scalar)));
  w.put(static_cast<std::uint8_t>(net.hidden().id));
  w.put(static_cast<std::uint8_t>(net.output().id));
  w.put(static_cast<std::uint8_t>(net.normalized() ? 1 : 0));
  w.put(net.hidden().parameter());
  w.put(net.output().parameter());
  w.put(static_cast<std::uint32_t>(net.sizes().size()));
  for (int s : net.sizes()) w.put(static_cast<std::uint32_t>(s));
  if (net.normalized()) {
    w.put_array(net.input_mean().data(), static_cast<std::size_t>(net.inputs()));
    w.put_array(net.input_scale().data(), static_cast<std::size_t>(net.inputs()));
  }
  w.put_array(net.parameters().data(), static_cast<std::size_t>(net.parameters().size()));
}

inline const char* activation_name(std::uint8_t id) {
  switch (id) {
    case Relu::id: return Relu::name;
    case ClampedRelu::id: return ClampedRelu::name;
    case Sigmoid::id: return Sigmoid::name;
    case Identity::id: return Identity::name;
    default: return "unknown";
  }
}

template <class Act>
Act make_activation(double parameter) {
  if constexpr (requires(Act a) { a.pmax; }) {
    Act a;
    a.pmax = parameter;
    return a;
  } else {
    return Act{};
  }
}

template <class S, class T>
void read_converted(ByteReader& r, std::uint8_t bytes, T* out, std::size_t n, const char* field) {
  if (bytes == sizeof(S)) {
    r.get_array(reinterpret_cast<S*>(out), n, field);
  } else {
    using Other = std::conditional_t<sizeof(S) == 4, double, float>;
    std::vector<Other> tmp(n);
    r.get_array(tmp.data(), n, field);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<S>(tmp[i]);
  }
}

/// Reads a model written by `write_model` from r (positioned after the magic).
template <class Net>
Net read_model(ByteReader& r) {
  using Scalar = typename Net::Scalar;
  const auto version = r.template get<std::uint32_t>("version");
  if (version != model_version)
    r.fail("model format version " + std::to_string(version) + " is not supported (this l2o reads version " +
           std::to_string(model_version) + ")");
  const auto bytes = r.template get<std::uint8_t>("scalar size");
  if (bytes != 4 && bytes != 8) r.fail("parameter size " + std::to_string(bytes) + " bytes is neither 4 nor 8");
  const auto hid = r.template get<std::uint8_t>("hidden activation");
  const auto out = r.template get<std::uint8_t>("output activation");
  const auto norm = r.template get<std::uint8_t>("normalisation flag");
  const auto hid_p = r.template get<double>("hidden parameter");
  const auto out_p = r.template get<double>("output parameter");
  using H = std::decay_t<decltype(std::declval<Net>().hidden())>;
  using O = std::decay_t<decltype(std::declval<Net>().output())>;
  if (hid != H::id)
    r.fail(std::string("hidden activation is '") + activation_name(hid) + "', this network type expects '" + H::name + "'");
  if (out != O::id)
    r.fail(std::string("output activation is '") + activation_name(out) + "', this network type expects '" + O::name + "'");
  if (norm > 1) r.fail("normalisation flag must be 0 or 1, got " + std::to_string(norm));
  const auto count = r.template get<std::uint32_t>("layer count");
  if (count < 2 || count > 64) r.fail("layer count " + std::to_string(count) + " is outside 2..64");
  std::vector<int> sizes(count);
  std::uint64_t params = 0;
  for (auto& s : sizes) {
    const auto v = r.template get<std::uint32_t>("widths");
    if (v < 1 || v > (1u << 20)) r.fail("layer width " + std::to_string(v) + " is outside 1..2^20");
    s = static_cast<int>(v);
  }
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) params += std::uint64_t(sizes[l + 1]) * (sizes[l] + 1);
  const std::uint64_t need = (params + (norm ? 2ull * sizes[0] : 0)) * bytes;
  if (r.remaining() < need)
    r.fail("truncated: the header declares " + std::to_string(need) + " bytes of parameters, " +
           std::to_string(r.remaining()) + " remain");
  Net net = make_mlp<Scalar>(sizes, make_activation<H>(hid_p), make_activation<O>(out_p));
  if (norm) {
    Vector<Scalar> mean(sizes[0]), scale(sizes[0]);
    read_converted<Scalar>(r, bytes, mean.data(), mean.size(), "normalisation");
    read_converted<Scalar>(r, bytes, scale.data(), scale.size(), "normalisation");
    net.set_normalization(mean, scale);
  }
  read_converted<Scalar>(r, bytes, net.parameters().data(), static_cast<std::size_t>(params), "parameters");
  return net;
}

}  // namespace detail

/// Writes `net` to `path` atomically (a temporary file renamed into place).
template <class Net>
void save_model(const std::filesystem::path& path, const Net& net) {
  detail::ByteWriter w;
  detail::write_model(w, net);
  w.commit(path);
}

/**
 * Reads a model file into a network of type Net (parameters converted if the file's scalar
 * type differs). @throws FileError naming the file and the problem: missing, not a model
 * file, other version, truncated, trailing bytes, checksum mismatch, activations that differ
 * from Net's.
 */
template <class Net>
Net load_model(const std::filesystem::path& path) {
  detail::ByteReader r(path, std::string(model_magic, 8), "model file");
  Net net = detail::read_model<Net>(r);
  if (r.remaining() != 0) r.fail("trailing bytes after the parameters (" + std::to_string(r.remaining()) + ")");
  r.require_checksum();
  for (Eigen::Index i = 0; i < net.parameters().size(); ++i)
    if (!std::isfinite(static_cast<double>(net.parameters()(i))))
      r.fail("parameter " + std::to_string(i) + " is not finite");
  return net;
}

}  // namespace l2o::nn
