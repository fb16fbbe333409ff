#pragma once
/**
 * @file
 * Atomic file writes: content goes to a temporary file beside the target, which is renamed
 * into place only once fully written, so a crash never leaves a half-written file.
 */

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "l2o/core/error.hpp"

namespace l2o::data {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target)
      : target_(std::move(target)),
        temp_(target_.string() + ".tmp-" + std::to_string(::getpid())) {
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_) throw FileError(target_.string(), "cannot open for writing (directory missing or not writable?)");
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    if (!committed_) {
      out_.close();
      std::error_code ec;
      std::filesystem::remove(temp_, ec);
    }
  }
  [[nodiscard]] std::ofstream& stream() { return out_; }
  void write(const void* bytes, std::size_t size) {
    out_.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
  }
  /// Flushes, closes and renames into place; raises FileError if any write failed.
  void commit() {
    out_.flush();
    const bool ok = static_cast<bool>(out_);
    out_.close();
    if (!ok || out_.fail()) throw FileError(target_.string(), "write failed (disk full?)");
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) throw FileError(target_.string(), "cannot rename temporary file into place: " + ec.message());
    committed_ = true;
  }

 private:
  std::filesystem::path target_, temp_;
  std::ofstream out_;
  bool committed_ = false;
};

/**
 * Removes what killed writers left behind in `dir`: files named `PREFIX*.tmp-PID` (`AtomicFile`'s
 * temporaries) whose process `PID` no longer runs. A run that continues after an interruption
 * calls it, so that nothing but complete files stays. Returns how many were removed.
 */
inline int remove_stale_temporaries(const std::filesystem::path& dir, const std::string& prefix = "") {
  int removed = 0;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return 0;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const auto at = name.rfind(".tmp-");
    if (at == std::string::npos || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid = name.substr(at + 5);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (std::filesystem::exists("/proc/" + pid, ec)) continue;  // its writer may still be at work
    if (std::filesystem::remove(e.path(), ec)) ++removed;
  }
  return removed;
}

/// Writes `text` to `path` atomically.
inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
  AtomicFile f(path);
  f.write(text.data(), text.size());
  f.commit();
}

}  // namespace l2o::data
