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
export WORKER_HTTP_PORT=${WORKER_HTTP_PORT:-3001}
# Through the cluster's Unix socket when its path allows (scripts/tools/postgres.sh url).
export DATABASE_URL=${DATABASE_URL:-$(bash scripts/tools/postgres.sh url "$data/postgres" "$pg_port")}
export TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS:-127.0.0.1:$temporal_port}
# Uploaded files live with the rest of the data (the API stages uploads there too).
export ATTACHMENTS_DIR=${ATTACHMENTS_DIR:-$data/attachments}
mkdir -p "$data/temporal" "$data/logs"
# The local development token issuer (AUTH_MODE=dev): one secret per data directory, kept beside
# the data so tokens minted by `npm run token` stay valid across restarts.
if [ -z "${AUTH_DEV_SECRET:-}" ]; then
  [ -s "$data/dev-issuer.secret" ] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$data/dev-issuer.secret")
  export AUTH_DEV_SECRET="$(cat "$data/dev-issuer.secret")"
fi

# PostgreSQL is stopped by this script on the way out (it runs as a daemon under pg_ctl); the
# Temporal dev server, the worker and the API run under scripts/supervise.js, which restarts one
# that dies and gives up (exit 1) only when one keeps dying.
pid_file="$data/supervised.pids"
cleanup() {
  trap - INT TERM EXIT
  # Only if the supervisor was killed outright are its children still here: stop them too.
  if [ -s "$pid_file" ]; then
    while read -r pid; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true; done < "$pid_file"
    rm -f "$pid_file"
  fi
  bash scripts/tools/postgres.sh stop "$data/postgres" || true
  echo "[start] stopped; data kept in $data" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash scripts/tools/postgres.sh start "$data/postgres" "$pg_port"
temporal_cli="$(bash scripts/tools/temporal-cli.sh)"
config=$(node -e '
  const [temporal, data, tport, uiport, http, db, pidFile, workerHttp] = process.argv.slice(1);
  const banner = `
  Chengguo is running.
    Web portal     http://127.0.0.1:${http}/   (demo users on the sign-in page)
    API            http://127.0.0.1:${http}
    OpenAPI docs   http://127.0.0.1:${http}/docs   (JSON: /docs-json)
    Probes         http://127.0.0.1:${http}/health/live  /health/ready   (worker: http://127.0.0.1:${workerHttp}/health/ready)
    Metrics        http://127.0.0.1:${http}/metrics   (worker: http://127.0.0.1:${workerHttp}/metrics; loopback only without METRICS_TOKEN)
    Temporal UI    http://127.0.0.1:${uiport}
    PostgreSQL     ${db}   (psql: event_store.events, read_models.*)
    Tokens         npm run token -- --user li.lei --role inventor   (development issuer)
  Press Ctrl-C to stop.

`;
  process.stdout.write(JSON.stringify({
    processes: [
      { name: "temporal", command: temporal, logFile: `${data}/logs/temporal.log`,
        args: ["server", "start-dev", "--ip", "127.0.0.1", "--port", tport, "--ui-port", uiport,
               "--db-filename", `${data}/temporal/temporal.db`, "--log-level", "warn",
               "--search-attribute", "ChengguoAchievementId=Keyword", "--search-attribute", "ChengguoProcess=Keyword"] },
      { name: "worker", command: process.execPath, args: ["--max-semi-space-size=64", "dist/apps/worker/src/main.js"] },
      { name: "api", command: process.execPath, args: ["dist/apps/api/src/main.js"] },
    ],
    healthUrls: [`http://127.0.0.1:${http}/health/ready`, `http://127.0.0.1:${workerHttp}/health/ready`],
    banner,
    pidFile,
  }));' "$temporal_cli" "$data" "$temporal_port" "$ui_port" "$HTTP_PORT" "$DATABASE_URL" "$pid_file" "$WORKER_HTTP_PORT")
status=0
CHENGGUO_SUPERVISOR_CONFIG="$config" node scripts/supervise.js || status=$?
if [ "$status" -gt 128 ]; then echo "[start] the supervisor was killed by signal $((status - 128)); stopping what it ran" >&2; fi
exit "$status"
