#!/usr/bin/env bash
# `npm start`: installs what is missing, starts (or reuses) Kafka, FerretDB and Redis, then the five
# services on their embedded defaults, and prints the edge URL. Runs in the foreground; Ctrl-C (or
# `npm stop` from another shell) stops the services. `npm stop` also stops the infrastructure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash infra/lib/ensure-deps.sh
set -a
# shellcheck disable=SC1090
eval "$(bash infra/up.sh)"
set +a
echo "$$" > .run/platform.pid
exec node --import tsx infra/platform.ts
