#!/usr/bin/env bash
# The threaded code under ThreadSanitizer: builds the tsan preset (clang-14, -fsanitize=thread)
# and runs the tests that exercise threads — the ingest pipeline, listeners and file follower,
# the HTTP server with its lanes and gate, the worker pool — and the integration tests that run
# them together over real sockets (detection, security, the server's limits, the live event
# streams) on SQLite and PostgreSQL. Any data race or lock-order report fails the run. Called by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset tsan >/dev/null
cmake --build --preset tsan
export TSAN_OPTIONS="halt_on_error=1 abort_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
status=0
run() {
  echo "tsan: $*"
  if ! "$@"; then
    echo "tsan: FAILED: $*"
    status=1
  fi
}
run build/tsan/src/core/ungcuu_core_test --gtest_brief=1
run build/tsan/src/net/ungcuu_net_test --gtest_brief=1
run build/tsan/src/http/ungcuu_http_test --gtest_brief=1
run build/tsan/src/ingest/ungcuu_ingest_test --gtest_brief=1
run tools/with-postgres.sh build/tsan/tests/integration/ungcuu_integration_test --gtest_brief=1 \
  --gtest_filter='*Detection*:*BodyAfterHead*:*Credential*:*EventsApi*'
if [[ $status -eq 0 ]]; then
  echo "tsan: no data race or lock-order report"
fi
exit $status
