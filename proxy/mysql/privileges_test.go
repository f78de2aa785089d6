package mysql_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/proxy/mysql/mysqltest"
	"github.com/blocksql/blocksql/replay"
)

// Accounts and privileges are chain state: a user without a privilege gets
// 1142 for a write, logged as failed; GRANT lets it through, REVOKE takes
// it away; the op log never holds the password.
func TestPrivilegesOnTheChain(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, mysqlfront.Config{}, backend)
		root := n.open(t, "root", "", "")
		root.SetMaxOpenConns(1)
		mustExec(t, root, "CREATE DATABASE shop")
		mustExec(t, root, "CREATE TABLE shop.t (id INT PRIMARY KEY)")
		mustExec(t, root, "CREATE USER 'alice'@'%' IDENTIFIED BY 'Secr3t-pw'")
		assertCode(t, n.open(t, "alice:wrong", "", "").Ping(), 1045)
		alice := n.open(t, "alice:Secr3t-pw", "shop", "")
		alice.SetMaxOpenConns(1)
		_, err := alice.Exec("INSERT INTO t VALUES (1)")
		assertCode(t, err, 1142)
		_, err = alice.Query("SELECT * FROM t")
		assertCode(t, err, 1142)
		mustExec(t, root, "GRANT SELECT, INSERT ON shop.* TO alice")
		mustExec(t, alice, "INSERT INTO t VALUES (1)")
		if got := queryStrings(t, alice, "SELECT COUNT(*) FROM t"); got[0][0] != "1" {
			t.Fatalf("rows: %v", got)
		}
		_, err = alice.Exec("DELETE FROM t")
		assertCode(t, err, 1142)
		got := queryStrings(t, alice, "SHOW GRANTS")
		if len(got) != 2 || got[1][0] != "GRANT SELECT, INSERT ON `shop`.* TO `alice`@`%`" {
			t.Fatalf("SHOW GRANTS: %v", got)
		}
		mustExec(t, root, "REVOKE INSERT ON shop.* FROM alice")
		_, err = alice.Exec("INSERT INTO t VALUES (2)")
		assertCode(t, err, 1142)
		_, err = alice.Query("SELECT original_sql FROM blocksql.statements")
		assertCode(t, err, 1142)

		log := queryStrings(t, root, "SELECT user, outcome, error_code, original_sql FROM blocksql.statements "+
			"WHERE user = 'alice' ORDER BY height")
		want := []string{"error 1142", "ok 0", "error 1142", "error 1142"}
		if len(log) != len(want) {
			t.Fatalf("alice's statements in the log: %v", log)
		}
		for i, w := range want {
			if log[i][1]+" "+log[i][2] != w {
				t.Fatalf("statement %d logged %v, want %s", i, log[i], w)
			}
		}
		all := queryStrings(t, root, "SELECT original_sql, applied_sql FROM blocksql.statements")
		for _, r := range all {
			if strings.Contains(r[0]+r[1], "Secr3t") {
				t.Fatalf("a password is in the op log: %v", r)
			}
		}
		mustExec(t, root, "DROP USER alice")
		assertCode(t, n.open(t, "alice:Secr3t-pw", "", "").Ping(), 1045)
		assertReplaySame(t, n, backend)
	})
}

// assertReplaySame applies the node's blocks to a fresh database and
// requires every outcome and the AppHash to come out the same.
func assertReplaySame(t *testing.T, n *testNode, backend string) {
	t.Helper()
	eng, err := replay.New(t.Context(), mysqltest.OpenDriver(t, backend), nil)
	if err != nil {
		t.Fatal(err)
	}
	blocks, results := n.node.Blocks()
	for i, b := range blocks {
		res, _, err := eng.ApplyBlock(t.Context(), b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res[0], results[i]) {
			t.Fatalf("block %d: replay %+v, live %+v", b.Height, res[0], results[i])
		}
	}
	if !bytes.Equal(eng.AppHash(), n.eng.AppHash()) {
		t.Fatal("the replay's AppHash differs")
	}
}

// A privilege blocksql does not know is refused before the chain with
// 1235, in a GRANT and in a REVOKE, whatever bytes name it.
func TestUnknownPrivilegeRefusedBeforeTheChain(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	root := n.open(t, "root", "", "")
	root.SetMaxOpenConns(1)
	mustExec(t, root, "CREATE USER 'alice'@'%' IDENTIFIED BY 'Secr3t-pw'")
	logged := queryStrings(t, root, "SELECT COUNT(*) FROM blocksql.statements")
	for _, q := range []string{"GRANT FROBNICATE ON *.* TO alice", "REVOKE FROBNICATE ON *.* FROM alice",
		"GRANT \xf5 ON *.* TO alice", "GRANT SELECT, \xf5 ON *.* TO alice"} {
		_, err := root.Exec(q)
		assertCode(t, err, 1235)
	}
	if got := queryStrings(t, root, "SELECT COUNT(*) FROM blocksql.statements"); !reflect.DeepEqual(got, logged) {
		t.Fatalf("statements logged: %v, before the refused grants %v", got, logged)
	}
}
