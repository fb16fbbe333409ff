#!/usr/bin/env bash
# Packaging: a consumer built against the installed package (find_package) and one that
# pulls l2o in with add_subdirectory. Both must configure, build and run.
set -euo pipefail
src=$1; work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"; mkdir -p "$work"
cmake -S "$src" -B "$work/l2o-build" -DL2O_BUILD_TESTS=OFF -DL2O_BUILD_EXAMPLES=OFF -DL2O_BUILD_BENCHMARKS=OFF \
  -DL2O_INSTALL=ON -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
cmake --install "$work/l2o-build" >/dev/null
cmake -S "$here/find_package" -B "$work/fp" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/fp" >/dev/null
"$work/fp/consumer"
cmake -S "$here/add_subdirectory" -B "$work/as" -DL2O_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/as" >/dev/null
"$work/as/consumer"
echo "packaging: 2 passed, 0 failed"
