#!/usr/bin/env bash
# The installed headers pull in nothing but each other and the C/C++ standard library, so
# a consumer needs no third-party headers and is not tied to the versions clientele was
# built with (issue 12: nlohmann::json in the data types did exactly that).
# Usage: public_headers.sh CXX INCLUDE_DIR
set -euo pipefail
cxx=$1
include=$(cd "$2" && pwd)
source=$(for h in "$include"/clientele.h "$include"/clientele/*.h "$include"/clientele/*.hpp; do
  echo "#include \"$h\""
done)
deps=$("$cxx" -std=c++20 -M -I"$include" -x c++ - <<<"$source" | tr ' \\' '\n\n' | grep '^/' | sort -u)
bad=0
while IFS= read -r path; do
  case "$path" in
    "$include"/*) ;;                                       # our own headers
    */c++/[0-9]*/*) ;;                                     # the C++ standard library
    /usr/lib/gcc/*|/usr/lib/llvm-*/*) ;;                   # the compiler's (stddef.h, ...)
    /usr/include/*-linux-gnu/bits/*|/usr/include/*-linux-gnu/sys/*|/usr/include/*-linux-gnu/gnu/*|\
    /usr/include/*-linux-gnu/asm/*|/usr/include/asm-generic/*|/usr/include/linux/*) ;;  # the C library's
    /usr/include/[!/]*.h) ;;                               # the C library (stdint.h, ...)
    *) echo "third-party header: $path"; bad=1 ;;
  esac
done <<<"$deps"
[ "$bad" -eq 0 ] || exit 1
echo "$(wc -l <<<"$deps") headers, none third-party"
