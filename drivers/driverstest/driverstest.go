// Package driverstest is the conformance suite every drivers.Driver runs:
// the same corpus of writes and reads, with the rows affected, MySQL error
// numbers and table contents a MySQL server reports. CrossCheck runs the
// corpus on two drivers and asserts they agree, which is what lets an
// SQLite node and a MariaDB node sit on the same chain.
package driverstest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
)

// Outcome is what one statement reported.
type Outcome struct {
	Rows int64
	Err  uint16
}

func (o Outcome) String() string {
	if o.Err != 0 {
		return fmt.Sprintf("error %d", o.Err)
	}
	return fmt.Sprintf("%d rows", o.Rows)
}

// Run runs the whole suite against the drivers open returns; open is
// called once per case and must return an empty database.
func Run(t *testing.T, open func(t *testing.T) drivers.Driver) {
	t.Run("writes", func(t *testing.T) { runWrites(t, open) })
	t.Run("reads", func(t *testing.T) { runReads(t, open) })
	t.Run("internal", func(t *testing.T) { runInternal(t, open(t)) })
	t.Run("savepoints", func(t *testing.T) { runSavepoints(t, open(t)) })
	t.Run("messages", func(t *testing.T) { runMessages(t, open(t)) })
	t.Run("decimal", func(t *testing.T) { RunDecimal(t, open) })
	t.Run("dates", func(t *testing.T) { RunDates(t, open) })
}

// messages are errors whose text clients show or parse, as MariaDB
// words them.
var messages = []struct{ sql, want string }{
	{"INSERT INTO app.t (id, name) VALUES (1, 'x')", "Duplicate entry '1' for key 'PRIMARY'"},
	{"INSERT INTO app.t (id, name, email) VALUES (7, 'x', 'C@X'), (8, 'y', 'B@X')", "Duplicate entry 'B@X' for key 'email'"},
	{"INSERT INTO app.nope (id) VALUES (1)", "Table 'app.nope' doesn't exist"},
	{"INSERT INTO app.t (id, name) VALUES (9, NULL)", "Column 'name' cannot be null"},
	{"INSERT INTO app.t (id, name) VALUES (9, 'abcdefghijk')", "Data too long for column 'name' at row 1"},
	{"INSERT INTO app.t (id) VALUES (9)", "Field 'name' doesn't have a default value"},
	{"CREATE TABLE app.t (id INT)", "Table 't' already exists"},
	{"DROP TABLE app.nope", "Unknown table 'app.nope'"},
}

func runMessages(t *testing.T, d drivers.Driver) {
	Apply(t, d, threeRows)
	ctx := context.Background()
	for _, m := range messages {
		tx, err := d.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stmt, err := drivers.Parse(m.sql)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tx.Exec(ctx, stmt)
		var de *drivers.Error
		if !errors.As(err, &de) || de.Message != m.want {
			t.Errorf("%s\n  got %v\n want %q", m.sql, err, m.want)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
	}
}

func runWrites(t *testing.T, open func(t *testing.T) drivers.Driver) {
	for _, c := range Writes {
		t.Run(c.Name, func(t *testing.T) {
			d := open(t)
			got := Apply(t, d, c.statements())
			for i, s := range c.Steps {
				want := Outcome{Rows: s.Rows, Err: s.Err}
				if o := got[len(c.Setup)+i]; o != want {
					t.Errorf("%s\n  got %v, want %v", s.SQL, o, want)
				}
			}
			if c.Table == "" {
				return
			}
			rows := Contents(t, d, c.Table, c.OrderBy)
			if strings.Join(rows, "\n") != strings.Join(c.Want, "\n") {
				t.Errorf("contents of %s:\n got %q\nwant %q", c.Table, rows, c.Want)
			}
		})
	}
}

func runReads(t *testing.T, open func(t *testing.T) drivers.Driver) {
	d := open(t)
	for i, o := range Apply(t, d, ReadSetup) {
		if o.Err != 0 {
			t.Fatalf("setup %s: %v", ReadSetup[i], o)
		}
	}
	for _, c := range Reads {
		t.Run(c.Name, func(t *testing.T) {
			rows, err := Query(t, d, c.SQL)
			if code := errCode(t, err); code != c.Err {
				t.Fatalf("%s: error %v, want %d", c.SQL, err, c.Err)
			}
			if strings.Join(rows, "\n") != strings.Join(c.Want, "\n") {
				t.Errorf("%s\n got %q\nwant %q", c.SQL, rows, c.Want)
			}
		})
	}
}

func runInternal(t *testing.T, d drivers.Driver) {
	ctx := context.Background()
	if err := d.Init(ctx); err != nil {
		t.Fatalf("second Init: %v", err)
	}
	tx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	q := "INSERT INTO " + d.Internal("blocks") + " (height, time, hash, proposer, tx_count, app_hash) VALUES (?, ?, ?, ?, ?, ?)"
	if err := tx.ExecInternal(ctx, q, 7, "2026-01-02T03:04:05Z", "ab", "node0", 2, "cd"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	rows, err := d.QueryInternal(ctx, "SELECT height, hash, tx_count FROM "+d.Internal("blocks")+" WHERE height = ?", 7)
	if err != nil {
		t.Fatal(err)
	}
	got := scanAll(t, rows)
	if want := []string{"7|ab|2"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("blocks = %q, want %q", got, want)
	}
}

// runSavepoints checks that rolling back to a savepoint, as the apply
// engine does for a failed chain transaction, undoes its statements only.
func runSavepoints(t *testing.T, d drivers.Driver) {
	ctx := context.Background()
	Apply(t, d, []string{"CREATE DATABASE app", "CREATE TABLE app.s (id INT PRIMARY KEY)"})
	tx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO app.s VALUES (1)")
	if err := tx.Savepoint(ctx, "tx1"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO app.s VALUES (2)")
	if err := tx.RollbackTo(ctx, "tx1"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Release(ctx, "tx1"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO app.s VALUES (3)")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := Contents(t, d, "app.s", []string{"id"}); strings.Join(got, ",") != "1,3" {
		t.Errorf("after rollback to savepoint: %q, want [1 3]", got)
	}
}

func mustExec(t *testing.T, tx drivers.Tx, q string) {
	t.Helper()
	stmt, err := drivers.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), stmt); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// Apply runs statements in one block transaction, each in its own
// savepoint as the apply engine does, and commits.
func Apply(t *testing.T, d drivers.Driver, stmts []string) []Outcome {
	t.Helper()
	ctx := context.Background()
	tx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Outcome, len(stmts))
	for i, q := range stmts {
		out[i] = applyOne(t, tx, q)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return out
}

func applyOne(t *testing.T, tx drivers.Tx, q string) Outcome {
	t.Helper()
	ctx := context.Background()
	stmt, err := drivers.Parse(q)
	if err != nil {
		t.Fatalf("parse %s: %v", q, err)
	}
	if err := tx.Savepoint(ctx, "stmt"); err != nil {
		t.Fatalf("savepoint before %s: %v", q, err)
	}
	res, err := tx.Exec(ctx, stmt)
	if err != nil {
		code := errCode(t, err)
		if err := tx.RollbackTo(ctx, "stmt"); err != nil {
			t.Fatalf("rollback after %s: %v", q, err)
		}
		if err := tx.Release(ctx, "stmt"); err != nil {
			t.Fatalf("release after %s: %v", q, err)
		}
		return Outcome{Err: code}
	}
	if err := tx.Release(ctx, "stmt"); err != nil {
		t.Fatalf("release after %s: %v", q, err)
	}
	return Outcome{Rows: res.RowsAffected}
}

// errCode is the MySQL error number of a SQL error; any other error fails
// the test, since a driver must never report a statement's fault as an
// infrastructure failure.
func errCode(t *testing.T, err error) uint16 {
	t.Helper()
	if err == nil {
		return 0
	}
	var de *drivers.Error
	if !errors.As(err, &de) {
		t.Fatalf("not a SQL error: %v", err)
	}
	return de.Code
}

// Query runs a read and renders its rows.
func Query(t *testing.T, d drivers.Driver, q string) ([]string, error) {
	t.Helper()
	stmt, err := drivers.Parse(q)
	if err != nil {
		t.Fatalf("parse %s: %v", q, err)
	}
	rows, err := d.Query(context.Background(), stmt)
	if err != nil {
		return nil, err
	}
	return scanAll(t, rows), nil
}

// QueryInternal runs a read of the internal tables (names as
// Driver.Internal gives them) and renders its rows as Query does.
func QueryInternal(t *testing.T, d drivers.Driver, q string) []string {
	t.Helper()
	rows, err := d.QueryInternal(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return scanAll(t, rows)
}

// QueryWithNames is Query with the column names as the first row.
func QueryWithNames(t *testing.T, d drivers.Driver, q string) ([]string, error) {
	t.Helper()
	stmt, err := drivers.Parse(q)
	if err != nil {
		t.Fatalf("parse %s: %v", q, err)
	}
	rows, err := d.Query(context.Background(), stmt)
	if err != nil {
		return nil, err
	}
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{strings.Join(cols, "|")}, scanAll(t, rows)...), nil
}

// Contents renders every row of table "db.name" (drivers.QualifiedName).
func Contents(t *testing.T, d drivers.Driver, table string, orderBy []string) []string {
	t.Helper()
	db, name, _ := drivers.SplitQualified(table)
	rows, err := d.ScanTable(context.Background(), db, name, orderBy)
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	return scanAll(t, rows)
}

func scanAll(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = render(v, types[i].DatabaseTypeName())
		}
		out = append(out, strings.Join(cells, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var decimal = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)

// render prints a value so that equal values print alike on every
// backend: 1.50 (MySQL DECIMAL) and 1.5 (SQLite REAL) both print 1.5.
func render(v any, dbType string) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return number(string(v))
	case string:
		return number(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		if v {
			return "1"
		}
		return "0"
	case time.Time:
		if strings.ToUpper(dbType) == "DATE" {
			return v.Format("2006-01-02")
		}
		return v.Format("2006-01-02 15:04:05")
	}
	return fmt.Sprint(v)
}

func number(s string) string {
	if !decimal.MatchString(s) {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
