#!/usr/bin/env bash
# Ingest benchmark: `gazette ingest` against the peer's ingest.py, side by side, on the same
# generated posts, in one run.
#
# usage: Benchmarks/ingest-bench.sh [--counts "10000 100000"] [--seed 42]
#   Posts come from ../shared/tools/gen_corpus.py (the 100,000-post folder of the peers' setup
#   is reused when it has the same count and seed). Each tool ingests into a fresh database;
#   the posts are read once beforehand so both start from the page cache.
#   Reports wall time, articles/second and peak resident memory (GNU time's %M) per tool.
# Data lives under $BENCH_DATA (default ${TMPDIR:-/tmp}/gazette-bench); nothing is committed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
DATA=${BENCH_DATA:-${TMPDIR:-/tmp}/gazette-bench}
PEER_DATA=${PEER_DATA:-${TMPDIR:-/tmp}/gazette-peers}
COUNTS="10000 100000"; SEED=42
while [[ $# -gt 0 ]]; do
  case $1 in
    --counts) COUNTS=$2; shift 2;; --seed) SEED=$2; shift 2;;
    -h|--help) sed -n '2,10p' "$0"; exit 0;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 2; }
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml
mkdir -p "$DATA"

echo "== building gazette (release)"
(cd "$ROOT" && swift build -c release --product gazette 2>&1 | tail -n 1)
GAZETTE=$ROOT/.build/release/gazette

posts_for() {  # prints the folder holding N generated posts, generating it when needed
  local n=$1
  if [[ -d $PEER_DATA/posts && $(cat "$PEER_DATA/posts.stamp" 2>/dev/null) == "count=$n seed=$SEED" ]]; then
    echo "$PEER_DATA/posts"; return
  fi
  local dir=$DATA/posts-$n-$SEED
  if [[ ! -d $dir ]]; then
    python3 "$SHARED/tools/gen_corpus.py" "$dir.tmp" --count "$n" --seed "$SEED" --source "$SHARED/corpus" >&2
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

measure() {  # name posts-dir db command...: prints "seconds peak_kib"
  local out; out=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$out" "${@:3}" >"$DATA/$1.log" 2>&1 || { echo "$1 failed, see $DATA/$1.log" >&2; cat "$DATA/$1.log" >&2; exit 1; }
  cat "$out"; rm -f "$out"
}

printf '\n%-10s %8s %9s %12s %10s %8s\n' tool posts seconds "articles/s" "peak MiB" "vs peer"
for n in $COUNTS; do
  dir=$(posts_for "$n")
  find "$dir" -type f -name '*.md' -print0 | xargs -0 cat > /dev/null   # warm the page cache for both
  rm -f "$DATA/peer-$n.db"*; rm -f "$DATA/gazette-$n.sqlite"*
  read -r ps pk < <(measure "peer-$n" "$dir" python3 "$SHARED/peers/ingest.py" "$dir" "$DATA/peer-$n.db")
  read -r gs gk < <(measure "gazette-$n" "$dir" "$GAZETTE" ingest --db "$DATA/gazette-$n.sqlite" "$dir")
  grep -q "failed 0" "$DATA/gazette-$n.log" || { echo "gazette reported failures:" >&2; tail -3 "$DATA/gazette-$n.log" >&2; }
  prate=$(python3 -c "print(round($n/$ps))"); grate=$(python3 -c "print(round($n/$gs))")
  printf '%-10s %8d %9.1f %12d %10.0f %8s\n' peer "$n" "$ps" "$prate" "$(python3 -c "print($pk/1024)")" 1.00x
  printf '%-10s %8d %9.1f %12d %10.0f %8s\n' gazette "$n" "$gs" "$grate" "$(python3 -c "print($gk/1024)")" \
    "$(python3 -c "print(f'{$grate/$prate:.2f}x')")"
  echo "           gazette: $(tail -n 1 "$DATA/gazette-$n.log"); db $(stat -c %s "$DATA/gazette-$n.sqlite") bytes, peer db $(stat -c %s "$DATA/peer-$n.db") bytes"
done
