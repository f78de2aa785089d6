package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blocksql/blocksql/drivers/sqlite"
)

// TestBenchFloorWritesEveryRow: the apply floor writes every row of every
// table the engine wrote, the same values, and the indexed floor has the
// file's indexes (a floor that dropped or changed rows would measure less
// work than the engine did).
func TestBenchFloorWritesEveryRow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := newBenchChainBuilder()
	if err != nil {
		t.Fatal(err)
	}
	const blocks = 5
	setup, chain, err := benchApplyBlocksOf(c, blocks, true)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "apply.db")
	if _, _, err := benchApplyChain(ctx, src, setup, chain); err != nil {
		t.Fatal(err)
	}
	f, err := benchFloorOf(ctx, src, dir, blocks)
	if err != nil {
		t.Fatal(err)
	}
	if f.Indexed <= 0 || f.Unindexed <= 0 {
		t.Fatalf("floor times %+v", f)
	}
	want := benchFloorDump(t, src)
	if n := len(want["app.w"]); n != blocks*benchApplyPerBlock {
		t.Fatalf("the engine wrote %d rows into app.w, want %d", n, blocks*benchApplyPerBlock)
	}
	for name, indexes := range map[string]bool{"floor-indexed.db": true, "floor.db": false} {
		path := filepath.Join(dir, name)
		if got := benchFloorDump(t, path); !reflect.DeepEqual(got, want) {
			for table := range want {
				if len(got[table]) != len(want[table]) {
					t.Errorf("%s: %s holds %d rows, the engine's file %d", name, table, len(got[table]), len(want[table]))
				}
			}
			t.Errorf("%s: rows differ from the engine's file", name)
		}
		if n := benchFloorCount(t, path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"); (n > 0) != indexes {
			t.Errorf("%s: %d secondary indexes, want them: %v", name, n, indexes)
		}
	}
}

// benchFloorDump is every table's rows, in rowid order, rendered.
func benchFloorDump(t *testing.T, path string) map[string][]string {
	t.Helper()
	tables, _, err := benchFloorRead(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		for _, row := range tb.rows {
			out[tb.name] = append(out[tb.name], fmt.Sprintf("%#v", row))
		}
	}
	return out
}

func benchFloorCount(t *testing.T, path, q string) int {
	t.Helper()
	db, err := sql.Open(sqlite.SQLDriverName(), "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
