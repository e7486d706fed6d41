# Shared by the scripts that check a live demo server (source it; it defines functions only).
#
#   demo_binary            prints the gazette binary to use: $GAZETTE (or the older name
#                          $GAZETTE_BIN), else .build/debug/gazette or .build/release/gazette,
#                          else it builds the debug one
#   demo_start NAME [VAR=VALUE ...]
#                          starts `gazette serve --demo --host 127.0.0.1 --port 0` with the
#                          given environment, waits (at most 30 s) for its "listening" line and
#                          sets DEMO_PORT and DEMO_PID; NAME prefixes the error messages
#   demo_stop              stops the server demo_start started (safe to call twice)
# The caller runs from the repository root and calls demo_stop from its EXIT trap.

demo_binary() {
  local binary="${GAZETTE:-${GAZETTE_BIN:-}}" candidate
  if [ -z "$binary" ]; then
    for candidate in .build/debug/gazette .build/release/gazette; do
      if [ -x "$candidate" ]; then binary="$candidate"; break; fi
    done
  fi
  if [ -z "$binary" ]; then
    swift build --product gazette >&2
    binary=.build/debug/gazette
  fi
  echo "$binary"
}

DEMO_PID="" DEMO_PORT="" DEMO_OUT=""

demo_start() {
  local name="$1" binary line
  shift
  binary="$(demo_binary)"
  DEMO_OUT="$(mktemp)"
  env "$@" "$binary" serve --demo --host 127.0.0.1 --port 0 >"$DEMO_OUT" 2>"$DEMO_OUT.err" &
  DEMO_PID=$!
  for _ in $(seq 1 300); do
    line="$(head -n 1 "$DEMO_OUT" 2>/dev/null || true)"
    if [[ "$line" =~ ^gazette:\ listening\ on\ http://127\.0\.0\.1:([0-9]+) ]]; then
      DEMO_PORT="${BASH_REMATCH[1]}"
      echo "$line"
      return 0
    fi
    kill -0 "$DEMO_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name: the demo server did not start" >&2
  cat "$DEMO_OUT.err" >&2
  return 1
}

demo_stop() {
  if [ -n "$DEMO_PID" ]; then
    kill "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
    DEMO_PID=""
  fi
  if [ -n "$DEMO_OUT" ]; then rm -f "$DEMO_OUT" "$DEMO_OUT.err"; fi
}
