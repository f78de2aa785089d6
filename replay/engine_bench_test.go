package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// BenchmarkApplyInsertBlocks measures the apply engine alone on SQLite:
// blocks of 256 autocommit single-row INSERT transactions, as the live
// node receives them under load. One op is one transaction. As on the
// node, each transaction passed CheckTx (Check) before its block came;
// that is not timed, being the mempool's work, not FinalizeBlock's.
func BenchmarkApplyInsertBlocks(b *testing.B) {
	t := b
	e := newEngine(t, openSQLite(t, filepath.Join(b.TempDir(), "a.db")))
	c := newChain(t)
	ctx := context.Background()
	setup := c.block(c.tx("", "CREATE DATABASE app"), c.tx("app", "CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, client INT, payload VARCHAR(64))"))
	if _, _, err := e.ApplyBlock(ctx, setup); err != nil {
		b.Fatal(err)
	}
	const perBlock = 256
	blocks := make([]consensus.Block, 0, b.N/perBlock+1)
	for done := 0; done < b.N; done += perBlock {
		txs := make([][]byte, 0, perBlock)
		for i := 0; i < perBlock; i++ {
			txs = append(txs, c.tx("app", fmt.Sprintf("INSERT INTO w (client, payload) VALUES (%d, 'payload-%d')", i, done+i)))
		}
		blocks = append(blocks, c.block(txs...))
	}
	b.ResetTimer()
	var cpu time.Duration
	for _, blk := range blocks {
		b.StopTimer()
		checkTxs(b, e, blk)
		b.StartTimer()
		start := cpuTime()
		res, _, err := e.ApplyBlock(ctx, blk)
		cpu += cpuTime() - start
		if err != nil || !res[0].OK() {
			b.Fatal(err, res[0])
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "tx/cpu-s")
}

// checkTxs runs CheckTx's statement check on each of blk's transactions.
func checkTxs(b *testing.B, e *replay.Engine, blk consensus.Block) {
	for _, raw := range blk.Txs {
		tx, err := consensus.UnmarshalTx(raw)
		if err == nil {
			err = e.Check(tx)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
