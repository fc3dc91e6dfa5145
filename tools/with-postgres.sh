#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster on a free loopback port, exported as
# UNGCUU_TEST_PG_DSN; the cluster and its directory are removed afterwards, whatever happens.
# PostgreSQL refuses to run as root, so as root the cluster runs as the user "nobody".
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/ungcuu-pg-XXXXXX)
chmod 755 "$work"
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  chown nobody "$work"
  as_owner=(runuser -u nobody --)
fi

cleanup() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$work/data" -U ungcuu --auth=trust -E UTF8 \
  --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }

started=""
for attempt in $(seq 1 20); do
  port=$(( 20000 + (RANDOM * 7 + attempt) % 40000 ))
  if "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    started=$port
    break
  fi
done
if [[ -z "$started" ]]; then
  echo "with-postgres: could not start PostgreSQL" >&2
  cat "$work/server.log" >&2 || true
  exit 1
fi

export UNGCUU_TEST_PG_DSN="postgresql://ungcuu@127.0.0.1:$started/postgres"
echo "with-postgres: PostgreSQL running at $UNGCUU_TEST_PG_DSN"
"$@"
