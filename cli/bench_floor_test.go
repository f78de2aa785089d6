package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers/mysql"
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
		if got, want := benchFloorCount(t, path, "PRAGMA page_size"), benchFloorCount(t, src, "PRAGMA page_size"); got != want {
			t.Errorf("%s: pages of %d bytes, the engine's file %d", name, got, want)
		}
	}
}

// benchFloorDump is every table's rows, in rowid order, rendered.
func benchFloorDump(t *testing.T, path string) map[string][]string {
	t.Helper()
	file, err := benchFloorRead(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range file.tables {
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

// TestBenchMariaDBFloorWritesEveryRow: the MariaDB floor copies every row
// of every table of the restore's databases into new databases of the
// same tables, spread over the blocks.
func TestBenchMariaDBFloorWritesEveryRow(t *testing.T) {
	requireMariaDB(t)
	ctx := context.Background()
	prefix := fmt.Sprintf("blocksql_floortest_%d_", time.Now().UnixNano()%1e9)
	t.Cleanup(func() { mysql.DropPrefix(context.Background(), mariaDSN, prefix) })
	db, err := sql.Open("mysql", mariaDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src := prefix + "restore_app"
	for _, q := range []string{"CREATE DATABASE `" + src + "`",
		"CREATE TABLE `" + src + "`.w (id INT AUTO_INCREMENT PRIMARY KEY, k INT, payload LONGTEXT, KEY k_idx (k))",
		"CREATE TABLE `" + src + "`.empty (id INT PRIMARY KEY)"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	const rows = 1000
	for i := range rows {
		var payload any = fmt.Sprintf("row %d 'quoted' \\ é", i)
		if i%7 == 0 {
			payload = nil
		}
		if _, err := db.Exec("INSERT INTO `"+src+"`.w (k, payload) VALUES (?, ?)", i%10, payload); err != nil {
			t.Fatal(err)
		}
	}
	took, err := benchMariaDBFloor(ctx, mariaDSN, prefix+"restore_", prefix+"floor_", 3) // shares of 333 rows: more than one INSERT each
	if err != nil {
		t.Fatal(err)
	}
	if took <= 0 {
		t.Fatalf("floor took %v", took)
	}
	dump := func(database string) string {
		var n int
		var sum sql.NullString
		if err := db.QueryRow("SELECT COUNT(*), SHA2(GROUP_CONCAT(CONCAT_WS('|', id, k, IFNULL(payload, 'NULL')) ORDER BY id SEPARATOR '\\n'), 256) FROM `"+
			database+"`.w").Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(n, " ", sum.String)
	}
	want, got := dump(src), dump(prefix+"floor_app")
	if want != got || !strings.HasPrefix(want, fmt.Sprint(rows, " ")) {
		t.Errorf("floor table: %s, the restore's: %s", got, want)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = ? AND index_name = 'k_idx'",
		prefix+"floor_app").Scan(&n); err != nil || n == 0 {
		t.Errorf("floor table lacks the source's index (%d, %v)", n, err)
	}
}

// TestWireRowValues: the wire floor with the disk takes the values of the
// insert workload's statement as go-sql-driver interpolates it, and
// refuses anything else rather than writing a wrong row.
func TestWireRowValues(t *testing.T) {
	got, ok := wireRowValues("INSERT INTO items_insert (k, c, pad) VALUES (352861, '0872-35', '1-2')")
	if !ok || !reflect.DeepEqual(got, []any{int64(352861), "0872-35", "1-2"}) {
		t.Fatalf("values %v, %v", got, ok)
	}
	for _, q := range []string{
		"INSERT INTO items_insert (k, c, pad) VALUES (1, 'a', 'b'), (2, 'c', 'd')",
		"INSERT INTO items_insert (k, c, pad) VALUES (1, 'it''s', 'b')",
		`INSERT INTO items_insert (k, c, pad) VALUES (1, 'a\'b', 'c')`,
		"INSERT INTO items_insert (k, c) VALUES (1, 'a')",
		"INSERT INTO items_insert (k, c, pad) VALUES (x, 'a', 'b')",
		"UPDATE items_insert SET k = 1",
	} {
		if vals, ok := wireRowValues(q); ok {
			t.Errorf("%s: took %v", q, vals)
		}
	}
}
