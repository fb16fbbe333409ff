#pragma once
// Table VI's data (Section V.F): every tone of a VDSL binder labelled by WMMSE, split at random
// into validation and test tones, and a training set drawn from the Gaussian fitted to the
// validation channels (the paper's substitute for more measurements).
#include <cstdint>
#include <filesystem>

#include "commands.hpp"

namespace l2o::cli {

struct VdslSizes {
  Index tones = 6955;  ///< tones used (the binder has 6955)
  Index validation = 5000;
  Index test = 1955;
  Index train = 50000;
};

/// Writes DIR/all, DIR/validation, DIR/test and DIR/train (no channels) for the binder of
/// `binder` (scenario vdsl: length, crosstalk, noise). With `binder.resume`, complete
/// directories with the same parameters are kept.
void make_vdsl_datasets(const GenerateOptions& binder, const VdslSizes& sizes, std::uint64_t seed,
                        const std::filesystem::path& dir);

}  // namespace l2o::cli
