package replay_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// pgTx is a chain transaction of one postgres-dialect statement.
func pgTx(t *testing.T, q string) []byte {
	t.Helper()
	stmts, err := replay.PGParse(q)
	if err != nil {
		t.Fatal(err)
	}
	tx := &consensus.Tx{Statements: []consensus.Statement{{SQL: q, Canonical: stmts[0].Canonical}}}
	return tx.Marshal()
}

// openPG opens a postgres-dialect engine on a new SQLite file.
func openPG(t *testing.T) *replay.PGEngine {
	t.Helper()
	d, err := sqlite.OpenPG(filepath.Join(t.TempDir(), "pg.db"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := replay.NewPG(context.Background(), d)
	if err != nil {
		d.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// TestPGApplyBlockPrefix restores a postgres-dialect database to the
// middle of a block, as `replay --to-tx` does: only the transactions
// before the stop are applied and logged, the database says it stops
// inside the block, and the AppHash is the one of a block holding only
// those transactions (so it matches no header of the chain).
func TestPGApplyBlockPrefix(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	create := consensus.Block{Height: 1, Time: at, Hash: []byte{1}, Txs: [][]byte{pgTx(t, "CREATE TABLE t (id int PRIMARY KEY)")}}
	inserts := [][]byte{pgTx(t, "INSERT INTO t VALUES (1)"), pgTx(t, "INSERT INTO t VALUES (2)"), pgTx(t, "INSERT INTO t VALUES (3)")}
	block2 := consensus.Block{Height: 2, Time: at.Add(time.Second), Hash: []byte{2}, Txs: inserts}

	partial, whole, prefixOnly := openPG(t), openPG(t), openPG(t)
	for _, e := range []*replay.PGEngine{partial, whole, prefixOnly} {
		if _, _, err := e.ApplyBlockPrefix(ctx, create, -1); err != nil {
			t.Fatal(err)
		}
	}
	res, hash, err := partial.ApplyBlockPrefix(ctx, block2, 2)
	if err != nil || len(res) != 2 || !res[0].OK() || !res[1].OK() {
		t.Fatalf("first 2 of 3 transactions: %+v, %v", res, err)
	}
	applied, total, ok, err := partial.Partial(ctx)
	if err != nil || !ok || applied != 2 || total != 3 {
		t.Fatalf("Partial = %d/%d %v %v, want 2/3", applied, total, ok, err)
	}
	if _, _, err := whole.ApplyBlockPrefix(ctx, block2, 3); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := whole.Partial(ctx); ok {
		t.Error("a whole block applied through ApplyBlockPrefix says it is partial")
	}
	short := block2
	short.Txs = inserts[:2]
	_, want, err := prefixOnly.ApplyBlockPrefix(ctx, short, -1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(hash, want) || bytes.Equal(hash, whole.AppHash()) {
		t.Errorf("AppHash of the prefix %x; of a block of those 2 txs %x; of the whole block %x", hash, want, whole.AppHash())
	}
	var d [3]*replay.Digest
	for i, e := range []*replay.PGEngine{partial, prefixOnly, whole} {
		if d[i], err = e.Digest(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if d[0].Hash != d[1].Hash || d[0].Hash == d[2].Hash || d[0].Height != 2 {
		t.Errorf("digests: prefix %+v, block of the prefix %+v, whole block %+v", d[0], d[1], d[2])
	}
}
