#!/usr/bin/env bash
# Installs everything clientele needs to build, test and run its demo on Debian 12.
# Idempotent: installs only what is missing, rebuilds .venv only when the pinned
# requirements change. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libsqlite3-dev sqlite3 nlohmann-json3-dev libboost-dev catch2 pybind11-dev
  libicu-dev libphonenumber-dev libprotobuf-dev libopencc-dev libsodium-dev zlib1g-dev libcli11-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev valgrind
  python3 python3-dev python3-venv
  fonts-wqy-microhei  # a CJK font for clientele.plots (docs/python.md, "Plots") and the report
  chromium  # the report's browser check (tests/python/test_report.py, docs/report.md)
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The project venv, with the exact pins of requirements-dev.txt.
PYTHON=${PYTHON:-python3}
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: preparing .venv"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > "$stamp"
fi

# With --bench: the peers of the deduplication benchmark (splink) in .venv-bench, pinned by
# requirements-bench.txt; benchmarks/dedupe_quality.py runs splink with that interpreter.
if [ "${1:-}" = "--bench" ]; then
  bstamp=.venv-bench/.requirements.sha256
  bwant=$(sha256sum requirements-bench.txt | cut -d' ' -f1)
  if [ ! -x .venv-bench/bin/python ] || [ "$(cat "$bstamp" 2>/dev/null)" != "$bwant" ]; then
    echo "setup: preparing .venv-bench"
    [ -x .venv-bench/bin/python ] || "$PYTHON" -m venv .venv-bench
    .venv-bench/bin/python -m pip install -q --disable-pip-version-check -r requirements-bench.txt
    echo "$bwant" > "$bstamp"
  fi
fi
