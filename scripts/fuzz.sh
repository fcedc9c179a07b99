#!/usr/bin/env bash
# Builds the libFuzzer targets of the file readers with clang and runs each briefly from
# the seed corpus in tests/fuzz/corpus (new inputs go to a temporary directory, so the
# committed seeds stay small). Usage: scripts/fuzz.sh [SECONDS per target, default 20]
# Environment: FUZZ_BUILD_DIR (default build-fuzz), CLANG (default clang++-14).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"
cxx="${CLANG:-clang++-14}"
cc="${cxx/clang++/clang}"
generator=()
if [[ ! -f "$build/CMakeCache.txt" ]] && command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_COMPILER="$cc" -DCLIENTELE_BUILD_FUZZERS=ON \
  -DCLIENTELE_BUILD_TESTS=OFF -DCLIENTELE_BUILD_PYTHON=OFF -DCLIENTELE_BUILD_CLI=OFF \
  -DCLIENTELE_BUILD_BENCHMARKS=OFF -DCLIENTELE_INSTALL=OFF >/dev/null
cmake --build "$build" --target clientele_fuzz_csv clientele_fuzz_jsonl
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in csv jsonl; do
  mkdir -p "$work/$target"
  echo "== fuzz $target for ${seconds}s"
  # On a finding, print the whole report (what was thrown, the stack) and keep the input
  # under build/ so it can be replayed; the last lines alone hide the cause.
  status=0
  "$build/bin/clientele_fuzz_$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
    -artifact_prefix="$work/" "$work/$target" "tests/fuzz/corpus/$target" >"$work/$target.log" 2>&1 || status=$?
  if [[ $status -ne 0 ]]; then
    grep -v '^INFO:\|^#[0-9]' "$work/$target.log" | tail -n 60
    mkdir -p "$build/findings" && cp "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$build/findings/" 2>/dev/null || true
    echo "fuzz $target found a failure (exit $status); inputs copied to $build/findings/" >&2
    exit "$status"
  fi
  tail -n 3 "$work/$target.log"
done
