#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <l2o/data/npy.hpp>

using namespace l2o;
namespace fs = std::filesystem;

namespace {
fs::path temp_dir() {
  auto d = fs::temp_directory_path() / ("l2o-npy-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}
void write_raw(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
/// A hand-made .npy: magic, version, header (padded to 64), data.
std::string make_npy(const std::string& dict, const std::string& data, int major = 1) {
  std::string head = std::string("\x93NUMPY", 6) + char(major) + '\0';
  const std::size_t prefix = major == 1 ? 10 : 12;
  std::string d = dict;
  while ((prefix + d.size() + 1) % 64) d += ' ';
  d += '\n';
  head += char(d.size() & 0xFF);
  head += char((d.size() >> 8) & 0xFF);
  if (major != 1) head += std::string(2, '\0');
  return head + d + data;
}
std::string doubles(std::initializer_list<double> v) {
  return {reinterpret_cast<const char*>(std::data(v)), v.size() * sizeof(double)};
}
}  // namespace

TEST_CASE_TEMPLATE("npy: round trip of every supported dtype", T, float, double, std::int64_t) {
  const auto dir = temp_dir();
  std::vector<T> v(24);
  for (int i = 0; i < 24; ++i) v[i] = static_cast<T>(i * 3 - 7);
  data::write_npy(dir / "a.npy", v, {2, 3, 4});
  const auto r = data::read_npy<T>(dir / "a.npy");
  CHECK(r.shape == std::vector<std::int64_t>{2, 3, 4});
  CHECK(r.values == v);
  // The data starts on a 64-byte boundary, as numpy writes it.
  CHECK((fs::file_size(dir / "a.npy") - 24 * sizeof(T)) % 64 == 0);
  data::write_npy(dir / "b.npy", v, {24});
  CHECK(data::read_npy<T>(dir / "b.npy").shape == std::vector<std::int64_t>{24});
  fs::remove_all(dir);
}

TEST_CASE("npy: float32 files read as double, version 2.0, scalars and empty arrays") {
  const auto dir = temp_dir();
  std::vector<float> f{1.5f, -2.25f};
  data::write_npy(dir / "f.npy", f, {2});
  CHECK(data::read_npy<double>(dir / "f.npy").values == std::vector<double>{1.5, -2.25});
  write_raw(dir / "v2.npy", make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles({3, 4}), 2));
  CHECK(data::read_npy<double>(dir / "v2.npy").values == std::vector<double>{3, 4});
  write_raw(dir / "empty.npy", make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", ""));
  CHECK(data::read_npy<double>(dir / "empty.npy").values.empty());
  fs::remove_all(dir);
}

TEST_CASE("npy: bad files are refused with an error naming the file and the problem") {
  const auto dir = temp_dir();
  const std::string p = (dir / "x.npy").string();
  auto expect = [&](const std::string& bytes, const std::string& message) {
    write_raw(p, bytes);
    CHECK_THROWS_WITH_AS(data::read_npy<double>(p), (p + ": " + message).c_str(), FileError);
  };
  CHECK_THROWS_WITH_AS(data::read_npy<double>(dir / "missing.npy"),
                       ((dir / "missing.npy").string() + ": cannot open for reading (missing or unreadable)").c_str(),
                       FileError);
  expect("", "file is empty, not a .npy file");
  expect("hello world, not numpy", "not a .npy file (bad magic)");
  expect(std::string("\x93NUMPY\x03\x00", 8) + "xx", ".npy format version 3.0 is not supported (1.0 and 2.0 are)");
  expect(std::string("\x93NUMPY\x01\x00\xff\x00", 10) + "{'descr'", "truncated .npy header");
  expect(make_npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", "abcd"),
         "dtype '<i4' is not supported (float32 '<f4', float64 '<f8', int64 '<i8')");
  expect(make_npy("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", doubles({1})),
         "big-endian dtype '>f8' is not supported");
  expect(make_npy("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", doubles({1})),
         "Fortran-order arrays are not supported; save with C order");
  expect(make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", doubles({1, 2})),
         "truncated: shape needs 24 bytes of data, file has 16");
  expect(make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", doubles({1, 2})),
         "file has 8 bytes beyond the declared shape");
  expect(make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", doubles({1})),
         "truncated: shape needs 8000000000000 bytes of data, file has 8");
  expect(make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999, 99999999999999), }", ""),
         "declared shape is too large");
  expect(make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (a,), }", ""),
         "shape (a,) is not a tuple of non-negative integers");
  expect(make_npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", doubles({1})),
         "dtype <i8 where floating-point data (float32 or float64) was expected");
  fs::remove_all(dir);
}

TEST_CASE("atomic writes: an unwritable target leaves nothing behind") {
  const auto dir = temp_dir();
  std::vector<double> v{1};
  CHECK_THROWS_AS(data::write_npy(dir / "no-such-dir" / "a.npy", v, {1}), FileError);
  {
    data::AtomicFile f(dir / "c.npy");
    f.write("abc", 3);
    // destroyed without commit: as if the program died mid-write
  }
  CHECK_FALSE(fs::exists(dir / "c.npy"));
  CHECK(fs::is_empty(dir));
  fs::remove_all(dir);
}
