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

# shellcheck source=lib/ferretdb-common.sh
source "$SCRIPT_DIR/lib/ferretdb-common.sh"

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

  local timeout="${FERRETDB_START_TIMEOUT:-30}" port="" t0
  t0="$(date +%s%N)"
  start_ferretdb "$FDB_TMP/ferretdb.log" "$FDB_TMP/state" "$timeout" --handler=sqlite --sqlite-url="file:$FDB_TMP/data/" \
    || { FDB_SHOW_LOG=1; die "could not start FerretDB"; }
  port="$FDB_PORT"

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
