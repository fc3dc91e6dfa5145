#!/usr/bin/env bash
# Prints, after a ctest run, every test that did not run and why: whole CTest tests skipped (exit
# code 77, e.g. the differential test without ../shared/data) and single GoogleTest cases skipped
# inside a test that passed (GTEST_SKIP, which CTest counts as passed). Reads the run's log.
#   usage: tools/test-summary.sh [build dir]   (default build/dev)
set -euo pipefail
log="${1:-build/dev}/Testing/Temporary/LastTest.log"
[[ -f "$log" ]] || exit 0
python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], encoding='utf-8', errors='replace').read()
skipped = []
# One block per CTest test: its name, its output, its result.
for block in re.split(r'(?m)^(?=\d+/\d+ Testing: )', text):
    head = re.search(r'^\d+/\d+ Testing: (\S+)', block, re.M)
    if not head:
        continue
    name = head.group(1)
    whole = re.search(r'Test Skipped|Test Not Run|Disabled', block)
    # A script says what it left out with a line "SKIP: reason" (continued on indented lines).
    reasons = [' '.join(m.group(1).split())
               for m in re.finditer(r'^SKIP: (.*(?:\n {2,}.*)*)', block, re.M)]
    if whole:
        skipped.append((name, 'whole test', reasons[0] if reasons else 'see its output'))
    else:
        for reason in reasons:
            skipped.append((name, 'part', reason))
    # GoogleTest: "path:line: Skipped\n<reason>\n[  SKIPPED ] Suite.Case"
    for case in re.finditer(r': Skipped\n(.*?)\n\[  SKIPPED \] (\S+)', block, re.S):
        skipped.append((name, case.group(2), ' '.join(case.group(1).split())))
if skipped:
    print('\nKhông chạy / skipped (%d):' % len(skipped))
    for test, case, reason in skipped:
        print('  %s: %s — %s' % (test, case, reason))
else:
    print('\nKhông có kiểm thử nào bị bỏ qua / nothing was skipped.')
PY
