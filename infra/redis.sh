#!/usr/bin/env bash
# Redis from the distribution package, as a throwaway in-memory local process
# (no RDB snapshots, no AOF: tests must not depend on leftovers between runs).
# usage: infra/redis.sh fetch|start|stop|status
COMPONENT=redis
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DIR=$QILBEE_STATE/redis
DATA=$DIR/data # redis chdirs here (--dir); the process cwd marks it as ours, since
# redis-server overwrites its command line with "redis-server host:port"
LOG=$DIR/redis.log
PIDFILE=$DIR/redis.pid

# redis-cli ping with a hard timeout: a non-Redis listener might never answer.
ping_ok() { [[ $(timeout 3 redis-cli --no-auth-warning "$@" ping 2>/dev/null) == PONG ]]; }
healthy() { ping_ok -h 127.0.0.1 -p "$REDIS_PORT"; }

do_fetch() {
  if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
    log "using $(redis-server --version | cut -d' ' -f1-3)"
    return 0
  fi
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing redis-server with apt-get"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; } >&2 ||
      die "apt-get install redis-server failed"
    # The Debian package may auto-start a system redis on 6379 where a service
    # manager exists; it is not ours, and start will simply reuse or avoid it.
    return 0
  fi
  die "redis-server/redis-cli not found. Install: sudo apt-get install -y redis-server (Debian/Ubuntu)"
}

cmd_fetch() { with_lock "$QILBEE_CACHE/redis.lock" do_fetch; }

do_start() {
  local pid t0
  t0=$(now_us)
  pid=$(read_pid "$PIDFILE" "$DATA")
  if [[ -n $pid ]]; then
    wait_until 10 "$pid" healthy || {
      tail_log "$LOG"
      die "pid $pid is running but not answering PING on :$REDIS_PORT; run infra/redis.sh stop and retry"
    }
    log "already running (pid $pid) on 127.0.0.1:$REDIS_PORT, reusing; log: $LOG"
    return 0
  fi
  if port_open "$REDIS_PORT"; then
    healthy || die "port $REDIS_PORT is taken by something that does not answer Redis PING (pick another REDIS_PORT)"
    adopt_listener "$REDIS_PORT" "$PIDFILE" "$DATA"
    return 0
  fi

  mkdir -p "$DATA"
  log "starting on 127.0.0.1:$REDIS_PORT; log: $LOG"
  # Redis logs to stdout by default, which start_bg appends to $LOG.
  pid=$(start_bg "$PIDFILE" "$LOG" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
    --save '' --appendonly no --daemonize no --dir "$DATA")
  if ! wait_until "$READY_TIMEOUT" "$pid" healthy; then
    log "not ready within ${READY_TIMEOUT}s"
    tail_log "$LOG"
    stop_pidfile "$PIDFILE" "$DATA"
    die "Redis failed to start; log: $LOG"
  fi
  log "ready at redis://127.0.0.1:$REDIS_PORT (pid $pid) in $(elapsed "$t0")"
}

cmd_start() {
  if [[ -n ${REDIS_URL:-} ]]; then
    log "REDIS_URL is set: not starting Redis, only checking it"
    require_cmd redis-cli "redis-tools (apt-get install -y redis-tools)"
    wait_until 30 "" ping_ok -u "$REDIS_URL" || die "REDIS_URL is not reachable"
    return 0
  fi
  cmd_fetch
  mkdir -p "$DIR"
  with_lock "$DIR/.lock" do_start
}

cmd_stop() {
  # Ignores REDIS_URL on purpose: people often load .run/env into their shell,
  # and stopping only ever touches a PID we recorded ourselves anyway.
  stop_pidfile "$PIDFILE" "$DATA"
}

cmd_status() {
  local pid
  pid=$(read_pid "$PIDFILE" "$DATA")
  if { [[ -n ${REDIS_URL:-} ]] && ping_ok -u "$REDIS_URL"; } || { [[ -z ${REDIS_URL:-} ]] && healthy; }; then
    log "healthy (pid ${pid:-not ours}); log: $LOG"
  else
    log "NOT healthy (pid ${pid:-none}); log: $LOG"
    return 1
  fi
}

usage_and_dispatch "$@"
