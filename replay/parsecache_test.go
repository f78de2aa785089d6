package replay_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/consensus"
)

// TestCheckedTreesOwnedOnce: the apply step takes the trees CheckTx
// parsed and rewrites them in place (here, filling AUTO_INCREMENT ids), so
// two transactions of the same text, checked and then applied in one
// block, must not share a tree: each gets its own id.
func TestCheckedTreesOwnedOnce(t *testing.T) {
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	c := newChain(t)
	ctx := context.Background()
	setup := c.block(c.tx("", "CREATE DATABASE app"), c.tx("app", "CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, u INT)"))
	if _, _, err := e.ApplyBlock(ctx, setup); err != nil {
		t.Fatal(err)
	}
	const insert = "INSERT INTO w (u) VALUES (7)"
	blk := c.block(c.tx("app", insert), c.tx("app", insert), c.tx("app", insert))
	for _, raw := range blk.Txs {
		tx, err := consensus.UnmarshalTx(raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Check(tx); err != nil {
			t.Fatal(err)
		}
	}
	res, _, err := e.ApplyBlock(ctx, blk)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.OK() || r.Statements[0].LastInsertID != uint64(i+1) {
			t.Errorf("tx %d: %+v, want ok with insert id %d", i, r, i+1)
		}
	}
	if n := queryInts(t, e.Driver(), `SELECT COUNT(DISTINCT id) FROM "app.w"`); n != 3 {
		t.Errorf("%d distinct ids, want 3", n)
	}
}
