#!/usr/bin/env bash
# Enforces the dependency rule of docs/architecture.md: domain and app code include no SQL, HTTP,
# JSON, crypto or logging header, and include only modules inward of themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
forbidden='#include *[<"](sqlite3|libpq|postgresql|boost/|sodium|openssl/|spdlog/|fmt/ostream|nlohmann/|simdjson|curl/|CLI/|yaml-cpp/)'
check() {
  local module=$1 allowed=$2
  local bad
  bad=$(grep -rnE "$forbidden" "src/$module" || true)
  if [[ -n "$bad" ]]; then
    echo "layering: src/$module includes a forbidden adapter header:"; echo "$bad"; status=1
  fi
  bad=$(grep -rnE '#include "[a-z_]+/' "src/$module" | grep -vE "#include \"($allowed)/" || true)
  if [[ -n "$bad" ]]; then
    echo "layering: src/$module includes a module outside ($allowed):"; echo "$bad"; status=1
  fi
}
check core "core"
check domain "core|domain"
check app "core|domain|app"
if [[ $status -eq 0 ]]; then
  echo "layering: core, domain and app depend only inward and include no adapter headers"
fi
exit $status
