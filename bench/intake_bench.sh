#!/usr/bin/env bash
# Log intake of `ungcuu serve` end to end, on loopback: events received, stored durably in the
# raw event store, matched by the shipped rule pack, correlated per unit and recorded as alerts.
# Three ways in, LINES RFC 5424 sshd lines each (failed logins in runs of 20 from 200 addresses,
# so the SSH brute-force correlation fires), each on a fresh demo database:
#   1. syslog over one TCP connection (--syslog-tcp)
#   2. HTTP POST /api/v1/ingest, batches of 10,000 lines (signed-in session)
#   3. a file source importing a file once (--log-files)
# Each is timed from the first byte sent until GET /api/v1/detection/status shows every event
# stored and the detection cursor at the last one. Prints lines/s of each.
# Usage: bench/intake_bench.sh [BINARY] [LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/ungcuu}
lines=${2:-100000}
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }

work=$(mktemp -d /tmp/ungcuu-intake-XXXXXX)
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/serve_lib.sh
source bench/serve_lib.sh

mkdir -p "$work/logs"
awk -v n="$lines" 'BEGIN {
  for (i = 0; i < n; i++) {
    printf "<38>1 2026-03-01T10:%02d:%02d+07:00 web01 sshd %d - - Failed password for root from 203.0.113.%d port %d ssh2\n",
      int(i / 60) % 60, i % 60, 4000 + i % 1000, int(i / 20) % 200, 50000 + i % 10000
  }
}' >"$work/logs/auth.log"
split -l 10000 -d -a 4 "$work/logs/auth.log" "$work/part-"

now() { date +%s.%N; }

start() {
  rm -rf "$work"/bench.db*
  start_demo_server --syslog-tcp 127.0.0.1:0 --log-files "$work/logs" --ingest-queue 100000
  [[ -n "$base" ]] || { cat "$work/server.log" >&2; exit 1; }
  csrf=$(curl -s -c "$work/cookies" -H 'Content-Type: application/json' \
    -d '{"login":"dieuphoi","password":"ungcuu-demo-2026"}' "$base/api/v1/session" |
    grep -o '"csrf_token":"[^"]*"' | cut -d'"' -f4)
}
call() {  # METHOD PATH [curl arguments…]
  local method=$1 path=$2
  shift 2
  curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -X "$method" "$@" "$base/api/v1$path"
}
stop() {
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}
field() { grep -o "\"$1\":[0-9]*" | head -n1 | cut -d: -f2; }
# Waits until every line is stored and detected; prints the seconds since $t0 and the alert hits.
settle() {
  while :; do
    local status
    status=$(call GET /detection/status)
    local stored cursor
    stored=$(field stored <<<"$status")
    cursor=$(field detection_cursor <<<"$status")
    if [[ "${stored:-0}" -ge "$lines" && "$cursor" == "$(field raw_last_seq <<<"$status")" ]]; then
      awk -v a="$(now)" -v b="$t0" -v hits="$(field alerts <<<"$status")" 'BEGIN { print a - b, hits }'
      return
    fi
    sleep 0.01
  done
}
report() {  # NAME "SECONDS HITS"
  local seconds hits
  read -r seconds hits <<<"$2"
  printf '%-34s %8d lines in %6.2f s = %9.0f lines/s  (%s alert hits)\n' "$1" "$lines" "$seconds" \
    "$(awk -v n="$lines" -v s="$seconds" 'BEGIN { print n / s }')" "$hits"
}

echo "ungcuu log intake, $lines sshd lines, $(nproc) cores, $binary"

start
port=$(grep -o 'syslog on tcp 127.0.0.1:[0-9]*' "$work/server.log" | cut -d: -f2)
t0=$(now)
cat "$work/logs/auth.log" >"/dev/tcp/127.0.0.1/$port"
report "syslog TCP, one connection" "$(settle)"
stop

start
unit=$(call GET /log-sources | grep -o '"unit_id":[0-9]*' | head -n1 | cut -d: -f2)
source=$(call POST /log-sources -H 'Content-Type: application/json' \
  -d "{\"unit_id\":$unit,\"name\":\"bench\",\"kind\":\"http\",\"format\":\"syslog\"}" | field id)
t0=$(now)
for part in "$work"/part-*; do
  call POST "/ingest?source=$source" -H 'Content-Type: text/plain' --data-binary "@$part" -o /dev/null \
    -w '%{http_code}\n' | grep -q 202 || { echo "ingest refused a batch" >&2; exit 1; }
done
report "HTTP ingest, 10,000-line batches" "$(settle)"
stop

start
unit=$(call GET /log-sources | grep -o '"unit_id":[0-9]*' | head -n1 | cut -d: -f2)
t0=$(now)
call POST /log-sources -H 'Content-Type: application/json' \
  -d "{\"unit_id\":$unit,\"name\":\"bench\",\"kind\":\"file\",\"format\":\"syslog\",\"path\":\"$work/logs/auth.log\",\"follow\":false}" \
  -o /dev/null
report "file source, one-shot import" "$(settle)"
stop
