package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/driverstest"
	"github.com/pingcap/tidb/pkg/parser/ast"
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
	rows, err := d.reader.Query("SELECT type, name FROM sqlite_master WHERE name LIKE 'app.%' OR name LIKE 'blocksql.statements%' ORDER BY name")
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
	want := "table app.t,index app.t.by_name,table blocksql.statements," +
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
	if got := strings.Join(names, ","); got != "VARCHAR(10),DATETIME,DECIMAL TEXT(8,2)" {
		t.Errorf("types = %s", got)
	}
	var name string
	var at time.Time
	var price float64
	// ROUND of a long integer literal to tens or more is a DECIMAL of
	// its length, sign included.
	_, types2, err := translateRead(parse(t, "SELECT ROUND(9223372036854775807, -1), ROUND(-999999999, -2), ROUND(99999999, -1), ROUND(id, -1) FROM app.t"),
		d.readSchema(context.Background()))
	if got := strings.Join(types2, ","); err != nil || got != "DECIMAL(19,0),DECIMAL(10,0),INT,DECIMAL(20,0)" {
		t.Errorf("types of ROUND(literal, -n) = %s (%v)", got, err)
	}
	rows.Next()
	if err := rows.Scan(&name, &at, &price); err != nil {
		t.Fatal(err)
	}
	if at.Format(time.DateTime) != "2026-01-02 03:04:05" {
		t.Errorf("at = %v", at)
	}
}

// TestAppliedSQL checks that a statement parsed twice applies the same
// SQL, which names the physical table and shows the values written out
// even where they run as parameters.
func TestAppliedSQL(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, n INT, s VARCHAR(10))")
	for _, c := range []struct{ q, want string }{
		{"UPDATE app.t SET n = n + 1 WHERE app.t.id = 1 ORDER BY id LIMIT 1", `"app.t"`},
		// Integer and string literals need no conversion and are written bare.
		{"INSERT INTO app.t (id, n, s) VALUES (1, -2, 'it''s')", `VALUES (1, -2, 'it''s')`},
		// REPLACE stages the row as written and converts it as it inserts it.
		{"REPLACE INTO app.t (id, n) VALUES (1, 2.5)", `VALUES (1, '2.5'); `},
		{"REPLACE INTO app.t (id, n) VALUES (1, 2.5)", `SELECT mysql_key_int(c0, 'id'), mysql_int(c1) FROM temp.blocksql_rows`},
		{"INSERT INTO app.t (id, s) VALUES (1, 'x') ON DUPLICATE KEY UPDATE s = 'y'", `VALUES (1, 'x')`},
		{"INSERT INTO app.t (id, s) VALUES ('7', CONCAT('a', 'b'))", `VALUES (mysql_key_int('7', 'id'), mysql_nul_length(`},
	} {
		var applied []string
		for range 2 {
			tx, err := d.Begin(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			res, err := tx.Exec(context.Background(), parse(t, c.q))
			tx.Rollback()
			if err != nil {
				t.Fatal(err)
			}
			applied = append(applied, res.AppliedSQL)
		}
		// REPLACE and upsert run statements of their own with ?1 and ?2.
		params := strings.Contains(applied[0], "?)") || strings.Contains(applied[0], "?,")
		if applied[0] != applied[1] || !strings.Contains(applied[0], c.want) || params {
			t.Errorf("%s: AppliedSQL = %q, want twice the same, with %s", c.q, applied, c.want)
		}
	}
}

// TestParameters checks that INSERT values bound as parameters store
// exactly what their literals store: each row is inserted through the
// driver, and again by running its AppliedSQL (all values written out)
// into a copy of the table; both must hold the same values with the same
// types.
func TestParameters(t *testing.T) {
	d := openDriver(t)
	cols := "(k INT PRIMARY KEY, i INT, b BIGINT, u BIGINT UNSIGNED, dc DECIMAL(20,3), dbl DOUBLE, " +
		"s VARCHAR(40), txt TEXT, bin VARBINARY(20), dt DATETIME, d DATE)"
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t "+cols, "CREATE TABLE app.u "+cols)
	rows := []string{
		"1, 1, -9223372036854775808, 9223372036854775807, 1.50, 1.5, '1.50', 'x', 'b', '2026-01-02 03:04:05', '2026-01-02'",
		"2, -0, 9223372036854775807, 0, -0.5, -2.25, 1.50, -1.25, '', '2026-1-2', '20260102'",
		"3, '12', '-7', '8', '1.2345', '3', 12, 0.1, 'a\\\\b', '2026-01-02T03:04:05.5', '2026-01-02 10:00:00'",
		"4, 2.5, 123456789012.125, 3.0, 123456789012345.123, 1e3, 'é''\"', 1e3, _binary'x', NULL, NULL",
		"5, NULL, NULL, NULL, 0.0005, -0.0, 99999999999999999999, 12345678901234567.25, NULL, '2026-01-02', NULL",
		"6, TRUE, FALSE, 0x41, -123.456, 18446744073709551615, X'41', 1.0, X'00ff', 20260102030405, 20260102",
		"7, 1, 2, 3, 4, 5, 'x', 'y', b'1', NULL, NULL",
		"8, 1, 2, 3, 4, 5, 'x', 'y', 'z', NULL, ''",
	}
	for i, r := range rows {
		tx, err := d.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		res, err := tx.Exec(context.Background(), parse(t, "INSERT INTO app.t VALUES ("+r+")"))
		tx.Rollback()
		if err != nil {
			// The row must fail the same way with its values written out.
			if o := driverstest.Apply(t, d, []string{"INSERT INTO app.u VALUES (" + r + ")"}); o[0].Err != errCode(err) {
				t.Errorf("row %d: error %v, written out %v", i+1, err, o[0])
			}
			continue
		}
		apply(t, d, "INSERT INTO app.t VALUES ("+r+")")
		q := strings.Replace(res.AppliedSQL, `"app.t"`, `"app.u"`, 1)
		if _, err := d.conn.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("row %d: %s: %v", i+1, q, err)
		}
	}
	dump := func(table string) string {
		rows, err := d.reader.Query(`SELECT k, typeof(i), quote(i), typeof(b), quote(b), typeof(u), quote(u),
			typeof(dc), quote(dc), typeof(dbl), quote(dbl), typeof(s), quote(s), typeof(txt), quote(txt),
			typeof(bin), quote(bin), typeof(dt), quote(dt), typeof(d), quote(d) FROM "` + table + `" ORDER BY k`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		return strings.Join(scanStrings(t, rows), "\n")
	}
	got, want := dump("app.t"), dump("app.u")
	if got != want || got == "" {
		t.Errorf("bound:\n%s\nwritten out:\n%s", got, want)
	}
}

func scanStrings(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, v := range vals {
			parts = append(parts, v.String)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func errCode(err error) uint16 {
	var de *drivers.Error
	if errors.As(err, &de) {
		return de.Code
	}
	return 0
}

// TestParameterKinds checks which literals are bound as parameters.
func TestParameterKinds(t *testing.T) {
	stmt := parse(t, "INSERT INTO a.t VALUES (1, -2, 1.50, -0.5, 'x', NULL, _binary'b', -9223372036854775808, "+
		"1e3, TRUE, X'41', b'1', 18446744073709551615, 1234567890123456789.5, 99999999999999999999, 1+1, --3)")
	var got []string
	for _, e := range stmt.(*ast.InsertStmt).Lists[0] {
		v, ok := parameter(e)
		if !ok {
			v = "-"
		}
		got = append(got, fmt.Sprintf("%T(%v)", v, v))
	}
	want := "int64(1) int64(-2) string(1.50) string(-0.5) string(x) <nil>(<nil>) string(b) int64(-9223372036854775808) " +
		"string(-) string(-) string(-) string(-) string(-) string(1234567890123456789.5) string(99999999999999999999) string(-) string(-)"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("parameters:\n got %s\nwant %s", g, want)
	}
}

// TestStatementCache checks that INSERTs of one shape share a prepared
// statement, and that DDL and a rolled back block empty the cache.
func TestStatementCache(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, name VARCHAR(10))")
	apply(t, d, "INSERT INTO app.t VALUES (1, 'a')")
	n := d.stmts.size()
	apply(t, d, "INSERT INTO app.t VALUES (2, 'b')", "INSERT INTO app.t VALUES (3, 'c')")
	if got := d.stmts.size(); got != n || n == 0 {
		t.Errorf("cached statements: %d after one INSERT, %d after three", n, got)
	}
	apply(t, d, "CREATE TABLE app.u (id INT)")
	if got := d.stmts.size(); got > 2 {
		t.Errorf("%d cached statements after DDL, want only the savepoint's", got)
	}
	apply(t, d, "INSERT INTO app.t VALUES (4, 'd')")
	tx, err := d.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if got := d.stmts.size(); got != 0 {
		t.Errorf("%d cached statements after a rollback", got)
	}
	if got := driverstest.Contents(t, d, "app.t", []string{"id"}); len(got) != 4 {
		t.Errorf("rows = %q", got)
	}
}

// TestTxEnds checks that once a block's transaction has ended, by its
// context or by Close, nothing more runs in it, and that the writer is
// free again.
func TestTxEnds(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY)")
	ctx, cancel := context.WithCancel(context.Background())
	tx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, parse(t, "INSERT INTO app.t VALUES (1)")); err != nil {
		t.Fatal(err)
	}
	cancel()
	wait, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	tx2, err := d.Begin(wait)
	if err != nil {
		t.Fatalf("begin after cancel: %v", err)
	}
	if _, err := tx.Exec(context.Background(), parse(t, "INSERT INTO app.t VALUES (2)")); !errors.Is(err, sql.ErrTxDone) {
		t.Errorf("exec after cancel: %v", err)
	}
	if err := tx.ExecInternal(context.Background(), "INSERT INTO "+d.Internal("meta")+" VALUES (?, ?)", "k", "v"); !errors.Is(err, sql.ErrTxDone) {
		t.Errorf("internal exec after cancel: %v", err)
	}
	if err := tx.Commit(); !errors.Is(err, sql.ErrTxDone) {
		t.Errorf("commit after cancel: %v", err)
	}
	if _, err := tx2.Exec(wait, parse(t, "INSERT INTO app.t VALUES (3)")); err != nil {
		t.Fatal(err)
	}
	// Close rolls back the open block instead of waiting for it.
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := tx2.ExecInternal(context.Background(), "INSERT INTO "+d.Internal("meta")+" VALUES (?, ?)", "k", "v"); !errors.Is(err, sql.ErrTxDone) {
		t.Errorf("internal exec after close: %v", err)
	}
	d2, err := Open(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if got := driverstest.Contents(t, d2, "app.t", []string{"id"}); len(got) != 0 {
		t.Errorf("rows = %q, want none", got)
	}
}

// TestCheckpoints checks that the writer leaves checkpoints to the
// background: the WAL is copied into the file without a checkpoint in
// COMMIT, the file grows by whole chunks, and Close leaves a file that
// holds every block without its WAL.
func TestCheckpoints(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, pad TEXT)")
	var auto int
	if err := d.conn.QueryRowContext(context.Background(), "PRAGMA wal_autocheckpoint").Scan(&auto); err != nil || auto != 0 {
		t.Errorf("writer wal_autocheckpoint = %d, %v", auto, err)
	}
	for i := range 50 {
		apply(t, d, fmt.Sprintf("INSERT INTO app.t VALUES (%d, REPEAT('x', 4000))", i))
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var busy, frames, copied int
		err := d.ckpt.db.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
		if err != nil {
			t.Fatal(err)
		}
		if frames > 0 && copied == frames {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("WAL not checkpointed: %d of %d frames", copied, frames)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The checkpoint grew the file a chunk at a time (growChunk).
	if st, err := os.Stat(d.Path()); err != nil || st.Size() == 0 || st.Size()%growChunk != 0 {
		t.Errorf("file after a checkpoint: %v, %v; want a multiple of %d bytes", st.Size(), err, growChunk)
	}
	d.Close()
	if _, err := os.Stat(d.Path() + "-wal"); !os.IsNotExist(err) {
		t.Errorf("WAL after close: %v", err)
	}
	d2, err := Open(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if got := driverstest.Contents(t, d2, "app.t", []string{"id"}); len(got) != 50 {
		t.Errorf("%d rows after reopening, want 50", len(got))
	}
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

// TestIgnoreUnsignedKeyAboveInt64 checks that INSERT IGNORE of a BIGINT
// UNSIGNED key SQLite cannot hold fails, as a plain INSERT does, instead
// of storing 9223372036854775807 in its place.
func TestIgnoreUnsignedKeyAboveInt64(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.k (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, v INT)")
	out := driverstest.Apply(t, d, []string{"INSERT IGNORE INTO app.k (id, v) VALUES (18446744073709551615, 1), (10, 2)"})
	if out[0].Err == 0 {
		t.Errorf("INSERT IGNORE of 18446744073709551615 succeeded (%v) and stored %q", out[0], driverstest.Contents(t, d, "app.k", []string{"id"}))
	}
}

// A variable reaching the driver (the frontends substitute its value
// first) is refused with 1235: SQLite would read @x as a parameter.
func TestVariableInReadRefused(t *testing.T) {
	d := openDriver(t)
	for _, q := range []string{"SELECT @x", "SELECT @00", "SELECT @@version"} {
		rows, err := d.Query(context.Background(), parse(t, q))
		if err == nil {
			rows.Close()
		}
		if got := errCode(err); got != drivers.ErNotSupported {
			t.Errorf("%s: error %v, want 1235", q, err)
		}
	}
}

// TestBareValuesStoreAsConverted: a VALUES literal bound without the
// column's conversion (bareValue) is stored exactly as the converted
// value, which an expression (never bound bare) still gets.
func TestBareValuesStoreAsConverted(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app",
		"CREATE TABLE app.t (id INT PRIMARY KEY, i INT, b BIGINT, t VARCHAR(10), f DOUBLE, x TEXT, n INT)",
		"INSERT INTO app.t VALUES (1, -2, 9000000000, 'it''s', 1.5, 'é', NULL)",
		"INSERT INTO app.t VALUES (0 + 2, 0 - 2, 0 + 9000000000, CONCAT('it''s'), 0 + 1.5, CONCAT('é'), NULL + 0)")
	row := func(id int) string {
		var s string
		err := d.reader.QueryRow(`SELECT typeof(id) || typeof(i) || typeof(b) || typeof(t) || typeof(f) || typeof(x) || typeof(n)`+
			` || '|' || i || b || t || f || x || COALESCE(n, 'null') FROM "app.t" WHERE id = ?`, id).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if bare, converted := row(1), row(2); bare != converted {
		t.Errorf("bare literals stored %q, converted expressions %q", bare, converted)
	}
}

// TestNewFilePages: a restore's new file has NewFilePageSize pages, which
// it keeps when a node opens it (in WAL mode, its rows and the log's
// deferred indexes there); a file that exists keeps its own page size.
func TestNewFilePages(t *testing.T) {
	ctx := context.Background()
	openInit := func(open func(string) (*Driver, error), path string) *Driver {
		d, err := open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Init(ctx); err != nil {
			t.Fatal(err)
		}
		return d
	}
	path := filepath.Join(t.TempDir(), "restored.db")
	d := openInit(OpenNew, path)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, name VARCHAR(10))",
		"INSERT INTO app.t VALUES (1, 'a'), (2, 'b')")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	pragma := func(d *Driver, q string) string {
		var v string
		if err := d.conn.QueryRowContext(ctx, q).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	n := openInit(Open, path)
	defer n.Close()
	if got := pragma(n, "PRAGMA page_size"); got != fmt.Sprint(NewFilePageSize) {
		t.Errorf("page size %s, want %d", got, NewFilePageSize)
	}
	if got := pragma(n, "PRAGMA journal_mode"); got != "wal" {
		t.Errorf("journal mode %s once a node opened it, want wal", got)
	}
	if got := pragma(n, "SELECT group_concat(name) FROM (SELECT name FROM \"app.t\" ORDER BY id)"); got != "a,b" {
		t.Errorf("rows %q, want a,b", got)
	}
	if got := pragma(n, "SELECT count(*) FROM sqlite_master WHERE name = 'blocksql.statements.statements_time'"); got != "1" {
		t.Errorf("the log's deferred index: %s, want it built", got)
	}

	old := filepath.Join(t.TempDir(), "node.db")
	o := openInit(Open, old)
	want := pragma(o, "PRAGMA page_size")
	o.Close()
	r := openInit(OpenNew, old)
	defer r.Close()
	if got := pragma(r, "PRAGMA page_size"); got != want {
		t.Errorf("an existing file opened by OpenNew: page size %s, want its own %s", got, want)
	}
}

// TestOpenNewOfANodeFile: a restore opens a node's file (a snapshot's
// copy, in WAL mode) with OpenNew: the file leaves WAL mode (leaveWAL)
// with its rows, is written with a restore's settings, and a node that
// opens it afterwards finds every row and WAL mode again.
func TestOpenNewOfANodeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "node.db")
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.conn.ExecContext(context.Background(), "CREATE TABLE kept (id INTEGER PRIMARY KEY); INSERT INTO kept VALUES (1), (2)"); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	mode := func(d *Driver) (m string) {
		t.Helper()
		if err := d.conn.QueryRowContext(context.Background(), "PRAGMA journal_mode").Scan(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	count := func(d *Driver) (n int) {
		t.Helper()
		if err := d.conn.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM kept").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	r, err := OpenNew(path)
	if err != nil {
		t.Fatal(err)
	}
	if m, n := mode(r), count(r); m != "memory" || n != 2 {
		t.Fatalf("restore's open: journal mode %s, %d rows; want memory, 2", m, n)
	}
	if _, err := r.conn.ExecContext(context.Background(), "INSERT INTO kept VALUES (3)"); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if m, n := mode(d), count(d); m != "wal" || n != 3 {
		t.Fatalf("node's open after the restore: journal mode %s, %d rows; want wal, 3", m, n)
	}
}

// TestMissingTableWhileSchemaChanges: a read of a table that does not
// exist is 1146 even while blocks change the schema. A reader whose
// statement SQLite prepared again after another connection's CREATE or DROP TABLE
// got the same "no such table" under another result code (SQLITE_SCHEMA),
// and the node answered it as 1105.
func TestMissingTableWhileSchemaChanges(t *testing.T) {
	d := openDriver(t)
	ctx := context.Background()
	apply(t, d, "CREATE DATABASE app")
	done := make(chan error, 1)
	go func() {
		for i := range 400 {
			q := "CREATE TABLE app.w (a INT PRIMARY KEY)"
			if i%2 == 1 {
				q = "DROP TABLE app.w"
			}
			if o := driverstest.Apply(t, d, []string{q}); o[0].Err != 0 {
				done <- fmt.Errorf("%s: %v", q, o[0])
				return
			}
		}
		done <- nil
	}()
	q := parse(t, "SELECT * FROM app.t3 ORDER BY id")
	var failed error
	for reads := 0; ; reads++ {
		select {
		case err := <-done:
			if err == nil {
				err = failed
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d reads", reads)
			return
		default:
		}
		if failed != nil {
			continue // wait for the writer
		}
		rows, err := d.Query(ctx, q)
		var de *drivers.Error
		switch {
		case err == nil:
			rows.Close()
			failed = errors.New("a read of a missing table succeeded")
		case !errors.As(err, &de) || de.Code != drivers.ErNoSuchTable:
			failed = fmt.Errorf("read %d: %v (%T), want error %d", reads, err, err, drivers.ErNoSuchTable)
		}
	}
}
