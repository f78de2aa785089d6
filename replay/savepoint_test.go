package replay_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// TestSingleInsertFailsWhole: a transaction of one multi-row INSERT runs
// without a savepoint; when its third row is a duplicate, the rows before
// it must not stay, nor their row history, nor their AUTO_INCREMENT
// values, on SQLite and MariaDB alike.
func TestSingleInsertFailsWhole(t *testing.T) {
	c := newChain(t)
	blocks := []consensus.Block{
		c.block(c.tx("", "CREATE DATABASE s"), c.tx("s", "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT UNIQUE)")),
		c.block(c.tx("s", "INSERT INTO t (v) VALUES (1), (2), (1)"), c.tx("s", "INSERT INTO t (v) VALUES (7)")),
	}
	applyOnBackends(t, blocks, func(t *testing.T, e *replay.Engine, d drivers.Driver, res []*consensus.TxResult) {
		if res[0].Failed != 0 || res[0].Statements[0].Code != 1062 || !res[1].OK() {
			t.Errorf("results %+v %+v, want the first to fail with 1062, the second to succeed", res[0], res[1])
		}
		rows, err := e.Query(context.Background(), mustParse(t, "SELECT COUNT(*), MAX(id) FROM s.t"))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var n, id int
		if !rows.Next() || rows.Scan(&n, &id) != nil || n != 1 || id != 1 {
			t.Errorf("table holds %d rows, max id %d; want the one row of the second insert, id 1", n, id)
		}
		if got := len(rowChanges(t, d)); got != 1 {
			t.Errorf("%d row changes, want 1", got)
		}
	})
}

// applyOnBackends applies blocks to a fresh engine on SQLite and on
// MariaDB, checks each with the results of the last block, and checks
// both reach the same AppHash.
func applyOnBackends(t *testing.T, blocks []consensus.Block, check func(*testing.T, *replay.Engine, drivers.Driver, []*consensus.TxResult)) {
	hashes := map[string]string{}
	open := map[string]func(*testing.T) drivers.Driver{
		"sqlite":  func(t *testing.T) drivers.Driver { return openSQLite(t, filepath.Join(t.TempDir(), "a.db")) },
		"mariadb": openMariaDB,
	}
	for name, o := range open {
		t.Run(name, func(t *testing.T) {
			d := o(t)
			e := newEngine(t, d)
			var res []*consensus.TxResult
			for _, b := range blocks {
				r, h, err := e.ApplyBlock(context.Background(), b)
				if err != nil {
					t.Fatal(err)
				}
				res, hashes[name] = r, string(h)
			}
			check(t, e, d, res)
		})
	}
	if len(hashes) == 2 && hashes["sqlite"] != hashes["mariadb"] {
		t.Error("AppHash differs between sqlite and mariadb")
	}
}
