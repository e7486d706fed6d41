#!/usr/bin/env bash
# The cache tier of deploy/nginx/gazette.conf on loopback, in one bounded command:
# nginx (Debian's package) in front of two `gazette serve` processes on one temporary database.
#
# usage: deploy/nginx/tier.sh [--gazette PATH] [--posts DIR] [--seconds N] [--connections N] [--max-age N]
#   --gazette      the gazette binary (default .build/release/gazette; this script builds nothing)
#   --posts        a folder of posts to ingest (default: the demo articles in Samples/)
#   --seconds      length of each wrk run (default 3)
#   --connections  wrk connections (default 32)
#   --max-age      the Gazettes' `cache_control: public, max-age=N` (default 5): the bound under test
# Ports: TIER_PORT (default 18080) for nginx, GAZETTE_PORT_A/GAZETTE_PORT_B (18081, 18082).
#
# Shows (a) cached read throughput through the tier against one Gazette directly (same URL),
# (b) that a write through the tier is visible to plain readers within max-age and at once to
# clients that revalidate, (c) that /v1/stream works through the proxy. Exits non-zero if (b) or
# (c) fails. Everything it starts (two gazettes, nginx, curl) it stops on exit; files are under
# one temporary folder in /tmp, removed on exit (TIER_KEEP=1 keeps it, for its logs).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
GAZETTE=$ROOT/.build/release/gazette
POSTS=$ROOT/Samples
SECONDS_PER_RUN=3
CONNECTIONS=32
MAX_AGE=5
TIER_PORT=${TIER_PORT:-18080}
PORT_A=${GAZETTE_PORT_A:-18081}
PORT_B=${GAZETTE_PORT_B:-18082}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

while (($#)); do
  case $1 in
    --gazette) GAZETTE=$2; shift 2 ;;
    --posts) POSTS=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --max-age) MAX_AGE=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

need() { command -v "$1" >/dev/null || { echo "tier.sh needs $1" >&2; exit 2; }; }
need curl; need wrk; need ss
[[ -x $NGINX ]] || { echo "no nginx at $NGINX (apt-get install nginx, or set NGINX)" >&2; exit 2; }
[[ -x $GAZETTE ]] || { echo "no gazette binary at $GAZETTE (swift build -c release, or --gazette PATH)" >&2; exit 2; }
[[ -d $POSTS ]] || { echo "no posts folder at $POSTS" >&2; exit 2; }
for port in "$TIER_PORT" "$PORT_A" "$PORT_B"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    echo "port $port is in use; set TIER_PORT, GAZETTE_PORT_A, GAZETTE_PORT_B" >&2
    exit 2
  fi
done

WORK=$(mktemp -d /tmp/gazette-tier.XXXXXX)
chmod 755 "$WORK"  # nginx's workers (user nobody when started as root) read the prefix
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ ${TIER_KEEP:-0} == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }
wait_up() {  # URL: up to 10 s
  for _ in $(seq 1 100); do curl -s -o /dev/null --max-time 1 "$1" && return 0; sleep 0.1; done
  echo "$1 did not come up (logs in $WORK)" >&2
  exit 1
}

# --- The database and the two Gazettes -------------------------------------------------------
TOKEN=tier-$RANDOM$RANDOM
cat >"$WORK/gazette.yaml" <<YAML
db: $WORK/gazette.sqlite
write_token: $TOKEN
cache_control: "public, max-age=$MAX_AGE"
access_log: false
YAML
if [[ $POSTS == "$ROOT/Samples" ]]; then  # the demo articles, without their SOURCES.md
  mkdir "$WORK/posts"
  find "$ROOT/Samples" -maxdepth 1 -type f ! -name SOURCES.md -exec cp {} "$WORK/posts/" \;
  POSTS=$WORK/posts
fi
"$GAZETTE" ingest "$POSTS" --config "$WORK/gazette.yaml" >"$WORK/ingest.log" 2>&1 ||
  { cat "$WORK/ingest.log" >&2; exit 1; }
for port in "$PORT_A" "$PORT_B"; do
  "$GAZETTE" serve --config "$WORK/gazette.yaml" --host 127.0.0.1 --port "$port" >"$WORK/gazette-$port.log" 2>&1 &
  PIDS+=($!)
done
wait_up "http://127.0.0.1:$PORT_A/healthz"
wait_up "http://127.0.0.1:$PORT_B/healthz"

# --- nginx, with this script's ports, under $WORK/nginx --------------------------------------
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/temp"
sed -e "s/127\.0\.0\.1:8080;/127.0.0.1:$TIER_PORT;/" -e "s/127\.0\.0\.1:8081;/127.0.0.1:$PORT_A;/" \
  -e "s/127\.0\.0\.1:8082;/127.0.0.1:$PORT_B;/" "$HERE/gazette.conf" >"$WORK/nginx/gazette.conf"
"$NGINX" -t -q -p "$WORK/nginx/" -c "$WORK/nginx/gazette.conf" -g 'daemon off;'
"$NGINX" -p "$WORK/nginx/" -c "$WORK/nginx/gazette.conf" -g 'daemon off;' 2>>"$WORK/nginx/logs/error.log" &
PIDS+=($!)
TIER=http://127.0.0.1:$TIER_PORT
wait_up "$TIER/healthz"
articles=$(curl -s "$TIER/readyz" | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')
echo "tier up: nginx $("$NGINX" -v 2>&1 | sed 's/.*\///') on :$TIER_PORT -> gazette :$PORT_A, :$PORT_B;" \
  "$articles articles in $WORK/gazette.sqlite; cache_control: public, max-age=$MAX_AGE"

failed=0

# --- (a) Cached reads: the tier against one Gazette ------------------------------------------
# wrk's Requests/sec and the 99% line of --latency, p99 in ms.
measure() {  # URL
  local out rps p99
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 5s --latency "$1")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v)}' <<<"$out")
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then
    echo "    (wrk: $(grep "Non-2xx\|Socket errors" <<<"$out" | tr -s ' ' | xargs))" >&2
  fi
  echo "$rps $p99"
}
echo
echo "(a) cached reads, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s on one 2-core machine (wrk, nginx and the Gazettes share it)"
printf '    %-24s %14s %9s %14s %9s %7s\n' "URL" "gazette req/s" "p99 ms" "tier req/s" "p99 ms" "ratio"
for target in "/v1/articles" "/v1/articles/1"; do
  for _ in 1 2; do curl -s -o /dev/null -o /dev/null "$TIER$target" "http://127.0.0.1:$PORT_A$target"; done
  read -r direct_rps direct_p99 <<<"$(measure "http://127.0.0.1:$PORT_A$target")"
  read -r tier_rps tier_p99 <<<"$(measure "$TIER$target")"
  ratio=$(awk -v a="$tier_rps" -v b="$direct_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '    %-24s %14s %9s %14s %9s %6sx\n' "$target" "$direct_rps" "$direct_p99" "$tier_rps" "$tier_p99" "$ratio"
done
echo "    X-Cache of a repeated read through the tier: $(curl -s -o /dev/null -D - "$TIER/v1/articles" |
  tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" {print $2}');" \
  "connections nginx keeps open to the Gazettes (upstream keepalive):" \
  "$(ss -tnH state established "( dport = :$PORT_A or dport = :$PORT_B )" | wc -l)"

# --- (b) A write through the tier ------------------------------------------------------------
post() {  # SLUG: POSTs an article through the tier, prints the status
  local body
  body=$(printf '{"title":"Tier %s","slug":"%s","published_at":"%s","body_markdown":"Written through nginx."}' \
    "$1" "$1" "$(date -u +%Y-%m-%dT%H:%M:%SZ)")
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "$body" "$TIER/v1/articles"
}
header() {  # NAME, then curl arguments: the value of that response header
  local name=$1
  shift
  curl -s -o /dev/null -D - --max-time 10 "$@" | tr -d '\r' |
    awk -F': ' -v n="$(tr 'A-Z' 'a-z' <<<"$name")" 'tolower($1) == n {print $2}'
}
LIST=$TIER/v1/articles
echo
echo "(b) a write through the tier (cache_control: public, max-age=$MAX_AGE)"
# Gazette's own ETag and 304, first.
etag=$(header ETag "http://127.0.0.1:$PORT_A/v1/articles")
etag_b=$(header ETag "http://127.0.0.1:$PORT_B/v1/articles")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://127.0.0.1:$PORT_B/v1/articles")
echo "    gazette :$PORT_A ETag $etag, :$PORT_B ETag $etag_b; If-None-Match on :$PORT_B -> $code;" \
  "Cache-Control: $(header Cache-Control "http://127.0.0.1:$PORT_A/v1/articles")"
[[ $etag == "$etag_b" && $code == 304 ]] || { echo "    FAIL: the Gazettes' ETags differ or no 304"; failed=1; }

# An expired entry whose data did not change: nginx serves it once more (STALE) while it
# revalidates in the background with the stored ETag, which a Gazette answers 304.
revalidated() {  # 304s the two Gazettes answered on /v1/tags, from their /metrics
  local port total=0 count
  for port in "$PORT_A" "$PORT_B"; do
    count=$(curl -s --max-time 5 "http://127.0.0.1:$port/metrics" |
      awk '$1 == "gazette_http_requests_total{route=\"/v1/tags\",status=\"304\"}" {print $2}')
    total=$((total + ${count:-0}))
  done
  echo "$total"
}
curl -s -o /dev/null -H 'Cache-Control: no-cache' "$TIER/v1/tags"
before=$(revalidated)
sleep "$((MAX_AGE + 1)).2"
first=$(header X-Cache "$TIER/v1/tags")
sleep 0.3
second=$(header X-Cache "$TIER/v1/tags")
after=$(revalidated)
echo "    unchanged /v1/tags past max-age: X-Cache $first, then $second; the Gazettes answered" \
  "$((after - before)) revalidation(s) 304"
((after > before)) || { echo "    FAIL: no revalidation answered 304"; failed=1; }

# Plain readers: visible within max-age, + up to 1 s (nginx counts validity in whole seconds),
# + the background update's round trip and the polling step: 2 s of slack. The worst case is measured:
# the cached list is stored just before the write (a no-cache request refreshes it).
curl -s -o /dev/null -H 'Cache-Control: no-cache' "$LIST"
cached=$(header X-Cache "$LIST")
slug=tier-plain-$RANDOM
status=$(post "$slug")
written=$(now_ms)
seen=""
statuses=""
while (($(now_ms) - written < (MAX_AGE + 5) * 1000)); do
  out=$(curl -s -D "$WORK/h" --max-time 5 "$LIST")
  statuses+="$(tr -d '\r' <"$WORK/h" | awk -F': ' 'tolower($1) == "x-cache" {print $2}') "
  if grep -q "\"$slug\"" <<<"$out"; then seen=$(now_ms); break; fi
  sleep 0.1
done
if [[ $status == 201 && -n $seen ]]; then
  delay=$((seen - written))
  echo "    plain reader: POST $status; the list cached just before (X-Cache $cached) showed it after $delay ms" \
    "(bound $((MAX_AGE * 1000)) ms + 2 s slack);"
  echo "      X-Cache of the polls (every 100 ms): $(tr ' ' '\n' <<<"$statuses" | grep . | uniq -c |
    awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')"
  ((delay <= MAX_AGE * 1000 + 2000)) || { echo "    FAIL: later than max-age"; failed=1; }
else
  echo "    FAIL: plain reader: POST $status; the new article never appeared within $((MAX_AGE + 5)) s"
  failed=1
fi

# Revalidating readers: at once.
curl -s -o /dev/null "$LIST"
slug=tier-no-cache-$RANDOM
status=$(post "$slug")
written=$(now_ms)
out=$(curl -s -D "$WORK/h" -H 'Cache-Control: no-cache' "$LIST")
got=$(now_ms)
cache_status=$(tr -d '\r' <"$WORK/h" | awk -F': ' 'tolower($1) == "x-cache" {print $2}')
if [[ $status == 201 ]] && grep -q "\"$slug\"" <<<"$out"; then
  plain=$(curl -s "$LIST")
  grep -q "\"$slug\"" <<<"$plain" && then_plain="sees it too" || then_plain="does not see it yet"
  echo "    Cache-Control: no-cache reader: new article $((got - written)) ms after the POST (X-Cache $cache_status);" \
    "a plain reader right after $then_plain (the revalidation refreshed the shared entry)"
else
  echo "    FAIL: Cache-Control: no-cache reader did not see the write (POST $status, X-Cache $cache_status)"
  failed=1
fi

curl -s -o /dev/null "$LIST"
old=$(header ETag "$LIST")
slug=tier-if-none-match-$RANDOM
status=$(post "$slug")
written=$(now_ms)
out=$(curl -s -D "$WORK/h" -H "If-None-Match: $old" "$LIST")
got=$(now_ms)
code=$(head -1 "$WORK/h" | awk '{print $2}')
new=$(tr -d '\r' <"$WORK/h" | awk -F': ' 'tolower($1) == "etag" {print $2}')
if [[ $status == 201 && $code == 200 ]] && grep -q "\"$slug\"" <<<"$out"; then
  again=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $new" "$LIST")
  echo "    If-None-Match reader: old tag $old -> $code with $new $((got - written)) ms after the POST;" \
    "the new tag -> $again"
  [[ $again == 304 ]] || { echo "    FAIL: no 304 through the tier for the current tag"; failed=1; }
else
  echo "    FAIL: If-None-Match reader did not see the write (POST $status, answer $code)"
  failed=1
fi

# --- (c) /v1/stream through the proxy --------------------------------------------------------
echo
echo "(c) /v1/stream through nginx (curl -N, buffering off)"
curl -sN --max-time 20 "$TIER/v1/stream" >"$WORK/stream.txt" 2>/dev/null &
STREAM=$!
PIDS+=("$STREAM")
for _ in $(seq 1 100); do grep -q '^retry:' "$WORK/stream.txt" && break; sleep 0.1; done
slug=tier-stream-$RANDOM
status=$(post "$slug")
written=$(now_ms)
seen=""
while (($(now_ms) - written < 5000)); do
  if grep -q "\"slug\":\"$slug\"" "$WORK/stream.txt"; then seen=$(now_ms); break; fi
  sleep 0.05
done
kill "$STREAM" 2>/dev/null || true
if [[ $status == 201 && -n $seen ]]; then
  echo "    POST $status; the event arrived through the proxy within $((seen - written)) ms:"
  grep -B2 "\"slug\":\"$slug\"" "$WORK/stream.txt" | cut -c1-160 | sed 's/^/      /'
else
  echo "    FAIL: no event for $slug through the proxy within 5 s (POST $status); the stream read:"
  head -c 600 "$WORK/stream.txt" | sed 's/^/      /'
  failed=1
fi

echo
if ((failed)); then echo "tier: FAILED"; else echo "tier: ok"; fi
exit "$failed"
