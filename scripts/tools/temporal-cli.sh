#!/usr/bin/env bash
# Temporal CLI (dev server + UI) built from the Go module proxy, cached per version outside the
# clone. v1.5.1 is the last tag whose go.mod has no replace directives, so `go install` accepts it.
# Prints the binary's path.
set -euo pipefail
version=${TEMPORAL_CLI_VERSION:-v1.5.1}
dir=${CHENGGUO_TOOLS_CACHE:-$HOME/.cache/chengguo}/temporal-cli-$version
if [ ! -x "$dir/temporal" ]; then
  command -v go >/dev/null || { echo "[temporal-cli] Go is required to build the Temporal CLI" >&2; exit 1; }
  echo "[temporal-cli] building github.com/temporalio/cli/cmd/temporal@$version (first run only, a few minutes)" >&2
  mkdir -p "$dir"
  GOBIN="$dir.tmp" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version" >&2
  mv "$dir.tmp/temporal" "$dir/temporal" && rmdir "$dir.tmp"
fi
echo "$dir/temporal"
