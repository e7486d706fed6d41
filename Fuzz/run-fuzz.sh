#!/usr/bin/env bash
# Builds the libFuzzer target for HTTPServer's RequestParser (parser sources + Fuzz/FuzzRequestParser.swift,
# with -sanitize=fuzzer,address) and runs it.
#
# usage: Fuzz/run-fuzz.sh [SECONDS]        (default 600; pass 0 to only build)
# Corpus: Fuzz/corpus (seeds, committed) + .build-fuzz/corpus (found inputs, not committed).
# Crashes are written as crash-* in .build-fuzz/ (git-ignored).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_TO_RUN=${1:-600}
OUT="$ROOT/.build-fuzz"
mkdir -p "$OUT/corpus"
SRC="$ROOT/Sources/HTTPServer"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name HTTPServerFuzz \
    "$SRC/RequestParser.swift" "$SRC/Request.swift" "$SRC/HTTPError.swift" "$SRC/HTTPStatus.swift" \
    "$SRC/HTTPMethod.swift" "$SRC/HTTPHeader.swift" "$SRC/ASCII.swift" "$SRC/PercentDecoding.swift" \
    "$ROOT/Fuzz/FuzzRequestParser.swift" -o "$OUT/fuzz-request-parser"
echo "built $OUT/fuzz-request-parser"
(( SECONDS_TO_RUN > 0 )) || exit 0
cd "$OUT"
exec ./fuzz-request-parser -max_total_time="$SECONDS_TO_RUN" -max_len=2048 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 corpus "$ROOT/Fuzz/corpus"
