#!/usr/bin/env bash
# Checks every curl example of README.md against the demo server (see readme_examples.py).
# usage: Scripts/readme-examples.sh [--update]     GAZETTE=path/to/gazette to use a built binary
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GAZETTE=${GAZETTE:-$ROOT/.build/release/gazette}
[[ -x $GAZETTE ]] || (cd "$ROOT" && swift build -c release --product gazette >/dev/null)
exec python3 "$ROOT/Scripts/readme_examples.py" "$GAZETTE" "$ROOT/README.md" "$@"
