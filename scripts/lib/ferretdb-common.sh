# Shared by scripts/ferretdb.sh and scripts/ferretdb-pg.sh (sourced). Uses the caller's log() and $BIN.

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

# start_ferretdb LOGFILE STATE_DIR TIMEOUT_S <backend flags...>
# Starts FerretDB on a free loopback port (up to 3 ports, if one is taken meanwhile) and waits
# until it listens. Sets FDB_PID and FDB_PORT. Returns non-zero when it could not start.
start_ferretdb() {
  local logfile="$1" statedir="$2" timeout="$3" attempt deadline
  shift 3
  FDB_PORT=""
  for attempt in 1 2 3; do
    FDB_PORT="$(free_port)"
    : >"$logfile"
    "$BIN" "$@" \
      --listen-addr="127.0.0.1:$FDB_PORT" \
      --state-dir="$statedir" \
      --telemetry=disable \
      --debug-addr=- \
      --log-level=warn \
      </dev/null >>"$logfile" 2>&1 &
    FDB_PID=$!

    deadline=$(( $(date +%s) + timeout ))
    while :; do
      if ! kill -0 "$FDB_PID" 2>/dev/null; then
        wait "$FDB_PID" 2>/dev/null || true
        FDB_PID=""
        log "FerretDB exited during startup (attempt $attempt, port $FDB_PORT):"
        cat "$logfile" >&2 || true
        break
      fi
      if port_open "$FDB_PORT"; then
        return 0
      fi
      if (( $(date +%s) >= deadline )); then
        log "FerretDB did not accept connections on 127.0.0.1:$FDB_PORT within ${timeout}s"
        return 1
      fi
      sleep 0.05
    done
  done
  return 1
}
