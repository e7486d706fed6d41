#!/usr/bin/env bash
# HTTPServer alone against the peers: builds HTTPBenchServer in release, starts it pinned to one
# core with one event loop, checks it serves the same /healthz bytes as the Hummingbird peer,
# then drives it, the Hummingbird peer (:8081) and nginx-static (:8083) with wrk through the
# peers' bench.sh, at 64 and 256 connections, in one run.
#
# usage: Benchmarks/http-bench.sh [bench.sh options, e.g. -d 10s -w 2s -c "64 256" --csv out.csv]
# env:   PEERS   the peers folder (default: ../shared/peers next to the repository)
#        PORT    HTTPBenchServer's port (default 8090); SERVER_CPU (default 1)
# The peers must be running (shared/peers/setup.sh or start_peers.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
PORT=${PORT:-8090}
SERVER_CPU=${SERVER_CPU:-1}
HB=http://127.0.0.1:${HB_PORT:-8081}
NGINX=http://127.0.0.1:${NGINX_PORT:-8083}

[[ -x $PEERS/bench.sh ]] || { echo "no bench.sh in $PEERS (set PEERS)" >&2; exit 2; }
for url in "$HB" "$NGINX"; do
  curl -fs -m 2 "$url/healthz" >/dev/null || { echo "peer $url is not answering: run $PEERS/start_peers.sh" >&2; exit 2; }
done

if ss -ltnH "sport = :$PORT" 2>/dev/null | grep -q .; then
  echo "port $PORT is already in use: stop what listens there or set PORT" >&2; exit 2
fi
(cd "$ROOT" && swift build -c release --product HTTPBenchServer 2>&1 | tail -1)
BIN=$(cd "$ROOT" && swift build -c release --show-bin-path)/HTTPBenchServer
taskset -c "$SERVER_CPU" "$BIN" --port "$PORT" --loops 1 >/dev/null 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs -m 1 "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
kill -0 "$SERVER_PID" 2>/dev/null || { echo "HTTPBenchServer did not start" >&2; exit 1; }

ours=$(curl -fs "http://127.0.0.1:$PORT/healthz"); theirs=$(curl -fs "$HB/healthz")
[[ $ours == "$theirs" ]] || { echo "different /healthz bytes: '$ours' vs '$theirs'" >&2; exit 1; }
echo "HTTPBenchServer pid $SERVER_PID on :$PORT (CPU $SERVER_CPU, 1 loop); /healthz = $ours" >&2

SERVER_CPU=$SERVER_CPU "$PEERS/bench.sh" --server "httpserver=http://127.0.0.1:$PORT" --hummingbird "$HB" \
  --nginx "$NGINX" -e healthz -c "64 256" "$@"
