#pragma once
/// @file
/// A layered network of ReLU, binary (step) and linear units, the object the Appendix of the
/// paper builds its Lemmas with: every unit of layer l reads only units of layer l - 1 (the
/// first layer reads the inputs), so layer and unit counts are those of an ordinary
/// feed-forward network.

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"

namespace l2o::theory {

/// What a unit computes from its pre-activation a = bias + sum_i w_i x_i:
/// `relu` max(a, 0), `binary` the step 1[a >= 0] (the paper's Binary[a >= 0]), `linear` a
/// (output units only).
enum class UnitKind { relu, binary, linear };

/// Why a unit is there. `compute` units are the ones the Appendix counts; `carry` units are
/// ReLUs that pass a non-negative value (an input, a remainder, a partial sum) on to the next
/// layer, which a layered network needs and the Appendix's counts leave out; `output` units
/// are the linear read-out.
enum class UnitRole { compute, carry, output };

/// Layers and units of a network, by kind. `layers` includes the output layer.
struct UnitCounts {
  Index layers = 0;
  Index binary = 0;   ///< binary (step) units, all of them `compute`
  Index relu = 0;     ///< ReLUs with role `compute`
  Index carry = 0;    ///< pass-through ReLUs
  Index output = 0;   ///< linear output units
  friend bool operator==(const UnitCounts&, const UnitCounts&) = default;
};

/**
 * A feed-forward network stored unit by unit with sparse incoming weights.
 *
 * A unit's pre-activation is evaluated as `bias`, then each incoming term added in the order
 * it was given. The constructions of `theory/` rely on that order: the large constant M of the
 * Appendix's gating terms max(c y + M (z - 1), 0) is added first, so that M z - M cancels
 * exactly and the result is exact in floating point.
 *
 * @tparam Scalar_ float or double
 */
template <class Scalar_>
class LayeredNetwork {
 public:
  using Scalar = Scalar_;

  struct Term {
    Index source;  ///< unit of the previous layer (or input, for the first layer)
    Scalar weight;
  };
  struct Unit {
    UnitKind kind;
    UnitRole role;
    Scalar bias;
    std::vector<Term> terms;
    std::string name;  ///< e.g. "z[-3]", "remainder[2]": for printing the network
  };
  using Layer = std::vector<Unit>;

  LayeredNetwork(Index inputs, std::vector<Layer> layers) : inputs_(inputs), layers_(std::move(layers)) {
    Index width = inputs_;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      if (layers_[l].empty()) throw InvalidArgument("layered network: layer " + std::to_string(l) + " has no units");
      for (const auto& u : layers_[l])
        for (const auto& t : u.terms)
          if (t.source < 0 || t.source >= width)
            throw InvalidArgument("layered network: unit '" + u.name + "' of layer " + std::to_string(l) +
                                  " reads unit " + std::to_string(t.source) + " of a layer with " +
                                  std::to_string(width) + " units");
      width = static_cast<Index>(layers_[l].size());
      max_width_ = std::max(max_width_, width);
    }
    max_width_ = std::max(max_width_, inputs_);
  }

  [[nodiscard]] Index inputs() const noexcept { return inputs_; }
  [[nodiscard]] Index outputs() const noexcept { return layers_.empty() ? inputs_ : static_cast<Index>(layers_.back().size()); }
  [[nodiscard]] const std::vector<Layer>& layers() const noexcept { return layers_; }

  [[nodiscard]] UnitCounts counts() const {
    UnitCounts c;
    c.layers = static_cast<Index>(layers_.size());
    for (const auto& layer : layers_)
      for (const auto& u : layer) {
        if (u.role == UnitRole::output) ++c.output;
        else if (u.role == UnitRole::carry) ++c.carry;
        else if (u.kind == UnitKind::binary) ++c.binary;
        else ++c.relu;
      }
    return c;
  }

  /// Layer l's weights as a dense matrix (units x units of layer l - 1), for display.
  [[nodiscard]] Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> weights(std::size_t l) const {
    const Index in = l == 0 ? inputs_ : static_cast<Index>(layers_.at(l - 1).size());
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> w =
        Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>::Zero(static_cast<Index>(layers_.at(l).size()), in);
    for (Index u = 0; u < w.rows(); ++u)
      for (const auto& t : layers_[l][static_cast<std::size_t>(u)].terms) w(u, t.source) += t.weight;
    return w;
  }

  /// The outputs for one input vector.
  /// @pre `input.size() == inputs()`
  [[nodiscard]] std::vector<Scalar> evaluate(std::span<const Scalar> input) const {
    if (static_cast<Index>(input.size()) != inputs_)
      throw ShapeError("layered network: " + std::to_string(input.size()) + " inputs given, the network has " +
                       std::to_string(inputs_));
    std::vector<Scalar> prev(input.begin(), input.end()), next;
    prev.reserve(static_cast<std::size_t>(max_width_));
    next.reserve(static_cast<std::size_t>(max_width_));
    for (const auto& layer : layers_) {
      next.clear();
      for (const auto& u : layer) {
        Scalar a = u.bias;
        for (const auto& t : u.terms) a += t.weight * prev[static_cast<std::size_t>(t.source)];
        next.push_back(activate(u.kind, a));
      }
      std::swap(prev, next);
    }
    return prev;
  }

 private:
  static Scalar activate(UnitKind kind, Scalar a) noexcept {
    switch (kind) {
      case UnitKind::relu: return a > Scalar(0) ? a : Scalar(0);
      case UnitKind::binary: return a >= Scalar(0) ? Scalar(1) : Scalar(0);
      case UnitKind::linear: return a;
    }
    return a;
  }

  Index inputs_;
  std::vector<Layer> layers_;
  Index max_width_ = 0;
};

/**
 * Builds a `LayeredNetwork` layer by layer. `Ref`s returned while building layer l may only be
 * read by units of layer l + 1; reading any other layer throws, so whatever the builder
 * produces is a genuine layered network.
 */
template <class Scalar_>
class NetworkBuilder {
 public:
  using Scalar = Scalar_;
  using Net = LayeredNetwork<Scalar>;
  struct Ref {
    Index layer;  ///< -1: an input
    Index unit;
  };

  explicit NetworkBuilder(Index inputs) : inputs_(inputs) {}

  [[nodiscard]] Ref input(Index i) const {
    if (i < 0 || i >= inputs_) throw InvalidArgument("network builder: no input " + std::to_string(i));
    return {-1, i};
  }
  /// Starts a new layer; units added after this call belong to it.
  void next_layer() { layers_.emplace_back(); }

  Ref add(UnitKind kind, UnitRole role, Scalar bias, std::initializer_list<std::pair<Ref, Scalar>> terms,
          std::string name) {
    if (layers_.empty()) next_layer();
    const Index here = static_cast<Index>(layers_.size()) - 1;
    typename Net::Unit u{kind, role, bias, {}, std::move(name)};
    for (const auto& [ref, w] : terms) {
      if (ref.layer != here - 1)
        throw InvalidArgument("network builder: unit '" + u.name + "' of layer " + std::to_string(here) +
                              " reads layer " + std::to_string(ref.layer) + "; only the previous layer may be read");
      u.terms.push_back({ref.unit, w});
    }
    layers_.back().push_back(std::move(u));
    return {here, static_cast<Index>(layers_.back().size()) - 1};
  }
  Ref relu(Scalar bias, std::initializer_list<std::pair<Ref, Scalar>> terms, std::string name) {
    return add(UnitKind::relu, UnitRole::compute, bias, terms, std::move(name));
  }
  Ref binary(Scalar bias, std::initializer_list<std::pair<Ref, Scalar>> terms, std::string name) {
    return add(UnitKind::binary, UnitRole::compute, bias, terms, std::move(name));
  }
  /// A pass-through ReLU: max(sum of terms, 0), used only where the sum is non-negative.
  Ref carry(std::initializer_list<std::pair<Ref, Scalar>> terms, std::string name) {
    return add(UnitKind::relu, UnitRole::carry, Scalar(0), terms, std::move(name));
  }
  Ref output(Scalar bias, std::initializer_list<std::pair<Ref, Scalar>> terms, std::string name) {
    return add(UnitKind::linear, UnitRole::output, bias, terms, std::move(name));
  }

  [[nodiscard]] Net build() && { return Net(inputs_, std::move(layers_)); }

 private:
  Index inputs_;
  std::vector<typename Net::Layer> layers_;
};

}  // namespace l2o::theory
