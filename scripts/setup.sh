#!/usr/bin/env bash
# Installs what both README commands need, once, and reuses it afterwards:
# npm packages (when package-lock.json changed), PostgreSQL (Debian), the Temporal CLI (Go module
# proxy) and, with --test, Temporal's time-skipping test server (Maven Central), moto's S3-compatible
# server (PyPI), which the attachment store's S3 adapter is tested against, and Schemathesis (PyPI, into a
# venv outside the clone keyed by its version) for the OpenAPI fuzz test.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.chengguo-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi

bash scripts/tools/postgres.sh bindir >/dev/null
bash scripts/tools/temporal-cli.sh >/dev/null
if [ "${1:-}" = --test ]; then
  bash scripts/tools/temporal-test-server.sh >/dev/null
  bash scripts/tools/moto-server.sh >/dev/null
  bash scripts/tools/schemathesis.sh >/dev/null
  # The portal and the audit timeline page are tested in Debian's headless Chromium (driven by
  # playwright-core); the CJK fonts keep Chinese text from rendering as boxes in the screenshots.
  if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    echo "[setup] installing chromium and fonts-noto-cjk (Debian)" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-noto-cjk >&2
  fi
fi
