#!/usr/bin/env bash
# Time to searchable (#11): the same generated posts, in one run, into fresh databases by
#   - `gazette ingest`, then `gazette serve` on the new database: timed from the start of the
#     ingest until every sampled post is found by search over HTTP (searchable_check.py: a
#     sample of random posts plus the last 10 files in path order, each looked up by `q=` its
#     title, restricted to its date ±1 day; ALL must be found, polled every 50 ms until they
#     are). The time includes the server's start and the check itself (its own column shows it);
#   - ../shared/peers/ingest.py --fts (FTS5 trigram index built in bulk): timed until it returns,
#     then the same sample checked against its index (check time added, as for Gazette);
#   - ../shared/peers/ingest.py without an index (not searchable: its ingest time).
# Then the no-op re-ingest: `gazette ingest` again over the same unchanged folder (goal < 5 s at
# 100,000 posts), which must report every post unchanged.
# Reports seconds, posts/s, ratios gazette/fts-peer and gazette/no-index-peer, peak RSS, and
# whether the rate is linear across the counts (largest vs smallest count within 20%).
#
# usage: Benchmarks/searchable-bench.sh [--counts "10000 100000"] [--seed 42] [--gazette PATH]
#          [--sample 200] [--csv FILE] [--search-deadline 600] [--skip-peers]
#   --gazette PATH   the binary (default .build/release/gazette of this repository)
#   --csv FILE       default $BENCH_DATA/searchable.csv
#   --sample N       random posts checked (plus the last 10 in path order); N >= the count checks
#                    every post (slow: one request each)
# Posts come from ../shared/tools/gen_corpus.py: a folder of the same count and seed is reused
# from $PEER_DATA/posts or /tmp/growth/posts-N (by their stamp files), else generated under
# $BENCH_DATA. Everything lives under $BENCH_DATA (default /tmp/gazette-bench/searchable).
# Every phase has a time limit (ingest: max(600 s, 20 ms per post)); servers are stopped on exit.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
DATA=${BENCH_DATA:-${TMPDIR:-/tmp}/gazette-bench/searchable}
PEER_DATA=${PEER_DATA:-${TMPDIR:-/tmp}/gazette-peers}
COUNTS="10000 100000" SEED=42 GAZETTE=$ROOT/.build/release/gazette SAMPLE=200 CSV="" DEADLINE=600 PEERS=1
usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --counts) COUNTS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --gazette) GAZETTE=$2; shift 2 ;;
    --sample) SAMPLE=$2; shift 2 ;;
    --csv) CSV=$2; shift 2 ;;
    --search-deadline) DEADLINE=$2; shift 2 ;;
    --skip-peers) PEERS=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
BENCH_NAME=searchable-bench
BENCH_LOGS=$DATA/logs
source "$HERE/bench-lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
GAZETTE=$(bench_gazette_path "$GAZETTE")
[[ -x /usr/bin/time ]] || bench_fail "GNU time is needed: apt-get install -y time"
python3 -c 'import yaml' 2>/dev/null || bench_fail "PyYAML is needed: pip install pyyaml"
mkdir -p "$DATA" "$BENCH_LOGS"
CSV=${CSV:-$DATA/searchable.csv}
echo "tool,posts,seconds,ingest_s,check_s,posts_per_s,peak_mib,db_bytes,vs_fts_peer,vs_noindex_peer" >"$CSV"
total=0
for n in $COUNTS; do total=$((total + n)); done
echo "gazette: $GAZETTE"
echo "expected duration: about $((total * (PEERS == 1 ? 6 : 2) / 1000 / 60 + 1)) min (gazette ~1,000 posts/s, the --fts peer ~300/s)"

posts_for() { # prints the folder holding N generated posts, generating it when needed
  local n=$1 candidate
  for candidate in "$PEER_DATA/posts" "/tmp/growth/posts-$n"; do
    if [[ -d $candidate && $(cat "$candidate.stamp" 2>/dev/null) == "count=$n seed=$SEED" ]]; then
      echo "$candidate"
      return
    fi
  done
  local dir=$DATA/posts-$n-$SEED
  if [[ $(cat "$dir.stamp" 2>/dev/null) != "count=$n seed=$SEED" ]]; then
    rm -rf "$dir" "$dir.tmp"
    timeout 3600 python3 "$SHARED/tools/gen_corpus.py" "$dir.tmp" --count "$n" --seed "$SEED" \
      --source "$SHARED/corpus" >&2 || bench_fail "gen_corpus.py failed"
    mv "$dir.tmp" "$dir"
    echo "count=$n seed=$SEED" >"$dir.stamp"
  fi
  echo "$dir"
}

now() { date +%s.%N; }
seconds_between() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# timed NAME LIMIT COMMAND…: runs COMMAND under GNU time and a time limit; sets T_SECONDS, T_KIB
timed() {
  local name=$1 limit=$2
  shift 2
  local stats=$BENCH_LOGS/$name.time
  if ! timeout --kill-after=10 "$limit" /usr/bin/time -f "%e %M" -o "$stats" "$@" >"$BENCH_LOGS/$name.log" 2>&1; then
    tail -n 5 "$BENCH_LOGS/$name.log" >&2
    bench_fail "$name failed or exceeded ${limit}s (log: $BENCH_LOGS/$name.log)"
  fi
  read -r T_SECONDS T_KIB <"$stats"
}

declare -A RATE NOOP
results=()
for n in $COUNTS; do
  posts=$(posts_for "$n")
  limit=$((n / 50 > 600 ? n / 50 : 600))
  echo "== $n posts from $posts"
  python3 "$HERE/searchable_check.py" sample "$posts" "$DATA/sample-$n.json" --sample "$SAMPLE"
  find "$posts" -type f -name '*.md' -print0 | xargs -0 cat >/dev/null # every tool starts from the page cache
  rm -f "$DATA/peer-$n.db"* "$DATA/peer-fts-$n.db"* "$DATA/gazette-$n.sqlite"*
  peer_rate="" fts_rate=""
  if ((PEERS)); then
    echo "-- ingest.py (no index)"
    timed "peer-$n" "$limit" python3 "$SHARED/peers/ingest.py" "$posts" "$DATA/peer-$n.db"
    peer_rate=$(python3 -c "print(round($n / $T_SECONDS))")
    results+=("peer-no-index $n $T_SECONDS $T_SECONDS - $peer_rate $((T_KIB / 1024)) $(stat -c %s "$DATA/peer-$n.db")")
    echo "-- ingest.py --fts"
    t0=$(now)
    timed "peer-fts-$n" "$((limit * 4))" python3 "$SHARED/peers/ingest.py" "$posts" "$DATA/peer-fts-$n.db" --fts
    fts_ingest=$T_SECONDS fts_kib=$T_KIB
    check=$(timeout 600 python3 "$HERE/searchable_check.py" peer "$DATA/peer-fts-$n.db" "$DATA/sample-$n.json") ||
      bench_fail "the --fts peer's index does not find the sample"
    echo "   $check"
    fts_total=$(seconds_between "$t0" "$(now)")
    fts_rate=$(python3 -c "print(round($n / $fts_total))")
    results+=("peer-fts $n $fts_total $fts_ingest $(awk '{print $4}' <<<"$check") $fts_rate $((fts_kib / 1024)) $(stat -c %s "$DATA/peer-fts-$n.db")")
  fi

  echo "-- gazette ingest, then serve until the sample is found"
  config=$DATA/gazette.yaml
  bench_config "$config" "response_cache: false"
  t0=$(now)
  timed "gazette-$n" "$limit" "$GAZETTE" ingest --db "$DATA/gazette-$n.sqlite" "$posts"
  g_ingest=$T_SECONDS g_kib=$T_KIB
  tail -n 1 "$BENCH_LOGS/gazette-$n.log" | sed 's/^/   /'
  grep -q "failed 0" "$BENCH_LOGS/gazette-$n.log" || bench_fail "gazette ingest reported failures (see $BENCH_LOGS/gazette-$n.log)"
  bench_serve "s$n" "$DATA/gazette-$n.sqlite" "$config"
  url_var=SERVE_URL_s$n
  check=$(timeout $((DEADLINE + 60)) python3 "$HERE/searchable_check.py" gazette "${!url_var}" "$DATA/sample-$n.json" --deadline "$DEADLINE") ||
    bench_fail "gazette: the sample was not found by search (see above)"
  g_total=$(seconds_between "$t0" "$(now)")
  echo "   $check"
  pid_var=SERVE_PID_s$n
  g_serve_kib=$(bench_rss "${!pid_var}" | awk '{print $1}')
  bench_stop_serve "s$n"
  g_rate=$(python3 -c "print(round($n / $g_total))")
  RATE[$n]=$g_rate
  results+=("gazette $n $g_total $g_ingest $(awk '{print $4}' <<<"$check") $g_rate $((g_kib / 1024)) $(stat -c %s "$DATA/gazette-$n.sqlite")")
  echo "   (server peak RSS while checking: $((g_serve_kib / 1024)) MiB)"

  echo "-- no-op re-ingest (same unchanged folder)"
  timed "gazette-noop-$n" "$limit" "$GAZETTE" ingest --db "$DATA/gazette-$n.sqlite" "$posts"
  summary=$(tail -n 1 "$BENCH_LOGS/gazette-noop-$n.log")
  echo "   $summary"
  [[ $summary == *"unchanged $n,"* ]] || echo "   WARNING: not every post reported unchanged" >&2
  results+=("gazette-noop-reingest $n $T_SECONDS $T_SECONDS - $(python3 -c "print(round($n / max($T_SECONDS, 0.01)))") $((T_KIB / 1024)) $(stat -c %s "$DATA/gazette-$n.sqlite")")
  NOOP[$n]=$T_SECONDS
  rm -f "$DATA/peer-$n.db"* "$DATA/peer-fts-$n.db"*
done

echo
printf '%-22s %8s %9s %9s %8s %9s %9s %13s %8s %9s\n' tool posts seconds ingest_s check_s "posts/s" "peak MiB" "db bytes" "vs fts" "vs no-idx"
for row in "${results[@]}"; do
  read -r tool n secs ingest check rate peak bytes <<<"$row"
  vs_fts="-" vs_plain="-"
  if [[ $tool == gazette ]] && ((PEERS)); then
    for other in "${results[@]}"; do
      read -r otool on _ _ _ orate _ _ <<<"$other"
      [[ $on == "$n" && $otool == peer-fts ]] && vs_fts=$(python3 -c "print(f'{$rate / $orate:.2f}x')")
      [[ $on == "$n" && $otool == peer-no-index ]] && vs_plain=$(python3 -c "print(f'{$rate / $orate:.2f}x')")
    done
  fi
  printf '%-22s %8d %9.2f %9.2f %8s %9d %9d %13d %8s %9s\n' "$tool" "$n" "$secs" "$ingest" "$check" "$rate" "$peak" "$bytes" "$vs_fts" "$vs_plain"
  bench_csv_row "$CSV" "$tool" "$n" "$secs" "$ingest" "$check" "$rate" "$peak" "$bytes" "${vs_fts%x}" "${vs_plain%x}"
done
echo
counts=($COUNTS)
if ((${#counts[@]} > 1)); then
  first=${counts[0]} last=${counts[-1]}
  python3 - "$first" "${RATE[$first]}" "$last" "${RATE[$last]}" <<'PY'
import sys
a, ra, b, rb = (float(x) for x in sys.argv[1:])
ratio = rb / ra
verdict = ("linear or better (the rate at the larger count is at least 0.8x the smaller's)" if ratio >= 0.8
           else "NOT linear: the rate drops by more than 20% with size")
print(f"growth: gazette {ra:.0f} posts/s at {a:.0f}, {rb:.0f} posts/s at {b:.0f}: rate ratio {ratio:.2f} -> {verdict}")
PY
fi
for n in $COUNTS; do
  python3 - "$n" "${NOOP[$n]}" <<'PY'
import sys
n, seconds = int(sys.argv[1]), float(sys.argv[2])
if n >= 100000:
    print(f"no-op re-ingest at {n:,} posts: {seconds:.2f} s -> goal < 5 s at 100,000 {'met' if seconds < 5 * n / 100000 else 'NOT met'}")
else:
    print(f"no-op re-ingest at {n:,} posts: {seconds:.2f} s ({seconds / n * 1e6:.0f} us per post; "
          f"{seconds * 100000 / n:.1f} s if it grew linearly to 100,000: the goal, < 5 s, is judged at 100,000)")
PY
done
echo "csv: $CSV"
