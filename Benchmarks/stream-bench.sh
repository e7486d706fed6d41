#!/usr/bin/env bash
# /v1/stream under load: 10,000 concurrent streams on loopback and a burst of 100 changes.
# Starts `gazette serve --demo` (release build; a write token; max_streams and max_connections
# raised) and runs Benchmarks/stream_bench.py, which prints: the server's resident memory with
# no stream and with every stream open; /v1/articles read throughput (wrk -t1 -c32) without and
# with the streams open; and the delivery latency of each change, from its POST's answer to its
# receipt by the last stream (p50/p99/max). Bounded: every phase has a deadline; the server is
# stopped on exit. The client is Python (asyncio) on the same 2 cores, so latency includes its
# own time to read 1,000,000 events.
# usage: Benchmarks/stream-bench.sh [--streams N] [--burst N] [--wrk-seconds S]
# env:   GAZETTE  the binary (default: the release build, built if missing)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
command -v wrk >/dev/null || { echo "stream-bench: needs wrk" >&2; exit 2; }
# One descriptor per stream on each side, plus wrk's and the server's own.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 10500 ] || echo "stream-bench: ulimit -n is $(ulimit -n); fewer streams may open" >&2
if [ -z "${GAZETTE:-}" ]; then
  swift build -c release --product gazette 2>&1 | tail -1
  GAZETTE=$(swift build -c release --show-bin-path)/gazette
fi
export GAZETTE
work=$(mktemp -d)
cat >"$work/gazette.yaml" <<YAML
access_log: false
max_streams: 20000
max_connections: 20000
YAML
source Scripts/demo-server.sh
cleanup() { demo_stop; rm -rf "$work"; }
trap cleanup EXIT
TOKEN=stream-bench-$RANDOM$RANDOM
demo_start stream-bench GAZETTE_WRITE_TOKEN="$TOKEN" GAZETTE_CONFIG="$work/gazette.yaml"
timeout 900 python3 Benchmarks/stream_bench.py "$DEMO_PORT" "$TOKEN" "$DEMO_PID" "$@"
