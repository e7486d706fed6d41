#!/usr/bin/env bash
# Ten thousand connections, and descriptor exhaustion, on loopback.
#
# 1. Load: raises `ulimit -n`, starts `gazette serve` (the demo, or --db PATH) with max_connections
#    and backlog set for N clients, and runs `wrk -t2 -cN --latency` on /v1/articles/1: errors
#    (must be 0), req/s, p50/p99.
# 2. Memory: holds N idle keep-alive connections (each has served one request) with a Python
#    asyncio client and reports the server's RSS with them and per connection:
#    (RSS with N idle - RSS before) / N.
# 3. Exhaustion: restarts the server under `ulimit -n 256` and opens 1,000 clients (one request
#    each): the server holds as many as its descriptor limit allows less a reserve (it says so
#    once at start), leaves the rest in the backlog (an accept refused with EMFILE is logged at
#    most once per 10 s), and answers them as the first clients close.
#
# usage: Benchmarks/connections-bench.sh [-n 10000] [-d 10s] [--db PATH] [--gazette BIN]
# env: PORT (8095), SERVER_CPU (1), CLIENT_CPU (0). Bounded (about 2 × -d + 90 s); stops by itself.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=10000; DUR=10s; DB=""; GAZETTE=""
PORT=${PORT:-8095}; SERVER_CPU=${SERVER_CPU:-1}; CLIENT_CPU=${CLIENT_CPU:-0}
while [[ $# -gt 0 ]]; do
  case $1 in
    -n) N=$2; shift 2;;
    -d) DUR=$2; shift 2;;
    --db) DB=$2; shift 2;;
    --gazette) GAZETTE=$2; shift 2;;
    *) sed -n '2,17p' "$0"; exit 2;;
  esac
done
[[ ${DUR%s} =~ ^[0-9]+$ && ${DUR%s} -le 60 ]] || { echo "-d must be at most 60s" >&2; exit 2; }
if ss -ltnH "sport = :$PORT" 2>/dev/null | grep -q .; then echo "port $PORT is in use" >&2; exit 2; fi
if [[ -z $GAZETTE ]]; then
  (cd "$ROOT" && swift build -c release --product gazette 2>&1 | tail -1) >&2
  GAZETTE=$(cd "$ROOT" && swift build -c release --show-bin-path)/gazette
fi
LIMIT=$((N + 4096))
ulimit -n "$LIMIT" 2>/dev/null || { echo "cannot raise ulimit -n to $LIMIT (hard limit $(ulimit -Hn))" >&2; exit 2; }

WORK=$(mktemp -d /tmp/connections-bench.XXXXXX)
SERVER_PID=""
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT
cat >"$WORK/gazette.yaml" <<YAML
loops: 1
access_log: false
max_connections: $((N + 1000))
backlog: 4096
YAML
SOURCE=(--demo); [[ -n $DB ]] && SOURCE=(--db "$DB")
start_server() { # [descriptor limit]
  local limit=${1:-$LIMIT}
  taskset -c "$SERVER_CPU" /bin/sh -c "ulimit -n $limit && exec \"\$0\" \"\$@\"" "$GAZETTE" serve "${SOURCE[@]}" \
    --port "$PORT" --config "$WORK/gazette.yaml" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs -m 1 -o /dev/null "http://127.0.0.1:$PORT/healthz" && return; sleep 0.1; done
  echo "gazette did not start: $(tail -3 "$WORK/server.log")" >&2; exit 1
}

start_server
echo "== load: wrk -t2 -c$N -d$DUR --latency (server on CPU $SERVER_CPU, one loop; client on CPU $CLIENT_CPU)"
taskset -c "$CLIENT_CPU" wrk -t2 -c"$N" -d"$DUR" --timeout 10s --latency "http://127.0.0.1:$PORT/v1/articles/1" \
  | grep -E 'Latency|50%|90%|99%|Requests/sec|requests in|Socket errors|Non-2xx'
echo "server RSS after the load: $(awk '/VmRSS/ {print $2, $3}' "/proc/$SERVER_PID/status")"
stop_server

start_server
echo "== memory: $N idle keep-alive connections"
taskset -c "$CLIENT_CPU" timeout 120 python3 "$ROOT/Benchmarks/idle_clients.py" idle "$PORT" "$N" "$SERVER_PID"
stop_server

echo "== exhaustion: server under ulimit -n 256, 1000 clients"
start_server 256
taskset -c "$CLIENT_CPU" timeout 90 python3 "$ROOT/Benchmarks/idle_clients.py" exhaust "$PORT" 1000 || true
echo "server: $(grep -c 'descriptor limit caps' "$WORK/server.log") connection-cap warning (at start), \
$(grep -c 'out of resources' "$WORK/server.log") EMFILE warnings (at most one per 10 s)"
grep -E 'descriptor limit caps|out of resources' "$WORK/server.log" | tail -2 | cut -c1-260
curl -fs -m 5 -o /dev/null -w "after: GET /healthz %{http_code}\n" "http://127.0.0.1:$PORT/healthz" || echo "after: no answer"
stop_server
