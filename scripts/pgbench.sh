#!/usr/bin/env bash
# Runs pgbench's built-in TPC-B-like transaction (BEGIN; three UPDATEs, a
# SELECT and an INSERT; END) against a fresh postgres-dialect blocksql node
# (on a scratch database of the local PostgreSQL) and against PostgreSQL
# directly, and prints their tps side by side.
# Usage: scripts/pgbench.sh   (from the repository; `make pgbench`)
# PGBENCH_TIME (seconds per run, default 10), PGBENCH_CLIENTS (8),
# PGBENCH_SCALE (1). Needs pgbench and a PostgreSQL at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh

time=${PGBENCH_TIME:-10}
clients=${PGBENCH_CLIENTS:-8}
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
start_pg_node "postgres://postgres@127.0.0.1:5432/$node_db?sslmode=disable"
trap 'stop_node; cleanup_dbs' EXIT

# bench PORT DB prints the tps of one run, or FAIL. Tables are generated on
# the server (-I dtGp: drop, create, INSERT … SELECT generate_series,
# primary keys); -n: no VACUUM, which a chain does not record.
bench() {
  if ! PGPASSWORD= pgbench -h 127.0.0.1 -p "$1" -U postgres -i -I dtGp -s "$scale" "$2" >>"$log" 2>&1 ||
    ! PGPASSWORD= pgbench -h 127.0.0.1 -p "$1" -U postgres -n -c "$clients" -j 2 -T "$time" "$2" >"$log.run" 2>&1; then
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

printf '%-28s %-26s %-26s\n' workload blocksql "PostgreSQL direct"
printf '%-28s %-26s %-26s\n' "tpcb-like, $clients clients" "$(bench "$NODE_PORT" app)" "$(bench 5432 "$direct_db")"
echo "log: $log"
