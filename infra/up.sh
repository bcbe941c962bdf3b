#!/usr/bin/env bash
# Fetch (if needed) and start Kafka, FerretDB and Redis, all in parallel: they are
# independent, and the slow parts (mvn, go build, JVM start) overlap nicely.
# Progress goes to stderr; stdout gets only the env lines, so both work:
#   infra/up.sh                          # human
#   set -a; eval "$(infra/up.sh)"; set +a  # export KAFKA_BROKERS/MONGO_URL/REDIS_URL
# The same lines are written to $QILBEE_STATE/env (load with: set -a; . .run/env; set +a).
COMPONENT=up
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

t0=$(now_us)
servers=(kafka ferretdb redis)
declare -A job
for s in "${servers[@]}"; do
  "$INFRA_DIR/$s.sh" start &
  job[$s]=$!
done

failed=()
for s in "${servers[@]}"; do wait "${job[$s]}" || failed+=("$s"); done
if ((${#failed[@]})); then
  die "failed: ${failed[*]} (see messages above; servers that did start are left running, infra/down.sh stops them)"
fi
log "all servers ready in $(elapsed "$t0")"

mkdir -p "$QILBEE_STATE"
{
  echo "KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  echo "MONGO_URL=${MONGO_URL:-mongodb://127.0.0.1:$MONGO_PORT}"
  echo "REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
} | tee "$QILBEE_STATE/env"
