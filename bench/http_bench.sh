#!/usr/bin/env bash
# HTTP throughput of one ungcuu binary on loopback, measured with wrk:
#   1. GET /healthz                       (bare endpoint: no session, no database)
#   2. GET /api/v1/units?limit=50         (signed-in coordinator: session lookup, role scope,
#                                          a 50-unit page from SQLite, JSON)
# Prints requests/s and p99 latency of both and the ratio (target: the list reaches at least
# 50 % of the bare endpoint's rate), then the list again with its page cache turned off
# (--list-cache-ms 0), to show the cost of a cache miss.
# Usage: bench/http_bench.sh [BINARY] [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/ungcuu}
duration=${2:-10}
connections=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/ungcuu-bench-XXXXXX)
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# A province-sized tree: the demo plus 100 communes, so that a page holds 50 units.
{
  echo "code,parent_code,kind,name_vi,name_en"
  for i in $(seq 1 100); do echo "BENCH-$i,DLK,commune,Xã thử nghiệm $i,Bench commune $i"; done
} >"$work/units.csv"
# shellcheck source=bench/serve_lib.sh
source bench/serve_lib.sh
start() {  # extra serve arguments
  start_demo_server "$@"
  port=${base##*:}
  curl -s -c "$work/cookies" -H 'Content-Type: application/json' \
    -d '{"login":"dieuphoi","password":"ungcuu-demo-2026"}' "http://127.0.0.1:$port/api/v1/session" >/dev/null
  session=$(awk '$6 == "ungcuu_session" {print $7}' "$work/cookies")
}
stop() {
  kill "$server"
  wait "$server" 2>/dev/null || true
}

start
"$binary" units import --db "sqlite:$work/bench.db" "$work/units.csv" >/dev/null
items=$(curl -s -H "Cookie: ungcuu_session=$session" "http://127.0.0.1:$port/api/v1/units?limit=50" |
  grep -o '"code":' | wc -l)
echo "units per page: $items; wrk: 1 thread, $connections connections, ${duration}s; server: 2 threads"

run() {  # name url [header]
  local name=$1 url=$2
  shift 2
  wrk -t1 -c"$connections" -d"${duration}s" --latency "$@" "$url" >"$work/$name.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
  local errors
  errors=$(grep -E "Non-2xx|Socket errors" "$work/$name.txt" || true)
  echo "$name requests/s=$rps p99=$p99 ${errors:+($errors)}"
  eval "${name}_rps=$rps"
}
run healthz "http://127.0.0.1:$port/healthz"
run units "http://127.0.0.1:$port/api/v1/units?limit=50" -H "Cookie: ungcuu_session=$session"
awk -v a="$units_rps" -v b="$healthz_rps" 'BEGIN { printf "ratio units/healthz = %.1f %%\n", 100 * a / b }'
stop

start --list-cache-ms 0
run units_uncached "http://127.0.0.1:$port/api/v1/units?limit=50" -H "Cookie: ungcuu_session=$session"
awk -v a="$units_uncached_rps" -v b="$healthz_rps" \
  'BEGIN { printf "ratio units (page cache off)/healthz = %.1f %%\n", 100 * a / b }'
stop
