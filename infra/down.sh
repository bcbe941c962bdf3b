#!/usr/bin/env bash
# Stop the three servers started by infra/up.sh. Each script signals only the PID
# it recorded itself, so servers we merely reused (not ours) are left alone.
COMPONENT=down
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

servers=(kafka ferretdb redis)
declare -A job
for s in "${servers[@]}"; do
  "$INFRA_DIR/$s.sh" stop &
  job[$s]=$!
done

failed=()
for s in "${servers[@]}"; do wait "${job[$s]}" || failed+=("$s"); done
((${#failed[@]} == 0)) || die "failed to stop: ${failed[*]}"
rm -f "$QILBEE_STATE/env"
log "all stopped"
