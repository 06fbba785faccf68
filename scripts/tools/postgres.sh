#!/usr/bin/env bash
# Embedded PostgreSQL from Debian's packages (installed on first use), run as the unprivileged
# `postgres` user when we are root, because PostgreSQL refuses to run as root.
#   postgres.sh start DATA_DIR PORT   initialise if needed, start, create role/db chengguo
#   postgres.sh stop DATA_DIR
#   postgres.sh bindir                print the server's bin directory
#   postgres.sh url DATA_DIR PORT [DB] print the URL a process on this machine should use
set -euo pipefail

bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_installed() {
  if ! bindir >/dev/null; then
    echo "[postgres] installing Debian's postgresql package (first run only)" >&2
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    else
      sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    # Debian's package starts its own cluster on 5432; ours runs on its own port and data dir.
    (service postgresql stop >/dev/null 2>&1 || true)
  fi
}

# From /: the caller's directory may be one `postgres` cannot enter (a clone in a private
# directory), which its tools would report on every call. Paths given to them are absolute.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# A client on this machine talks to the cluster through its Unix socket in the data directory
# (ADR 28, round seven: over loopback TCP a submission cost the API and the server ≈ 20 % more
# CPU). The URL keeps 127.0.0.1:PORT for what reads only the authority; pg and libpq take the
# socket directory from `host=`. A path too long for a socket file (at most 107 bytes, with
# `/.s.PGSQL.PORT`) or that a URL would need to escape falls back to TCP, which the cluster also
# listens on (psql, other tools).
url() {
  local data=$1 port=$2 db=${3:-chengguo}
  if [[ "$data" =~ ^/[A-Za-z0-9/._-]+$ ]] && [ $(( ${#data} + 13 + ${#port} )) -le 100 ]; then
    echo "postgres://chengguo:chengguo@127.0.0.1:$port/$db?host=$data"
  else
    echo "postgres://chengguo:chengguo@127.0.0.1:$port/$db"
  fi
}

cmd=${1:-}
case "$cmd" in
  bindir)
    ensure_installed; bindir ;;
  url)
    url "$2" "$3" "${4:-chengguo}" ;;
  start)
    data=$(realpath -m "$2"); port=$3
    ensure_installed
    bin=$(bindir)
    mkdir -p "$data"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
      chown postgres "$data"
      # the user must be able to reach the data dir through its parents
      p=$(dirname "$data"); while [ "$p" != / ]; do chmod o+x "$p" 2>/dev/null || true; p=$(dirname "$p"); done
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      pwfile=$(mktemp); echo chengguo > "$pwfile"; chmod 644 "$pwfile"
      as_pg "$bin/initdb" -D "$data" -U chengguo --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pwfile"
      cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
max_connections = 200
shared_buffers = 256MB
fsync = on
CONF
    fi
    if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null
    fi
    PGPASSWORD=chengguo "$bin/psql" -h 127.0.0.1 -p "$port" -U chengguo -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='chengguo'" | grep -q 1 \
      || PGPASSWORD=chengguo "$bin/createdb" -h 127.0.0.1 -p "$port" -U chengguo chengguo
    ;;
  stop)
    data=$(realpath -m "$2")
    bin=$(bindir)
    if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    ;;
  *)
    echo "usage: $0 start DATA_DIR PORT | stop DATA_DIR | url DATA_DIR PORT [DB] | bindir" >&2; exit 2 ;;
esac
