#!/usr/bin/env bash
# libclientele.so exports the documented API and nothing else (docs/cpp-api.md):
#  - C: clt_* functions declared in include/clientele.h;
#  - C++: names in namespace clientele:: whose first part is a class, struct or enum the
#    installed headers declare (then any member of it), or a function they declare;
#    plus the typeinfo and vtable of such classes (typed exceptions cross the boundary).
# Internals (clientele::csv/money/text/store/..., std:: and Boost instantiations) and any
# signature naming a third-party type (nlohmann's json_abi_v3_11_2, ...) fail the test.
# Usage: exported_symbols.sh LIBRARY INCLUDE_DIR
set -euo pipefail
lib=$1
include=$2

# The installed headers without their comments.
headers=$(cat "$include"/clientele.h "$include"/clientele/*.h "$include"/clientele/*.hpp |
  perl -0pe 's{/\*.*?\*/}{}gs; s{//[^\n]*}{}g')
# Types the headers define (a pimpl they only declare, `struct Impl;`, is not public).
types=$(grep -oE '\b(class|struct|enum( class)?)( CLIENTELE_API)? [A-Za-z_][A-Za-z0-9_]*( final)?( *:[^;{]*)? *\{' <<<"$headers" |
  sed -E 's/^(class|struct|enum( class)?)( CLIENTELE_API)? ([A-Za-z_][A-Za-z0-9_]*).*/\4/' | sort -u)
functions=$(grep -oE '\b[A-Za-z_][A-Za-z0-9_]*\(' <<<"$headers" | tr -d '(' | sort -u)

is_in() { grep -qxF -- "$1" <<<"$2"; }

bad=0
report() {
  echo "not part of the public API: $1${2:+  ($2)}"
  bad=$((bad + 1))
}

symbols=$(nm -D -C --defined-only "$lib" | cut -d' ' -f3-)
[ -n "$symbols" ] || { echo "no exported symbols found in $lib"; exit 1; }
while IFS= read -r sym; do
  case "$sym" in
    *nlohmann*|*boost::*|*icu_*|*i18n::phonenumbers*)
      report "$sym" "third-party type"; continue ;;
  esac
  name=$sym
  for prefix in "typeinfo for " "typeinfo name for " "vtable for "; do
    name=${name#"$prefix"}
  done
  if [[ $name == clt_* ]]; then
    is_in "$name" "$functions" || report "$sym" "not declared in clientele.h"
    continue
  fi
  if [[ $name != clientele::* ]]; then
    report "$sym" "outside namespace clientele"
    continue
  fi
  # The qualified name without parameters and ABI tags: clientele::Database::open.
  qualified=$(sed -E 's/\[abi:[^]]*\]//g; s/\(.*//' <<<"${name#clientele::}")
  IFS=':' read -r -a parts <<<"${qualified//::/:}"
  last=${parts[${#parts[@]}-1]}
  scopes=("${parts[@]:0:${#parts[@]}-1}")
  # typeinfo and vtables name a class; a member's scopes are classes; a free function is one.
  [[ $name != "$sym" ]] && scopes+=("$last")
  ok=1
  for scope in "${scopes[@]}"; do
    is_in "$scope" "$types" || { report "$sym" "$scope is not a type the headers define"; ok=0; break; }
  done
  if [ "$ok" = 1 ] && [ "${#parts[@]}" = 1 ] && [[ $name == "$sym" ]]; then
    [[ $last == operator* ]] || is_in "$last" "$functions" || report "$sym" "clientele::$last is not a public function"
  fi
done <<<"$symbols"

count=$(wc -l <<<"$symbols")
if [ "$bad" -ne 0 ]; then
  echo "$bad of $count exported symbols are not public API"
  exit 1
fi
echo "$count exported symbols, all public API"
