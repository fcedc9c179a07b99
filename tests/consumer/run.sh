#!/usr/bin/env bash
# Installs the built clientele into a scratch prefix, then builds and runs the consumer
# project against it with find_package, and a C program with pkg-config.
# Usage: run.sh BUILD_DIR [C_FLAGS CXX_FLAGS LINKER_FLAGS]  (the flags the library was built with)
set -euo pipefail
build=$(cd "$1" && pwd)
cflags=${2:-}
cxxflags=${3:-}
ldflags=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# The installed package must not need nlohmann/json (or anything else) from its consumers.
cmake -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON \
  -DCMAKE_C_FLAGS="$cflags" -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >/dev/null
cmake --build "$work/build" -j2 >/dev/null
export LD_LIBRARY_PATH="$work/prefix/lib:$work/prefix/lib64:${LD_LIBRARY_PATH:-}"
"$work/build/consumer_cpp" "$work/cpp.db"
"$work/build/consumer_c" "$work/c.db"
libdir=$(ls -d "$work"/prefix/lib*/pkgconfig | head -1)
# A static libclientele brings its dependencies (and the C++ runtime) as Libs.private.
static=
if ! ls "$work"/prefix/lib*/libclientele.so >/dev/null 2>&1; then static=--static; fi
flags=$(PKG_CONFIG_PATH="$libdir" pkg-config $static --cflags --libs clientele)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -pedantic -Werror $cflags "$here/main.c" $flags $ldflags -o "$work/consumer_pc"
"$work/consumer_pc" "$work/pc.db"
echo "consumer: find_package and pkg-config builds work"
