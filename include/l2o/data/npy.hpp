#pragma once
/**
 * @file
 * The numpy `.npy` format (versions 1.0 and 2.0): little-endian float32, float64 and int64
 * arrays in C order. Anything else is refused with an error naming the file and the problem.
 *
 * Layout: magic "\x93NUMPY", major, minor, header length (uint16 for 1.0, uint32 for 2.0),
 * an ASCII Python dict `{'descr': '<f8', 'fortran_order': False, 'shape': (B, K, K), }`
 * padded with spaces and a newline so the data starts on a 64-byte boundary, then the data.
 */

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "l2o/core/error.hpp"
#include "l2o/data/atomic_file.hpp"

namespace l2o::data {

static_assert(std::endian::native == std::endian::little, "l2o's .npy I/O assumes a little-endian host");

enum class Dtype { float32, float64, int64 };

inline const char* descr(Dtype t) {
  switch (t) {
    case Dtype::float32: return "<f4";
    case Dtype::float64: return "<f8";
    case Dtype::int64: return "<i8";
  }
  return "?";
}
inline std::size_t item_size(Dtype t) { return t == Dtype::float32 ? 4 : 8; }

template <class T>
constexpr Dtype dtype_of() {
  if constexpr (std::is_same_v<T, float>) return Dtype::float32;
  else if constexpr (std::is_same_v<T, double>) return Dtype::float64;
  else {
    static_assert(std::is_same_v<T, std::int64_t>, ".npy: only float, double and int64_t are supported");
    return Dtype::int64;
  }
}

/// An array read from a .npy file, converted to T.
template <class T>
struct NpyArray {
  std::vector<std::int64_t> shape;
  std::vector<T> values;
  Dtype stored = dtype_of<T>();  ///< the dtype found in the file
};

namespace detail {

/// The value text following `'key':` in a header dict, or empty if the key is absent.
inline std::string dict_value(const std::string& header, const std::string& key) {
  for (const char q : {'\'', '"'}) {
    const std::string pattern = q + key + q;
    const auto at = header.find(pattern);
    if (at == std::string::npos) continue;
    auto pos = header.find(':', at + pattern.size());
    if (pos == std::string::npos) return {};
    ++pos;
    while (pos < header.size() && header[pos] == ' ') ++pos;
    if (pos >= header.size()) return {};
    if (header[pos] == '(') {
      const auto end = header.find(')', pos);
      return end == std::string::npos ? std::string{} : header.substr(pos, end - pos + 1);
    }
    if (header[pos] == '\'' || header[pos] == '"') {
      const auto end = header.find(header[pos], pos + 1);
      return end == std::string::npos ? std::string{} : header.substr(pos + 1, end - pos - 1);
    }
    auto end = header.find_first_of(",}", pos);
    if (end == std::string::npos) end = header.size();
    auto v = header.substr(pos, end - pos);
    while (!v.empty() && v.back() == ' ') v.pop_back();
    return v;
  }
  return {};
}

inline std::vector<std::int64_t> parse_shape(const std::string& path, const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    throw FileError(path, "header has no valid 'shape' tuple");
  std::vector<std::int64_t> shape;
  std::size_t pos = 1;
  while (pos < text.size() - 1) {
    while (pos < text.size() - 1 && (text[pos] == ' ' || text[pos] == ',')) ++pos;
    if (pos >= text.size() - 1) break;
    std::int64_t v = 0;
    std::size_t digits = 0;
    while (pos < text.size() - 1 && text[pos] >= '0' && text[pos] <= '9') {
      if (v > (std::numeric_limits<std::int64_t>::max() - 9) / 10) throw FileError(path, "shape dimension overflows");
      v = v * 10 + (text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0) throw FileError(path, "shape " + text + " is not a tuple of non-negative integers");
    while (pos < text.size() - 1 && text[pos] == 'L') ++pos;  // Python 2 longs
    shape.push_back(v);
  }
  return shape;
}

}  // namespace detail

/**
 * Reads a .npy file into values of type T (float and double accept float32 and float64 files;
 * int64_t accepts int64 files).
 * @throws FileError naming the file and the problem: missing or unreadable, bad magic,
 *         unsupported version or dtype, big-endian or Fortran order, shape and size disagreeing
 *         (truncated or trailing data), or a declared size larger than the file.
 */
template <class T>
NpyArray<T> read_npy(const std::filesystem::path& file) {
  const std::string path = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FileError(path, "cannot open for reading (missing or unreadable)");
  std::error_code ec;
  const auto file_size = std::filesystem::file_size(file, ec);
  if (ec) throw FileError(path, "cannot stat: " + ec.message());
  if (file_size == 0) throw FileError(path, "file is empty, not a .npy file");

  unsigned char pre[10] = {};
  in.read(reinterpret_cast<char*>(pre), 8);
  if (in.gcount() < 8 || std::memcmp(pre, "\x93NUMPY", 6) != 0) throw FileError(path, "not a .npy file (bad magic)");
  const int major = pre[6];
  std::uint64_t header_len = 0;
  std::size_t prefix = 0;
  if (major == 1) {
    in.read(reinterpret_cast<char*>(pre + 8), 2);
    header_len = pre[8] | (pre[9] << 8);
    prefix = 10;
  } else if (major == 2) {
    unsigned char b[4] = {};
    in.read(reinterpret_cast<char*>(b), 4);
    header_len = b[0] | (b[1] << 8) | (b[2] << 16) | (std::uint64_t{b[3]} << 24);
    prefix = 12;
  } else {
    throw FileError(path, ".npy format version " + std::to_string(major) + "." + std::to_string(pre[7]) +
                              " is not supported (1.0 and 2.0 are)");
  }
  if (!in || prefix + header_len > file_size) throw FileError(path, "truncated .npy header");
  std::string header(header_len, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  if (!in) throw FileError(path, "truncated .npy header");

  const std::string d = detail::dict_value(header, "descr");
  Dtype stored{};
  if (d == "<f4") stored = Dtype::float32;
  else if (d == "<f8") stored = Dtype::float64;
  else if (d == "<i8") stored = Dtype::int64;
  else if (!d.empty() && d[0] == '>') throw FileError(path, "big-endian dtype '" + d + "' is not supported");
  else throw FileError(path, "dtype '" + d + "' is not supported (float32 '<f4', float64 '<f8', int64 '<i8')");
  const std::string fo = detail::dict_value(header, "fortran_order");
  if (fo == "True") throw FileError(path, "Fortran-order arrays are not supported; save with C order");
  if (fo != "False") throw FileError(path, "header has no valid 'fortran_order'");

  constexpr bool want_float = std::is_floating_point_v<T>;
  if (want_float == (stored == Dtype::int64))
    throw FileError(path, std::string("dtype ") + descr(stored) + " where " +
                              (want_float ? "floating-point data (float32 or float64)" : "int64") + " was expected");

  NpyArray<T> out;
  out.stored = stored;
  out.shape = detail::parse_shape(path, detail::dict_value(header, "shape"));
  std::uint64_t count = 1;
  for (auto dim : out.shape) {
    if (dim != 0 && count > std::numeric_limits<std::uint64_t>::max() / 8 / static_cast<std::uint64_t>(dim))
      throw FileError(path, "declared shape is too large");
    count *= static_cast<std::uint64_t>(dim);
  }
  const std::uint64_t data_bytes = file_size - prefix - header_len;
  const std::uint64_t want_bytes = count * item_size(stored);
  if (data_bytes < want_bytes)
    throw FileError(path, "truncated: shape needs " + std::to_string(want_bytes) + " bytes of data, file has " +
                              std::to_string(data_bytes));
  if (data_bytes > want_bytes)
    throw FileError(path, "file has " + std::to_string(data_bytes - want_bytes) + " bytes beyond the declared shape");

  out.values.resize(count);
  auto read_as = [&](auto tag) {
    using S = decltype(tag);
    if constexpr (std::is_same_v<S, T>) {
      in.read(reinterpret_cast<char*>(out.values.data()), static_cast<std::streamsize>(want_bytes));
    } else {
      std::vector<S> raw(count);
      in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(want_bytes));
      for (std::size_t i = 0; i < count; ++i) out.values[i] = static_cast<T>(raw[i]);
    }
  };
  if (stored == Dtype::float32) read_as(float{});
  else if (stored == Dtype::float64) read_as(double{});
  else read_as(std::int64_t{});
  if (!in) throw FileError(path, "read error");
  return out;
}

/// Writes `values` with `shape` as a version-1.0 .npy file (2.0 if the header needs it), atomically.
template <class T>
void write_npy(const std::filesystem::path& file, const T* values, const std::vector<std::int64_t>& shape) {
  std::string dict = std::string("{'descr': '") + descr(dtype_of<T>()) + "', 'fortran_order': False, 'shape': (";
  std::uint64_t count = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
    if (i + 1 < shape.size()) dict += ' ';
    count *= static_cast<std::uint64_t>(shape[i]);
  }
  dict += "), }";
  const bool v2 = dict.size() + 11 > 65535;
  const std::size_t prefix = v2 ? 12 : 10;
  const std::size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';
  std::string head = std::string("\x93NUMPY", 6) + static_cast<char>(v2 ? 2 : 1) + '\0';
  const auto len = static_cast<std::uint32_t>(dict.size());
  head += static_cast<char>(len & 0xFF);
  head += static_cast<char>((len >> 8) & 0xFF);
  if (v2) {
    head += static_cast<char>((len >> 16) & 0xFF);
    head += static_cast<char>((len >> 24) & 0xFF);
  }
  AtomicFile f(file);
  f.write(head.data(), head.size());
  f.write(dict.data(), dict.size());
  f.write(values, count * sizeof(T));
  f.commit();
}

template <class T>
void write_npy(const std::filesystem::path& file, const std::vector<T>& values, const std::vector<std::int64_t>& shape) {
  write_npy(file, values.data(), shape);
}

}  // namespace l2o::data
