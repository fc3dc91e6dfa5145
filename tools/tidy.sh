#!/usr/bin/env bash
# clang-tidy-14 (the checks of .clang-tidy) over ungcuu's sources with the dev build's compile
# commands; any finding fails.
#   tools/tidy.sh --changed   the .cpp files changed since the newest commit of origin/main (or,
#                             without one, since the previous commit), uncommitted ones too, and
#                             the .cpp beside each changed header — the gate of `make test`
#   tools/tidy.sh --all       every .cpp of src/ (`make tidy`; about half an hour on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---changed}
[[ -f build/dev/compile_commands.json ]] || cmake --preset dev >/dev/null
files=()
if [[ "$mode" == "--all" ]]; then
  mapfile -t files < <(git ls-files 'src/*.cpp' | sort)
elif [[ "$mode" == "--changed" ]]; then
  if ! git rev-parse --verify -q HEAD >/dev/null; then
    echo "SKIP: tidy: not a git checkout, no changed files to check (run tools/tidy.sh --all)"
    exit 0
  fi
  base=$(git merge-base HEAD origin/main 2>/dev/null || true)
  if [[ -z "$base" || "$base" == "$(git rev-parse HEAD)" ]]; then
    base=$(git rev-parse -q --verify HEAD~1 || git rev-parse HEAD)
  fi
  mapfile -t changed < <({ git diff --name-only --diff-filter=d "$base" -- src;
                           git ls-files --others --exclude-standard -- src; } | sort -u)
  for path in "${changed[@]}"; do
    case "$path" in
      *.cpp) files+=("$path") ;;
      *.hpp) [[ -f "${path%.hpp}.cpp" ]] && files+=("${path%.hpp}.cpp") ;;
    esac
  done
  mapfile -t files < <(printf '%s\n' "${files[@]}" | sed '/^$/d' | sort -u)
else
  echo "usage: tools/tidy.sh [--changed|--all]" >&2
  exit 2
fi
if [[ ${#files[@]} -eq 0 ]]; then
  echo "tidy: no changed source file"
  exit 0
fi
echo "tidy: ${#files[@]} file(s)"
# Only files in the compile database can be checked (the fuzz targets' copies are not).
out=$(run-clang-tidy-14 -p build/dev -quiet -j "$(nproc)" "${files[@]/#/$PWD/}" 2>/dev/null |
  sed 's/\x1b\[[0-9;]*m//g' || true)
# Findings located in system headers (the analyzer following a path into Boost) are not ours to fix.
findings=$(grep -E '^/.*: (warning|error): ' <<<"$out" | grep -v '^/usr/' | sort -u || true)
if [[ -n "$findings" ]]; then
  echo "$findings"
  echo "tidy: $(wc -l <<<"$findings") finding(s)"
  exit 1
fi
echo "tidy: no finding"
