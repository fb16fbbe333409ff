#pragma once
/**
 * @file
 * Activations. Contract (`Activation`): `apply(z)` maps pre-activations to outputs in place,
 * `backprop(a, g)` turns dL/da into dL/dz in place given the outputs a (every activation here
 * has a derivative expressible in its output); `id` and `parameter()` identify it in model files.
 */

#include <concepts>
#include <cstdint>

#include <Eigen/Core>

namespace l2o::nn {

/// max(z, 0). Use this as a template for your own activation.
struct Relu {
  static constexpr std::uint8_t id = 1;
  static constexpr const char* name = "relu";
  template <class M>
  void apply(M&& z) const {
    z = z.cwiseMax(typename std::decay_t<M>::Scalar(0));
  }
  template <class A, class G>
  void backprop(const A& a, G&& g) const {
    using S = typename std::decay_t<G>::Scalar;
    g = (a.array() > S(0)).select(g, S(0));  // dL/dz = dL/da * 1[z > 0]
  }
  [[nodiscard]] double parameter() const { return 0; }
};

/**
 * min(max(z, 0), Pmax): the paper's output layer, eq. (16), so that every predicted power is
 * feasible. The gradient is passed where 0 < a < Pmax, stopped where the clamp is active.
 */
struct ClampedRelu {
  static constexpr std::uint8_t id = 2;
  static constexpr const char* name = "clamped_relu";
  double pmax = 1;
  template <class M>
  void apply(M&& z) const {
    using S = typename std::decay_t<M>::Scalar;
    z = z.cwiseMax(S(0)).cwiseMin(static_cast<S>(pmax));
  }
  template <class A, class G>
  void backprop(const A& a, G&& g) const {
    using S = typename std::decay_t<G>::Scalar;
    g = (a.array() > S(0) && a.array() < static_cast<S>(pmax)).select(g, S(0));  // dL/dz = dL/da * 1[0 < z < Pmax]
  }
  [[nodiscard]] double parameter() const { return pmax; }
};

/// 1 / (1 + e^-z).
struct Sigmoid {
  static constexpr std::uint8_t id = 3;
  static constexpr const char* name = "sigmoid";
  template <class M>
  void apply(M&& z) const {
    using S = typename std::decay_t<M>::Scalar;
    z = (S(1) + (-z.array()).exp()).inverse().matrix();
  }
  template <class A, class G>
  void backprop(const A& a, G&& g) const {
    using S = typename std::decay_t<G>::Scalar;
    g = (g.array() * a.array() * (S(1) - a.array())).matrix();  // dL/dz = dL/da * a (1 - a)
  }
  [[nodiscard]] double parameter() const { return 0; }
};

/// z unchanged (a linear output).
struct Identity {
  static constexpr std::uint8_t id = 4;
  static constexpr const char* name = "identity";
  template <class M>
  void apply(M&& /*z*/) const {}
  template <class A, class G>
  void backprop(const A& /*a*/, G&& /*g*/) const {}  // dL/dz = dL/da
  [[nodiscard]] double parameter() const { return 0; }
};

template <class F>
concept Activation = requires(const F& f, Eigen::MatrixXf& m) {
  { F::id } -> std::convertible_to<std::uint8_t>;
  f.apply(m);
  f.backprop(m, m);
  { f.parameter() } -> std::convertible_to<double>;
};

}  // namespace l2o::nn
