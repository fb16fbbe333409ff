#pragma once
/// @file
/// Everything in l2o, one include.

#include "l2o/version.hpp"

#include "l2o/core/batch.hpp"
#include "l2o/core/error.hpp"
#include "l2o/core/extent.hpp"
#include "l2o/core/float_env.hpp"
#include "l2o/core/parallel.hpp"
#include "l2o/core/random.hpp"
#include "l2o/core/simd.hpp"

#include "l2o/problem/baselines.hpp"
#include "l2o/problem/params.hpp"
#include "l2o/problem/sum_rate.hpp"

#include "l2o/channel/embed.hpp"
#include "l2o/channel/fitted_gaussian.hpp"
#include "l2o/channel/gaussian_ic.hpp"
#include "l2o/channel/generator.hpp"
#include "l2o/channel/hex_grid.hpp"
#include "l2o/channel/imac.hpp"
#include "l2o/channel/placement.hpp"
#include "l2o/channel/vdsl.hpp"

#include "l2o/solver/exhaustive_binary.hpp"
#include "l2o/solver/fractional_programming.hpp"
#include "l2o/solver/initialization.hpp"
#include "l2o/solver/solve_result.hpp"
#include "l2o/solver/stopping.hpp"
#include "l2o/solver/wmmse.hpp"
#include "l2o/solver/wmmse_batched.hpp"

#include "l2o/nn/activation.hpp"
#include "l2o/nn/callbacks.hpp"
#include "l2o/nn/gemm.hpp"
#include "l2o/nn/gemv.hpp"
#include "l2o/nn/init.hpp"
#include "l2o/nn/loss.hpp"
#include "l2o/nn/mlp.hpp"
#include "l2o/nn/model_file.hpp"
#include "l2o/nn/schedule.hpp"
#include "l2o/nn/trainer.hpp"
#include "l2o/nn/update.hpp"

#include "l2o/data/atomic_file.hpp"
#include "l2o/data/dataset.hpp"
#include "l2o/data/npy.hpp"

#include "l2o/eval/binarize.hpp"
#include "l2o/eval/comparison.hpp"
#include "l2o/eval/latency.hpp"
#include "l2o/eval/network_powers.hpp"

#include "l2o/theory/binary_expansion.hpp"
#include "l2o/theory/division.hpp"
#include "l2o/theory/gradient_descent.hpp"
#include "l2o/theory/layered_network.hpp"
#include "l2o/theory/multiplication.hpp"
#include "l2o/theory/perturbation.hpp"
#include "l2o/theory/theorem2.hpp"
#include "l2o/theory/wmmse_network.hpp"
