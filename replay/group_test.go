package replay_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// groupChain is a setup block and then blocks of AUTO_INCREMENT inserts,
// one of which fails (a duplicate key), so ids, the catalog's counter and
// rolled-back transactions all take part.
func groupChain(t *testing.T) []consensus.Block {
	c := newChain(t)
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE app"),
		c.tx("app", "CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, u INT UNIQUE)"))}
	for b := range 4 {
		var txs [][]byte
		for i := range 5 {
			txs = append(txs, c.tx("app", fmt.Sprintf("INSERT INTO w (u) VALUES (%d)", b*5+i)))
		}
		txs = append(txs, c.tx("app", "INSERT INTO w (u) VALUES (1)"))
		blocks = append(blocks, c.block(txs...))
	}
	return blocks
}

// applyBlocks applies blocks, whatever their transactions' outcome.
func applyBlocks(t *testing.T, e *replay.Engine, blocks []consensus.Block) {
	t.Helper()
	for _, b := range blocks {
		if _, _, err := e.ApplyBlock(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
}

// forGroupBackends runs f on SQLite and on MariaDB, where a group's
// operation log is written on a second connection (drivers.AsideTx).
func forGroupBackends(t *testing.T, f func(t *testing.T, open func(name string) drivers.Driver)) {
	t.Run("sqlite", func(t *testing.T) {
		f(t, func(name string) drivers.Driver { return openSQLite(t, filepath.Join(t.TempDir(), name+".db")) })
	})
	t.Run("mariadb", func(t *testing.T) {
		f(t, func(string) drivers.Driver { return openMariaDB(t) })
	})
}

// transactionalDDL reports a backend that can roll DDL back (SQLite): on
// MariaDB a dropped group keeps the DDL it applied, which commits.
func transactionalDDL(d drivers.Driver) bool {
	ddl, ok := d.(interface{ TransactionalDDL() bool })
	return !ok || ddl.TransactionalDDL()
}

// TestGroupedBlocksMatchSingle: blocks sharing one local transaction, as a
// restore applies them, end in the same AppHash, rows and log as blocks
// committed one by one.
func TestGroupedBlocksMatchSingle(t *testing.T) {
	blocks := groupChain(t)
	forGroupBackends(t, func(t *testing.T, open func(string) drivers.Driver) {
		one := newEngine(t, open("one"))
		applyBlocks(t, one, blocks)
		grouped := newEngine(t, open("grouped"))
		grouped.GroupBlocks(8) // commits after the second block of 6 transactions
		applyBlocks(t, grouped, blocks)
		if err := grouped.FlushGroup(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(one.AppHash(), grouped.AppHash()) || one.Height() != grouped.Height() {
			t.Fatalf("grouped at %d %x, one by one at %d %x", grouped.Height(), grouped.AppHash(), one.Height(), one.AppHash())
		}
		for _, table := range []string{"transactions", "statements", "statement_tables", "row_changes"} {
			a := queryInts(t, one.Driver(), "SELECT COUNT(*) FROM "+one.Driver().Internal(table))
			b := queryInts(t, grouped.Driver(), "SELECT COUNT(*) FROM "+grouped.Driver().Internal(table))
			if a != b || a == 0 {
				t.Errorf("%s: %d rows one by one, %d grouped", table, a, b)
			}
		}
	})
}

// TestDroppedGroupForgetsItsBlocks: rolling back a group takes the engine
// back to the last commit, in memory as on disk, so the same blocks apply
// again to the same AppHash.
func TestDroppedGroupForgetsItsBlocks(t *testing.T) {
	blocks := groupChain(t)
	forGroupBackends(t, func(t *testing.T, open func(string) drivers.Driver) {
		want := newEngine(t, open("want"))
		applyBlocks(t, want, blocks)

		e := newEngine(t, open("a"))
		applyBlocks(t, e, blocks[:1])
		e.GroupBlocks(1000)
		applyBlocks(t, e, blocks[1:3])
		e.DropGroup()
		if e.Height() != 1 {
			t.Fatalf("height %d after the group was dropped, want 1", e.Height())
		}
		for _, table := range []string{"transactions", "statements"} {
			if n := queryInts(t, e.Driver(), "SELECT COUNT(*) FROM "+e.Driver().Internal(table)); n != 2 {
				t.Fatalf("%d rows in %s after the group was dropped, want 2", n, table)
			}
		}
		applyBlocks(t, e, blocks[1:])
		if !bytes.Equal(e.AppHash(), want.AppHash()) {
			t.Fatalf("AppHash %x after re-applying the dropped blocks, want %x", e.AppHash(), want.AppHash())
		}
	})
}

// TestOpenNewBuildsLogIndexesOnClose: a new file written with OpenNew gets
// the log's secondary indexes when it is closed, and opens again in WAL
// mode with the same rows.
func TestOpenNewBuildsLogIndexesOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	d, err := sqlite.OpenNew(path)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, d)
	applyBlocks(t, e, groupChain(t))
	const indexes = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'blocksql.statements.%'"
	if n := queryInts(t, d, indexes); n != 0 {
		t.Fatalf("%d statement indexes while the new file is written, want them built at close", n)
	}
	hash := e.AppHash()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	again := openSQLite(t, path)
	if n := queryInts(t, again, indexes); n != 2 {
		t.Fatalf("%d statement indexes after close, want 2", n)
	}
	if n := queryInts(t, again, "SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"); n != 1 {
		t.Fatal("reopened file is not in WAL mode")
	}
	e2 := newEngine(t, again)
	if e2.Height() != 5 || !bytes.Equal(e2.AppHash(), hash) {
		t.Fatalf("reopened at %d %x, want 5 %x", e2.Height(), e2.AppHash(), hash)
	}
}

// TestGroupedRestoreRefusesRepeats: a restore from height 0 answers the
// duplicate-transaction lookup from memory; a transaction repeated after
// the group committed is still refused with 1180, and after a dropped
// group the dropped blocks' transactions apply again.
func TestGroupedRestoreRefusesRepeats(t *testing.T) {
	blocks := groupChain(t)
	repeat := consensus.Block{Height: int64(len(blocks) + 1), Time: blocks[len(blocks)-1].Time,
		Hash: []byte("repeat"), Txs: [][]byte{blocks[1].Txs[0], blocks[4].Txs[2]}}
	forGroupBackends(t, func(t *testing.T, open func(string) drivers.Driver) {
		want := newEngine(t, open("want"))
		applyBlocks(t, want, blocks)
		wantRes, _, err := want.ApplyBlock(context.Background(), repeat)
		if err != nil {
			t.Fatal(err)
		}
		check := func(t *testing.T, e *replay.Engine) {
			res, _, err := e.ApplyBlock(context.Background(), repeat)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.FlushGroup(); err != nil {
				t.Fatal(err)
			}
			for i, r := range res {
				if r.OK() || r.Statements[0].Code != replay.ErDuplicateTx || wantRes[i].Statements[0].Code != replay.ErDuplicateTx {
					t.Errorf("repeated tx %d: %+v (block by block %+v), want %d", i, r, wantRes[i], replay.ErDuplicateTx)
				}
			}
			if !bytes.Equal(e.AppHash(), want.AppHash()) {
				t.Fatalf("AppHash %x, block by block %x", e.AppHash(), want.AppHash())
			}
		}

		e := newEngine(t, open("a"))
		if transactionalDDL(e.Driver()) {
			e.GroupBlocks(1000)
			applyBlocks(t, e, blocks[:3])
			e.DropGroup()
		}
		e.GroupBlocks(8) // from height 0: commits every second block
		applyBlocks(t, e, blocks)
		check(t, e)

		// A group begun past height 0 asks the log, which holds the
		// group's own transactions uncommitted (on MariaDB, on the log's
		// connection).
		late := newEngine(t, open("late"))
		applyBlocks(t, late, blocks[:1])
		late.GroupBlocks(1000)
		applyBlocks(t, late, blocks[1:])
		check(t, late)
	})
}
