package replay_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// TestOnUpdateCurrentTimestamp: the engine sets the block time on the rows
// an UPDATE or ON DUPLICATE KEY UPDATE changed, and only on those, unless
// the statement assigns the column; identically on SQLite and MariaDB.
func TestOnUpdateCurrentTimestamp(t *testing.T) {
	c := newChain(t)
	blocks := []consensus.Block{
		c.block(c.tx("", "CREATE DATABASE app")),
		c.block(c.tx("app", "CREATE TABLE t (id INT PRIMARY KEY, v INT, "+
			"ts TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)")),
		c.block(c.tx("app", "INSERT INTO t (id, v) VALUES (1, 1), (2, 2), (3, 3)")), // 12:00:03
		c.block(c.tx("app", "UPDATE t SET v = v + 1 WHERE id <= 2")),                // 12:00:04
		c.block(c.tx("app", "UPDATE t SET v = 3 WHERE id >= 2")),                    // changes nothing
		c.block(c.tx("app", "UPDATE t SET v = 10, ts = '2000-01-01 00:00:00' WHERE id = 1")),
		c.block(c.tx("app", "INSERT INTO t (id, v) VALUES (3, 30) ON DUPLICATE KEY UPDATE v = VALUES(v)")), // 12:00:07
	}
	want := "[1 10 2000-01-01 00:00:00] [2 3 2026-03-01 12:00:04] [3 30 2026-03-01 12:00:07] affected [3 2 0 1 2]"
	var hashes []string
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := newEngine(t, be.open(t))
			var affected []uint64
			for _, b := range blocks {
				res, h, err := e.ApplyBlock(context.Background(), b)
				if err != nil || !res[0].OK() {
					t.Fatalf("block %d: %v %+v", b.Height, err, res)
				}
				if b.Height > 2 {
					affected = append(affected, res[0].Statements[0].RowsAffected)
				}
				if b.Height == int64(len(blocks)) {
					hashes = append(hashes, fmt.Sprintf("%x", h))
				}
			}
			got := strings.Join(readRows(t, e, "SELECT id, v, ts FROM app.t ORDER BY id"), " ") + fmt.Sprint(" affected ", affected)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
	if len(hashes) == 2 && hashes[0] != hashes[1] {
		t.Errorf("AppHash differs: sqlite %s, mariadb %s", hashes[0], hashes[1])
	}
	err := replay.CheckWrite(mustParse(t, "CREATE TABLE app.x (id INT PRIMARY KEY, n INT ON UPDATE CURRENT_TIMESTAMP)"))
	if err != nil {
		t.Errorf("CheckWrite refused ON UPDATE: %v", err)
	}
}

func readRows(t *testing.T, e *replay.Engine, q string) []string {
	t.Helper()
	rows, err := e.Query(context.Background(), mustParse(t, q))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				vals[i] = string(x)
			case time.Time:
				vals[i] = x.UTC().Format("2006-01-02 15:04:05")
			}
		}
		out = append(out, fmt.Sprint(vals))
	}
	return out
}
