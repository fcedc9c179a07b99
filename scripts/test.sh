#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test suite through CTest:
# Catch2 (C++), the C ABI program, pytest (Python module, ctypes, CLI, sample data) and
# the installed-package consumer check.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
