package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/replay"
)

// BenchmarkRowHistory measures what row history costs the write path:
// blocks of 256 single-row INSERT transactions applied on SQLite with
// history on and off. Compare the tx/s of the two sub-benchmarks.
func BenchmarkRowHistory(b *testing.B) {
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("history=%v", on), func(b *testing.B) { benchInserts(b, on) })
	}
}

func benchInserts(b *testing.B, history bool) {
	ctx := context.Background()
	e, err := replay.New(ctx, openSQLite(b, filepath.Join(b.TempDir(), "a.db")), nil, replay.WithRowHistory(history))
	if err != nil {
		b.Fatal(err)
	}
	c := newChain(b)
	setup := c.block(c.tx("", "CREATE DATABASE app"), c.tx("app",
		"CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, client INT, payload VARCHAR(64), amount DECIMAL(10,2))"))
	if _, _, err := e.ApplyBlock(ctx, setup); err != nil {
		b.Fatal(err)
	}
	const perBlock = 256
	// Every transaction is distinct: the engine applies a hash only once.
	blocks := make([][][]byte, 0, b.N/perBlock+1)
	for done := 0; done < b.N; done += perBlock {
		txs := make([][]byte, 0, perBlock)
		for i := done; i < done+perBlock; i++ {
			txs = append(txs, c.tx("app", fmt.Sprintf("INSERT INTO w (client, payload, amount) VALUES (%d, 'payload-%d', %d.25)", i, i, i)))
		}
		blocks = append(blocks, txs)
	}
	b.ResetTimer()
	for _, txs := range blocks {
		res, _, err := e.ApplyBlock(ctx, c.block(txs...))
		if err != nil || !res[0].OK() {
			b.Fatalf("apply: %v %+v", err, res[0])
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}
