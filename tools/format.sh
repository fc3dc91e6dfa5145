#!/usr/bin/env bash
# Formats every tracked C++ file with the pinned clang-format-14; --check only reports.
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=$(command -v clang-format-14 || command -v clang-format)
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [[ "${1:-}" == "--check" ]]; then
  "$formatter" --dry-run -Werror --style=file "${files[@]}"
  echo "format: ${#files[@]} files are formatted"
else
  "$formatter" -i --style=file "${files[@]}"
fi
