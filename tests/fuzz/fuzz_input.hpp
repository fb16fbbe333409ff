#pragma once
// Shared by the fuzz targets: the input bytes as a file (the readers under test take paths),
// and the rule that only l2o's own errors may escape a reader.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>

#include <l2o/core/error.hpp>

namespace l2o::fuzz {

/// The input as a file: an in-memory file (memfd), rewritten for every input.
class InputFile {
 public:
  InputFile() : fd_(memfd_create("l2o-fuzz", 0)) {
    if (fd_ < 0) std::abort();
  }
  ~InputFile() { close(fd_); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// Replaces the content with `data` and returns a path that opens it.
  std::filesystem::path write(const std::uint8_t* data, std::size_t size) {
    if (ftruncate(fd_, 0) != 0 || lseek(fd_, 0, SEEK_SET) != 0) std::abort();
    for (std::size_t done = 0; done < size;) {
      const auto n = ::write(fd_, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd_);
  }

 private:
  int fd_;
};

/// Runs `read`; an l2o::Error (a refused file) is the expected outcome of a bad input, anything
/// else that escapes is a finding: the target aborts so that the fuzzer records the input.
template <class Read>
void expect_l2o_errors_only(Read&& read) {
  try {
    read();
  } catch (const l2o::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "escaped: %s\n", e.what());
    std::abort();
  }
}

}  // namespace l2o::fuzz
