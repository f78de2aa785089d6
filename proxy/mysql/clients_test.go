package mysql_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// requireTool returns the path of an installed client program, or skips
// (fails under BLOCKSQL_REQUIRE_BACKENDS=1) when it is missing.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
		t.Fatalf("%s is required (BLOCKSQL_REQUIRE_BACKENDS=1): %v", name, err)
	}
	t.Skipf("%s is not installed (apt-get install -y %s)", name, name)
	return ""
}

// sysbench runs one sysbench OLTP command against n.
func sysbench(t *testing.T, n *testNode, args ...string) string {
	t.Helper()
	bin := requireTool(t, "sysbench")
	all := append([]string{args[0], "--db-driver=mysql", "--mysql-host=127.0.0.1", "--mysql-port=" + n.port,
		"--mysql-user=root", "--mysql-db=sbtest"}, args[1:]...)
	out, err := exec.Command(bin, all...).CombinedOutput()
	if err != nil {
		t.Fatalf("sysbench %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// libmariadb sends parameter types only on the first execution after
// binding; re-executions must reuse them rather than bind NULLs.
func TestSysbenchReexecutesPreparedStatements(t *testing.T) {
	requireTool(t, "sysbench")
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	mustExec(t, db, "CREATE DATABASE sbtest")
	sysbench(t, n, "oltp_read_write", "--tables=1", "--table-size=50", "prepare")
	sysbench(t, n, "oltp_read_write", "--tables=1", "--table-size=50", "--threads=1",
		"--events=20", "--time=0", "--db-ps-mode=auto", "run")
	rows := queryStrings(t, db, "SELECT COUNT(*) FROM blocksql.statements WHERE original_sql LIKE 'UPDATE sbtest1%' AND params LIKE '%null%'")
	if rows[0][0] != "0" {
		t.Fatalf("%s prepared UPDATEs were logged with NULL parameters", rows[0][0])
	}
	rows = queryStrings(t, db, "SELECT COUNT(*) FROM sbtest.sbtest1")
	if rows[0][0] != "50" {
		t.Fatalf("sbtest1 has %s rows after the run, want 50 (each transaction deletes and re-inserts one)", rows[0][0])
	}
}

// pymysql runs a Python script with Debian's PyMySQL against n; the
// script reads the port from argv[1] and prints its findings.
func pymysql(t *testing.T, n *testNode, script string) string {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import pymysql").Run(); err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("PyMySQL is required (BLOCKSQL_REQUIRE_BACKENDS=1): %v", err)
		}
		t.Skip("PyMySQL is not installed (apt-get install -y python3-pymysql)")
	}
	out, err := exec.Command(py, "-c", script, n.port).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// PyMySQL decides from the greeting's status flags whether it must send
// SET AUTOCOMMIT=0; with the flag missing, rollback() undid nothing.
func TestPyMySQLRollbackAfterAutocommitOff(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.t (id INT PRIMARY KEY)")
	out := pymysql(t, n, `
import sys, pymysql
g = pymysql.connect(host="127.0.0.1", port=int(sys.argv[1]), user="root", autocommit=None)
print("greeting", g.get_autocommit())
c = pymysql.connect(host="127.0.0.1", port=int(sys.argv[1]), user="root", database="shop")
cur = c.cursor()
cur.execute("SELECT @@autocommit")
print("autocommit", cur.fetchone()[0])
cur.execute("INSERT INTO t VALUES (1)")
print("in_trans", bool(c.server_status & 1))
c.rollback()
print("after_rollback", bool(c.server_status & 1))
cur.execute("SELECT COUNT(*) FROM t")
print("rows", cur.fetchone()[0])
`)
	want := "greeting True\nautocommit 0\nin_trans True\nafter_rollback False\nrows 0"
	if out != want {
		t.Fatalf("PyMySQL saw\n%s\nwant\n%s", out, want)
	}
}
