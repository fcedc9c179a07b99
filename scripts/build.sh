#!/usr/bin/env bash
# Configures and builds clientele (Release) into build/, with the Python module built for
# the project venv's interpreter. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null && [ ! -f build/CMakeCache.txt ] && generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DPython_EXECUTABLE="$PWD/.venv/bin/python" >/dev/null
cmake --build build -j"$(nproc)"
