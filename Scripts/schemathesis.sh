#!/usr/bin/env bash
# Property-based check of the live server against its own /openapi.json with schemathesis
# (PyPI). Starts `gazette serve --demo` on 127.0.0.1 (a free port, Scripts/demo-server.sh) with a
# write token, runs a bounded number of examples per operation, and stops the server.
# usage: Scripts/schemathesis.sh [MAX_EXAMPLES]   (default 30)
# positive_data_acceptance is left out: it expects any string that fits the schema to be
# accepted, but cursors and change tokens are opaque values only the server makes, and a
# made-up one is rightly a 400 naming the parameter (the document says so).
# use_after_free is left out too: API.md makes `/v1/articles/{id-or-slug}` try all digits as an
# id and then as a slug, so after `DELETE /v1/articles/84` a GET of `84` rightly answers with the
# article whose slug is "84" when the fuzzer has made one (it does: slugs are free strings).
# Deleted articles answering 404 by id, slug and /body, cached or not, is covered by WriteTests
# and ResponseCacheTests instead.
# SEED=N makes a run repeatable (schemathesis prints the seed of every run).
set -euo pipefail
cd "$(dirname "$0")/.."
MAX=${1:-30}
command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis
source Scripts/demo-server.sh
trap demo_stop EXIT
TOKEN=schemathesis-$RANDOM$RANDOM
demo_start schemathesis GAZETTE_WRITE_TOKEN="$TOKEN"
PORT=$DEMO_PORT
BASE=http://127.0.0.1:$PORT
timeout 900 schemathesis run "$BASE/openapi.json" --url "$BASE" --max-examples "$MAX" --checks all --exclude-checks positive_data_acceptance,use_after_free \
  --workers 1 ${SEED:+--seed $SEED} -H "Authorization: Bearer $TOKEN"
