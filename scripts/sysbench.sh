#!/usr/bin/env bash
# Runs sysbench OLTP workloads against a fresh blocksql node and against
# MariaDB directly (127.0.0.1:3306), and prints their tps side by side.
# Usage: scripts/sysbench.sh   (from the repository; `make sysbench`)
# SYSBENCH_TIME (seconds per run, default 10), SYSBENCH_THREADS (16),
# SYSBENCH_TABLE_SIZE (10000), SYSBENCH_WORKLOADS (the six below).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh

time=${SYSBENCH_TIME:-10}
threads=${SYSBENCH_THREADS:-16}
size=${SYSBENCH_TABLE_SIZE:-10000}
workloads=${SYSBENCH_WORKLOADS:-oltp_read_write oltp_write_only oltp_insert oltp_update_index oltp_delete oltp_point_select}
log=$(mktemp)

make -s build
start_node
node_sql "CREATE DATABASE sbtest"
maria_db="blocksql_test_sysbench_$$"
maria=0
if mariadb --no-defaults -h 127.0.0.1 -P 3306 -u root -e "CREATE DATABASE $maria_db" 2>/dev/null; then
  maria=1
fi

# bench PORT DB WORKLOAD prints the tps of one run, or FAIL.
bench() {
  local args=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root
    --mysql-db="$2" --tables=1 --table-size="$size" --threads="$threads")
  if ! sysbench "$3" "${args[@]}" prepare >>"$log" 2>&1 ||
    ! sysbench "$3" "${args[@]}" --time="$time" --report-interval=0 run >"$log.run" 2>&1; then
    cat "$log.run" >>"$log" 2>/dev/null || true
    sysbench "$3" "${args[@]}" cleanup >>"$log" 2>&1 || true
    echo FAIL
    return
  fi
  cat "$log.run" >>"$log"
  sysbench "$3" "${args[@]}" cleanup >>"$log" 2>&1 || true
  local tps errs
  tps=$(sed -n 's/.*transactions: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p' "$log.run")
  errs=$(sed -n 's/.*ignored errors: *\([0-9]*\).*/\1/p' "$log.run")
  echo "$tps (${errs:-0} errors)"
}

printf '%-20s %-26s %-26s\n' workload blocksql "MariaDB direct"
for w in $workloads; do
  b=$(bench "$NODE_PORT" sbtest "$w")
  m="-"
  if [ "$maria" = 1 ]; then m=$(bench 3306 "$maria_db" "$w"); fi
  printf '%-20s %-26s %-26s\n' "$w" "$b" "$m"
done
if [ "$maria" = 1 ]; then mariadb --no-defaults -h 127.0.0.1 -P 3306 -u root -e "DROP DATABASE $maria_db"; fi
echo "sysbench $(sysbench --version | cut -d' ' -f2), $threads threads, --table-size=$size, ${time}s per run; full output: $log"
