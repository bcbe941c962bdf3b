#!/usr/bin/env bash
# Installs the npm workspace dependencies when they are missing or stale, so that `npm start` and
# `npm test` work on a fresh clone without a prior `npm install`. "Stale" means package-lock.json
# changed since the last install (its hash is kept inside node_modules).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
stamp=node_modules/.qilbee-lock-sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/jest ]; then
  exit 0
fi
echo "[deps] installing npm dependencies (npm ci)" >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$want" > "$stamp"
