#!/usr/bin/env bash
# `npm stop`: stops the services started by `npm start` (only the PIDs it recorded), then the
# Kafka, FerretDB and Redis servers started by infra/up.sh.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -f .run/platform.pid ]; then
  pid="$(cat .run/platform.pid)"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f .run/platform.pid
fi
# Services whose launcher died without stopping them.
for file in .run/services/*.pid; do
  [ -f "$file" ] || continue
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null && grep -q "services/" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid"
  fi
  rm -f "$file"
done
bash infra/down.sh
