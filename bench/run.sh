#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --only=append,verify,rebuild,ryw,http,growth,replay,temporal]
# Builds the benchmark (bench/src + the code it imports) into bench/dist, then runs it. Never part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf bench/dist
node_modules/.bin/tsc -p tsconfig.bench.json
node_modules/.bin/tsc-alias -p tsconfig.bench.json
# The worker's young generation (package.json start:worker): the projector it hosts folds pages of
# events that stay alive across scavenges; a larger semi-space scavenges them a quarter as often (ADR 27).
exec node --max-old-space-size=4096 --max-semi-space-size=64 bench/dist/bench/src/main.js "$@"
