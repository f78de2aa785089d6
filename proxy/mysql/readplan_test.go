package mysql_test

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// plannedReads is the node's Blocksql_planned_reads status.
func plannedReads(t *testing.T, db *sql.DB) int {
	t.Helper()
	var name, v string
	if err := db.QueryRow("SHOW GLOBAL STATUS LIKE 'Blocksql_planned_reads'").Scan(&name, &v); err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPreparedPointReadsAnswerAsQueries runs prepared point reads (server-
// side statements, executed many times, so a SQLite node runs them through
// read plans) with values of every length and edge, and the same reads as
// text queries: the same rows and the same column definitions. Values a
// plan does not take (negative, a string) answer the same too.
func TestPreparedPointReadsAnswerAsQueries(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, mysqlfront.Config{}, backend)
		text := n.open(t, "root", "", "interpolateParams=true")
		mustExec(t, text, "CREATE DATABASE shop")
		mustExec(t, text, "CREATE TABLE shop.t (id BIGINT UNSIGNED PRIMARY KEY, small TINYINT NOT NULL, k INT, c VARCHAR(20), d DATE, KEY (k))")
		mustExec(t, text, "INSERT INTO shop.t VALUES (0, 0, 0, 'zero', '2025-01-02'), (1, 1, 1, 'one', NULL), "+
			"(127, 127, 2147483647, 'max tiny', '2000-02-29'), (128, -128, -2147483648, 'min tiny', NULL), "+
			"(9223372036854775807, 5, 7, 'max', NULL), (255, 5, 9, 'x', '1999-12-31')")
		textShop := n.open(t, "root", "shop", "interpolateParams=true")
		prepared := n.open(t, "root", "shop", "")
		prepared.SetMaxOpenConns(1)
		before := plannedReads(t, text)
		values := []any{int64(0), int64(1), int64(5), int64(9), int64(127), int64(128), int64(255), int64(2147483647),
			int64(2147483648), int64(1<<53 + 1), int64(math.MaxInt64), uint64(math.MaxUint64), int64(-1), int64(-128), "7", "x"}
		queries := []string{
			"SELECT c FROM t WHERE id = ?",
			"SELECT * FROM t WHERE small = ?",
			"SELECT t.id, c AS name, d FROM t WHERE k >= ? ORDER BY id",
			"SELECT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c LIMIT 3",
			"SELECT DISTINCT c FROM t WHERE k IN (?, ?, ?) AND id <> ?",
			"SELECT x.c FROM t AS x WHERE x.small < ? AND ? > x.k",
		}
		planned := 0 // executions a plan serves: all but the first of each text whose values it takes
		for _, q := range queries {
			st, err := prepared.Prepare(q)
			if err != nil {
				t.Fatalf("prepare %s: %v", q, err)
			}
			nparams := strings.Count(q, "?")
			seen := false
			for i := range values {
				args := make([]any, nparams)
				for j := range args {
					args[j] = values[(i+j*5)%len(values)]
				}
				rows, err := st.Query(args...)
				if err != nil {
					t.Fatalf("%s %v: %v", q, args, err)
				}
				if plannable(args) {
					if seen {
						planned++
					}
					seen = true
				}
				gotTypes := columnDefs(t, rows)
				got := scanStrings(t, q, rows)
				wantRows, err := textShop.Query(q, args...)
				if err != nil {
					t.Fatalf("%s %v as text: %v", q, args, err)
				}
				wantTypes := columnDefs(t, wantRows)
				want := scanStrings(t, q, wantRows)
				if !sameRows(got, want) {
					t.Errorf("%s %v: prepared %q, text %q", q, args, got, want)
				}
				if !slices.Equal(gotTypes, wantTypes) {
					t.Errorf("%s %v: prepared columns %v, text %v", q, args, gotTypes, wantTypes)
				}
			}
			st.Close()
		}
		if backend == "sqlite" {
			// Each text is planned at its second execution; values that
			// are not non-negative integers take the ordinary path.
			if got := plannedReads(t, text) - before; got != planned {
				t.Errorf("%d executions ran through a read plan, want %d", got, planned)
			}
		}
	})
}

// plannable tells whether a read plan takes args: integers from 0 to
// 2^63-1.
func plannable(args []any) bool {
	for _, a := range args {
		if v, ok := a.(int64); !ok || v < 0 {
			return false
		}
	}
	return true
}

// columnDefs describes rows' result columns (describeColumns).
func columnDefs(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	return describeColumns(cts)
}

// TestPreparedPointReadFollowsSchemaAndSession: a prepared point read sees
// a column added after it was planned, fails as MySQL does once its table
// is dropped and reads the new table once one is created, reads the table
// of the session's current database after USE, and is refused once its
// user loses SELECT.
func TestPreparedPointReadFollowsSchemaAndSession(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	root := n.open(t, "root", "", "")
	mustExec(t, root, "CREATE DATABASE a")
	mustExec(t, root, "CREATE DATABASE b")
	mustExec(t, root, "CREATE TABLE a.t (id INT PRIMARY KEY, c VARCHAR(10))")
	mustExec(t, root, "CREATE TABLE b.t (id INT PRIMARY KEY, c VARCHAR(10))")
	mustExec(t, root, "INSERT INTO a.t VALUES (1, 'in a')")
	mustExec(t, root, "INSERT INTO b.t VALUES (1, 'in b')")
	mustExec(t, root, "CREATE USER 'reader'@'%' IDENTIFIED BY 'Secr3t-pw'")
	mustExec(t, root, "GRANT SELECT ON a.* TO reader")
	mustExec(t, root, "GRANT SELECT ON b.* TO reader")

	ctx := context.Background()
	db := n.open(t, "reader:Secr3t-pw", "a", "")
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	st, err := conn.PrepareContext(ctx, "SELECT * FROM t WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	read := func() ([][]string, error) {
		rows, err := st.Query(1)
		if err != nil {
			return nil, err
		}
		return scanStrings(t, "SELECT * FROM t WHERE id = ?", rows), nil
	}
	want := func(w ...string) {
		t.Helper()
		got, err := read()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !slices.Equal(got[0], w) {
			t.Fatalf("read %q, want %q", got, w)
		}
	}
	want("1", "in a")
	want("1", "in a")
	mustExec(t, root, "ALTER TABLE a.t ADD COLUMN e INT DEFAULT 7")
	want("1", "in a", "7")
	mustExec(t, root, "DROP TABLE a.t")
	_, err = read()
	assertCode(t, err, 1146)
	mustExec(t, root, "CREATE TABLE a.t (id INT PRIMARY KEY, c VARCHAR(10))")
	mustExec(t, root, "INSERT INTO a.t VALUES (1, 'new a')")
	want("1", "new a")
	if _, err := conn.ExecContext(ctx, "USE b"); err != nil {
		t.Fatal(err)
	}
	want("1", "in b")
	want("1", "in b")
	mustExec(t, root, "REVOKE SELECT ON b.* FROM reader")
	_, err = read()
	assertCode(t, err, 1142)
}

// TestPreparedPointReadInTransaction: a prepared point read in a
// transaction answers from the committed state until the transaction's
// first write (through its plan), then sees that write, and after ROLLBACK
// no longer does.
func TestPreparedPointReadInTransaction(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	root := n.open(t, "root", "", "")
	mustExec(t, root, "CREATE DATABASE shop")
	mustExec(t, root, "CREATE TABLE shop.t (id INT PRIMARY KEY, c VARCHAR(10))")
	mustExec(t, root, "INSERT INTO shop.t VALUES (1, 'one')")
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	before := plannedReads(t, root)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	get := func(id int) string {
		t.Helper()
		var c string
		switch err := tx.QueryRow("SELECT c FROM t WHERE id = ?", id).Scan(&c); err {
		case nil:
			return c
		case sql.ErrNoRows:
			return "(none)"
		default:
			t.Fatal(err)
			return ""
		}
	}
	for range 3 {
		if c := get(1); c != "one" {
			t.Fatalf("read %q before the transaction's write", c)
		}
	}
	if got := plannedReads(t, root) - before; got != 2 {
		t.Fatalf("%d reads before the transaction's first write ran through a plan, want 2", got)
	}
	if _, err := tx.Exec("INSERT INTO t VALUES (2, 'two')"); err != nil {
		t.Fatal(err)
	}
	if c := get(2); c != "two" {
		t.Fatalf("the transaction read %q for its own write", c)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var c string
	if err := db.QueryRow("SELECT c FROM t WHERE id = ?", 2).Scan(&c); err != sql.ErrNoRows {
		t.Fatalf("a rolled back write read as %q (%v)", c, err)
	}
}
