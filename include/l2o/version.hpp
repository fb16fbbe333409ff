#pragma once
/// @file
/// l2o's version.

#define L2O_VERSION_MAJOR 0
#define L2O_VERSION_MINOR 1
#define L2O_VERSION_PATCH 0

namespace l2o {
inline constexpr const char* version_string = "0.1.0";
}
