#pragma once
/// @file
/// Error types. Every message says what was wrong and where (file, flag, sample, entry).

#include <stdexcept>
#include <string>

namespace l2o {

/// Base of every error l2o raises; catch this to report any l2o failure.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A parameter is out of its domain (Pmax <= 0, noise < 0, K <= 0, ...).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

/// Sizes disagree (K of a channel vs K of a solver, a weights file of the wrong length, ...).
class ShapeError : public Error {
 public:
  using Error::Error;
};

/// Data holds a value the model forbids: NaN, infinity, a negative amplitude.
class InvalidValue : public Error {
 public:
  using Error::Error;
};

/// A file cannot be read or written, or its content is not what the format promises.
class FileError : public Error {
 public:
  FileError(const std::string& path, const std::string& what) : Error(path + ": " + what) {}
};

}  // namespace l2o
