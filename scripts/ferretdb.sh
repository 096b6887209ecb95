#!/usr/bin/env bash
# FerretDB 1.24 (SQLite backend) helper for tests.
#
#   scripts/ferretdb.sh build              build .cache/bin/ferretdb if missing/broken
#   scripts/ferretdb.sh run -- <cmd...>    start a throwaway FerretDB, run <cmd> with
#                                          MONGODB_URI exported, stop it, exit with <cmd>'s code
#
# Why not plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`?
# The module zip lacks the generated build/version/version.txt, so a binary built by
# `go install` panics at startup ("Invalid build/version/version.txt file content").
# We therefore build from a writable copy of the downloaded module with version.txt written.
#
# Environment knobs:
#   FERRETDB_VERSION        (default v1.24.2)
#   FERRETDB_START_TIMEOUT  seconds to wait for the listener (default 30)
#   FERRETDB_KEEP_LOG=1     always print the FerretDB log on exit (default: only on failure)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BIN_DIR="$ROOT/.cache/bin"
BIN="$BIN_DIR/ferretdb"
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
MODULE="github.com/FerretDB/FerretDB"

log() { printf 'ferretdb.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

binary_ok() {
  # capture first: `... | grep -q` under pipefail can fail spuriously via SIGPIPE
  local out
  [[ -x "$BIN" ]] || return 1
  out="$("$BIN" --version 2>/dev/null)" || return 1
  [[ $'\n'"$out"$'\n' == *$'\n'"version: ${FERRETDB_VERSION}"$'\n'* ]]
}

cmd_build() {
  if binary_ok; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "go is required to build FerretDB"
  log "building FerretDB ${FERRETDB_VERSION} into ${BIN} (takes ~1-3 min)..."

  local json dir work
  json="$(cd / && GOWORK=off go mod download -json "${MODULE}@${FERRETDB_VERSION}")" \
    || die "go mod download ${MODULE}@${FERRETDB_VERSION} failed"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
  [[ -n "$dir" && -d "$dir" ]] || die "could not locate downloaded module dir"

  mkdir -p "$BIN_DIR"
  work="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
  (
    # shellcheck disable=SC2064
    trap "rm -rf '$work' '$BIN.tmp.$$'" EXIT
    cp -R "$dir/." "$work/src"
    chmod -R u+w "$work/src"
    printf '%s\n' "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
    cd "$work/src"
    GOWORK=off GOFLAGS=-buildvcs=false go build -trimpath -o "$BIN.tmp.$$" ./cmd/ferretdb
    mv -f "$BIN.tmp.$$" "$BIN"
  ) || die "go build failed"
  binary_ok || die "built binary does not report version ${FERRETDB_VERSION}"
  log "built ${BIN} (${FERRETDB_VERSION})"
}

free_port() {
  # Ask the kernel for an ephemeral port on loopback.
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  else
    echo $((20000 + RANDOM % 20000))
  fi
}

port_open() {
  # Linux: look for 127.0.0.1:<port> in LISTEN state (0A) without connecting, so FerretDB
  # does not log "use of closed network connection" for a probe socket.
  if [[ -r /proc/net/tcp ]]; then
    local hex
    hex="$(printf '%04X' "$1")"
    awk -v a="0100007F:$hex" '$2 == a && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp
  else
    # fallback: bash /dev/tcp connect; subshell so the fd is closed immediately
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# state for the EXIT trap
FDB_PID=""
FDB_TMP=""
FDB_SHOW_LOG=0

cleanup() {
  local rc=$?
  if [[ -n "$FDB_PID" ]] && kill -0 "$FDB_PID" 2>/dev/null; then
    kill -TERM "$FDB_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do
      kill -0 "$FDB_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$FDB_PID" 2>/dev/null; then
      log "FerretDB did not stop after SIGTERM; sending SIGKILL"
      kill -KILL "$FDB_PID" 2>/dev/null || true
    fi
    wait "$FDB_PID" 2>/dev/null || true
  fi
  if [[ -n "$FDB_TMP" && -d "$FDB_TMP" ]]; then
    if [[ -s "$FDB_TMP/ferretdb.log" ]] && { [[ "$FDB_SHOW_LOG" == 1 ]] || [[ "${FERRETDB_KEEP_LOG:-0}" == 1 ]]; }; then
      log "---- FerretDB log ----"
      cat "$FDB_TMP/ferretdb.log" >&2 || true
      log "---- end FerretDB log ----"
    fi
    rm -rf "$FDB_TMP"
  fi
  exit "$rc"
}

cmd_run() {
  [[ "${1:-}" == "--" ]] && shift
  [[ $# -gt 0 ]] || die "usage: $0 run -- <command...>"

  cmd_build

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  FDB_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-run.XXXXXX")"
  mkdir -p "$FDB_TMP/data" "$FDB_TMP/state"

  local timeout="${FERRETDB_START_TIMEOUT:-30}" port="" attempt started=0 t0 deadline
  t0="$(date +%s%N)"
  for attempt in 1 2 3; do
    port="$(free_port)"
    : >"$FDB_TMP/ferretdb.log"
    "$BIN" \
      --handler=sqlite \
      --sqlite-url="file:$FDB_TMP/data/" \
      --listen-addr="127.0.0.1:$port" \
      --state-dir="$FDB_TMP/state" \
      --telemetry=disable \
      --debug-addr=- \
      --log-level=warn \
      </dev/null >>"$FDB_TMP/ferretdb.log" 2>&1 &
    FDB_PID=$!

    deadline=$(( $(date +%s) + timeout ))
    while :; do
      if ! kill -0 "$FDB_PID" 2>/dev/null; then
        wait "$FDB_PID" 2>/dev/null || true
        FDB_PID=""
        log "FerretDB exited during startup (attempt $attempt, port $port):"
        cat "$FDB_TMP/ferretdb.log" >&2 || true
        break
      fi
      if port_open "$port"; then
        started=1
        break
      fi
      if (( $(date +%s) >= deadline )); then
        FDB_SHOW_LOG=1
        die "FerretDB did not accept connections on 127.0.0.1:$port within ${timeout}s"
      fi
      sleep 0.05
    done
    (( started )) && break
  done
  (( started )) || { FDB_SHOW_LOG=1; die "could not start FerretDB"; }

  export MONGODB_URI="mongodb://127.0.0.1:$port/"
  export MONGODB_ENGINE=ferretdb  # lets tests skip features FerretDB 1.x lacks (TTL, transactions, ...)
  log "FerretDB ${FERRETDB_VERSION} (sqlite) ready at $MONGODB_URI in $(( ($(date +%s%N) - t0) / 1000000 )) ms (pid $FDB_PID)"

  local rc=0
  "$@" || rc=$?
  if (( rc != 0 )); then
    FDB_SHOW_LOG=1
  fi
  exit "$rc"
}

case "${1:-}" in
  build) shift; cmd_build "$@" ;;
  run) shift; cmd_run "$@" ;;
  *)
    echo "usage: $0 build | run -- <command...>" >&2
    exit 2
    ;;
esac
