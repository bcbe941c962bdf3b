# shellcheck shell=bash
# Shared helpers for infra/*.sh. Sourced, never executed.
# Each script sets COMPONENT before sourcing so log lines say who is talking
# (up.sh runs the three servers in parallel and their output interleaves).

set -euo pipefail

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$INFRA_DIR/.." && pwd)

# Downloads/builds live outside the work tree so `git clean` never costs a re-fetch.
QILBEE_CACHE=${QILBEE_CACHE:-$HOME/.cache/qilbee}
# Data, logs and pid files: per checkout (gitignored), so two checkouts don't collide.
QILBEE_STATE=${QILBEE_STATE:-$REPO_ROOT/.run}
# Absolute paths only: they double as markers in process command lines (see pid_is_ours).
[[ $QILBEE_CACHE == /* ]] || QILBEE_CACHE=$PWD/$QILBEE_CACHE
[[ $QILBEE_STATE == /* ]] || QILBEE_STATE=$PWD/$QILBEE_STATE

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
MONGO_PORT=${MONGO_PORT:-27017}
REDIS_PORT=${REDIS_PORT:-6379}

STOP_TIMEOUT=${STOP_TIMEOUT:-15}   # seconds between SIGTERM and SIGKILL
READY_TIMEOUT=${READY_TIMEOUT:-60} # seconds a freshly started server gets to become healthy

COMPONENT=${COMPONENT:-infra}

# Logs go to stderr: stdout is reserved for machine-readable output (env lines from up.sh).
log() { printf '[%s] %s\n' "$COMPONENT" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# require_cmd <command> <what to install>
require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH. Install: $2"
}

# Node scripts resolve kafkajs/mongodb from the repo's node_modules.
require_node_pkg() {
  require_cmd node "Node.js >= 20 (e.g. apt-get install -y nodejs, or nvm)"
  (cd "$REPO_ROOT" && node -e "require.resolve('$1')" 2>/dev/null) ||
    die "node package '$1' missing in $REPO_ROOT/node_modules. Run: (cd $REPO_ROOT && npm install)"
}

# tail_log <file>...: shown on every failure so nobody has to go looking.
tail_log() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    log "---- last 30 lines of $f ----"
    tail -n 30 "$f" >&2
    log "---- end of $f ----"
  done
}

# Timings for "ready in" messages ($SECONDS only has 1 s resolution).
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }
elapsed() {
  local us=$(($(now_us) - $1))
  printf '%d.%ds' $((us / 1000000)) $((us % 1000000 / 100000))
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# pid_is_ours <pid> <marker>: the process mentions <marker> (a path inside our
# state dir) in its command line or working directory. Guards against acting on
# a recycled PID, and lets us adopt a server of ours whose pid file was lost.
pid_is_ours() {
  local pid=$1 marker=$2 cmd cwd
  pid_alive "$pid" || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || true
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || true
  [[ $cmd == *"$marker"* || $cwd == "$marker"* ]]
}

# read_pid <pidfile> <marker>: prints the recorded PID if it is still one of
# ours; otherwise removes the stale pid file and prints nothing.
read_pid() {
  local file=$1 marker=$2 pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if pid_is_ours "$pid" "$marker"; then
    echo "$pid"
  else
    log "removing stale pid file $file (pid ${pid:-?} is gone or not ours)"
    rm -f "$file"
  fi
}

# listener_pid <port>: PID listening on 127.0.0.1/any:<port>, if ss can tell us.
# Never fails: "unknown" is a valid answer (no ss, or not allowed to see the owner).
listener_pid() {
  { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2; } || true
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_bg <pidfile> <logfile> <cmd...>: run detached in its own session
# (setsid: no controlling terminal, so it survives this shell and Ctrl-C in it).
# The child writes its own PID before exec, so the recorded PID is exactly the
# server process whether or not setsid had to fork. fd 9 (held by with_lock) is
# closed so a long-lived server never keeps our lock file locked.
start_bg() {
  local pidfile=$1 logfile=$2
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $@ must expand in the child, not here
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  local i
  for i in $(seq 50); do [[ -s $pidfile ]] && break; sleep 0.1; done
  [[ -s $pidfile ]] || die "process did not record its pid in $pidfile"
  cat "$pidfile"
}

# wait_until <seconds> <pid-or-empty> <cmd...>: poll <cmd> until it succeeds.
# Fails early if <pid> dies, so a crashed server doesn't cost the full deadline.
wait_until() {
  local deadline=$((SECONDS + $1)) pid=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [[ -n $pid ]] && ! pid_alive "$pid"; then
      log "process $pid exited"
      return 1
    fi
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# stop_pidfile <pidfile> <marker>: SIGTERM, wait, then SIGKILL. Only ever
# signals the PID we recorded (never by name), and only if it is still ours.
stop_pidfile() {
  local pidfile=$1 marker=$2 pid i
  pid=$(read_pid "$pidfile" "$marker")
  if [[ -z $pid ]]; then
    log "not running (no live pid recorded in $pidfile)"
    return 0
  fi
  log "stopping pid $pid (SIGTERM, up to ${STOP_TIMEOUT}s)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    log "pid $pid ignored SIGTERM for ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$pidfile"
  log "stopped"
}

# adopt_listener <port> <pidfile> <marker>: something healthy already answers
# on <port>. If it is a server of ours that lost its pid file, record it again
# so stop works; otherwise leave it alone (we never stop what we didn't start).
adopt_listener() {
  local port=$1 pidfile=$2 marker=$3 pid
  pid=$(listener_pid "$port")
  if [[ -n $pid ]] && pid_is_ours "$pid" "$marker"; then
    echo "$pid" >"$pidfile"
    log "reusing a server of ours on port $port (pid $pid; pid file was lost, re-recorded)"
  else
    log "reusing an existing server on port $port (pid ${pid:-unknown}, not started by us: stop will not touch it)"
  fi
}

# with_lock <lockfile> <cmd...>: serialise fetches (no two builds into one cache
# dir) and starts (no two launches into one state dir) across parallel callers.
with_lock() {
  local lockfile=$1
  shift
  mkdir -p "$(dirname "$lockfile")"
  (
    flock -w 900 9 || die "timed out waiting for lock $lockfile"
    "$@"
  ) 9>"$lockfile"
}

usage_and_dispatch() {
  case "${1:-}" in
    fetch | start | stop | status) "cmd_$1" ;;
    *)
      echo "usage: $0 fetch|start|stop|status" >&2
      exit 2
      ;;
  esac
}
