#!/usr/bin/env bash
# Throughput of two gazette builds on the same database, measured in turn: both serve at once
# with the response cache off and `loops: 1`, pinned to CPU 1, and wrk (pinned to CPU 0) runs
# against one, then the other, round after round, so that a change of the machine's speed
# (steal time on a shared VM) falls on both alike. Prints, per path, the median req/s and the
# median p99 latency of each build over the rounds, their ratios and the req/s ranges.
#
# usage: Benchmarks/ab-bench.sh --db DB --baseline OLD [--gazette NEW] [--rounds N]
#                               [--duration S] [--connections C] [--header H] PATH...
#   --db DB           a Gazette database (e.g. the peers' 100,000 articles)
#   --baseline OLD    the gazette binary before the change
#   --gazette NEW     the gazette binary after it (default: builds .build/release/gazette)
#   --rounds N        runs per build and path (default 7)
#   --duration S      seconds per run (default 2)
#   --connections C   wrk connections (default 64; one wrk thread)
#   --header H        a request header for wrk's -H (e.g. 'Accept-Encoding: gzip'), repeatable
# Bounded: 2 x N x S seconds per path, on 127.0.0.1 only; both servers stop on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=""; BASELINE=""; GAZETTE=""; ROUNDS=7; DURATION=2; CONNECTIONS=64; PATHS=(); HEADERS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --db) DB=$2; shift 2;;
    --baseline) BASELINE=$2; shift 2;;
    --gazette) GAZETTE=$2; shift 2;;
    --rounds) ROUNDS=$2; shift 2;;
    --duration) DURATION=$2; shift 2;;
    --connections) CONNECTIONS=$2; shift 2;;
    --header) HEADERS+=(-H "$2"); shift 2;;
    -*) sed -n '2,17p' "$0"; exit 2;;
    *) PATHS+=("$1"); shift;;
  esac
done
[[ -n $DB && -f $DB && -n $BASELINE && ${#PATHS[@]} -gt 0 ]] || { sed -n '2,17p' "$0"; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }
BENCH_NAME=ab-bench
# shellcheck source=bench-lib.sh
source "$ROOT/Benchmarks/bench-lib.sh"
if [[ -z $GAZETTE ]]; then
  (cd "$ROOT" && swift build -c release --product gazette >/dev/null)
  GAZETTE=$ROOT/.build/release/gazette
fi
NEW=$(bench_gazette_path "$GAZETTE")
OLD=$(bench_gazette_path "$BASELINE")
BENCH_LOGS=$(mktemp -d)
trap 'bench_cleanup; rm -rf "$BENCH_LOGS"' EXIT
bench_config "$BENCH_LOGS/config.yaml" "loops: 1" "response_cache: false"
GAZETTE=$OLD bench_serve old "$DB" "$BENCH_LOGS/config.yaml" --cpu 1
GAZETTE=$NEW bench_serve new "$DB" "$BENCH_LOGS/config.yaml" --cpu 1

printf '%-48s %10s %10s %7s %9s %9s %7s   %s\n' path "old req/s" "new req/s" new/old "old p99" "new p99" new/old \
  "req/s ranges (old; new)"
for path in "${PATHS[@]}"; do
  old=(); new=(); old_p99=(); new_p99=()
  for ((round = 0; round < ROUNDS; round++)); do
    for which in old new; do
      url_var="SERVE_URL_$which"
      line=$(taskset -c 0 wrk -s "$BENCH_LIB_DIR/wrk-result.lua" -t1 -c"$CONNECTIONS" -d"${DURATION}s" \
        "${HEADERS[@]}" "${!url_var}$path" | grep -m1 '^RESULT ') || bench_fail "$which $path: wrk gave no result"
      [[ $line =~ non2xx=0\ sockerr=0 ]] || bench_fail "$which $path: $line"
      rps=${line#*rps=}; rps=${rps%% *}
      p99=${line#*p99_us=}; p99=${p99%% *}
      if [[ $which == old ]]; then old+=("$rps"); old_p99+=("$p99"); else new+=("$rps"); new_p99+=("$p99"); fi
    done
  done
  python3 - "$path" "${old[*]}" "${new[*]}" "${old_p99[*]}" "${new_p99[*]}" <<'PY'
import statistics, sys
path = sys.argv[1]
old, new, old_p99, new_p99 = ([float(v) for v in arg.split()] for arg in sys.argv[2:6])
a, b = statistics.median(old), statistics.median(new)
pa, pb = statistics.median(old_p99) / 1000, statistics.median(new_p99) / 1000
print(f"{path:48s} {a:10,.0f} {b:10,.0f} {b / a:6.2f}x {pa:7.2f}ms {pb:7.2f}ms {pb / pa:6.2f}x"
      f"   {min(old):,.0f}-{max(old):,.0f}; {min(new):,.0f}-{max(new):,.0f}")
PY
done
