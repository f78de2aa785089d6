#!/usr/bin/env bash
# Runs pgbench's built-in scripts — select-only (-S), simple-update (-N) and
# the TPC-B-like transaction (BEGIN; three UPDATEs, a SELECT and an INSERT;
# END) — against a fresh postgres-dialect blocksql node (on a scratch
# database of the local PostgreSQL) and against PostgreSQL directly, and
# prints their tps side by side.
# Usage: scripts/pgbench.sh   (from the repository; `make pgbench`)
# PGBENCH_TIME (seconds per run, default 15), PGBENCH_CLIENTS (16),
# PGBENCH_SCALE (1), PGBENCH_BACKEND (the node's local database: postgres,
# the default, or sqlite). Needs pgbench and a PostgreSQL at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh

time=${PGBENCH_TIME:-15}
clients=${PGBENCH_CLIENTS:-16}
scale=${PGBENCH_SCALE:-1}
node_db="blocksql_test_pgbench_node_$$"
direct_db="blocksql_test_pgbench_direct_$$"
log=$(mktemp)

admin() { psql -X -q -h 127.0.0.1 -p 5432 -U postgres -d postgres -c "$1"; }
admin "CREATE DATABASE $node_db"
admin "CREATE DATABASE $direct_db"
cleanup_dbs() {
  admin "DROP DATABASE IF EXISTS $node_db WITH (FORCE)" || true
  admin "DROP DATABASE IF EXISTS $direct_db WITH (FORCE)" || true
}

make -s build
if [ "${PGBENCH_BACKEND:-postgres}" = sqlite ]; then
  start_pg_node sqlite
else
  start_pg_node "postgres://postgres@127.0.0.1:5432/$node_db?sslmode=disable"
fi
trap 'stop_node; cleanup_dbs' EXIT

# init PORT DB fills the tables as `pgbench -i` does by default (COPY from
# the client, VACUUM — which a node leaves to its local database — and
# primary keys).
init() { PGPASSWORD= pgbench -h 127.0.0.1 -p "$1" -U postgres -i -s "$scale" "$2" >>"$log" 2>&1; }

# bench PORT DB MODE prints the tps of one run, or FAIL.
bench() {
  if ! PGPASSWORD= pgbench -h 127.0.0.1 -p "$1" -U postgres $3 -c "$clients" -j 2 -T "$time" "$2" >"$log.run" 2>&1; then
    cat "$log.run" >>"$log" 2>/dev/null || true
    echo FAIL
    return
  fi
  cat "$log.run" >>"$log"
  local tps failed
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$log.run")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log.run")
  echo "$tps (${failed:-0} failed)"
}

init "$NODE_PORT" app || { echo "pgbench -i against the node failed; log: $log"; exit 1; }
init 5432 "$direct_db" || { echo "pgbench -i against PostgreSQL failed; log: $log"; exit 1; }
printf '%-28s %-26s %-26s\n' "workload ($clients clients)" "blocksql (${PGBENCH_BACKEND:-postgres})" "PostgreSQL direct"
for mode in -S -N tpcb-like; do
  flag=$mode
  [ "$mode" = tpcb-like ] && flag=""
  printf '%-28s %-26s %-26s\n' "$mode" "$(bench "$NODE_PORT" app "$flag")" "$(bench 5432 "$direct_db" "$flag")"
done
echo "log: $log"
