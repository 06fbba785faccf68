#!/usr/bin/env bash
# The whole test suite: lint and format check, type check, then unit, contract, workflow and e2e tests on real
# PostgreSQL, the real Temporal dev server and Temporal's time-skipping test server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export TEMPORAL_CLI_PATH="$(bash scripts/tools/temporal-cli.sh)"
export TEMPORAL_TEST_SERVER_PATH="$(bash scripts/tools/temporal-test-server.sh)"
export SCHEMATHESIS_BIN="$(bash scripts/tools/schemathesis.sh)"
echo "[test] lint: eslint (import boundaries included) and prettier" >&2
npx eslint . --max-warnings 0
npx prettier --check . >/dev/null || { npx prettier --list-different . >&2; echo "[test] prettier: the files above are not formatted (npm run format)" >&2; exit 1; }
echo "[test] type check" >&2
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/web/tsconfig.json --noEmit
echo "[test] jest" >&2
npx jest --ci "$@"
