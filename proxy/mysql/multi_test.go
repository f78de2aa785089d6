package mysql_test

import (
	"context"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// Each statement of a multi-statement query gets its own result set; a
// write in autocommit is its own chain transaction; the first error stops
// the rest.
func TestMultiStatements(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	admin := n.open(t, "root", "", "")
	mustExec(t, admin, "CREATE DATABASE shop")
	mustExec(t, admin, "CREATE TABLE shop.t (id INT PRIMARY KEY)")
	db := n.open(t, "root", "shop", "multiStatements=true")
	db.SetMaxOpenConns(1)

	rows, err := db.Query("SELECT 1 AS a; SELECT 2 AS b, 3 AS c; DO 1")
	if err != nil {
		t.Fatal(err)
	}
	var sets [][][]string
	for {
		sets = append(sets, scanAll(t, rows))
		if !rows.NextResultSet() {
			break
		}
	}
	rows.Close()
	if len(sets) != 2 || sets[0][0][0] != "1" || sets[1][0][1] != "3" {
		t.Fatalf("result sets %v, want [[[1]] [[2 3]]]", sets)
	}

	_, err = db.Exec("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (1); INSERT INTO t VALUES (3)")
	assertCode(t, err, 1062)
	if got := queryStrings(t, admin, "SELECT id FROM shop.t ORDER BY id"); len(got) != 2 || got[1][0] != "2" {
		t.Fatalf("rows %v, want 1 and 2 (the statements before the duplicate)", got)
	}
	got := queryStrings(t, admin, "SELECT COUNT(DISTINCT tx_hash) FROM blocksql.statements WHERE original_sql LIKE 'INSERT INTO t VALUES%'")
	if got[0][0] != "3" {
		t.Fatalf("%s chain transactions for the three INSERTs that ran, want one each", got[0][0])
	}
	mustExec(t, db, "DO 1+1; INSERT INTO t VALUES (4)")
	if got := queryStrings(t, admin, "SELECT COUNT(*) FROM shop.t"); got[0][0] != "3" {
		t.Fatalf("%s rows after DO; INSERT, want 3", got[0][0])
	}
}

// Without CLIENT_MULTI_STATEMENTS a query holds one statement, as in MySQL.
func TestMultiStatementsNeedTheCapability(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	_, err := db.ExecContext(context.Background(), "DO 1; DO 2")
	assertCode(t, err, 1064)
}

// scanAll reads the rows of the current result set as strings.
func scanAll(t *testing.T, rows interface {
	Columns() ([]string, error)
	Next() bool
	Scan(...any) error
}) [][]string {
	t.Helper()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	return out
}
