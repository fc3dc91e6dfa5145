#!/usr/bin/env bash
# SSH brute force, side by side with fail2ban (Debian's fail2ban-regex and its sshd filter):
# loghub's OpenSSH sample repeated REPEAT times (each copy moved to its own day, so times keep
# going forward), read by both on one core in the same run. Prints lines/s of each and the
# offending addresses each found: ungcuu's rule pack correlation (5 failures from one address
# within 10 minutes) against fail2ban's matches counted the way its jail would (maxretry 5,
# findtime 10m).
#
#   bench/ssh_bruteforce_bench.sh [BIN] [REPEAT]     (defaults: build/release/ungcuu 100)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/ungcuu}
REPEAT=${2:-100}
SAMPLE=../shared/data/loghub/OpenSSH_2k.log
if [[ ! -f $SAMPLE ]]; then
    echo "SKIP: $SAMPLE is not here (a fresh clone has no ../shared/data)." >&2
    exit 77
fi
command -v fail2ban-regex >/dev/null || { echo "fail2ban-regex is missing: apt-get install fail2ban" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$SAMPLE" "$REPEAT" "$WORK/ssh.log" <<'EOF'
import datetime, sys
sample, repeat, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [l for l in open(sample, encoding="utf-8", errors="replace").read().split("\n") if l]
first = datetime.date(2026, 1, 1)
with open(out, "w", encoding="utf-8") as f:
    for k in range(repeat):
        day = first + datetime.timedelta(days=k)
        stamp = day.strftime("%b ") + f"{day.day:2d}"
        for line in lines:
            f.write(stamp + line[6:] + "\n")  # "Dec 10" → this copy's day
EOF
LINES=$(wc -l <"$WORK/ssh.log")
echo "input: $LINES lines ($REPEAT × loghub OpenSSH_2k)"

ours_start=$(date +%s.%N)
taskset -c 0 "$BIN" detect --rules rules/sigma/linux/ssh_brute_force.yml --input "$WORK/ssh.log" \
    --format syslog --no-cache --output "$WORK/ours.ndjson" 2>"$WORK/ours.err"
ours_end=$(date +%s.%N)
f2b_start=$(date +%s.%N)
taskset -c 0 fail2ban-regex -o row "$WORK/ssh.log" /etc/fail2ban/filter.d/sshd.conf >"$WORK/f2b.rows" 2>/dev/null
f2b_end=$(date +%s.%N)

python3 - "$WORK" "$LINES" "$ours_start" "$ours_end" "$f2b_start" "$f2b_end" <<'EOF'
import ast, collections, json, sys
work, lines = sys.argv[1], int(sys.argv[2])
ours_s = float(sys.argv[4]) - float(sys.argv[3])
f2b_s = float(sys.argv[6]) - float(sys.argv[5])
ours = collections.Counter()
for line in open(f"{work}/ours.ndjson"):
    record = json.loads(line)
    if "correlation" in record:
        ours[record["correlation"]["group"]["source.ip"]] += 1
# fail2ban's failures (ip, time) in order; an address offends when 5 fall within 600 s.
windows = collections.defaultdict(collections.deque)
theirs = collections.Counter()
failures = 0
for row in open(f"{work}/f2b.rows"):
    row = row.strip().rstrip(",")
    if not row.startswith("["):
        continue
    ip, when = ast.literal_eval(row.replace("\t", " ").split(", {")[0] + "]")[:2]
    failures += 1
    w = windows[ip]
    w.append(when)
    while w and w[0] < when - 600:
        w.popleft()
    if len(w) >= 5:
        theirs[ip] += 1
        w.clear()
print(f"ungcuu detect : {ours_s:6.2f} s  {lines / ours_s:10,.0f} lines/s (whole run, rule load included)")
print(f"fail2ban-regex: {f2b_s:6.2f} s  {lines / f2b_s:10,.0f} lines/s ({failures} failures matched)")
print(f"offending addresses: ungcuu {len(ours)}, fail2ban {len(theirs)}, both {len(set(ours) & set(theirs))}")
print(f"alerts (bursts of 5): ungcuu {sum(ours.values())}, fail2ban-style {sum(theirs.values())}")
only_ours, only_theirs = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))
if only_ours or only_theirs:
    print(f"only ungcuu: {only_ours}\nonly fail2ban: {only_theirs}")
    sys.exit(1)
print("the same addresses: " + ", ".join(sorted(ours)))
EOF
sed -n 2p "$WORK/ours.err"
