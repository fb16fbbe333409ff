#pragma once
/**
 * @file
 * Update rules. Contract (`UpdateRule`): `make_state<Scalar>(n)` returns the per-run state for n
 * parameters (an `UpdateState`: moment vectors and a step count, so checkpoints save any rule);
 * `step(theta, grad, state, lr)` applies one update in place.
 */

#include <cmath>
#include <concepts>
#include <cstdint>
#include <vector>

#include "l2o/nn/mlp.hpp"

namespace l2o::nn {

/// Per-run state of an update rule: its moment vectors and the number of steps taken.
template <class Scalar>
struct UpdateState {
  std::vector<Vector<Scalar>> moments;
  std::int64_t steps = 0;
};

/// \f[ \theta \leftarrow \theta - \eta g \f]. Use this as a template for your own rule.
struct Sgd {
  template <class Scalar>
  UpdateState<Scalar> make_state(Eigen::Index /*n*/) const {
    return {};
  }
  template <class Scalar>
  void step(Vector<Scalar>& theta, const Vector<Scalar>& g, UpdateState<Scalar>& s, double lr) const {
    theta -= static_cast<Scalar>(lr) * g;  // theta -= lr g
    ++s.steps;
  }
};

/**
 * RMSprop (Tieleman & Hinton), the paper's optimiser:
 * \f[ m \leftarrow \rho m + (1 - \rho) g^2, \qquad
 *     \theta \leftarrow \theta - \eta \frac{g}{\sqrt{m + \epsilon}} \ \text{(TF1)} \quad\text{or}\quad
 *     \theta \leftarrow \theta - \eta \frac{g}{\sqrt{m} + \epsilon} \ \text{(common)}. \f]
 * `tf1()` gives TensorFlow 1's conventions, which the paper's code used: rho = 0.9,
 * epsilon = 1e-10 inside the square root, m starting at 1. `common()` (the default) is
 * PyTorch's: rho = 0.99, epsilon = 1e-8 outside, m starting at 0.
 */
struct RmsProp {
  double decay = 0.99;
  double epsilon = 1e-8;
  double initial_mean_square = 0;
  bool epsilon_inside_sqrt = false;

  static RmsProp tf1() { return {0.9, 1e-10, 1.0, true}; }
  static RmsProp common() { return {}; }

  template <class Scalar>
  UpdateState<Scalar> make_state(Eigen::Index n) const {
    UpdateState<Scalar> s;
    s.moments.push_back(Vector<Scalar>::Constant(n, static_cast<Scalar>(initial_mean_square)));
    return s;
  }
  template <class Scalar>
  void step(Vector<Scalar>& theta, const Vector<Scalar>& g, UpdateState<Scalar>& s, double lr) const {
    auto& m = s.moments.at(0);
    const auto rho = static_cast<Scalar>(decay), eps = static_cast<Scalar>(epsilon), eta = static_cast<Scalar>(lr);
    m = rho * m + (Scalar(1) - rho) * g.cwiseProduct(g);  // m = rho m + (1 - rho) g^2
    if (epsilon_inside_sqrt)
      theta.array() -= eta * g.array() / (m.array() + eps).sqrt();  // theta -= lr g / sqrt(m + eps)
    else
      theta.array() -= eta * g.array() / (m.array().sqrt() + eps);  // theta -= lr g / (sqrt(m) + eps)
    ++s.steps;
  }
};

/**
 * Adam (Kingma & Ba), with bias correction:
 * \f[ m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\
 *     \theta \leftarrow \theta - \eta \frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \epsilon}. \f]
 */
struct Adam {
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  template <class Scalar>
  UpdateState<Scalar> make_state(Eigen::Index n) const {
    UpdateState<Scalar> s;
    s.moments.assign(2, Vector<Scalar>::Zero(n));
    return s;
  }
  template <class Scalar>
  void step(Vector<Scalar>& theta, const Vector<Scalar>& g, UpdateState<Scalar>& s, double lr) const {
    auto& m = s.moments.at(0);
    auto& v = s.moments.at(1);
    ++s.steps;
    const auto b1 = static_cast<Scalar>(beta1), b2 = static_cast<Scalar>(beta2);
    m = b1 * m + (Scalar(1) - b1) * g;                   // m = b1 m + (1 - b1) g
    v = b2 * v + (Scalar(1) - b2) * g.cwiseProduct(g);   // v = b2 v + (1 - b2) g^2
    const double t = static_cast<double>(s.steps);
    const auto c1 = static_cast<Scalar>(1 / (1 - std::pow(beta1, t))), c2 = static_cast<Scalar>(1 / (1 - std::pow(beta2, t)));
    theta.array() -= static_cast<Scalar>(lr) * (m.array() * c1) / ((v.array() * c2).sqrt() + static_cast<Scalar>(epsilon));
  }
};

template <class U>
concept UpdateRule = requires(const U& u, Vector<float>& theta, UpdateState<float>& s) {
  { u.template make_state<float>(Eigen::Index{1}) } -> std::same_as<UpdateState<float>>;
  u.step(theta, theta, s, 0.1);
};

}  // namespace l2o::nn
