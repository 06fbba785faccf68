#!/usr/bin/env bash
# Runs the whole system on the embedded defaults: PostgreSQL (event store + read models), the
# Temporal dev server (persisted to a SQLite file), the API and the worker (projector, dispatcher,
# Temporal worker). Data lives in .data/ and survives restarts. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh
echo "[start] building" >&2
npm run --silent build

data=${CHENGGUO_DATA_DIR:-$root/.data}
pg_port=${CHENGGUO_PG_PORT:-54329}
temporal_port=${CHENGGUO_TEMPORAL_PORT:-7233}
ui_port=${CHENGGUO_TEMPORAL_UI_PORT:-8233}
export HTTP_PORT=${HTTP_PORT:-3000}
export DATABASE_URL=${DATABASE_URL:-postgres://chengguo:chengguo@127.0.0.1:$pg_port/chengguo}
export TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS:-127.0.0.1:$temporal_port}
mkdir -p "$data/temporal" "$data/logs"
# The local development token issuer (AUTH_MODE=dev): one secret per data directory, kept beside
# the data so tokens minted by `npm run token` stay valid across restarts.
if [ -z "${AUTH_DEV_SECRET:-}" ]; then
  [ -s "$data/dev-issuer.secret" ] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$data/dev-issuer.secret")
  export AUTH_DEV_SECRET="$(cat "$data/dev-issuer.secret")"
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "[start] stopping" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash scripts/tools/postgres.sh stop "$data/postgres" || true
  echo "[start] stopped; data kept in $data" >&2
}
trap cleanup INT TERM EXIT

bash scripts/tools/postgres.sh start "$data/postgres" "$pg_port"
"$(bash scripts/tools/temporal-cli.sh)" server start-dev --ip 127.0.0.1 --port "$temporal_port" --ui-port "$ui_port" \
  --db-filename "$data/temporal/temporal.db" --log-level warn >"$data/logs/temporal.log" 2>&1 &
pids+=($!)
node dist/apps/worker/src/main.js &
pids+=($!)
node dist/apps/api/src/main.js &
pids+=($!)

node -e '
  const url = process.argv[1];
  const until = Date.now() + 120000;
  (async function wait() {
    try { if ((await fetch(url)).ok) return; } catch {}
    if (Date.now() > until) { console.error("[start] health is not up yet: " + url); return; }
    setTimeout(wait, 500);
  })();' "http://127.0.0.1:$HTTP_PORT/health"
cat <<MSG

  Chengguo is running.
    API            http://127.0.0.1:$HTTP_PORT
    OpenAPI docs   http://127.0.0.1:$HTTP_PORT/docs   (JSON: /docs-json)
    Health         http://127.0.0.1:$HTTP_PORT/health
    Temporal UI    http://127.0.0.1:$ui_port
    PostgreSQL     $DATABASE_URL   (psql: event_store.events, read_models.*)
    Tokens         npm run token -- --user li.lei --role inventor   (development issuer)
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}" || true
