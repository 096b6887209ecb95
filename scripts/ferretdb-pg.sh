#!/usr/bin/env bash
# FerretDB 1.24 (PostgreSQL backend) helper for tests and benchmarks.
#
#   scripts/ferretdb-pg.sh run -- <cmd...>   start a throwaway PostgreSQL cluster + FerretDB,
#                                            run <cmd> with MONGODB_URI exported, stop both,
#                                            remove all temp dirs, exit with <cmd>'s code
#
# PostgreSQL itself must already be installed (Debian: `apt-get install -y postgresql`;
# .ci/run does that). This script only uses the server binaries (initdb, pg_ctl, createdb)
# and never touches the distro's default cluster or service.
#
# The FerretDB binary is the one scripts/ferretdb.sh builds (.cache/bin/ferretdb); we call
# `scripts/ferretdb.sh build` so it is built on first use.
#
# PostgreSQL listens only on a unix socket inside the temp dir (no TCP port to collide on);
# FerretDB listens on a free 127.0.0.1 port. The cluster is tuned for throwaway use
# (fsync/synchronous_commit/full_page_writes off): never point this at data you care about.
#
# Exported to <cmd>:
#   MONGODB_URI          mongodb://127.0.0.1:<port>/
#   MONGODB_ENGINE       ferretdb-pg
#   FERRETDB_PG_URL      postgresql://postgres@/ferretdb?host=<sockdir>&port=<n> (usable by psql),
#                        e.g. for benchmarks that want to inspect plans
#
# Environment knobs:
#   PG_BINDIR               directory with initdb/pg_ctl (default: pg_config --bindir, else the
#                           newest /usr/lib/postgresql/*/bin)
#   FERRETDB_PG_OS_USER     OS user that runs postgres when this script runs as root
#                           (default: postgres; postgres refuses to run as root)
#   FERRETDB_START_TIMEOUT  seconds to wait for each server (default 30)
#   FERRETDB_KEEP_LOG=1     always print the FerretDB/PostgreSQL logs on exit (default: only on failure)
#   FERRETDB_LOG_LINES      how many trailing lines of each log to print (default 200)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BIN="$ROOT/.cache/bin/ferretdb"
PG_DB="ferretdb"
PG_ROLE="postgres"

log() { printf 'ferretdb-pg.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

find_pg_bindir() {
  local d
  if [[ -n "${PG_BINDIR:-}" ]]; then
    [[ -x "$PG_BINDIR/initdb" && -x "$PG_BINDIR/pg_ctl" ]] || return 1
    printf '%s\n' "$PG_BINDIR"
    return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      printf '%s\n' "$d"
      return 0
    fi
  fi
  # Debian/Ubuntu keep server binaries off PATH, one dir per major version; take the newest.
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
    printf '%s\n' "$d"
    return 0
  fi
  for d in /usr/pgsql-*/bin /usr/local/pgsql/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      printf '%s\n' "$d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

# shellcheck source=lib/ferretdb-common.sh
source "$SCRIPT_DIR/lib/ferretdb-common.sh"

# run a PostgreSQL binary as the cluster owner (from /, which it can always enter; all
# paths passed are absolute)
as_pg() {
  if [[ -z "$PG_OS_USER" ]]; then
    (cd / && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    # shellcheck disable=SC2016
    (cd / && su -s /bin/sh "$PG_OS_USER" -c '"$0" "$@"' -- "$@")
  fi
}

# state for the EXIT trap
PG_OS_USER=""
PG_BIN=""
TMP=""
PG_DATA=""
PG_STARTED=0
FDB_PID=""
SHOW_LOG=0

print_logs() {
  local f
  for f in "$TMP/ferretdb.log" "$TMP/postgres.log" "$TMP/pg_ctl.log" "$TMP/initdb.log"; do
    if [[ -s "$f" ]]; then
      log "---- $(basename "$f") (last ${FERRETDB_LOG_LINES:-200} lines) ----"
      tail -n "${FERRETDB_LOG_LINES:-200}" "$f" >&2 || true
    fi
  done
  log "---- end logs ----"
}

stop_pg() {
  (( PG_STARTED )) || return 0
  PG_STARTED=0
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop >/dev/null 2>&1; then
    log "pg_ctl stop failed; killing postmaster"
    local pid
    pid="$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      kill -QUIT "$pid" 2>/dev/null || true
      local i
      for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
}

stop_fdb() {
  [[ -n "$FDB_PID" ]] || return 0
  if kill -0 "$FDB_PID" 2>/dev/null; then
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
  fi
  wait "$FDB_PID" 2>/dev/null || true
  FDB_PID=""
}

cleanup() {
  local rc=$?
  set +e
  stop_fdb
  stop_pg
  if [[ -n "$TMP" && -d "$TMP" ]]; then
    if [[ "$SHOW_LOG" == 1 || "${FERRETDB_KEEP_LOG:-0}" == 1 ]]; then
      print_logs
    fi
    rm -rf "$TMP"
  fi
  exit "$rc"
}

start_pg() {
  local timeout="$1" sockdir="$2"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_ROLE" --auth=trust -E UTF8 --no-locale --no-sync \
    >"$TMP/initdb.log" 2>&1 || { SHOW_LOG=1; die "initdb failed"; }
  # Unix socket only (listen_addresses=''), inside our private temp dir, so there is no port to
  # collide on and PG_PORT merely names the socket file (.s.PGSQL.<port>).
  # postgres.log is created by pg_ctl itself (as the cluster owner), hence no pre-truncation here.
  PG_PORT=5432
  PG_STARTED=1
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$TMP/postgres.log" -w -t "$timeout" -s \
    -o "-p $PG_PORT -k $sockdir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >"$TMP/pg_ctl.log" 2>&1; then
    SHOW_LOG=1
    [[ -f "$PG_DATA/postmaster.pid" ]] || PG_STARTED=0
    die "could not start PostgreSQL"
  fi
}

cmd_run() {
  [[ "${1:-}" == "--" ]] && shift
  [[ $# -gt 0 ]] || die "usage: $0 run -- <command...>"

  PG_BIN="$(find_pg_bindir)" || die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install PostgreSQL first (Debian/Ubuntu: apt-get install -y postgresql) or set PG_BINDIR."
  [[ -x "$PG_BIN/createdb" ]] || die "createdb not found in $PG_BIN"

  if [[ "$(id -u)" == 0 ]]; then
    PG_OS_USER="${FERRETDB_PG_OS_USER:-postgres}"
    id -u "$PG_OS_USER" >/dev/null 2>&1 \
      || die "running as root but OS user '$PG_OS_USER' does not exist (postgres refuses to run as root; set FERRETDB_PG_OS_USER)"
  fi

  "$SCRIPT_DIR/ferretdb.sh" build

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local t0 timeout="${FERRETDB_START_TIMEOUT:-30}"
  t0="$(date +%s%N)"
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-pg.XXXXXX")"
  TMP="$(cd "$TMP" && pwd -P)"
  PG_DATA="$TMP/pgdata"
  local sockdir="$TMP/sock"
  # unix socket paths are limited to ~107 bytes
  if (( ${#sockdir} > 80 )); then
    die "temp dir path too long for a unix socket ($sockdir); set TMPDIR to a shorter path"
  fi
  mkdir -p "$sockdir" "$TMP/state"
  if [[ -n "$PG_OS_USER" ]]; then
    chown "$PG_OS_USER" "$TMP" "$sockdir"
  fi

  PG_PORT=""
  start_pg "$timeout" "$sockdir"
  as_pg "$PG_BIN/createdb" -h "$sockdir" -p "$PG_PORT" -U "$PG_ROLE" "$PG_DB" >>"$TMP/pg_ctl.log" 2>&1 \
    || { SHOW_LOG=1; die "createdb $PG_DB failed"; }
  local pg_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

  local pg_url="postgres://${PG_ROLE}@/${PG_DB}?host=${sockdir}&port=${PG_PORT}"
  local port=""
  start_ferretdb "$TMP/ferretdb.log" "$TMP/state" "$timeout" --handler=postgresql --postgresql-url="$pg_url" \
    || { SHOW_LOG=1; die "could not start FerretDB"; }
  port="$FDB_PORT"

  export MONGODB_URI="mongodb://127.0.0.1:$port/"
  export MONGODB_ENGINE=ferretdb-pg
  export FERRETDB_PG_URL="postgresql://${PG_ROLE}@/${PG_DB}?host=${sockdir}&port=${PG_PORT}"
  log "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') ready in ${pg_ms} ms; FerretDB (postgresql) ready at $MONGODB_URI in $(( ($(date +%s%N) - t0) / 1000000 )) ms total (pid $FDB_PID)"

  local rc=0
  "$@" || rc=$?
  if (( rc != 0 )); then
    SHOW_LOG=1
  fi
  exit "$rc"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  *)
    echo "usage: $0 run -- <command...>" >&2
    exit 2
    ;;
esac
