#!/usr/bin/env bash
# Regenerates the portal's typed API client from the API's own OpenAPI document:
# apps/web/src/api/schema.d.ts (openapi-typescript; openapi-fetch reads its types). Run it after
# changing any controller or request class; test/web/api-client.spec.ts fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiled inside the tree (dist/ is ignored) so the build finds node_modules.
out=dist/api-client-build
rm -rf "$out"
trap 'rm -rf "$out"' EXIT
# The document comes from the compiled API in preview mode: no database or Temporal needed.
npx tsc -p tsconfig.build.json --outDir "$out/build"
npx tsc-alias -p tsconfig.build.json --outDir "$out/build"
node "$out/build/apps/api/src/openapi.cli.js" > "$out/openapi.json"
npx openapi-typescript "$out/openapi.json" --output apps/web/src/api/schema.d.ts --alphabetize
echo "[generate:api-client] wrote apps/web/src/api/schema.d.ts" >&2
