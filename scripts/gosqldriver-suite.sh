#!/usr/bin/env bash
# Runs go-sql-driver/mysql's own test suite (the version go.mod pins)
# against a fresh blocksql node and prints how many tests pass and which
# fail. Usage: scripts/gosqldriver-suite.sh [-v]   (run from the repository)
# MYSQL_TEST_ADDR=host:port runs it against another server instead (for
# example MariaDB at 127.0.0.1:3306, for comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh

version=$(go list -m -f '{{.Version}}' github.com/go-sql-driver/mysql)
src="$(go env GOMODCACHE)/github.com/go-sql-driver/mysql@$version"
work=$(mktemp -d)
cp -r "$src/." "$work/"
chmod -R u+w "$work"

if [ -z "${MYSQL_TEST_ADDR:-}" ]; then
  make -s build
  start_node
  MYSQL_TEST_ADDR="127.0.0.1:$NODE_PORT"
fi
host=${MYSQL_TEST_ADDR%:*}
port=${MYSQL_TEST_ADDR##*:}
db="blocksql_test_gosql_$$"
mariadb --no-defaults -h "$host" -P "$port" -u root -e "CREATE DATABASE $db"

# TestConnectorReturnsTimeout panics inside the suite itself.
# TestContextCancelBegin waits forever for its connection when
# INSERT ... SLEEP(1) is refused at once instead of being cancelled
# (SLEEP() in a write is refused on purpose), which stalls the suite.
(cd "$work" && MYSQL_TEST_ADDR="$MYSQL_TEST_ADDR" MYSQL_TEST_DBNAME="$db" \
  go test -count=1 -timeout 15m -v -skip 'TestConnectorReturnsTimeout|TestContextCancelBegin' . 2>&1) >"$work/out.txt" || true
# Subtests count as tests, as `go test -v` lists them.
pass=$(grep -c -- '--- PASS' "$work/out.txt" || true)
fail=$(grep -c -- '--- FAIL' "$work/out.txt" || true)
skip=$(grep -c -- '--- SKIP' "$work/out.txt" || true)
if [ "${1:-}" = "-v" ]; then cat "$work/out.txt"; fi
if [ -n "${SUITE_LOG:-}" ]; then cp "$work/out.txt" "$SUITE_LOG"; fi
echo "go-sql-driver/mysql $version suite against $MYSQL_TEST_ADDR: $pass passed, $fail failed, $skip skipped (tests and subtests)"
grep '^--- FAIL' "$work/out.txt" | sed 's/ (.*//' || true
mariadb --no-defaults -h "$host" -P "$port" -u root -e "DROP DATABASE $db" || true
rm -rf "$work"
