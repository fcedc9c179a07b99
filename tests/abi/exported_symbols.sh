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
types=$(grep -oE '\b(class|struct|enum( class)?)( CLIENTELE_API)? [A-Za-z_][A-Za-z0-9_]*' <<<"$headers" |
  awk '{print $NF}' | sort -u)
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
  rest=${name#clientele::}
  first=$(grep -oE '^[A-Za-z_][A-Za-z0-9_]*' <<<"$rest" || true)
  after=${rest#"$first"}
  if [[ $after == ::* ]]; then
    is_in "$first" "$types" || report "$sym" "clientele::$first is not a public type"
  elif [[ $name != "$sym" ]]; then
    is_in "$first" "$types" || report "$sym" "clientele::$first is not a public type"
  else
    [[ $first == operator ]] || is_in "$first" "$functions" || report "$sym" "clientele::$first is not a public function"
  fi
done <<<"$symbols"

count=$(wc -l <<<"$symbols")
if [ "$bad" -ne 0 ]; then
  echo "$bad of $count exported symbols are not public API"
  exit 1
fi
echo "$count exported symbols, all public API"
