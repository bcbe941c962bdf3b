#!/usr/bin/env bash
# `npm test`: installs what is missing, starts (or reuses) Kafka, FerretDB and Redis, typechecks,
# then runs every unit, integration and end-to-end test. Jest's JSON results land in
# .run/test-results/jest.json for .ci/run's summary line. Extra arguments go to jest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash infra/lib/ensure-deps.sh
bash infra/lib/ensure-tools.sh
set -a
# shellcheck disable=SC1090
eval "$(bash infra/up.sh)"
set +a
results=.run/test-results
mkdir -p "$results"
rm -f "$results"/*.json "$results"/*.xml
echo "[test] typecheck" >&2
npx tsc -p tsconfig.base.json
echo "[test] jest" >&2
npx jest --ci --json --outputFile="$results/jest.json" "$@"
