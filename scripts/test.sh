#!/usr/bin/env bash
# The whole test suite: type check, then unit, contract, workflow and e2e tests on real
# PostgreSQL, the real Temporal dev server and Temporal's time-skipping test server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export TEMPORAL_CLI_PATH="$(bash scripts/tools/temporal-cli.sh)"
export TEMPORAL_TEST_SERVER_PATH="$(bash scripts/tools/temporal-test-server.sh)"
echo "[test] type check" >&2
npx tsc -p tsconfig.json --noEmit
echo "[test] jest" >&2
npx jest --ci "$@"
