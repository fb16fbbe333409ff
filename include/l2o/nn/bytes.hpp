#pragma once
/// @file
/// Little-endian byte buffers with bounds checks and an FNV-1a checksum, for model files and checkpoints.

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

#include "l2o/core/error.hpp"
#include "l2o/data/atomic_file.hpp"

namespace l2o::nn::detail {

static_assert(std::endian::native == std::endian::little, "l2o model files assume a little-endian machine");

/// FNV-1a, 64 bits.
inline std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

class ByteWriter {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  template <class T>
  void put_array(const T* v, std::size_t n) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(v);
    bytes_.insert(bytes_.end(), p, p + n * sizeof(T));
  }
  void put_raw(const std::string& s) { bytes_.insert(bytes_.end(), s.begin(), s.end()); }
  /// Appends the checksum of everything so far and writes the whole buffer atomically.
  void commit(const std::filesystem::path& path) {
    put(fnv1a(bytes_.data(), bytes_.size()));
    data::AtomicFile f(path);
    f.write(bytes_.data(), bytes_.size());
    f.commit();
  }
  [[nodiscard]] const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

/// Reads a whole file, checks its trailing checksum, then hands out values with bounds checks.
class ByteReader {
 public:
  ByteReader(const std::filesystem::path& path, const std::string& magic, const char* what) : path_(path.string()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path_, "cannot open for reading");
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    in.seekg(0);
    bytes_.resize(size);
    in.read(reinterpret_cast<char*>(bytes_.data()), static_cast<std::streamsize>(size));
    if (!in) throw FileError(path_, "read failed");
    if (size < magic.size() || std::memcmp(bytes_.data(), magic.data(), magic.size()) != 0)
      throw FileError(path_, std::string("not an l2o ") + what + " (its first bytes are not '" + magic.substr(0, 7) + "')");
    if (size < magic.size() + 8) fail("truncated: too short to hold a checksum");
    std::uint64_t stored = 0;
    std::memcpy(&stored, bytes_.data() + size - 8, 8);
    end_ = size - 8;
    pos_ = magic.size();
    checksum_ok_ = stored == fnv1a(bytes_.data(), end_);
  }
  /// Checked after the header, so a truncated file is reported as such rather than as corrupted.
  void require_checksum() const {
    if (!checksum_ok_) fail("checksum mismatch: the file is corrupted");
  }
  template <class T>
  T get(const char* field) {
    T v;
    need(sizeof(T), field);
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  template <class T>
  void get_array(T* out, std::size_t n, const char* field) {
    if (n > (end_ - pos_) / sizeof(T)) fail(std::string("truncated in ") + field);
    std::memcpy(out, bytes_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  [[nodiscard]] std::size_t remaining() const { return end_ - pos_; }
  [[noreturn]] void fail(const std::string& why) const { throw FileError(path_, why); }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  void need(std::size_t n, const char* field) const {
    if (end_ - pos_ < n) fail(std::string("truncated in ") + field);
  }
  std::string path_;
  std::vector<std::uint8_t> bytes_;
  std::size_t pos_ = 0, end_ = 0;
  bool checksum_ok_ = false;
};

}  // namespace l2o::nn::detail
