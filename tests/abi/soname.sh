#!/usr/bin/env bash
# The SONAME follows the policy of docs/cpp-api.md: while the version is 0.x any minor
# release may break the ABI, so the SONAME carries major.minor (libclientele.so.0.1);
# from 1.0 on it carries the major alone (libclientele.so.1).
# Usage: soname.sh LIBRARY VERSION_H
set -euo pipefail
lib=$1
major=$(awk '/#define CLIENTELE_VERSION_MAJOR / {print $3}' "$2")
minor=$(awk '/#define CLIENTELE_VERSION_MINOR / {print $3}' "$2")
if [ "$major" = 0 ]; then expected=libclientele.so.0.$minor; else expected=libclientele.so.$major; fi
actual=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
if [ "$actual" != "$expected" ]; then
  echo "SONAME is '$actual', the policy for version $major.$minor says '$expected'"
  exit 1
fi
echo "SONAME $actual"
