# Shared by the benchmark scripts (source it; it defines variables and functions only).
#
#   bench_fail MESSAGE…         prints "NAME: MESSAGE" on stderr and exits 1
#   bench_gazette_path PATH     checks PATH is an executable gazette; prints its absolute path
#   bench_config FILE [KEY: VALUE…]
#                               writes a gazette config: no access log, then the lines given
#   bench_serve NAME DB CONFIG [--cpu N] [gazette serve arguments…]
#                               starts `gazette serve --db DB --config CONFIG --host 127.0.0.1
#                               --port 0` (under `taskset -c N` with --cpu), waits at most
#                               $BENCH_START_SECONDS (120) for its "listening" line, and sets
#                               SERVE_PID_<NAME>, SERVE_PORT_<NAME> and SERVE_URL_<NAME>;
#                               stdout/stderr go to $BENCH_LOGS/serve-NAME.log
#   bench_stop_serve NAME       SIGTERM, then SIGKILL after 20 s, for a server bench_serve started
#   bench_track PID             remember a process to kill in bench_cleanup
#   bench_cleanup               stops every server and tracked process (call it from the EXIT trap)
#   bench_rss PID               prints "VmHWM_kB VmRSS_kB RssAnon_kB RssFile_kB" of a live process
#                               (RssFile: pages of mapped files, e.g. SQLite's mmap of the database)
#   bench_wrk_line ARGS…        runs wrk with ARGS and the RESULT hook below; prints the RESULT line
#   bench_csv_row FILE FIELDS…  appends one CSV row (fields must not hold commas)
# Only 127.0.0.1 is used. $BENCH_NAME prefixes messages; $BENCH_LOGS is the log folder.

BENCH_NAME=${BENCH_NAME:-bench}
BENCH_START_SECONDS=${BENCH_START_SECONDS:-120}
BENCH_SERVERS=()
BENCH_TRACKED=()
BENCH_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

bench_fail() {
  echo "$BENCH_NAME: $*" >&2
  exit 1
}

bench_gazette_path() {
  local path=$1
  [[ -x $path ]] || bench_fail "no gazette binary at $path (build it: swift build -c release --product gazette, or pass --gazette PATH)"
  echo "$(cd "$(dirname "$path")" && pwd)/$(basename "$path")"
}

bench_config() {
  local file=$1
  shift
  {
    echo "access_log: false"
    local line
    for line in "$@"; do echo "$line"; done
  } >"$file"
}

bench_serve() {
  local name=$1 db=$2 config=$3
  shift 3
  local cpu=""
  if [[ ${1:-} == --cpu ]]; then
    cpu=$2
    shift 2
  fi
  local log=$BENCH_LOGS/serve-$name.log
  local -a command=("$GAZETTE" serve --db "$db" --config "$config" --host 127.0.0.1 --port 0 "$@")
  if [[ -n $cpu ]]; then command=(taskset -c "$cpu" "${command[@]}"); fi
  # Emptied here, not only by the background job's redirection: the wait below could otherwise
  # read the previous run's "listening" line (and port) before the job has opened the log.
  : >"$log"
  "${command[@]}" >>"$log" 2>&1 &
  local pid=$!
  BENCH_SERVERS+=("$pid")
  local deadline=$((SECONDS + BENCH_START_SECONDS)) line=""
  while ((SECONDS < deadline)); do
    line=$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null || true)
    [[ -n $line ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z $line ]]; then
    tail -n 20 "$log" >&2
    kill -0 "$pid" 2>/dev/null || bench_fail "gazette serve ($name) exited before listening (log: $log)"
    bench_fail "gazette serve ($name) did not start within ${BENCH_START_SECONDS}s (log: $log)"
  fi
  printf -v "SERVE_PID_$name" '%s' "$pid"
  printf -v "SERVE_PORT_$name" '%s' "${line##*:}"
  printf -v "SERVE_URL_$name" 'http://127.0.0.1:%s' "${line##*:}"
}

bench_stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_stop_serve() {
  local var="SERVE_PID_$1"
  [[ -n ${!var:-} ]] && bench_stop_pid "${!var}"
  printf -v "$var" '%s' ""
}

bench_track() { BENCH_TRACKED+=("$1"); }

bench_cleanup() {
  local pid
  for pid in "${BENCH_TRACKED[@]}" "${BENCH_SERVERS[@]}"; do
    [[ -n $pid ]] && bench_stop_pid "$pid"
  done
  BENCH_TRACKED=()
  BENCH_SERVERS=()
}

bench_rss() {
  awk '/^VmHWM:/ {h = $2} /^VmRSS:/ {r = $2} /^RssAnon:/ {a = $2} /^RssFile:/ {f = $2} END {print h, r, a, f}' "/proc/$1/status"
}

bench_wrk_line() {
  local out
  out=$(wrk -s "$BENCH_LIB_DIR/wrk-result.lua" "$@" 2>&1) || {
    echo "$out" >&2
    return 1
  }
  grep -m1 '^RESULT ' <<<"$out" || {
    echo "$out" >&2
    return 1
  }
}

bench_csv_row() {
  local file=$1
  shift
  local IFS=,
  echo "$*" >>"$file"
}
