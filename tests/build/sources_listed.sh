#!/usr/bin/env bash
# Every .cpp under src/ is named in the CMakeLists.txt of its target (src/ for the core,
# src/cli/ for the tool), and every name listed there exists: sources are listed, not
# globbed, so a file added without its line — or a line left behind by a removed file —
# fails here instead of building a library without it.
# Usage: sources_listed.sh SOURCE_DIR
set -euo pipefail
cd "$1/src"
status=0
listed() {  # the .cpp names of one CMakeLists.txt, relative to its folder
  grep -oE "[A-Za-z0-9_/]+\.cpp" "${1:-.}/CMakeLists.txt" | sort -u
}
check() {  # folder, files that must be listed there
  local dir=$1 files=$2
  missing=$(comm -23 <(echo "$files" | sed '/^$/d' | sort -u) <(listed "$dir"))
  stale=$(comm -13 <(echo "$files" | sed '/^$/d' | sort -u) <(listed "$dir"))
  if [[ -n $missing ]]; then echo "not listed in src/${dir:+$dir/}CMakeLists.txt:" $missing; status=1; fi
  if [[ -n $stale ]]; then echo "listed in src/${dir:+$dir/}CMakeLists.txt but missing:" $stale; status=1; fi
}
check "" "$(find . -mindepth 2 -name '*.cpp' -not -path './cli/*' | sed 's#^\./##')"
check cli "$(cd cli && find . -name '*.cpp' | sed 's#^\./##')"
[[ $status == 0 ]] && echo "every source under src/ is listed"
exit $status
