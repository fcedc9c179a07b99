#!/usr/bin/env bash
# Configuring the Python module against pybind11 older than 2.12 (Debian 12's is 2.10.3)
# must fail and say why: such a module silently misreads NumPy 2 arrays. A stand-in
# pybind11 2.10.3 package makes the check independent of what is installed.
# Usage: pybind11_minimum.sh SOURCE_DIR PYTHON
set -euo pipefail
source_dir=$1
python=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pybind11"
cat >"$work/pybind11/pybind11Config.cmake" <<'CMAKE'
set(pybind11_VERSION 2.10.3)
if(NOT TARGET pybind11::headers)
  add_library(pybind11::headers INTERFACE IMPORTED)
endif()
CMAKE
cat >"$work/pybind11/pybind11ConfigVersion.cmake" <<'CMAKE'
set(PACKAGE_VERSION 2.10.3)
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
CMAKE
if cmake -S "$source_dir" -B "$work/build" -DPython_EXECUTABLE="$python" -Dpybind11_DIR="$work/pybind11" \
     -DCLIENTELE_BUILD_PYTHON=ON -DCLIENTELE_BUILD_TESTS=OFF -DCLIENTELE_BUILD_CLI=OFF \
     -DCLIENTELE_BUILD_BENCHMARKS=OFF -DCLIENTELE_INSTALL=OFF >"$work/log" 2>&1; then
  echo "configure accepted pybind11 2.10.3"
  exit 1
fi
if ! grep -q "needs pybind11 >= 2.12" "$work/log" || ! grep -q "NumPy 2" "$work/log"; then
  echo "configure failed, but without saying that pybind11 >= 2.12 is needed and why:"
  cat "$work/log"
  exit 1
fi
echo "pybind11 2.10.3 refused with the reason"
