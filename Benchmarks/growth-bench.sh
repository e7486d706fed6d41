#!/usr/bin/env bash
# Growth (#13): how each endpoint's cost grows from 100k to 1M articles, one command.
# For each size N: the posts (gen_corpus.py, same seed: a smaller corpus is a prefix of a larger
# one) under $GROWTH_DATA/posts-N (reused when its stamp matches); `gazette ingest` into a fresh
# database (timed); `gazette serve` pinned to CPU --server-cpu with `response_cache: false`,
# `loops: 1`, `access_log: false`; then for every endpoint class a 1 s warm-up and a wrk run
# (`taskset -c --client-cpu wrk -t1 -c16 -d5s --latency`, paths cycled by wrk-result.lua):
#   article (200 random articles by id), list_big_p1/list_small_p1 (biggest/smallest category
#   of /v1/categories, first page), list_big_p500/list_small_p500 (page 500 by cursor, when the
#   category has one), offset (offset=9980), categories, tags, search_common2, search_rare4,
#   search_english, search_onechar, search_date (a common word, sort=-published_at), changes.
# The search queries (10 per class, cycled) are drawn from the smallest size's database and
# reused at every size (growth_prepare.py). Also recorded: ingest seconds, database bytes,
# server VmHWM/VmRSS after the runs (split into RssAnon, the process's own memory, and RssFile,
# the database pages SQLite's mmap has mapped, at most mmap_size_bytes and reclaimable by the
# kernel), and VmRSS/RssAnon with --rss-connections (256) keep-alive
# connections open. Writes a CSV (plot it with Benchmarks/growth-plot.py) and prints a table.
#
# usage: Benchmarks/growth-bench.sh [--sizes "100000 300000 1000000"] [--gazette PATH] [--seed 42]
#          [--duration 5] [--connections 16] [--latency-connections 1] [--csv FILE] [--reuse-db]
#          [--queries DIR] [--endpoints "NAMES"]
#          [--server-cpu 1] [--client-cpu 0] [--rss-connections 256]
#   --connections N          wrk's connections (16): one core saturated, so p50/p99 include queueing
#                            (p50 is about N / req/s)
#   --latency-connections N  a second run of every endpoint at N connections (1: each request's own
#                            latency, no queue; 0: no second run); the CSV's conns column tells them apart
#   --queries DIR  the search queries (files search_*, one path per line) to use at every size,
#                e.g. a copy of $GROWTH_DATA/paths/queries from an earlier run at a smaller size,
#                so that a size measured alone is asked the same queries
#   --endpoints "NAMES"  only these endpoint classes (names as above, space-separated), e.g.
#                "search_common2 search_date" to re-measure search alone on reused databases
#   --reuse-db   measure an existing database of a size (from an earlier run, same binary)
#                instead of ingesting again; its recorded ingest time is reported
# Data: $GROWTH_DATA (default /tmp/growth): posts-N (~6 GB at 1M), gazette-N.sqlite (~15 GB at 1M).
# Bounded: ingest max(600 s, 10 ms per post), server start 120 s, readiness 600 s, each wrk run
# duration + 60 s; the server is stopped on exit.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
DATA=${GROWTH_DATA:-/tmp/growth}
SIZES="100000 300000 1000000" GAZETTE=$ROOT/.build/release/gazette SEED=42 DURATION=5 CONNS=16 CSV=""
QUERIES="" ONLY="" REUSE=0 SERVER_CPU=1 CLIENT_CPU=0 RSS_CONNS=256 LAT_CONNS=1
usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --sizes) SIZES=$2; shift 2 ;;
    --gazette) GAZETTE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --csv) CSV=$2; shift 2 ;;
    --reuse-db) REUSE=1; shift ;;
    --queries) QUERIES=$2; shift 2 ;;
    --endpoints) ONLY=$2; shift 2 ;;
    --server-cpu) SERVER_CPU=$2; shift 2 ;;
    --client-cpu) CLIENT_CPU=$2; shift 2 ;;
    --rss-connections) RSS_CONNS=$2; shift 2 ;;
    --latency-connections) LAT_CONNS=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
BENCH_NAME=growth-bench
BENCH_LOGS=$DATA/logs
source "$HERE/bench-lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
GAZETTE=$(bench_gazette_path "$GAZETTE")
command -v wrk >/dev/null || bench_fail "wrk is needed: apt-get install -y wrk"
[[ $DURATION =~ ^[0-9]+$ ]] && ((DURATION >= 1 && DURATION <= 60)) || bench_fail "--duration: 1 to 60 seconds"
mkdir -p "$DATA" "$BENCH_LOGS"
CSV=${CSV:-$DATA/growth.csv}
ENDPOINTS="article list_big_p1 list_small_p1 list_big_p500 list_small_p500 offset categories tags
  search_common2 search_rare4 search_english search_onechar search_date changes"
if [[ -n ${ONLY:-} ]]; then
  for name in $ONLY; do
    [[ " $(tr '\n' ' ' <<<"$ENDPOINTS") " == *" $name "* ]] || bench_fail "--endpoints: unknown class $name"
  done
  ENDPOINTS=$ONLY
fi
sorted_sizes=$(tr ' ' '\n' <<<"$SIZES" | grep . | sort -n | tr '\n' ' ')

# The estimate: generation ~10 s per 100k missing posts, ingest ~1,000 posts/s, and per size
# 14 endpoints x runs x (warm-up + run + ~2 s) plus ~60 s of preparation.
python3 - "$DATA" "$SEED" "$DURATION" "$REUSE" "$(( LAT_CONNS > 0 ? 2 : 1 ))" $sorted_sizes <<'PY'
import os, sys
data, seed, duration, reuse, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])
sizes = [int(s) for s in sys.argv[6:]]
def stamped(path, text):
    try: return open(path).read().strip() == text
    except OSError: return False
gen = sum(n / 10000 for n in sizes if not stamped(f"{data}/posts-{n}.stamp", f"count={n} seed={seed}"))
ingest = 0 if reuse else sum(n / 1000 for n in sizes)
measure = len(sizes) * (14 * runs * (duration + 3) + 60)
total = gen + ingest + measure
print(f"estimate: generation {gen / 60:.0f} min, ingest {ingest / 60:.0f} min (at ~1,000 posts/s), "
      f"measuring {measure / 60:.0f} min: about {total / 60:.0f} min in all")
PY
echo "gazette: $GAZETTE; sizes: $sorted_sizes; wrk -t1 -c$CONNS$( ((LAT_CONNS > 0)) && echo " and -c$LAT_CONNS") -d${DURATION}s on CPU $CLIENT_CPU, server on CPU $SERVER_CPU"
echo "size,kind,name,conns,value,p50_ms,p99_ms,max_ms,errors,requests,detail" >"$CSV"

posts_for() {
  local n=$1 dir=$DATA/posts-$1
  if [[ $(cat "$dir.stamp" 2>/dev/null) != "count=$n seed=$SEED" ]]; then
    echo "== generating $n posts into $dir" >&2
    rm -rf "$dir" "$dir.tmp"
    timeout $((n / 1000 + 600)) nice python3 "$SHARED/tools/gen_corpus.py" "$dir.tmp" --count "$n" --seed "$SEED" \
      --source "$SHARED/corpus" >&2 || bench_fail "gen_corpus.py failed"
    mv "$dir.tmp" "$dir"
    echo "count=$n seed=$SEED" >"$dir.stamp"
  fi
  echo "$dir"
}

config=$DATA/growth.yaml
bench_config "$config" "response_cache: false" "loops: 1"
queries_dir=$DATA/paths/queries
first=1
for n in $sorted_sizes; do
  posts=$(posts_for "$n")
  db=$DATA/gazette-$n.sqlite
  if ((REUSE)) && [[ -f $db && -f $db.ingest ]]; then
    ingest_s=$(cat "$db.ingest")
    echo "== $n: reusing $db (ingested in $ingest_s s)"
  else
    echo "== $n: gazette ingest (limit $((n / 100 > 600 ? n / 100 : 600)) s)"
    rm -f "$db" "$db"-* "$db.ingest"
    start=$(date +%s.%N)
    timeout --kill-after=10 $((n / 100 > 600 ? n / 100 : 600)) "$GAZETTE" ingest --db "$db" "$posts" \
      >"$BENCH_LOGS/ingest-$n.log" 2>&1 || bench_fail "ingest of $n failed (see $BENCH_LOGS/ingest-$n.log)"
    ingest_s=$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
    echo "$ingest_s" >"$db.ingest"
    echo "   $(tail -n 1 "$BENCH_LOGS/ingest-$n.log") in $ingest_s s"
  fi
  bench_csv_row "$CSV" "$n" metric ingest_s "" "$ingest_s" "" "" "" "" "" ""

  bench_serve "g$n" "$db" "$config" --cpu "$SERVER_CPU"
  url_var=SERVE_URL_g$n pid_var=SERVE_PID_g$n port_var=SERVE_PORT_g$n
  URL=${!url_var} PID=${!pid_var} PORT=${!port_var}
  deadline=$((SECONDS + 600))
  until curl -fs -m 5 -o /dev/null "$URL/readyz"; do
    ((SECONDS < deadline)) || bench_fail "/readyz did not answer 200 within 600 s"
    sleep 0.2
  done
  if ((first)) && [[ -n $QUERIES ]]; then
    mkdir -p "$queries_dir"
    cp "$QUERIES"/search_* "$queries_dir/" || bench_fail "no search_* files in $QUERIES"
    first=0
  elif ((first)); then
    timeout 1200 python3 "$HERE/growth_prepare.py" queries "$db" "$queries_dir" | tee "$BENCH_LOGS/queries.txt"
    first=0
  fi
  paths=$DATA/paths/$n
  rm -rf "$paths"
  mkdir -p "$paths"
  cp "$queries_dir"/search_* "$paths/"
  details=$(timeout 1200 python3 "$HERE/growth_prepare.py" targets "$URL" "$paths" --posts "$n") ||
    bench_fail "preparing the request paths failed"
  echo "$details" | sed 's/^/   /'

  for endpoint in $ENDPOINTS; do
    file=$paths/$endpoint
    if [[ ! -f $file ]]; then
      echo "   $endpoint: n/a at this size"
      bench_csv_row "$CSV" "$n" endpoint "$endpoint" "$CONNS" "" "" "" "" "" "" "n/a"
      continue
    fi
    first_path=$(head -n 1 "$file")
    code=$(curl -s -m 30 -o /dev/null -w '%{http_code}' "$URL$first_path")
    [[ $code == 200 ]] || bench_fail "$endpoint: $first_path answered $code"
    detail=$(grep -m1 "^${endpoint%_p*}=" <<<"$details" | cut -d= -f2- || true)
    for c in $CONNS $LAT_CONNS; do
      ((c > 0)) || continue
      WRK_PATHS=$file timeout 70 taskset -c "$CLIENT_CPU" wrk -t1 -c"$c" -d1s --timeout 5s \
        -s "$HERE/wrk-result.lua" "$URL" >/dev/null 2>&1 || true
      line=$(WRK_PATHS=$file timeout $((DURATION + 60)) taskset -c "$CLIENT_CPU" bash -c \
        "source '$HERE/bench-lib.sh'; bench_wrk_line -t1 -c$c -d${DURATION}s --timeout 5s --latency '$URL'") ||
        bench_fail "wrk failed on $endpoint"
      read -r rps p50 p99 max errors requests < <(python3 - "$line" <<'PY'
import sys
f = dict(kv.split("=") for kv in sys.argv[1].split()[1:])
print(f"{float(f['rps']):.0f} {int(f['p50_us'])/1000:.2f} {int(f['p99_us'])/1000:.2f} {int(f['max_us'])/1000:.1f} "
      f"{f['non2xx']}/{f['sockerr']} {f['requests']}")
PY
)
      printf '   %-16s c=%-4s %9s req/s  p50 %8s ms  p99 %8s ms  max %8s ms  errors %s  (%s requests)\n' \
        "$endpoint" "$c" "$rps" "$p50" "$p99" "$max" "$errors" "$requests"
      ((requests >= 100)) || echo "   (fewer than 100 requests: this p99 is the slowest few; use a longer --duration)"
      bench_csv_row "$CSV" "$n" endpoint "$endpoint" "$c" "$rps" "$p50" "$p99" "$max" "$errors" "$requests" "$detail"
    done
  done

  read -r hwm rss anon file < <(bench_rss "$PID")
  conn_rss=$(timeout 120 python3 - "$PORT" "$PID" "$RSS_CONNS" <<'PY'
import socket, sys
port, pid, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sockets = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    sockets.append(s)
for s in sockets:  # every connection has been served once and stays open (keep-alive)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
with open(f"/proc/{pid}/status") as status:
    fields = {line.split(":")[0]: line.split()[1] for line in status if line.startswith(("VmRSS:", "RssAnon:"))}
print(fields["VmRSS"], fields["RssAnon"])
for s in sockets:
    s.close()
PY
  ) || bench_fail "opening $RSS_CONNS connections failed"
  read -r conn_rss conn_anon <<<"$conn_rss"
  db_bytes=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))
  echo "   server VmHWM $((hwm / 1024)) MiB, VmRSS $((rss / 1024)) MiB (own memory $((anon / 1024)) MiB, mapped database pages $((file / 1024)) MiB), with $RSS_CONNS connections open $((conn_rss / 1024)) MiB (own memory $((conn_anon / 1024)) MiB); database $db_bytes bytes"
  bench_csv_row "$CSV" "$n" metric rss_hwm_kib "" "$hwm" "" "" "" "" "" ""
  bench_csv_row "$CSV" "$n" metric rss_kib "" "$rss" "" "" "" "" "" ""
  bench_csv_row "$CSV" "$n" metric rss_anon_kib "" "$anon" "" "" "" "" "" ""
  bench_csv_row "$CSV" "$n" metric rss_file_kib "" "$file" "" "" "" "" "" ""
  bench_csv_row "$CSV" "$n" metric "rss_${RSS_CONNS}conns_kib" "" "$conn_rss" "" "" "" "" "" ""
  bench_csv_row "$CSV" "$n" metric "rss_${RSS_CONNS}conns_anon_kib" "" "$conn_anon" "" "" "" "" "" ""
  bench_csv_row "$CSV" "$n" metric db_bytes "" "$db_bytes" "" "" "" "" "" ""
  bench_stop_serve "g$n"
done

echo
python3 - "$CSV" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
sizes = sorted({int(r["size"]) for r in rows})
endpoints = list(dict.fromkeys(r["name"] for r in rows if r["kind"] == "endpoint"))
conns = sorted({int(r["conns"]) for r in rows if r["kind"] == "endpoint" and r["value"]}, reverse=True)
cell = {(int(r["size"]), r["name"], r["conns"]): r for r in rows}
for c in conns:
    head = f"{'c=' + str(c) + ' endpoint':20s}" + "".join(f" | {n:>9,} req/s  p50 ms  p99 ms" for n in sizes)
    print(head); print("-" * len(head))
    for e in endpoints:
        line = f"{e:20s}"
        for n in sizes:
            r = cell.get((n, e, str(c)))
            if not r or not r["value"]:
                line += f" | {'n/a':>15s} {'':>7s} {'':>7s}"
            else:
                line += f" | {float(r['value']):>15,.0f} {float(r['p50_ms']):7.2f} {float(r['p99_ms']):7.2f}"
        print(line)
    print()
metrics = list(dict.fromkeys(r["name"] for r in rows if r["kind"] == "metric"))
for metric in metrics:
    print(f"{metric:20s}" + "".join(f" | {cell[(n, metric, '')]['value'] if (n, metric, '') in cell else '-':>31s}" for n in sizes))
for r in rows:
    if r["kind"] == "endpoint" and r["errors"] not in ("", "0/0"):
        print(f"ERRORS at {r['size']} {r['name']} c={r['conns']}: {r['errors']} (the row is invalid)")
if len(sizes) > 1:
    a, b = sizes[0], sizes[-1]
    for c in conns:
        print(f"\np99 at {b:,} / p99 at {a:,} (c={c}):")
        for e in endpoints:
            ra, rb = cell.get((a, e, str(c))), cell.get((b, e, str(c)))
            if ra and rb and ra["p99_ms"] and rb["p99_ms"]:
                print(f"  {e:20s} {float(rb['p99_ms']) / max(float(ra['p99_ms']), 1e-9):6.2f}x")
PY
echo "csv: $CSV (plot: Benchmarks/growth-plot.py $CSV)"
