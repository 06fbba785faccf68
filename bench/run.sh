#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --only=append,verify,rebuild,ryw,http,growth,replay,temporal]
# Builds the benchmark (bench/src + the code it imports) into bench/dist, then runs it. Never part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf bench/dist
node_modules/.bin/tsc -p tsconfig.bench.json
node_modules/.bin/tsc-alias -p tsconfig.bench.json
exec node --max-old-space-size=4096 bench/dist/bench/src/main.js "$@"
