#!/usr/bin/env bash
# The Sigma engine end to end (read NDJSON, match, write matches), single core, net of rule
# load, as `ungcuu detect` prints it:
#   1. the 3,132 rules of the pinned SigmaHQ corpus on each of the nine lanes concatenated 10x
#      to 100,000 events, median of 5 runs pinned to core 0 (taskset -c 0), with the rule load
#      cold (pattern databases compiled) and warm (read from the cache), and peak memory;
#   2. the 1,013,339 OTRF events with the whole current corpus: events/s and matches per rule.
# Needs ../shared/data beside the checkout. Usage: bench/detect_bench.sh [BINARY] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/ungcuu}
runs=${2:-5}
data=../shared/data
[[ -d $data/lanes ]] || { echo "../shared/data is missing: nothing to measure" >&2; exit 1; }
pinned=$data/sigma/pinned-994da166/rules
current=$data/sigma/current-8eaafff1
work=$(mktemp -d /tmp/ungcuu-detect-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
cache=$work/cache

figure() { grep -o "$1" | head -n1 | grep -o '[0-9.]*' | head -n1; }

echo "## rule load (pinned corpus)"
"$binary" detect --rules "$pinned" --cache "$cache" --input /dev/null --output /dev/null \
  2>"$work/cold.log" || true
"$binary" detect --rules "$pinned" --cache "$cache" --input /dev/null --output /dev/null \
  2>"$work/warm.log" || true
printf 'cold: %s s (pattern databases compiled in %s s)\n' \
  "$(figure 'rule load [0-9.]* s' <"$work/cold.log")" \
  "$(figure 'compiled in [0-9.]* s' <"$work/cold.log")"
printf 'warm: %s s (pattern databases read from the cache in %s s)\n' \
  "$(figure 'rule load [0-9.]* s' <"$work/warm.log")" \
  "$(figure 'cache in [0-9.]* s' <"$work/warm.log")"

echo
echo "## lanes: 100,000 events each, taskset -c 0, median of $runs"
printf '%-20s %12s %10s %10s\n' lane events/s matches peak_MiB
for lane in "$data"/lanes/*.ndjson.zst; do
  name=$(basename "$lane" .ndjson.zst)
  zstd -dcq "$lane" >"$work/one.ndjson"
  for _ in $(seq 1 10); do cat "$work/one.ndjson"; done >"$work/$name.ndjson"
  rates=()
  for _ in $(seq 1 "$runs"); do
    taskset -c 0 "$binary" detect --rules "$pinned" --cache "$cache" --input "$work/$name.ndjson" \
      --output "$work/out.ndjson" 2>"$work/run.log"
    rates+=("$(grep -o '[0-9]* events/s' "$work/run.log" | grep -o '[0-9]*')")
  done
  median=$(printf '%s\n' "${rates[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
  matches=$(grep -o 'matches: [0-9]*' "$work/run.log" | grep -o '[0-9]*')
  peak=$(grep -o 'Peak memory: [0-9]*' "$work/run.log" | grep -o '[0-9]*')
  printf '%-20s %12s %10s %10s\n' "$name" "$median" "$matches" "$peak"
  rm -f "$work/$name.ndjson"
done

if [[ -f $data/otrf/windows-events.jsonl.zst ]]; then
  echo
  echo "## OTRF: 1,013,339 events, whole current corpus, taskset -c 0 (zstd on another core)"
  zstd -dcq "$data/otrf/windows-events.jsonl.zst" |
    taskset -c 0 "$binary" detect --rules "$current/rules" --rules "$current/rules-emerging-threats" \
      --rules "$current/rules-threat-hunting" --cache "$cache" --input - \
      --output "$work/otrf.ndjson" 2>"$work/otrf.log"
  grep -E '^(Rules|Index|Peak)' "$work/otrf.log"
  echo "matches per rule (top 15):"
  grep -o '"rule_title":"[^"]*"' "$work/otrf.ndjson" | cut -d'"' -f4 | sort | uniq -c |
    sort -rn | head -n 15
  echo "rules with at least one match: $(grep -o '"rule_id":"[^"]*"' "$work/otrf.ndjson" |
    sort -u | wc -l)"
fi
