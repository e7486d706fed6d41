#!/usr/bin/env bash
# Snapshots the demo server's answers, to show a refactoring changes no response:
#   Scripts/api-snapshot.sh OLD_BINARY /tmp/before; Scripts/api-snapshot.sh NEW_BINARY /tmp/after
#   diff -r /tmp/before /tmp/after
# Every route, every demo article by id, slug and /body, lists, search, feeds, errors, OPTIONS: the
# status line, headers (less Date and X-Request-Id; with gzip, less Content-Length) and body, one
# file per request. Ingest times of the in-memory demo are replaced by NOW, the port by HOST; the
# server runs on SNAP_PORT (default 38123) so that host-dependent ETags compare.
# usage: Scripts/api-snapshot.sh GAZETTE_BINARY OUTDIR
set -euo pipefail
BIN=$1; OUT=$2; rm -rf "$OUT"; mkdir -p "$OUT"
LOG=$(mktemp)
"$BIN" serve --demo --host 127.0.0.1 --port ${SNAP_PORT:-38123} >"$LOG" 2>/dev/null &
PID=$!; trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 300); do grep -q listening "$LOG" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$LOG" | head -1 | cut -d: -f2)
B=http://127.0.0.1:$PORT
TODAY=$(date -u +%Y-%m-%d); HTTPDAY=$(date -u "+%a, %d %b %Y")
norm() { perl -pe "s/127.0.0.1:${PORT}/HOST/g; s/${TODAY}T\d\d:\d\d:\d\dZ/NOW/g; s/${HTTPDAY} \d\d:\d\d:\d\d GMT/NOW/g; s/\"(ingested_at|updated_at)\":\d+/\"\1\":NOW/g"; }
urls=(/ /healthz /readyz /openapi.json /v1/articles "/v1/articles?limit=100" "/v1/articles?limit=3&fields=id,title"
 "/v1/articles?q=%E4%B8%AD%E5%9B%BD" "/v1/articles?q=hexo" "/v1/articles?q=%E7%9A%84&limit=5" "/v1/articles?sort=published_at&limit=5"
 "/v1/articles?category=%E9%87%91%E8%9E%8D" "/v1/articles?offset=5&limit=5" "/v1/articles?since=2021-07-01&until=2021-08-01"
 "/v1/articles?limit=0" "/v1/articles?limit=abc" "/v1/articles?cursor=zzz" /v1/categories "/v1/categories?flat=true" /v1/tags /v1/authors
 /v1/changes "/v1/changes?since=bad" /v1/feed.atom /v1/feed.rss /v1/feed.json "/v1/feed.atom?category=%E9%87%91%E8%9E%8D"
 /v1/articles/999999 /nope /v1/articles/1/body "/v1/articles/1/body?format=text" "/v1/articles/1/body?format=raw" "/v1/articles/1/body?format=x")
SLUGS=$(mktemp)
ids=$(curl -s "$B/v1/articles?limit=100&fields=id,slug" | python3 -c '
import json, sys, urllib.parse
data = json.load(sys.stdin)["data"]
print(" ".join(str(a["id"]) for a in data))
with open(sys.argv[1], "w") as out:
    out.write("\n".join(urllib.parse.quote(a["slug"], safe="") for a in data) + "\n")' "$SLUGS")
for i in $ids; do urls+=("/v1/articles/$i" "/v1/articles/$i/body"); done
while read -r s; do urls+=("/v1/articles/$s" "/articles/$s"); done < "$SLUGS"
rm -f "$SLUGS"
n=0
for u in "${urls[@]}"; do
  n=$((n+1)); f=$(printf "%s/%03d" "$OUT" $n)
  echo "GET $u" > "$f"
  curl -s -D - "$B$u" | grep -aiv '^\(date\|x-request-id\):' | norm >> "$f"
  echo "HEAD+gzip $u" > "$f.gz"
  curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$B$u" | grep -aiv '^\(date\|x-request-id\|content-length\):' | norm >> "$f.gz"
done
curl -s -D - -X OPTIONS -H 'Origin: http://x' "$B/v1/articles" | grep -aiv '^\(date\|x-request-id\):' | norm > "$OUT/options"
curl -s -D - -X DELETE "$B/v1/articles/1" | grep -aiv '^\(date\|x-request-id\):' | norm > "$OUT/delete-notoken"
curl -s -D - -X PATCH "$B/v1/articles/1" | grep -aiv '^\(date\|x-request-id\):' | norm > "$OUT/patch"
echo "$n requests snapshotted to $OUT"
