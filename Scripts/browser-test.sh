#!/usr/bin/env bash
# Tests the reader page at / in a real browser: headless Chromium (Debian's `chromium`
# package) driven over the DevTools protocol by Scripts/browser_test.py (pip install
# websocket-client). Screenshots go to $SHOTS (default /tmp/gazette-shots/).
#
# Starts `gazette serve --demo` (with a write token) on 127.0.0.1 (Scripts/demo-server.sh: the binary is $GAZETTE, else
# a built one, else it builds one) and Chromium with its DevTools endpoint on 127.0.0.1; both are stopped on exit. Chromium reaches
# nothing but 127.0.0.1: every other host goes to a proxy address that refuses (the demo
# articles' images live on publishers' servers and simply do not load), and its background
# services are off.
# Usage: Scripts/browser-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shots="${SHOTS:-/tmp/gazette-shots}"

command -v chromium >/dev/null || { echo "browser-test: needs chromium (apt-get install chromium)" >&2; exit 2; }
python3 -c 'import websocket' 2>/dev/null || {
  echo "browser-test: needs websocket-client (pip install websocket-client)" >&2
  exit 2
}

source Scripts/demo-server.sh
work="$(mktemp -d)"
browser=""
cleanup() {
  if [ -n "$browser" ]; then kill "$browser" 2>/dev/null || true; wait "$browser" 2>/dev/null || true; fi
  demo_stop
  rm -rf "$work"
}
trap cleanup EXIT
# A write token, so that the test can post an article and see the reader announce it live.
token="browser-test-$RANDOM$RANDOM"
demo_start browser-test GAZETTE_WRITE_TOKEN="$token"
port="$DEMO_PORT"

chromium --headless=new --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
  --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
  --disable-domain-reliability --disable-breakpad --metrics-recording-only --no-pings \
  --proxy-server="http://127.0.0.1:9" --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
  --user-data-dir="$work/profile" --remote-debugging-address=127.0.0.1 --remote-debugging-port=0 \
  --lang=en-US --window-size=1280,900 about:blank >"$work/chromium.out" 2>&1 &
browser=$!
for _ in $(seq 1 300); do
  [ -s "$work/profile/DevToolsActivePort" ] && break
  kill -0 "$browser" 2>/dev/null || { echo "browser-test: chromium exited" >&2; cat "$work/chromium.out" >&2; exit 1; }
  sleep 0.1
done
devtools="$(head -n 1 "$work/profile/DevToolsActivePort" 2>/dev/null || true)"
[ -n "$devtools" ] || { echo "browser-test: chromium did not open its DevTools port" >&2; exit 1; }
echo "chromium: DevTools on 127.0.0.1:$devtools"

rm -rf "$shots"
python3 Scripts/browser_test.py "$port" "$devtools" "$shots" "$token"
echo "screenshots: $(ls "$shots" | tr '\n' ' ')"
