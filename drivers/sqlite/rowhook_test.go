package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

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
	dtx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer dtx.Rollback()
	tx := dtx.(*Tx)
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
