#!/usr/bin/env bash
# Verifies every webhook delivery of a Gazette server with Python's `standardwebhooks` (PyPI),
# a Standard Webhooks implementation nobody here wrote (see webhooks_check.py).
# usage: Scripts/webhooks-check.sh
# The binary is found as Scripts/demo-server.sh finds it: $GAZETTE, else a built one, else it
# builds one.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/demo-server.sh
binary="$(demo_binary)"
python3 -c "import standardwebhooks" 2>/dev/null || python3 -m pip install -q standardwebhooks
exec python3 Scripts/webhooks_check.py "$binary"
