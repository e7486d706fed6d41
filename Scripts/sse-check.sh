#!/usr/bin/env bash
# Reads the live server's /v1/stream with httpx-sse (PyPI), an SSE client nobody here wrote:
# sees a posted article announced, disconnects, resumes with Last-Event-ID and gets exactly
# the changes it missed, then live ones (Scripts/sse_check.py). Starts `gazette serve --demo`
# on 127.0.0.1 (a free port, Scripts/demo-server.sh) with a write token and stops it after.
# usage: Scripts/sse-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import httpx_sse" 2>/dev/null || python3 -m pip install -q httpx-sse
source Scripts/demo-server.sh
trap demo_stop EXIT
TOKEN=sse-check-$RANDOM$RANDOM
demo_start sse-check GAZETTE_WRITE_TOKEN="$TOKEN"
timeout 120 python3 Scripts/sse_check.py "http://127.0.0.1:$DEMO_PORT" "$TOKEN"
