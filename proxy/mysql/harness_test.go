package mysql_test

import (
	"database/sql"
	"fmt"
	"log/slog"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/proxy/mysql/mysqltest"
	"github.com/blocksql/blocksql/replay"
)

// testNode is a frontend serving an engine on 127.0.0.1:0.
type testNode struct {
	addr string
	port string
	eng  *replay.Engine
	node *mysqltest.Node
}

// backends are the local databases the wire tests run against. MariaDB
// is used when it answers on 127.0.0.1:3306, under a fresh name prefix.
var backends = []string{"sqlite", "mariadb"}

// forEachBackend runs f as a subtest per backend.
func forEachBackend(t *testing.T, f func(t *testing.T, backend string)) {
	for _, b := range backends {
		t.Run(b, func(t *testing.T) { f(t, b) })
	}
}

func startNode(t *testing.T, cfg mysqlfront.Config) *testNode {
	return startNodeOn(t, cfg, "sqlite")
}

func startNodeOn(t *testing.T, cfg mysqlfront.Config, backend string) *testNode {
	t.Helper()
	n := mysqltest.StartNode(t, cfg, backend)
	return &testNode{addr: n.Addr, port: n.Port, eng: n.Engine, node: n}
}

func startNodeLogged(t *testing.T, cfg mysqlfront.Config, log *slog.Logger) *testNode {
	t.Helper()
	n := mysqltest.StartNodeLogged(t, cfg, "sqlite", log)
	return &testNode{addr: n.Addr, port: n.Port, eng: n.Engine, node: n}
}

// open connects with go-sql-driver/mysql; extra is appended to the DSN query.
func (n *testNode) open(t *testing.T, userPass, db, extra string) *sql.DB {
	t.Helper()
	dsn := fmt.Sprintf("%s@tcp(%s)/%s?%s", userPass, n.addr, db, extra)
	conn, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func mustExec(t *testing.T, db interface {
	Exec(string, ...any) (sql.Result, error)
}, query string, args ...any) sql.Result {
	t.Helper()
	res, err := db.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// queryStrings returns every row of a query as strings ("NULL" for NULL).
func queryStrings(t *testing.T, db interface {
	Query(string, ...any) (*sql.Rows, error)
}, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return scanStrings(t, query, rows)
}

// assertRows runs query and wants exactly rows want (NULL as "NULL").
func assertRows(t *testing.T, db *sql.DB, query string, want [][]string) {
	t.Helper()
	if got := queryStrings(t, db, query); !sameRows(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", query, got, want)
	}
}

// execRefused runs each statement and wants it refused with MySQL error code.
func execRefused(t *testing.T, db *sql.DB, code uint16, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		_, err := db.Exec(q)
		assertCode(t, err, code)
	}
}

// columnTypes is what go-sql-driver tells of each of query's result columns.
func columnTypes(t *testing.T, db *sql.DB, query string) []*sql.ColumnType {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return cts
}

// columnTypeNames is the database type name of each of query's result
// columns (UNSIGNED BIGINT, DECIMAL, ...).
func columnTypeNames(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	cts := columnTypes(t, db, query)
	names := make([]string, len(cts))
	for i, ct := range cts {
		names[i] = ct.DatabaseTypeName()
	}
	return names
}

// scanStrings reads every row as strings and closes rows.
func scanStrings(t *testing.T, query string, rows *sql.Rows) [][]string {
	t.Helper()
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: scan: %v", query, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
			if !v.Valid {
				row[i] = "NULL"
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// assertQueryFails reads every row of q and asserts it fails with MySQL
// error code, when it is sent or while its rows are read.
func assertQueryFails(t *testing.T, db *sql.DB, q string, code uint16) {
	t.Helper()
	rows, err := db.Query(q)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	if err == nil {
		t.Errorf("%s: no error, want %d", q, code)
		return
	}
	assertCode(t, err, code)
}

// bothProtocols runs q as a plain query (text protocol) and as a prepared
// statement (binary protocol), and hands each result to check.
func bothProtocols(t *testing.T, db *sql.DB, q string, check func(rows *sql.Rows)) {
	t.Helper()
	st, err := db.Prepare(q)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, query := range []func() (*sql.Rows, error){func() (*sql.Rows, error) { return db.Query(q) }, func() (*sql.Rows, error) { return st.Query() }} {
		rows, err := query()
		if err != nil {
			t.Fatal(err)
		}
		check(rows)
		rows.Close()
	}
}
