#!/usr/bin/env bash
# What one request costs in user-space instructions, deterministically: the server runs under
# valgrind's callgrind, its counters are zeroed after warm-up requests, then N requests of each
# path are sent on one keep-alive connection and the instructions executed (Ir, every thread)
# are divided by N. Unlike req/s on a shared virtual machine (steal time moved wrk's medians by
# ±20% between runs of one binary), the count is the same from run to run, so a change of a few
# percent in the work per request shows. It does not count the kernel (system calls, TCP).
#
# usage: Benchmarks/request-instructions.sh --db DB [--requests N] [--baseline BIN] [--gazette BIN] PATH...
#   --db DB         a Gazette database (e.g. the peers' 100,000 articles); the response cache is off
#   --requests N    measured requests per path (default 200), after 20 unmeasured ones
#   --gazette BIN   the gazette binary (default: builds and uses .build/release/gazette)
#   --baseline BIN  another gazette binary, measured the same way (e.g. before a change)
# Needs valgrind (apt-get install -y valgrind). Each binary is copied without its debug
# information first: valgrind 3.19 cannot read the DWARF 5 that Swift writes.
# Bounded: one server at a time on 127.0.0.1:$PORT (8096), N requests per path, every server
# stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=""; REQUESTS=200; GAZETTE=""; BASELINE=""; PATHS=()
PORT=${PORT:-8096}
while [[ $# -gt 0 ]]; do
  case $1 in
    --db) DB=$2; shift 2;;
    --requests) REQUESTS=$2; shift 2;;
    --gazette) GAZETTE=$2; shift 2;;
    --baseline) BASELINE=$2; shift 2;;
    -*) sed -n '2,18p' "$0"; exit 2;;
    *) PATHS+=("$1"); shift;;
  esac
done
[[ -n $DB && -f $DB && ${#PATHS[@]} -gt 0 ]] || { sed -n '2,18p' "$0"; exit 2; }
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install -y valgrind)" >&2; exit 1; }
if [[ -z $GAZETTE ]]; then
  (cd "$ROOT" && swift build -c release --product gazette >/dev/null)
  GAZETTE=$ROOT/.build/release/gazette
fi
WORK=$(mktemp -d)
SERVER=""
cleanup() {
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
printf 'loops: 1\naccess_log: false\nresponse_cache: false\n' > "$WORK/config.yaml"

# send N PATH: N requests of PATH on one keep-alive connection; fails on any status but 200.
send() {
  python3 - "$PORT" "$2" "$1" <<'PY'
import http.client, sys
port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
for _ in range(count):
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{path}: HTTP {response.status}")
PY
}

# measure BIN PATH: prints instructions per request.
measure() {
  local copy=$WORK/$(basename "$1")-$RANDOM out
  strip --strip-debug -o "$copy" "$1"
  out=$WORK/callgrind.out
  valgrind --tool=callgrind --callgrind-out-file="$out.%p" "$copy" serve --db "$DB" \
    --config "$WORK/config.yaml" --port "$PORT" >/dev/null 2>"$WORK/valgrind.log" &
  SERVER=$!
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/valgrind.log" >&2; exit 1; }
    sleep 0.1
  done
  send 20 "$2"
  callgrind_control -z "$SERVER" >/dev/null 2>&1
  send "$REQUESTS" "$2"
  callgrind_control -d "$SERVER" >/dev/null 2>&1
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  # The dump after zeroing is the file with a part number; its summary is the requests' cost.
  awk -v n="$REQUESTS" '/^summary:/ { printf "%d", $2 / n }' "$out".*.1
  rm -f "$out".* "$copy"
}

if [[ -n $BASELINE ]]; then
  printf '%-60s %14s %14s %8s\n' path baseline gazette change
else
  printf '%-60s %14s\n' path gazette
fi
for path in "${PATHS[@]}"; do
  now=$(measure "$GAZETTE" "$path")
  if [[ -n $BASELINE ]]; then
    before=$(measure "$BASELINE" "$path")
    printf '%-60s %14s %14s %+7.1f%%\n' "$path" "$before" "$now" "$(python3 -c "print(($now / $before - 1) * 100)")"
  else
    printf '%-60s %14s\n' "$path" "$now"
  fi
done
