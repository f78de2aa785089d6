package replay

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers/sqlite"
)

// writeRows binds a value shared by every row of an INSERT once (numbered
// parameters, SQLite); the rows stored, in order and with their types, are
// those of plain parameters, whichever columns are shared, including none,
// all, NULLs, values that look alike but differ in type, and blobs (never
// shared).
func TestWriteRowsSharedColumnsStoreTheSameRows(t *testing.T) {
	ctx := context.Background()
	d, err := sqlite.Open(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tbl := newOplogTable("scratch", "run, a, b, c, d")
	cases := []func(i int) []any{
		func(i int) []any { return []any{"app.w", "2026-12-02", int64(7), i} },                         // some shared
		func(i int) []any { return []any{fmt.Sprint("t", i), fmt.Sprint(i), int64(i), fmt.Sprint(i)} }, // none
		func(int) []any { return []any{"app.w", "x", int64(7), 3} },                                    // all
		func(i int) []any { return []any{nil, []byte("b"), nil, map[bool]any{true: "odd"}[i%2 == 1]} }, // NULLs, blobs
		func(i int) []any { // 7 and "7"
			if i == 5 {
				return []any{"app.w", "x", "7", i}
			}
			return []any{"app.w", "x", int64(7), i}
		},
	}
	tx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.ExecInternal(ctx, "CREATE TABLE "+d.Internal("scratch")+" (run, a, b, c, d)"); err != nil {
		t.Fatal(err)
	}
	run := 0
	for ci, row := range cases {
		for _, n := range []int{1, 2, 7, 300} {
			run++
			var args []any
			var want []string
			for i := range n {
				r := append([]any{run}, row(i)...)
				args = append(args, r...)
				want = append(want, fmt.Sprintf("%#v", r[1:]))
			}
			if err := writeRows(ctx, tx.ExecInternal, d, &tbl, args); err != nil {
				t.Fatalf("case %d, %d rows: %v", ci, n, err)
			}
			if got := readBack(t, tx, d, run); !reflect.DeepEqual(got, want) {
				t.Errorf("case %d, %d rows: stored\n%v\nwant\n%v", ci, n, got, want)
			}
		}
	}
}

// readBack returns the rows of run in insertion order, each as the Go
// values a plain INSERT would have bound, printed with their types.
func readBack(t *testing.T, tx interface {
	QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}, d interface{ Internal(string) string }, run int) []string {
	t.Helper()
	rows, err := tx.QueryInternal(context.Background(), "SELECT a, b, c, d FROM "+d.Internal("scratch")+" WHERE run = ? ORDER BY rowid", run)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]any, 4)
		ptrs := make([]any, 4)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if x, ok := v.(int64); ok && i == 3 {
				vals[i] = int(x) // the index column was bound as an int
			}
		}
		out = append(out, fmt.Sprintf("%#v", vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The numbered form names the shared columns' parameters first and every
// other one in row order.
func TestInsertNumbersSharedParametersFirst(t *testing.T) {
	tbl := newOplogTable("x", "a, b, c")
	d, err := sqlite.Open(filepath.Join(t.TempDir(), "n.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	q := tbl.insert(d, 2, 0b010)
	if !strings.HasSuffix(q, "VALUES (?2, ?1, ?3), (?4, ?1, ?5)") {
		t.Errorf("insert: %s", q)
	}
	if got := tbl.sharedArgs([]any{"a0", "b", "c0", "a1", "b", "c1"}, 0b010); !reflect.DeepEqual(got, []any{"b", "a0", "c0", "a1", "c1"}) {
		t.Errorf("sharedArgs: %v", got)
	}
}
