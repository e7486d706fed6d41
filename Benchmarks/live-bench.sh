#!/usr/bin/env bash
# Live latency (#11): `gazette serve --watch DIR` on a database already holding the base posts,
# readers on the list while a writer drops new posts into DIR.
#  1. idle:   wrk -t1 -c64 on /v1/articles?limit=20 for --wrk-seconds (no writes);
#  2. during: the same wrk for the whole write phase, while live_bench.py writes --count posts
#             (gen_corpus.py with seed --live-seed, staged, each written as temp file + os.rename
#             into DIR, dated "now", with a unique title word) at --rate per second, and polls
#             per post (a) the list `/v1/articles?sort=published_at&since=…` and (b) search
#             `q=` (the run's marker, a prefix of every post's own title word), until each slug
#             shows; latency = answer time - rename time (see live_bench.py).
# Reports p50/p99 of both latencies and the readers' p99 idle vs during; goals: p99 < 1 s,
# readers' p99 <= 2x idle. The server runs on CPU --server-cpu (1), wrk and Python on CPU 0.
#
# usage: Benchmarks/live-bench.sh [--gazette PATH] [--db FILE | --base-count 100000] [--count 1000]
#          [--rate 50] [--wrk-seconds 20] [--connections 64] [--live-seed 4242] [--csv FILE]
#          [--cache on|off] [--set 'KEY: VALUE']... [--ingest-loop]
#   --db FILE      a database already holding the base posts; it is COPIED for the run (never
#                  modified). Without it: $BENCH_DATA/base-N.sqlite, ingested once from
#                  gen_corpus.py's N = --base-count posts (seed 42) and reused.
#   --cache        the response cache (default on, as shipped)
#   --set LINE     one more line of the server's config file (repeatable), e.g. --set 'mmap_size_bytes: 0'
#   --ingest-loop  fallback while `serve --watch` does not exist: serve without --watch and run
#                  `gazette ingest DIR` in a loop beside it (NOT the feature: validation only)
# Data under $BENCH_DATA (default /tmp/gazette-bench/live). Every phase is time-limited; the
# server, wrk and the loop are stopped on exit.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
DATA=${BENCH_DATA:-${TMPDIR:-/tmp}/gazette-bench/live}
PEER_DATA=${PEER_DATA:-${TMPDIR:-/tmp}/gazette-peers}
GAZETTE=$ROOT/.build/release/gazette DB="" BASE=100000 COUNT=1000 RATE=50 WRK_SECONDS=20 CONNS=64
LIVE_SEED=4242 CSV="" CACHE=on MODE=watch SERVER_CPU=${SERVER_CPU:-1} EXTRA=()
usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --gazette) GAZETTE=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --base-count) BASE=$2; shift 2 ;;
    --count) COUNT=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --wrk-seconds) WRK_SECONDS=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --live-seed) LIVE_SEED=$2; shift 2 ;;
    --csv) CSV=$2; shift 2 ;;
    --cache) CACHE=$2; shift 2 ;;
    --set) EXTRA+=("$2"); shift 2 ;;
    --ingest-loop) MODE=ingest-loop; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
BENCH_NAME=live-bench
BENCH_LOGS=$DATA/logs
source "$HERE/bench-lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
GAZETTE=$(bench_gazette_path "$GAZETTE")
command -v wrk >/dev/null || bench_fail "wrk is needed: apt-get install -y wrk"
[[ $CACHE == on || $CACHE == off ]] || bench_fail "--cache on|off"
mkdir -p "$DATA" "$BENCH_LOGS"
CSV=${CSV:-$DATA/live.csv}
write_seconds=$(python3 -c "import math; print(math.ceil($COUNT / $RATE))")
echo "gazette: $GAZETTE  mode: $MODE  cache: $CACHE"
echo "expected duration: about $((WRK_SECONDS + write_seconds + 60)) s plus the base database's copy (and its ingest the first time)"

# The base database.
if [[ -z $DB ]]; then
  DB=$DATA/base-$BASE.sqlite
  if [[ $(cat "$DB.stamp" 2>/dev/null) != "count=$BASE seed=42" ]]; then
    posts=""
    for candidate in "$PEER_DATA/posts" "/tmp/growth/posts-$BASE" "$DATA/posts-$BASE"; do
      [[ $(cat "$candidate.stamp" 2>/dev/null) == "count=$BASE seed=42" ]] && { posts=$candidate; break; }
    done
    if [[ -z $posts ]]; then
      posts=$DATA/posts-$BASE
      rm -rf "$posts" "$posts.tmp"
      timeout 3600 python3 "$SHARED/tools/gen_corpus.py" "$posts.tmp" --count "$BASE" --seed 42 \
        --source "$SHARED/corpus" || bench_fail "gen_corpus.py failed"
      mv "$posts.tmp" "$posts"
      echo "count=$BASE seed=42" >"$posts.stamp"
    fi
    echo "== ingesting the base database ($BASE posts from $posts)"
    rm -f "$DB" "$DB"-* "$DB.stamp"
    timeout $((BASE / 50 > 600 ? BASE / 50 : 600)) "$GAZETTE" ingest --db "$DB" "$posts" >"$BENCH_LOGS/base-ingest.log" 2>&1 ||
      bench_fail "base ingest failed (see $BENCH_LOGS/base-ingest.log)"
    echo "count=$BASE seed=42" >"$DB.stamp"
  fi
fi
[[ -f $DB ]] || bench_fail "no database at $DB"

# The posts to drop: gen_corpus.py with another seed, staged once.
staging=$DATA/staging-$COUNT-$LIVE_SEED
if [[ $(cat "$staging.stamp" 2>/dev/null) != "count=$COUNT seed=$LIVE_SEED" ]]; then
  rm -rf "$staging"
  timeout 600 python3 "$SHARED/tools/gen_corpus.py" "$staging" --count "$COUNT" --seed "$LIVE_SEED" \
    --source "$SHARED/corpus" || bench_fail "gen_corpus.py failed"
  echo "count=$COUNT seed=$LIVE_SEED" >"$staging.stamp"
fi

# A fresh copy of the base database and an empty watched folder.
run=$DATA/run
rm -rf "$run"
mkdir -p "$run/watch"
echo "== copying $DB"
timeout 600 cp "$DB" "$run/live.sqlite"
for suffix in -wal -shm; do [[ -f $DB$suffix ]] && cp "$DB$suffix" "$run/live.sqlite$suffix"; done
bench_config "$run/gazette.yaml" "response_cache: $([[ $CACHE == on ]] && echo true || echo false)" "loops: 1" ${EXTRA[@]+"${EXTRA[@]}"}
if [[ $MODE == watch ]]; then
  bench_serve live "$run/live.sqlite" "$run/gazette.yaml" --cpu "$SERVER_CPU" --watch "$run/watch"
else
  bench_serve live "$run/live.sqlite" "$run/gazette.yaml" --cpu "$SERVER_CPU"
fi
URL=$SERVE_URL_live
echo "server pid $SERVE_PID_live at $URL (CPU $SERVER_CPU)"
deadline=$((SECONDS + 300)) # with --watch, ready once the folder is reconciled
until curl -fs -m 10 -o /dev/null "$URL/readyz"; do
  ((SECONDS < deadline)) || bench_fail "/readyz did not answer 200 within 300 s"
  sleep 0.2
done

list="$URL/v1/articles?limit=20"
echo "== idle readers: wrk -t1 -c$CONNS -d${WRK_SECONDS}s $list"
idle=$(timeout $((WRK_SECONDS + 60)) taskset -c 0 bash -c "source '$HERE/bench-lib.sh'; bench_wrk_line -t1 -c$CONNS -d${WRK_SECONDS}s --timeout 5s --latency '$list'") ||
  bench_fail "wrk (idle) failed"
echo "   $idle"

if [[ $MODE == ingest-loop ]]; then
  (
    child=""
    trap 'kill "$child" 2>/dev/null; exit 0' TERM
    while :; do
      timeout 600 "$GAZETTE" ingest --db "$run/live.sqlite" "$run/watch" >>"$BENCH_LOGS/ingest-loop.log" 2>&1 &
      child=$!
      wait "$child" || true
    done
  ) &
  bench_track $!
fi

during_seconds=$((write_seconds + 5))
echo "== readers during the writes: wrk -t1 -c$CONNS -d${during_seconds}s; writer $COUNT posts at $RATE/s"
taskset -c 0 bash -c "source '$HERE/bench-lib.sh'; bench_wrk_line -t1 -c$CONNS -d${during_seconds}s --timeout 5s --latency '$list'" \
  >"$run/wrk-during.txt" 2>&1 &
wrk_pid=$!
bench_track "$wrk_pid"
live_status=0
timeout $((write_seconds + 180)) taskset -c 0 python3 "$HERE/live_bench.py" "$URL" "$run/watch" "$staging" \
  --count "$COUNT" --rate "$RATE" --out "$run/per-post.csv" --deadline 60 | tee "$run/live.txt" || live_status=$?
timeout $((during_seconds + 60)) tail --pid="$wrk_pid" -f /dev/null || true
wait "$wrk_pid" || bench_fail "wrk (during) failed: $(cat "$run/wrk-during.txt")"
during=$(grep -m1 '^RESULT' "$run/wrk-during.txt") || bench_fail "wrk (during) gave no result"
echo "   $during"
if [[ $MODE == watch ]]; then
  echo "   /readyz after: $(curl -fsS -m 10 "$URL/readyz" || echo unavailable)"
fi
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }

echo "metric,value" >"$CSV"
echo
printf '%-34s %10s %10s %10s %9s %10s\n' measure "req/s" "p50 ms" "p99 ms" "max ms" errors
for phase in idle during; do
  line=${!phase}
  printf '%-34s %10.0f %10.2f %10.2f %9.1f %10s\n' "readers $phase (wrk -c$CONNS)" "$(field "$line" rps)" \
    "$(python3 -c "print($(field "$line" p50_us) / 1000)")" "$(python3 -c "print($(field "$line" p99_us) / 1000)")" \
    "$(python3 -c "print($(field "$line" max_us) / 1000)")" "$(field "$line" non2xx)/$(field "$line" sockerr)"
  bench_csv_row "$CSV" "readers_${phase}_rps" "$(field "$line" rps)"
  bench_csv_row "$CSV" "readers_${phase}_p50_ms" "$(python3 -c "print($(field "$line" p50_us) / 1000)")"
  bench_csv_row "$CSV" "readers_${phase}_p99_ms" "$(python3 -c "print($(field "$line" p99_us) / 1000)")"
done
for key in listed searched; do
  line=$(grep "^RESULT $key " "$run/live.txt" || true)
  [[ -n $line ]] || continue
  label=$([[ $key == listed ]] && echo "rename -> visible in list" || echo "rename -> found by search")
  printf '%-34s %10s %10s %10s %9s %10s\n' "$label" "-" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" \
    "$(field "$line" max_ms)" "missing $(field "$line" missing)"
  for f in p50_ms p99_ms max_ms missing; do bench_csv_row "$CSV" "${key}_$f" "$(field "$line" "$f")"; done
done
bench_csv_row "$CSV" mode "$MODE"
bench_csv_row "$CSV" posts "$COUNT"
bench_csv_row "$CSV" rate "$RATE"
echo
python3 - "$run/live.txt" "$(field "$idle" p99_us)" "$(field "$during" p99_us)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
idle, during = float(sys.argv[2]), float(sys.argv[3])
for key, label in (("listed", "visible in the list"), ("searched", "found by search")):
    m = re.search(rf"^RESULT {key} .*p99_ms=([\d.na]+)", text, re.M)
    if m:
        p99 = float(m.group(1))
        print(f"goal p99 < 1 s, {label}: {p99:.0f} ms -> {'met' if p99 < 1000 else 'NOT met'}")
ratio = during / idle if idle else float("nan")
print(f"goal readers' p99 <= 2x idle: {during / 1000:.2f} ms vs {idle / 1000:.2f} ms = {ratio:.2f}x -> "
      f"{'met' if ratio <= 2 else 'NOT met'}")
PY
echo "csv: $CSV (per post: $run/per-post.csv)"
if ((live_status != 0)); then bench_fail "the writer/poller failed (exit $live_status)"; fi
