#!/usr/bin/env bash
# 200 citizens on the public page (each from its own loopback address) and 200 signed-in
# officers filing incidents, together for 60 s against `serve --demo`; prints the answers by
# status and the rows stored side by side, and /healthz's latency meanwhile.
#   usage: bench/load.sh [BINARY] [SECONDS] [REPORTERS] [WRITERS] [DB_URL]
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/load.py "${1:-build/release/ungcuu}" "${2:-60}" "${3:-200}" "${4:-200}" ${5:+"$5"}
