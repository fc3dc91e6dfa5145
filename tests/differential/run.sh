#!/usr/bin/env bash
# The differential test of the Sigma engine: `ungcuu detect` with the fast engine and with the
# plain evaluator (the oracle) must write exactly the same matches, over the nine event lanes
# (every rule on every event: --no-routing) and over OTRF Windows events (routed by log
# source), with the whole current SigmaHQ corpus. Uses ../shared/data beside the checkout and
# exits 77 (skipped) when it is not there.
#   usage: tests/differential/run.sh [UNGCUU_BIN]
#   UNGCUU_OTRF_EVENTS  how many OTRF events (default 10000; the full run is in docs/performance.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/release/ungcuu}
data=$root/../shared/data
otrf_events=${UNGCUU_OTRF_EVENTS:-10000}
if [[ ! -d $data/lanes || ! -d $data/sigma/current-8eaafff1 ]]; then
  echo "SKIP: ../shared/data is not beside the checkout (a fresh clone); the differential test"
  echo "      did not run. The unit tests still check both evaluators on every modifier."
  exit 77
fi
if [[ ! -x $bin ]]; then
  echo "FAIL: $bin is missing; build it first (make build)"
  exit 1
fi
corpus=$data/sigma/current-8eaafff1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One case: NAME, then detect's extra options; the events are in $work/NAME.ndjson.
compare() {
  local name=$1; shift
  local rules=(--rules "$corpus/rules" --rules "$corpus/rules-emerging-threats"
               --rules "$corpus/rules-threat-hunting")
  "$bin" detect "${rules[@]}" --no-cache "$@" --input "$work/$name.ndjson" \
    --output "$work/$name.fast" 2>"$work/$name.fast.log" || true
  "$bin" detect "${rules[@]}" --engine plain "$@" --input "$work/$name.ndjson" \
    --output "$work/$name.plain" 2>"$work/$name.plain.log" || true
  local events matches
  events=$(grep -c '' "$work/$name.ndjson" || true)
  matches=$(grep -c '' "$work/$name.plain" || true)
  if [[ ! -s $work/$name.plain.log ]] || ! grep -q "Events: $events," "$work/$name.plain.log"; then
    echo "FAIL $name: the plain evaluator did not read every event"; cat "$work/$name.plain.log"
    return 1
  fi
  if cmp -s "$work/$name.fast" "$work/$name.plain"; then
    echo "ok   $name: $events events, $matches matches, the same from both"
  else
    echo "FAIL $name: the fast engine and the plain evaluator differ (< fast, > plain):"
    diff "$work/$name.fast" "$work/$name.plain" | head -20
    return 1
  fi
}
export -f compare
export bin corpus work

cases=()
for lane in "$data"/lanes/*.ndjson.zst; do
  name=$(basename "$lane" .ndjson.zst)
  zstd -dcq "$lane" >"$work/$name.ndjson"
  cases+=("$name --no-routing")
done
zstd -dcq "$data/otrf/windows-events.jsonl.zst" 2>/dev/null | head -n "$otrf_events" \
  >"$work/otrf.ndjson" || true
cases+=("otrf")

# Two at a time: the plain evaluator is slow by design.
printf '%s\n' "${cases[@]}" | xargs -P 2 -I{} bash -c 'compare {}'
