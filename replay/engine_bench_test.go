package replay_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// BenchmarkApplyInsertBlocks measures the apply engine alone on SQLite:
// blocks of 256 autocommit single-row INSERTs (BLOCKSQL_BENCH_PER_BLOCK
// sets another size), as the live node receives them under load. One op
// is one statement. "alone": each INSERT is a transaction of its own (few
// clients); "grouped": the block carries them
// as one grouped transaction, as the node's group commit sends concurrent
// clients' writes (consensus/DESIGN.md); "grouped-one-by-one" the same
// with insert runs (insertrun.go) off, each statement executed alone
// ("alone-one-by-one" likewise). As on the node, each transaction
// passed CheckTx (Check) before its block came; that is not timed, being
// the mempool's work, not FinalizeBlock's.
func BenchmarkApplyInsertBlocks(b *testing.B) {
	for _, c := range []struct {
		name          string
		grouped, runs bool
	}{{"alone", false, true}, {"alone-one-by-one", false, false}, {"grouped", true, true}, {"grouped-one-by-one", true, false}} {
		b.Run(c.name, func(b *testing.B) {
			replay.SetInsertRuns(b, c.runs)
			benchApplyInserts(b, c.grouped)
		})
	}
}

func benchApplyInserts(b *testing.B, grouped bool) {
	t := b
	e := newEngine(t, openSQLite(t, filepath.Join(b.TempDir(), "a.db")))
	c := newChain(t)
	ctx := context.Background()
	setup := c.block(c.tx("", "CREATE DATABASE app"), c.tx("app", "CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, client INT, payload VARCHAR(64))"))
	if _, _, err := e.ApplyBlock(ctx, setup); err != nil {
		b.Fatal(err)
	}
	perBlock := benchPerBlock()
	blocks := make([]consensus.Block, 0, b.N/perBlock+1)
	for done := 0; done < b.N; done += perBlock {
		txs := make([][]byte, 0, perBlock)
		var members []member
		for i := 0; i < perBlock; i++ {
			q := fmt.Sprintf("INSERT INTO w (client, payload) VALUES (%d, 'payload-%d')", i, done+i)
			if grouped {
				members = append(members, member{"app", "alice", q})
			} else {
				txs = append(txs, c.tx("app", q))
			}
		}
		if grouped {
			txs = append(txs, c.group(members...))
		}
		blocks = append(blocks, c.block(txs...))
	}
	applyChecked(b, e, blocks)
}

// applyChecked applies blocks, each checked first as CheckTx checks it
// (untimed), and reports statements per second and per CPU second.
func applyChecked(b *testing.B, e *replay.Engine, blocks []consensus.Block) {
	ctx := context.Background()
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
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "stmts/s")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "stmts/cpu-s")
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

// BenchmarkDigest measures the state digest (what a restore reports at its
// end and `blocksql digest` prints) of one table of 100,000 rows on SQLite.
// One op is one digest of the whole table.
func BenchmarkDigest(b *testing.B) {
	t := b
	e := newEngine(t, openSQLite(t, filepath.Join(b.TempDir(), "a.db")))
	c := newChain(t)
	ctx := context.Background()
	setup := c.block(c.tx("", "CREATE DATABASE app"), c.tx("app",
		"CREATE TABLE w (id INT PRIMARY KEY, client INT, payload VARCHAR(64), amount DECIMAL(12,2), at DATETIME)"))
	if _, _, err := e.ApplyBlock(ctx, setup); err != nil {
		b.Fatal(err)
	}
	const rows, perStmt = 100_000, 1000
	for first := 0; first < rows; first += perStmt {
		var sb strings.Builder
		sb.WriteString("INSERT INTO w VALUES ")
		for i := first; i < first+perStmt; i++ {
			if i > first {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "(%d, %d, 'payload-%d', %d.%02d, '2026-12-02 01:%02d:%02d')", i, i%97, i, i, i%100, i/60%60, i%60)
		}
		res, _, err := e.ApplyBlock(ctx, c.block(c.tx("app", sb.String())))
		if err != nil || !res[0].OK() {
			b.Fatal(err, res[0])
		}
	}
	for b.Loop() {
		d, err := e.Digest(ctx)
		if err != nil || d.Tables[0].Rows != rows {
			b.Fatal(err, d)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchPerBlock is the statements per block of BenchmarkApplyInsertBlocks:
// 256, or BLOCKSQL_BENCH_PER_BLOCK (a node's blocks under 64 clients carry
// about 48).
func benchPerBlock() int {
	if n, err := strconv.Atoi(os.Getenv("BLOCKSQL_BENCH_PER_BLOCK")); err == nil && n > 0 {
		return n
	}
	return 256
}

// BenchmarkApplyNodeInserts measures the apply engine on what a loaded
// node applies under `blocksql bench --workloads insert`: each block one
// grouped transaction of 64 sessions' INSERTs (BLOCKSQL_BENCH_PER_BLOCK
// sets another count) of a sysbench-like row into a table with a
// secondary index, each statement as the session sends it to the chain
// (its literals lifted to parameters). One op is one statement.
func BenchmarkApplyNodeInserts(b *testing.B) {
	e := newEngine(b, openSQLite(b, filepath.Join(b.TempDir(), "a.db")))
	c := newChain(b)
	ctx := context.Background()
	setup := c.block(c.tx("", "CREATE DATABASE app"), c.tx("app", "CREATE TABLE sbtest (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "+
		"k INT NOT NULL DEFAULT 0, c VARCHAR(120) NOT NULL, pad VARCHAR(60) NOT NULL, KEY k_idx (k))"))
	if _, _, err := e.ApplyBlock(ctx, setup); err != nil {
		b.Fatal(err)
	}
	perBlock := 64
	if os.Getenv("BLOCKSQL_BENCH_PER_BLOCK") != "" {
		perBlock = benchPerBlock()
	}
	p := replay.NewParser()
	blocks := make([]consensus.Block, 0, b.N/perBlock+1)
	for done := 0; done < b.N; done += perBlock {
		c.nonce++
		tx := &consensus.Tx{Nonce: c.nonce, Group: []consensus.Context{}}
		for i := 0; i < perBlock; i++ {
			n := done + i
			sql := fmt.Sprintf("INSERT INTO sbtest (k, c, pad) VALUES (%d, '%s', '%s')", n*7919%1000000,
				strings.Repeat(strconv.Itoa(n%10), 119), strings.Repeat(strconv.Itoa(n%7), 59))
			nodes, err := replay.Parse(p, sql)
			if err != nil {
				b.Fatal(err)
			}
			canon, params, err := replay.LiftedCanonical(nodes[0], sql, nil)
			if err != nil {
				b.Fatal(err)
			}
			tx.Group = append(tx.Group, consensus.Context{Database: "app", User: "alice", ClientAddr: fmt.Sprintf("127.0.0.1:%d", 40000+i)})
			tx.Statements = append(tx.Statements, consensus.Statement{SQL: sql, Canonical: canon, Params: params, Inline: len(params) > 0})
		}
		tx.Sign(c.key)
		blocks = append(blocks, c.block(tx.Marshal()))
	}
	applyChecked(b, e, blocks)
}
