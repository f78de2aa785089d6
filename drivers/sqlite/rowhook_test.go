package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/blocksql/blocksql/drivers"
)

// TestRowHookValues: the pre-update hook hands over every changed row of
// a user table with each value as SQLite stores it (INTEGER int64, REAL
// float64, TEXT and BLOB bytes, NULL nil; an empty string is not NULL), a
// row larger than the hook's first buffer whole, and nothing of the
// engine's own tables.
func TestRowHookValues(t *testing.T) {
	d := openDriver(t)
	if d.hook == nil {
		t.Skip("built without the sqlite_preupdate_hook tag")
	}
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, s LONGTEXT, b VARBINARY(10), f DOUBLE, n BIGINT)")
	ctx := context.Background()
	tx := beginTx(t, d)
	long := strings.Repeat("é", 6000)
	take := func(q string, args ...any) string {
		t.Helper()
		tx.CaptureRows(true)
		defer tx.CaptureRows(false)
		if err := tx.ExecInternal(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if err := tx.ExecInternal(ctx, `INSERT INTO "blocksql.meta" VALUES ('k', 'v') ON CONFLICT DO NOTHING`); err != nil {
			t.Fatal(err)
		}
		got, err := tx.TakeRowChanges(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range got {
			out = append(out, fmt.Sprintf("%s %s %v before=%s after=%s", c.Op, c.Table, c.Columns, values(c.Before), values(c.After)))
		}
		return strings.Join(out, "\n")
	}
	got := take(`INSERT INTO "app.t" VALUES (1, ?, X'', 1.5, NULL), (2, '', X'00ff', -2.25e-300, 9223372036854775807)`, long)
	want := "insert app.t [id s b f n] before=[] after=[int64(1) text(" + long + ") empty float64(1.5) nil]\n" +
		"insert app.t [id s b f n] before=[] after=[int64(2) empty bytes(00ff) float64(-2.25e-300) int64(9223372036854775807)]"
	if got != want {
		t.Errorf("INSERT:\n%.300s\nwant:\n%.300s", got, want)
	}
	got = take(`UPDATE "app.t" SET n = -1, s = NULL WHERE id = 2`)
	want = "update app.t [id s b f n] before=[int64(2) empty bytes(00ff) float64(-2.25e-300) int64(9223372036854775807)] " +
		"after=[int64(2) nil bytes(00ff) float64(-2.25e-300) int64(-1)]"
	if got != want {
		t.Errorf("UPDATE:\n%s\nwant:\n%s", got, want)
	}
	got = take(`DELETE FROM "app.t" WHERE id = 2`)
	want = "delete app.t [id s b f n] before=[int64(2) nil bytes(00ff) float64(-2.25e-300) int64(-1)] after=[]"
	if got != want {
		t.Errorf("DELETE:\n%s\nwant:\n%s", got, want)
	}
}

// values prints a captured row with each value's Go type.
func values(row []any) string {
	var out []string
	for _, v := range row {
		switch v := v.(type) {
		case nil:
			out = append(out, "nil")
		case []byte:
			if v == nil {
				out = append(out, "nil-bytes")
			} else if len(v) == 0 {
				out = append(out, "empty")
			} else if isText(v) {
				out = append(out, "text("+string(v)+")")
			} else {
				out = append(out, fmt.Sprintf("bytes(%x)", v))
			}
		default:
			out = append(out, fmt.Sprintf("%T(%v)", v, v))
		}
	}
	return "[" + strings.Join(out, " ") + "]"
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return false
		}
	}
	return true
}

var _ drivers.RowHook = (*Tx)(nil)

// TestInternalWritesBindAsGoSQLite3: an internal write's values, bound in
// one call into C (cexec.go), are stored as go-sqlite3 stores them through
// database/sql; a value of another kind goes that way itself, and a
// refused write reports go-sqlite3's error.
func TestInternalWritesBindAsGoSQLite3(t *testing.T) {
	d := openDriver(t)
	ctx := context.Background()
	tx := beginTx(t, d)
	if err := tx.ExecInternal(ctx, `CREATE TABLE "blocksql.kinds" (k INTEGER PRIMARY KEY, v)`); err != nil {
		t.Fatal(err)
	}
	vals := []any{nil, int64(-7), 42, int32(5), true, false, 2.5, "", "héllo", []byte(nil), []byte{}, []byte{0, 1, 255},
		time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC), uint8(3)}
	for i, v := range vals {
		if err := tx.ExecInternal(ctx, `INSERT INTO "blocksql.kinds" VALUES (?, ?)`, i, v); err != nil {
			t.Fatalf("%T %v: %v", v, v, err)
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO "blocksql.kinds" VALUES (?, ?)`, 100+i, v); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := tx.tx.QueryContext(ctx, `SELECT a.k, typeof(a.v), quote(a.v), typeof(b.v), quote(b.v)
		FROM "blocksql.kinds" a JOIN "blocksql.kinds" b ON b.k = a.k + 100 ORDER BY a.k`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var k int
		var ta, qa, tb, qb string
		if err := rows.Scan(&k, &ta, &qa, &tb, &qb); err != nil {
			t.Fatal(err)
		}
		if ta != tb || qa != qb {
			t.Errorf("%T %v stored as %s %s, database/sql stores %s %s", vals[k], vals[k], ta, qa, tb, qb)
		}
		n++
	}
	rows.Close()
	if n != len(vals) {
		t.Fatalf("%d rows compared, want %d", n, len(vals))
	}
	err = tx.ExecInternal(ctx, `INSERT INTO "blocksql.kinds" VALUES (?, ?)`, 1, "again")
	var se sqlite3.Error
	if !errors.As(err, &se) || se.ExtendedCode != sqlite3.ErrConstraintPrimaryKey {
		t.Errorf("duplicate key: %v, want go-sqlite3's primary key constraint error", err)
	}
}

// beginTx begins a transaction on d, rolled back at the test's end.
func beginTx(t *testing.T, d *Driver) *Tx {
	t.Helper()
	dtx, err := d.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dtx.Rollback() })
	return dtx.(*Tx)
}
