package replay_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// TestWriteFunctionsAllowList: a function reaches the local database in a
// write only if it is pinned by the engine or known deterministic on every
// backend; the others are refused before the chain with 1235.
func TestWriteFunctionsAllowList(t *testing.T) {
	cases := []struct {
		sql     string
		refused bool
	}{
		{"UPDATE app.ev SET r = RAND(7) WHERE k = 'd'", false},
		{"DELETE FROM app.ev WHERE RAND() < 0.5", false},
		{"INSERT INTO app.ev (id, r) SELECT id + 10, RAND() FROM app.ev", true},
		{"INSERT INTO app.ev (id, r) VALUES (1, 2) ON DUPLICATE KEY UPDATE r = RAND()", true},
		{"INSERT INTO app.ev (id, k) VALUES (1, FROM_UNIXTIME(0))", true},
		{"INSERT INTO app.ev (id, k) VALUES (1, CONNECTION_ID())", true},
		{"INSERT INTO app.ev (id, r) VALUES (1, RAND(7)), (2, RAND())", false},
		{"UPDATE app.ev SET k = CONCAT(UPPER(k), LPAD(ROUND(r, 2), 6, '0')), at = NOW() WHERE id = 1", false},
	}
	for _, c := range cases {
		err := replay.CheckWrite(mustParse(t, c.sql))
		var de *drivers.Error
		if got := errors.As(err, &de) && de.Code == drivers.ErNotSupported && de.State == "42000"; got != c.refused {
			t.Errorf("%s: %v, refused = %v, want %v", c.sql, err, got, c.refused)
		}
	}
}

// TestRandPerRow: RAND() gives each row of an INSERT its own value and
// RAND(N) the value MariaDB gives; in UPDATE and DELETE each row gets its
// own value too; all are the same on SQLite and MariaDB and in every
// replay. A table without an integer key refuses RAND in UPDATE.
func TestRandPerRow(t *testing.T) {
	maria := openMariaDB(t)
	c := newChain(t)
	blocks := []consensus.Block{
		c.block(c.tx("", "CREATE DATABASE app")),
		c.block(c.tx("app", "CREATE TABLE ev (id INT PRIMARY KEY, r DOUBLE)")),
		c.block(c.tx("app", "INSERT INTO ev VALUES (1, RAND()), (2, RAND()), (3, RAND()), (4, RAND(7)), (5, RAND(3)), (6, RAND(NULL))")),
	}
	updates := []consensus.Block{
		c.block(c.tx("app", "INSERT INTO ev VALUES (7, 0), (8, 0), (9, 0), (10, 0)", "UPDATE ev SET r = RAND() WHERE id >= 7")),
		c.block(c.tx("app", "UPDATE ev SET r = RAND(7) WHERE id <= 3")),
		c.block(c.tx("app", "DELETE FROM ev WHERE RAND(1) < 0.5")),
		c.block(c.tx("app", "CREATE TABLE kv (k VARCHAR(8) PRIMARY KEY, r DOUBLE)", "UPDATE kv SET r = RAND()")),
	}
	var got []string
	for _, d := range []drivers.Driver{openSQLite(t, t.TempDir()+"/a.db"), maria, openSQLite(t, t.TempDir()+"/b.db")} {
		e := newEngine(t, d)
		hashes := applyAll(t, e, blocks)
		inserted := readFloats(t, e, "SELECT r FROM app.ev ORDER BY id")
		for _, b := range updates {
			res, h, err := e.ApplyBlock(context.Background(), b)
			if err != nil {
				t.Fatal(err)
			}
			hashes[b.Height] = h
			if last := b.Height == updates[len(updates)-1].Height; last == res[0].OK() {
				t.Fatalf("block %d: %+v", b.Height, res[0])
			}
		}
		after := readFloats(t, e, "SELECT r FROM app.ev ORDER BY id")
		if !distinct(after) || len(after) < 2 || len(after) > 8 {
			t.Errorf("%s: after UPDATE/DELETE with RAND: %v, want distinct values, some rows deleted", d.Name(), after)
		}
		got = append(got, fmt.Sprintf("%x %v %v", hashes[int64(len(blocks)+len(updates))], inserted, after))
	}
	if got[0] != got[1] || got[0] != got[2] {
		t.Errorf("sqlite, mariadb and a replay differ:\n%s\n%s\n%s", got[0], got[1], got[2])
	}
	want := readFloatsDirect(t, "SELECT RAND(7) UNION ALL SELECT RAND(3) UNION ALL SELECT RAND(NULL)")
	e := newEngine(t, openSQLite(t, t.TempDir()+"/c.db"))
	applyAll(t, e, blocks)
	r := readFloats(t, e, "SELECT r FROM app.ev ORDER BY id")
	if !distinct(r[:3]) {
		t.Errorf("RAND() gave rows the same value: %v", r[:3])
	}
	if fmt.Sprint(r[3:]) != fmt.Sprint(want) {
		t.Errorf("RAND(7), RAND(3), RAND(NULL) = %v, MariaDB says %v", r[3:], want)
	}
}

func readFloats(t *testing.T, e *replay.Engine, q string) []float64 {
	t.Helper()
	rows, err := e.Query(context.Background(), mustParse(t, q))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []float64
	for rows.Next() {
		var f float64
		if err := rows.Scan(&f); err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// readFloatsDirect asks MariaDB itself (openMariaDB has checked it runs).
func readFloatsDirect(t *testing.T, q string) []float64 {
	t.Helper()
	db, err := sql.Open("mysql", mariaDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []float64
	for rows.Next() {
		var f float64
		if err := rows.Scan(&f); err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

func distinct(vals []float64) bool {
	seen := map[float64]bool{}
	for _, v := range vals {
		if seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}
