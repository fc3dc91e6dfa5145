#!/usr/bin/env bash
# Runs the pinned clang-tidy-14 over ungcuu's sources with the dev build's compile commands.
# Slow (minutes on 2 cores), so it is not part of `make test`; run it before larger changes.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/dev/compile_commands.json ]] || cmake --preset dev >/dev/null
run-clang-tidy-14 -p build/dev -quiet "src/(core|domain|app|storage|auth|http|cli|bin)/[a-z_]+\.cpp$"
