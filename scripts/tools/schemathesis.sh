#!/usr/bin/env bash
# Ensures Schemathesis (the OpenAPI-driven fuzzer of test/contract/openapi-fuzz.spec.ts) is installed
# from PyPI into a virtual environment outside the clone, keyed by its version, and prints the
# absolute path of its `st` command on stdout (and nothing else on stdout):
#   $HOME/.cache/chengguo/schemathesis-<version>/bin/st
# Once installed no network is needed. Needs python3 with the venv module (Debian: python3-venv).
#
# Environment:
#   SCHEMATHESIS_VERSION  PyPI version (default below; keep it equal to SCHEMATHESIS_VERSION in the spec)
#   SCHEMATHESIS_CACHE    cache root (default: $HOME/.cache/chengguo)
set -euo pipefail

version="${SCHEMATHESIS_VERSION:-4.32.5}"
root="${SCHEMATHESIS_CACHE:-$HOME/.cache/chengguo}/schemathesis-$version"
st="$root/bin/st"

if [ ! -x "$st" ] || ! "$st" --version 2>/dev/null | grep -q "$version"; then
  echo "[setup] installing schemathesis $version (PyPI) into $root" >&2
  if ! python3 -m venv --help >/dev/null 2>&1; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >&2
  fi
  # A failed install leaves no half venv behind that a later run would take for a complete one.
  rm -rf "$root"
  trap 'rm -rf "$root"' ERR
  python3 -m venv "$root" >&2
  "$root/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >&2
  trap - ERR
fi
echo "$st"
