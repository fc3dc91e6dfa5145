#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS on a copy of its seeds (libFuzzer adds what it finds to
# the corpus folder, which must not be the checkout's). The mutations start from a fixed seed
# (UNGCUU_FUZZ_SEED, default 1) so that a short run in the test suite explores the same inputs
# each time and cannot fail one run in ten; a long hunt sets UNGCUU_FUZZ_SEED=0 (a random seed).
#   usage: tests/fuzz/run.sh TARGET_BINARY SEED_DIR SECONDS [EXTRA_SEED_DIR…]
set -euo pipefail
bin=$(realpath "$1") seeds=$2 seconds=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
for dir in "$seeds" "$@"; do
  find "$dir" -maxdepth 1 -type f -exec cp -t "$work/corpus" {} +
done
artifacts=${UNGCUU_FUZZ_ARTIFACTS:-$PWD}  # crash-/oom-/timeout- inputs are kept here
cd "$work"
"$bin" -seed="${UNGCUU_FUZZ_SEED:-1}" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -detect_leaks=0 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" corpus
