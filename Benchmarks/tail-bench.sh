#!/usr/bin/env bash
# Tail latency under saturation: Gazette's p99 against nginx serving the same bytes, back to back.
#
# Starts `gazette serve --demo` (one event loop, no access log) and nginx (one worker, the same
# article bytes as a static file) on loopback, both pinned to CPU $SERVER_CPU, then runs wrk on
# CPU $WRK_CPU against /v1/articles/1 at each connection count, alternating the servers, for
# ROUNDS rounds. Prints one row per run and a summary with p99 gazette / p99 nginx (the median
# ratio over the rounds); the goal is at most 2 at 64 and 256 connections with req/s kept.
# A stall of the loop shows as a p99 or max of hundreds of milliseconds at 8 connections or more.
#
# usage: Benchmarks/tail-bench.sh [-d 8s] [-c "1 8 64 256"] [-r ROUNDS] [--baseline BIN] [--csv FILE]
#   --gazette BIN   the gazette binary (default: builds and uses .build/release/gazette)
#   --baseline BIN  another gazette binary measured in the same rounds (e.g. before a change)
# env: SERVER_CPU (1), WRK_CPU (0), PORT (8090; the baseline uses PORT+1), NGINX_PORT (8093)
# Bounded: every wrk run lasts -d (at most 30 s) plus a 5 s timeout; everything started is stopped
# on exit. Loopback only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUR=8s; CONNS="1 8 64 256"; ROUNDS=2; GAZETTE=""; BASELINE=""; CSV=""
SERVER_CPU=${SERVER_CPU:-1}; WRK_CPU=${WRK_CPU:-0}
PORT=${PORT:-8090}; BASE_PORT=$((PORT + 1)); NGINX_PORT=${NGINX_PORT:-8093}
while [[ $# -gt 0 ]]; do
  case $1 in
    -d) DUR=$2; shift 2;;
    -c) CONNS=$2; shift 2;;
    -r) ROUNDS=$2; shift 2;;
    --gazette) GAZETTE=$2; shift 2;;
    --baseline) BASELINE=$2; shift 2;;
    --csv) CSV=$2; shift 2;;
    *) sed -n '2,18p' "$0"; exit 2;;
  esac
done
[[ ${DUR%s} =~ ^[0-9]+$ && ${DUR%s} -le 30 ]] || { echo "-d must be at most 30s" >&2; exit 2; }
for tool in wrk nginx taskset curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done
for port in "$PORT" "$NGINX_PORT" ${BASELINE:+"$BASE_PORT"}; do
  if ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then echo "port $port is in use" >&2; exit 2; fi
done
if [[ -z $GAZETTE ]]; then
  (cd "$ROOT" && swift build -c release --product gazette 2>&1 | tail -1) >&2
  GAZETTE=$(cd "$ROOT" && swift build -c release --show-bin-path)/gazette
fi

WORK=$(mktemp -d /tmp/tail-bench.XXXXXX)
chmod 755 "$WORK"  # nginx workers run as another user and must read the file
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $WORK/nginx.pid ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
printf 'loops: 1\naccess_log: false\n' >"$WORK/gazette.yaml"

start_gazette() { # BIN PORT
  taskset -c "$SERVER_CPU" "$1" serve --demo --port "$2" --config "$WORK/gazette.yaml" >"$WORK/gazette-$2.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -fs -m 1 -o /dev/null "http://127.0.0.1:$2/healthz" && return; sleep 0.1; done
  echo "gazette on :$2 did not start: $(tail -3 "$WORK/gazette-$2.log")" >&2; exit 1
}
start_gazette "$GAZETTE" "$PORT"
[[ -n $BASELINE ]] && start_gazette "$BASELINE" "$BASE_PORT"

mkdir -p "$WORK/www/v1/articles" "$WORK/tmp"
curl -fs "http://127.0.0.1:$PORT/v1/articles/1" -o "$WORK/www/v1/articles/1"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  keepalive_requests 1000;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; default_type application/json; }
}
CONF
taskset -c "$SERVER_CPU" nginx -c "$WORK/nginx.conf"
for _ in $(seq 1 50); do curl -fs -m 1 -o /dev/null "http://127.0.0.1:$NGINX_PORT/v1/articles/1" && break; sleep 0.1; done
curl -fs -m 2 -o /dev/null "http://127.0.0.1:$NGINX_PORT/v1/articles/1" || { echo "nginx does not serve the article" >&2; exit 1; }
echo "article: $(wc -c <"$WORK/www/v1/articles/1") bytes; servers on CPU $SERVER_CPU, wrk on CPU $WRK_CPU, $DUR per run" >&2

cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %d %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout + e.status))
end
LUA
SERVERS=("gazette=$PORT" "nginx=$NGINX_PORT")
[[ -n $BASELINE ]] && SERVERS=("gazette=$PORT" "baseline=$BASE_PORT" "nginx=$NGINX_PORT")
echo "round,conns,server,rps,p50_ms,p99_ms,max_ms,errors" >"$WORK/rows.csv"
printf '%-5s %6s %-9s %10s %9s %9s %9s %6s\n' round conns server req/s p50_ms p99_ms max_ms errors
for round in $(seq 1 "$ROUNDS"); do
  for conns in $CONNS; do
    for entry in "${SERVERS[@]}"; do
      name=${entry%%=*}; port=${entry#*=}
      line=$(taskset -c "$WRK_CPU" wrk -t1 -c"$conns" -d"$DUR" --timeout 5s -s "$WORK/report.lua" \
        "http://127.0.0.1:$port/v1/articles/1" | grep '^RESULT' || true)
      read -r _ rps p50 p99 max errors <<<"${line:-RESULT 0 0 0 0 -1}"
      row=$(awk -v r="$round" -v c="$conns" -v n="$name" -v q="$rps" -v a="$p50" -v b="$p99" -v m="$max" -v e="$errors" \
        'BEGIN { printf "%s,%s,%s,%.0f,%.2f,%.2f,%.2f,%s", r, c, n, q, a / 1000, b / 1000, m / 1000, e }')
      echo "$row" >>"$WORK/rows.csv"
      IFS=, read -r _ _ _ q a b m e <<<"$row"
      printf '%-5s %6s %-9s %10s %9s %9s %9s %6s\n' "$round" "$conns" "$name" "$q" "$a" "$b" "$m" "$e"
    done
  done
done
[[ -n $CSV ]] && cp "$WORK/rows.csv" "$CSV"
python3 - "$WORK/rows.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    by.setdefault((int(r['conns']), r['round']), {})[r['server']] = r
names = [n for n in ('gazette', 'baseline') if any(n in v for v in by.values())]
print("\nsummary (median over rounds): p99 and req/s relative to nginx on the same bytes")
print(f"{'conns':>6} {'server':<9} {'p99_ms':>8} {'max_ms':>8} {'req/s':>9} {'p99/nginx':>10} {'rps/nginx':>10}")
for conns in sorted({c for c, _ in by}):
    runs = [v for (c, _), v in by.items() if c == conns and 'nginx' in v]
    med = lambda name, key: statistics.median(float(v[name][key]) for v in runs if name in v)
    for name in names + ['nginx']:
        ratio = lambda key: statistics.median(
            float(v[name][key]) / max(float(v['nginx'][key]), 1e-3) for v in runs if name in v)
        print(f"{conns:>6} {name:<9} {med(name, 'p99_ms'):>8.2f} {med(name, 'max_ms'):>8.1f} "
              f"{med(name, 'rps'):>9.0f} {ratio('p99_ms'):>10.2f} {ratio('rps'):>10.2f}")
PY
