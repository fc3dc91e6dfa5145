#!/usr/bin/env bash
# Incidents over HTTP on one ungcuu binary on loopback, measured with wrk:
#   1. POST /api/v1/incidents      (a machine with an API token files incidents against a
#                                   registered system: validation, scope, rules, clocks, the
#                                   timeline event and the audit entry, one SQLite transaction)
#   2. GET  /api/v1/incidents?...  (the coordinator's triage page over what was just filed)
# Prints incidents created per second (target: >= 1,000 on 2 cores) and the list's rate and p99.
# The list at 1,000,000 incidents is measured by the storage benchmark (BM_IncidentList).
# Usage: bench/incident_bench.sh [BINARY] [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/ungcuu}
duration=${2:-10}
connections=${CONNECTIONS:-8}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/ungcuu-bench-XXXXXX)
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# shellcheck source=bench/serve_lib.sh
source bench/serve_lib.sh
start_demo_server
csrf=$(curl -s -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"login":"ungcuu","password":"ungcuu-demo-2026"}' "$base/api/v1/session" |
  grep -o '"csrf_token":"[^"]*"' | cut -d'"' -f4)
token=$(curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$base/api/v1/me/tokens" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
system=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/systems?q=DLK-HOAPHU-WEB" |
  grep -o '"id":[0-9]*' | head -n1 | cut -d: -f2)
[[ -n "$token" && -n "$system" ]] || { echo "setup failed" >&2; cat "$work/server.log" >&2; exit 1; }

cat >"$work/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"title":"Cảnh báo truy cập bất thường","description":"Nhiều yêu cầu đăng nhập sai từ một địa chỉ","system_ids":[$system]}'
LUA

before=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/incidents?limit=1" | grep -o '"code":"SC-[0-9-]*"' | head -n1)
echo "wrk: 1 thread, $connections connections, ${duration}s; server: 2 threads; SQLite"
wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/create.lua" "$base/api/v1/incidents" >"$work/create.txt"
rps=$(awk '/^Requests\/sec/ {print $2}' "$work/create.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/create.txt")
errors=$(grep -E "Non-2xx|Socket errors" "$work/create.txt" || true)
last=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/incidents?limit=1" | grep -o '"code":"SC-[0-9-]*"' | head -n1)
echo "create incidents/s=$rps p99=$p99 ${errors:+($errors)} (newest before: ${before:-none}, after: $last)"

wrk -t1 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" \
  "$base/api/v1/incidents?state=triage&sort=-detected_at&limit=50" >"$work/list.txt"
echo "triage page requests/s=$(awk '/^Requests\/sec/ {print $2}' "$work/list.txt") p99=$(awk '$1 == "99%" {print $2}' "$work/list.txt")"
