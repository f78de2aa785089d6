package mysql_test

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"strings"
	"testing"

	gosql "github.com/go-sql-driver/mysql"

	"github.com/blocksql/blocksql/drivers"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// limitNode starts a node whose reads may hold maxResult bytes each and
// maxNode bytes together, with app.t holding 40 rows of 100 characters.
func limitNode(t *testing.T, backend string, maxResult, maxNode int64) *testNode {
	t.Helper()
	n := startNodeOn(t, mysqlfront.Config{Results: drivers.NewResultBudget(maxResult, maxNode)}, backend)
	db := n.open(t, "root", "", "")
	mustExec(t, db, "CREATE DATABASE app")
	mustExec(t, db, "CREATE TABLE app.t (id INT PRIMARY KEY, x VARCHAR(100))")
	vals := make([]string, 40)
	for i := range vals {
		vals[i] = fmt.Sprintf("(%d, '%s')", i+1, strings.Repeat("x", 100))
	}
	mustExec(t, db, "INSERT INTO app.t VALUES "+strings.Join(vals, ", "))
	return n
}

// TestReadLimitRefusesHugeResult: a cross join whose rows would hold more
// than [limits] max_result_bytes fails with 1041 (HY000) in both
// protocols, inside a transaction too, and the session reads on as before.
func TestReadLimitRefusesHugeResult(t *testing.T) { forEachBackend(t, testReadLimitRefusesHugeResult) }

func testReadLimitRefusesHugeResult(t *testing.T, backend string) {
	n := limitNode(t, backend, 256<<10, 0)
	db := n.open(t, "root", "app", "")
	db.SetMaxOpenConns(1)
	const huge = "SELECT a.*, b.*, c.* FROM t a, t b, t c"
	assertQueryFails(t, db, huge, drivers.ErOutOfResources)
	st, err := db.Prepare(huge)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Query()
	if err == nil {
		rows.Close()
	}
	if me := assertCode(t, err, drivers.ErOutOfResources); string(me.SQLState[:]) != "HY000" {
		t.Errorf("SQLSTATE %s, want HY000", me.SQLState)
	}
	assertQueryFails(t, db, "SELECT REPEAT(x, 10000) FROM t", drivers.ErOutOfResources)
	// The session goes on: ordinary reads answer as before, within the
	// limit and past its size in rows read (an aggregate holds one row).
	if got := queryStrings(t, db, "SELECT COUNT(*), MAX(LENGTH(a.x)) FROM t a, t b, t c"); !sameRows(got, [][]string{{"64000", "100"}}) {
		t.Errorf("count over the cross join: %v", got)
	}
	if got := queryStrings(t, db, "SELECT a.id, b.id FROM t a, t b WHERE a.id < 3 AND b.id < 3 ORDER BY 1, 2"); !sameRows(got,
		[][]string{{"1", "1"}, {"1", "2"}, {"2", "1"}, {"2", "2"}}) {
		t.Errorf("small join: %v", got)
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM (SELECT a.id, b.x FROM t a, t b) j"); !sameRows(got, [][]string{{"1600"}}) {
		t.Errorf("count of a derived table: %v", got)
	}
	// Inside a transaction the read fails the same way and the transaction commits.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO t VALUES (41, 'y')"); err != nil {
		t.Fatal(err)
	}
	_, err = countRows(tx, huge)
	assertCode(t, err, drivers.ErOutOfResources)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, db, "SELECT x FROM t WHERE id = 41"); !sameRows(got, [][]string{{"y"}}) {
		t.Errorf("after the transaction: %v", got)
	}
}

// TestReadLimitNodeBudget: a result counts against the node's budget
// until it is written to its client, so while a client that does not read
// its socket keeps the node writing a 27 MB result, a second client's read
// that would take the node past [limits] max_node_result_bytes fails with
// 1041; once the first client has read its rows, the second reads them too.
func TestReadLimitNodeBudget(t *testing.T) { forEachBackend(t, testReadLimitNodeBudget) }

func testReadLimitNodeBudget(t *testing.T, backend string) {
	n := limitNode(t, backend, 64<<20, 40<<20)
	ctx := context.Background()
	// The slow client's socket takes 64 KiB at a time, so the node cannot
	// hand it the result's 20 MB on the wire before it reads them.
	gosql.RegisterDialContext("slowreader", func(ctx context.Context, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(64 << 10)
		}
		return c, err
	})
	slowDB, err := sql.Open("mysql", fmt.Sprintf("root@slowreader(%s)/app", n.addr))
	if err != nil {
		t.Fatal(err)
	}
	defer slowDB.Close()
	slow, err := slowDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	other, err := n.open(t, "root", "app", "").Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	const huge = "SELECT a.*, b.*, c.* FROM t a, t b, t c"
	// The column definitions come once the node has read every row.
	rows, err := slow.QueryContext(ctx, huge)
	if err != nil {
		t.Fatal(err)
	}
	_, err = countRows(other, huge)
	assertCode(t, err, drivers.ErOutOfResources)
	if got, err := countRows(other, "SELECT id FROM t"); got != 40 || err != nil {
		t.Fatalf("a small read while the node is busy: %d rows (%v), want 40", got, err)
	}
	read := 0
	for rows.Next() {
		read++
	}
	if err := rows.Close(); err != nil || read != 64000 {
		t.Fatalf("slow client: %d rows (%v), want 64000", read, err)
	}
	if err := slow.PingContext(ctx); err != nil { // the node is done with the first command
		t.Fatal(err)
	}
	if got, err := countRows(other, huge); got != 64000 || err != nil {
		t.Fatalf("second client once the first has its rows: %d rows (%v), want 64000", got, err)
	}
}

// countRows reads every row of q on c (a connection or a transaction).
func countRows(c interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, q string) (int, error) {
	rows, err := c.QueryContext(context.Background(), q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
