#!/usr/bin/env bash
# Checks every curl example of README.md against the demo server (see readme_examples.py).
# usage: Scripts/readme-examples.sh [--update]
# The binary is found as Scripts/demo-server.sh finds it: $GAZETTE, else a built one, else it
# builds one.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/demo-server.sh
binary="$(demo_binary)"
exec python3 Scripts/readme_examples.py "$binary" README.md "$@"
