#pragma once
/**
 * @file
 * The fully connected network of Sun et al., Fig. 4: inputs (channel amplitudes) -> hidden
 * layers -> K powers, one observation per column. All parameters live in one flat vector (per
 * layer: W, out x in, column-major, then b), so update rules, checkpoints and model files
 * handle a single array.
 */

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "l2o/core/error.hpp"
#include "l2o/core/parallel.hpp"
#include "l2o/core/random.hpp"
#include "l2o/nn/activation.hpp"
#include "l2o/nn/gemm.hpp"
#include "l2o/nn/gemv.hpp"
#include "l2o/nn/init.hpp"

namespace l2o::nn {

template <class Scalar>
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template <class Scalar>
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

/// Buffers for one forward/backward pass of up to `cols` observations (reused, never shrunk).
template <class Scalar>
struct Workspace {
  std::vector<Matrix<Scalar>> a;      ///< a[0] = normalised input (if any), a[l + 1] = output of layer l
  StridedMatrix<Scalar> input;        ///< the last `forward`'s input (x itself, or a[0])
  std::vector<Matrix<Scalar>> delta;  ///< dL/dz per layer, for training
  Gemm<Scalar> gemm;                  ///< the products' packing buffers
  SkipZerosGemv<Scalar> gemv;         ///< the batch-1 product
  int threads = 1;                    ///< workers inside each product (results do not depend on it)
};

/**
 * @tparam Hidden activation of the hidden layers (`Relu` in the paper).
 * @tparam Output activation of the output layer (`ClampedRelu`, eq. 16 of the paper).
 * Widths are set at run time: {K^2, 200, 200, 200, K} is the paper's network.
 */
template <class Scalar_, class Hidden = Relu, class Output = ClampedRelu>
class Mlp {
  static_assert(Activation<Hidden>, "Mlp<Scalar, Hidden, Output>: Hidden must model nn::Activation");
  static_assert(Activation<Output>, "Mlp<Scalar, Hidden, Output>: Output must model nn::Activation");

 public:
  using Scalar = Scalar_;
  /// Observations per chunk of a large batch (256, 512 and 1,024 measured with nn::Gemm at
  /// K = 30: 1,024 fastest, docs/performance.md).
  static constexpr Eigen::Index chunk = 1024;
  /// From this many observations on, `forward` runs l2o's packed product (nn/gemm.hpp).
  static constexpr Eigen::Index gemm_min_cols = 4;

  Mlp() = default;
  /// Widths {inputs, hidden..., outputs}; weights drawn by `truncated_normal_init` from `seed`.
  Mlp(std::vector<int> sizes, std::uint64_t seed, Hidden hidden = {}, Output output = {})
      : sizes_(std::move(sizes)), hidden_(hidden), output_(output) {
    layout();
    Engine rng = stream(seed, {0x6d6c70});
    for (int l = 0; l < layers(); ++l) {
      auto w = weight(l);
      truncated_normal_init(w, rng);
    }
  }

  [[nodiscard]] int layers() const { return static_cast<int>(sizes_.size()) - 1; }
  [[nodiscard]] int inputs() const { return sizes_.front(); }
  [[nodiscard]] int outputs() const { return sizes_.back(); }
  [[nodiscard]] const std::vector<int>& sizes() const { return sizes_; }
  [[nodiscard]] const Hidden& hidden() const { return hidden_; }
  [[nodiscard]] const Output& output() const { return output_; }
  [[nodiscard]] Vector<Scalar>& parameters() { return params_; }
  [[nodiscard]] const Vector<Scalar>& parameters() const { return params_; }

  [[nodiscard]] Eigen::Map<Matrix<Scalar>> weight(int l) {
    return {params_.data() + offset_[l], sizes_[l + 1], sizes_[l]};
  }
  [[nodiscard]] Eigen::Map<const Matrix<Scalar>> weight(int l) const {
    return {params_.data() + offset_[l], sizes_[l + 1], sizes_[l]};
  }
  [[nodiscard]] Eigen::Map<Vector<Scalar>> bias(int l) {
    return {params_.data() + offset_[l] + Eigen::Index{sizes_[l + 1]} * sizes_[l], sizes_[l + 1]};
  }
  [[nodiscard]] Eigen::Map<const Vector<Scalar>> bias(int l) const {
    return {params_.data() + offset_[l] + Eigen::Index{sizes_[l + 1]} * sizes_[l], sizes_[l + 1]};
  }

  /// Input normalisation x -> (x - mean) * scale, stored with the model (empty: none).
  void set_normalization(Vector<Scalar> mean, Vector<Scalar> scale) {
    if (mean.size() != inputs() || scale.size() != inputs())
      throw ShapeError("Mlp: normalisation needs " + std::to_string(inputs()) + " means and scales, got " +
                       std::to_string(mean.size()) + " and " + std::to_string(scale.size()));
    mean_ = std::move(mean);
    scale_ = std::move(scale);
  }
  /// Sets the normalisation to each input's mean and 1/std over the columns of x.
  void fit_normalization(const Eigen::Ref<const Matrix<Scalar>>& x) {
    const Vector<Scalar> mean = x.rowwise().mean();
    Vector<Scalar> scale(x.rows());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      const double var = (x.row(r).array() - mean(r)).square().mean();
      scale(r) = var > 0 ? static_cast<Scalar>(1 / std::sqrt(var)) : Scalar(1);
    }
    set_normalization(mean, scale);
  }
  [[nodiscard]] bool normalized() const { return mean_.size() > 0; }
  [[nodiscard]] const Vector<Scalar>& input_mean() const { return mean_; }
  [[nodiscard]] const Vector<Scalar>& input_scale() const { return scale_; }

  /// Replaces every parameter (the layout of `parameters()`), checking the count.
  void set_parameters(Vector<Scalar> p) {
    if (p.size() != params_.size())
      throw ShapeError("Mlp: expected " + std::to_string(params_.size()) + " parameters, got " + std::to_string(p.size()));
    params_ = std::move(p);
  }

  /**
   * Forward pass of the columns of x into ws.a, kept for `backward`. The input itself is not
   * copied (unless the model normalises it): **x must stay alive and unchanged until
   * `backward`** has run, as the tensors autograd saves. Allocates only when x has more columns
   * than ws has seen.
   */
  void forward(const Eigen::Ref<const Matrix<Scalar>>& x, Workspace<Scalar>& ws) const {
    check_input(x.rows());
    ws.a.resize(static_cast<std::size_t>(layers()) + 1);
    if (normalized()) {
      auto& a0 = ws.a[0];
      a0.resize(x.rows(), x.cols());
      a0.noalias() = (scale_.asDiagonal() * (x.colwise() - mean_));
      ws.input = column_major(a0.data(), a0.rows(), a0.cols(), a0.rows());
    } else {
      ws.input = column_major(x.data(), x.rows(), x.cols(), x.outerStride());
    }
    run_layers(Eigen::Map<const Matrix<Scalar>, 0, Eigen::OuterStride<>>(ws.input.data, ws.input.rows, ws.input.cols,
                                                                            Eigen::OuterStride<>(ws.input.col_stride)),
               ws);
  }

  /**
   * Backward pass after `forward`: given dL/dy (outputs x B) in `dy`, writes dL/dtheta (the
   * layout of `parameters()`) to `grad`. `dy` is overwritten.
   */
  void backward(Workspace<Scalar>& ws, Matrix<Scalar>& dy, Vector<Scalar>& grad) const {
    grad.resize(params_.size());
    ws.delta.resize(static_cast<std::size_t>(layers()));
    Matrix<Scalar>* d = &dy;
    for (int l = layers() - 1; l >= 0; --l) {
      const auto& out = ws.a[l + 1];
      if (l + 1 < layers()) hidden_.backprop(out, *d);
      else output_.backprop(out, *d);  // d = dL/dz_l
      Eigen::Map<Matrix<Scalar>> gw(grad.data() + offset_[l], sizes_[l + 1], sizes_[l]);
      Eigen::Map<Vector<Scalar>> gb(grad.data() + offset_[l] + Eigen::Index{sizes_[l + 1]} * sizes_[l], sizes_[l + 1]);
      const StridedMatrix<Scalar> in =
          l == 0 ? ws.input : column_major(ws.a[l].data(), ws.a[l].rows(), ws.a[l].cols(), ws.a[l].rows());
      const auto delta = column_major(d->data(), d->rows(), d->cols(), d->rows());
      auto none = [](Eigen::Index, Eigen::Index) {};
      // dL/dW = delta a^T
      ws.gemm.multiply(delta, in.transposed(), nullptr, gw.data(),
                       gw.rows(), ws.threads, none);
      gb = d->rowwise().sum();  // dL/db = sum over the batch of delta
      if (l > 0) {
        auto& next = ws.delta[l - 1];
        next.resize(sizes_[l], d->cols());
        // dL/da_l = W^T delta
        ws.gemm.multiply(column_major(weight(l).data(), sizes_[l + 1], sizes_[l], sizes_[l + 1]).transposed(), delta,
                         nullptr, next.data(), next.rows(), ws.threads, none);
        d = &next;
      }
    }
  }

  /**
   * Predictions for the columns of x (inputs x B) into y (outputs x B), in chunks of `chunk`
   * observations so activations stay in cache; `threads` workers take blocks of chunks.
   */
  void predict(const Eigen::Ref<const Matrix<Scalar>>& x, Matrix<Scalar>& y, int threads = 1) const {
    check_input(x.rows());
    y.resize(outputs(), x.cols());
    const Eigen::Index chunks = (x.cols() + chunk - 1) / chunk;
    parallel_blocks(chunks, threads, [&](Index begin, Index end) {
      Workspace<Scalar> ws;
      for (Index c = begin; c < end; ++c) {
        const Eigen::Index first = c * chunk, n = std::min<Eigen::Index>(chunk, x.cols() - first);
        infer(x.middleCols(first, n), ws);
        y.middleCols(first, n) = ws.a.back();
      }
    });
  }
  [[nodiscard]] Matrix<Scalar> predict(const Eigen::Ref<const Matrix<Scalar>>& x, int threads = 1) const {
    Matrix<Scalar> y;
    predict(x, y, threads);
    return y;
  }

  /// One observation, no allocation once `ws` has served one call: the batch-1 path.
  void predict_one(const Scalar* x, Scalar* y, Workspace<Scalar>& ws) const {
    infer(Eigen::Map<const Matrix<Scalar>>(x, inputs(), 1), ws);
    std::copy_n(ws.a.back().data(), outputs(), y);
  }

 private:
  /// `forward` without keeping the input: unnormalised inputs are read where they are.
  void infer(const Eigen::Ref<const Matrix<Scalar>>& x, Workspace<Scalar>& ws) const {
    check_input(x.rows());
    ws.a.resize(static_cast<std::size_t>(layers()) + 1);
    if (!normalized()) return run_layers(x, ws);
    ws.a[0].resize(x.rows(), x.cols());
    ws.a[0].noalias() = (scale_.asDiagonal() * (x.colwise() - mean_));
    run_layers(ws.a[0], ws);
  }

  /// Every layer on the columns of `in` (the first layer's input); outputs into ws.a[1...].
  void run_layers(const Eigen::Ref<const Matrix<Scalar>>& in0, Workspace<Scalar>& ws) const {
    const Eigen::Index cols = in0.cols();
    for (int l = 0; l < layers(); ++l) {
      auto& z = ws.a[l + 1];
      z.resize(sizes_[l + 1], cols);
      const Eigen::Ref<const Matrix<Scalar>> in = l == 0 ? in0 : Eigen::Ref<const Matrix<Scalar>>(ws.a[l]);
      auto activate = [&](Eigen::Index first, Eigen::Index n) {
        if (l + 1 < layers()) hidden_.apply(z.middleCols(first, n));
        else output_.apply(z.middleCols(first, n));
      };
      if (cols == 1) {  // one observation: skip the weights of zero inputs (nn/gemv.hpp)
        ws.gemv(weight(l).data(), sizes_[l + 1], sizes_[l], sizes_[l + 1], in.data(), bias(l).data(), z.data());
        activate(0, 1);
      } else if (cols < gemm_min_cols) {  // a few observations: Eigen's matrix-vector path
        z.noalias() = weight(l) * in;  // z = W a + b
        z.colwise() += bias(l);
        activate(0, cols);
      } else {  // z = W a + b, activated panel by panel while in cache
        ws.gemm.multiply(column_major(weight(l).data(), sizes_[l + 1], sizes_[l], sizes_[l + 1]),
                         column_major(in.data(), in.rows(), cols, in.outerStride()), bias(l).data(), z.data(), z.rows(),
                         ws.threads, activate);
      }
    }
  }

  void layout() {
    if (sizes_.size() < 2) throw InvalidArgument("Mlp: need at least an input and an output width");
    for (int s : sizes_)
      if (s < 1) throw InvalidArgument("Mlp: every layer width must be >= 1, got " + std::to_string(s));
    offset_.assign(sizes_.size(), 0);
    Eigen::Index total = 0;
    for (int l = 0; l + 1 < static_cast<int>(sizes_.size()); ++l) {
      offset_[l] = total;
      total += Eigen::Index{sizes_[l + 1]} * (sizes_[l] + 1);
    }
    params_ = Vector<Scalar>::Zero(total);
  }
  void check_input(Eigen::Index rows) const {
    if (rows != inputs())
      throw ShapeError("Mlp: input has " + std::to_string(rows) + " features per observation, the network expects " +
                       std::to_string(inputs()));
  }

  template <class S, class H, class O>
  friend Mlp<S, H, O> make_mlp(std::vector<int>, H, O);

  std::vector<int> sizes_{1, 1};
  std::vector<Eigen::Index> offset_;
  Vector<Scalar> params_, mean_, scale_;
  Hidden hidden_;
  Output output_;
};

/// A network with the given widths and all parameters zero (to be filled by a reader).
template <class Scalar, class Hidden = Relu, class Output = ClampedRelu>
Mlp<Scalar, Hidden, Output> make_mlp(std::vector<int> sizes, Hidden hidden = {}, Output output = {}) {
  Mlp<Scalar, Hidden, Output> m;
  m.sizes_ = std::move(sizes);
  m.hidden_ = hidden;
  m.output_ = output;
  m.layout();
  return m;
}

}  // namespace l2o::nn
