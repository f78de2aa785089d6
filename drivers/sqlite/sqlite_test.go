package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/driverstest"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

func openDriver(t *testing.T) *Driver {
	t.Helper()
	d, err := Open(filepath.Join(t.TempDir(), "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

func openTest(t *testing.T) drivers.Driver { return openDriver(t) }

func TestDriver(t *testing.T) { driverstest.Run(t, openTest) }

func parse(t *testing.T, q string) ast.StmtNode {
	t.Helper()
	s, err := drivers.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func apply(t *testing.T, d *Driver, qs ...string) {
	t.Helper()
	for i, o := range driverstest.Apply(t, d, qs) {
		if o.Err != 0 {
			t.Fatalf("%s: %v", qs[i], o)
		}
	}
}

// TestPhysicalNames checks the naming other tools rely on when they open
// the file: table "db.t", index "db.t.i", internal tables "blocksql.x".
func TestPhysicalNames(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, name VARCHAR(10), KEY by_name (name))")
	rows, err := d.writer.Query("SELECT type, name FROM sqlite_master WHERE name LIKE 'app.%' OR name LIKE 'blocksql.statements%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var typ, name string
		if err := rows.Scan(&typ, &name); err != nil {
			t.Fatal(err)
		}
		got = append(got, typ+" "+name)
	}
	want := "table app.t,index app.t.by_name,table blocksql.statements,index blocksql.statements.statements_height," +
		"index blocksql.statements.statements_time,index blocksql.statements.statements_user_time"
	if strings.Join(got, ",") != want {
		t.Errorf("sqlite_master = %q, want %q", got, want)
	}
	if got := d.Internal("statements"); got != `"blocksql.statements"` {
		t.Errorf("Internal = %s", got)
	}
}

// TestReadsDuringBlock checks that a read neither waits for nor sees a
// block that is being applied.
func TestReadsDuringBlock(t *testing.T) {
	d := openDriver(t)
	ctx := context.Background()
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY)", "INSERT INTO app.t VALUES (1)")
	tx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, parse(t, "INSERT INTO app.t VALUES (2)")); err != nil {
		t.Fatal(err)
	}
	qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if n := count(t, qctx, d); n != 1 {
		t.Errorf("during the block: %d rows, want 1", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := count(t, ctx, d); n != 2 {
		t.Errorf("after the block: %d rows, want 2", n)
	}
}

func count(t *testing.T, ctx context.Context, d *Driver) int {
	t.Helper()
	rows, err := d.Query(ctx, parse(t, "SELECT COUNT(*) FROM app.t"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// TestResultColumns checks that result columns carry the MySQL type and
// that DATETIME columns scan as time.Time (go-sqlite3 converts by type).
func TestResultColumns(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app",
		"CREATE TABLE app.t (id BIGINT PRIMARY KEY, name VARCHAR(10), at DATETIME, price DECIMAL(8,2))",
		"INSERT INTO app.t VALUES (1, 'a', '2026-01-02 03:04:05', 1.5)")
	rows, err := d.Query(context.Background(), parse(t, "SELECT name, at, price FROM app.t"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, _ := rows.ColumnTypes()
	var names []string
	for _, c := range types {
		names = append(names, c.DatabaseTypeName())
	}
	if got := strings.Join(names, ","); got != "VARCHAR(10),DATETIME,DECIMAL(8,2)" {
		t.Errorf("types = %s", got)
	}
	var name string
	var at time.Time
	var price float64
	rows.Next()
	if err := rows.Scan(&name, &at, &price); err != nil {
		t.Fatal(err)
	}
	if at.Format(time.DateTime) != "2026-01-02 03:04:05" {
		t.Errorf("at = %v", at)
	}
}

// TestExecKeepsStatement checks that translation works on a copy: the
// caller's AST is what the chain holds.
func TestExecKeepsStatement(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, n INT)")
	stmt := parse(t, "UPDATE app.t SET n = n + 1 WHERE app.t.id = 1 ORDER BY id LIMIT 1")
	before := restored(t, stmt)
	tx, err := d.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	res, err := tx.Exec(context.Background(), stmt)
	if err != nil {
		t.Fatal(err)
	}
	if after := restored(t, stmt); after != before {
		t.Errorf("statement changed:\n%s\n%s", before, after)
	}
	if !strings.Contains(res.AppliedSQL, `"app.t"`) {
		t.Errorf("AppliedSQL = %s", res.AppliedSQL)
	}
}

func restored(t *testing.T, n ast.Node) string {
	var b strings.Builder
	if err := n.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &b)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestInfrastructureErrors checks that a failure of the database itself is
// not reported as a statement's SQL error (the node must halt on it).
func TestInfrastructureErrors(t *testing.T) {
	d := openDriver(t)
	tx, err := d.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	d.Close()
	_, err = tx.Exec(context.Background(), parse(t, "INSERT INTO app.t VALUES (1)"))
	_, err2 := d.Begin(context.Background())
	for _, e := range []error{err, err2} {
		var de *drivers.Error
		if e == nil || errorsAs(e, &de) {
			t.Errorf("error after close = %v, want a plain error", e)
		}
	}
}

func errorsAs(err error, target **drivers.Error) bool { return errors.As(err, target) }
