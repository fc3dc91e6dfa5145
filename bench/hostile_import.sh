#!/usr/bin/env bash
# Peak memory of `serve` while it refuses (or takes) hostile spreadsheets and compressed log
# batches: each file is sent as the demo's coordinator to a freshly started server, whose
# high-water mark of resident memory (VmHWM) is read before and after; "before" is the idle
# server. Usage: bench/hostile_import.sh [binary]
set -euo pipefail
binary=$(realpath "${1:-build/release/ungcuu}")
work=$(mktemp -d /tmp/ungcuu-hostile-XXXXXX)
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
source "$(dirname "$0")/serve_lib.sh"

python3 - "$work" <<'PY'
import gzip, os, sys, zipfile
work = sys.argv[1]
wb = '<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>'
def book(name, sheet, shared=None):
    with zipfile.ZipFile(os.path.join(work, name), 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('xl/workbook.xml', wb)
        if shared is not None:
            z.writestr('xl/sharedStrings.xml', shared)
        z.writestr('xl/worksheets/sheet1.xml', '<worksheet><sheetData>' + sheet + '</sheetData></worksheet>')
# One cell at column XFD on every row (16 KiB compressed).
book('xfd.xlsx', ''.join('<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r) for r in range(1, 60000)))
# One 8 MiB shared string referenced a hundred times.
book('shared8m.xlsx', ''.join('<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(1, 101)),
     '<sst><si><t>' + 'a' * ((8 << 20) - 64) + '</t></si></sst>')
# The largest sheet accepted: just under 8 MiB of the smallest cells.
cells, rows, r = 0, [], 1
size = 0
while size < (8 << 20) - 4096:
    row = '<row r="%d">' % r + ''.join('<c r="%s%d"><v>1</v></c>' % (chr(65 + c), r) for c in range(20)) + '</row>'
    rows.append(row); size += len(row); r += 1
book('largest.xlsx', ''.join(rows))
# Shared strings at their bound, each referenced by a cell.
n = 199000
book('manystrings.xlsx', ''.join('<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (i + 1, i + 1, i) for i in range(60000)),
     '<sst>' + ''.join('<si><t>%d</t></si>' % i for i in range(n)) + '</sst>')
# Compressed log batches: a bomb of newlines, and 33 MiB of noise.
open(os.path.join(work, 'bomb.gz'), 'wb').write(gzip.compress(b'a\n' * 8000000, 9))
noise = os.urandom(17 << 20).hex()
lines = '\n'.join(noise[i:i + 200] for i in range(0, 33 << 20, 200))
open(os.path.join(work, 'noise.gz'), 'wb').write(gzip.compress(lines.encode(), 6))
PY

jar="$work/cookies"
hwm() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$server/status"; }
printf '%-18s %10s %7s %12s %12s  %s\n' file bytes status "idle peak" "peak after" answer
send() {  # name path-after-login content-type extra-header
  rm -rf "$work/bench.db" "$work/bench.db."* "$jar"
  start_demo_server
  local session csrf unit source_id target before answer
  session=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
    -d '{"login":"dieuphoi","password":"ungcuu-demo-2026"}' "$base/api/v1/session")
  csrf=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrf_token"])' "$session")
  unit=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["user"]["unit_id"])' "$session")
  target=$2
  if [[ "$target" == ingest ]]; then
    source_id=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -d "{\"unit_id\":$unit,\"name\":\"bench\",\"kind\":\"http\",\"format\":\"syslog\"}" \
      "$base/api/v1/log-sources" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    target="/api/v1/ingest?source=$source_id"
  fi
  before=$(hwm)
  answer=$(curl -s -o "$work/answer" -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $csrf" \
    -H "Content-Type: $3" ${4:+-H "$4"} --data-binary "@$work/$1" "$base$target")
  printf '%-18s %10s %7s %9s MB %9s MB  %s\n' "$1" "$(stat -c %s "$work/$1")" "$answer" "$before" \
    "$(hwm)" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("message_en","")[:80])' "$work/answer" 2>/dev/null || true)"
  kill "$server"; wait "$server" 2>/dev/null || true
}
xlsx=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
for f in xfd.xlsx shared8m.xlsx largest.xlsx manystrings.xlsx; do send "$f" /api/v1/systems/import "$xlsx"; done
for f in bomb.gz noise.gz; do send "$f" ingest text/plain "Content-Encoding: gzip"; done
