package replay_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
)

const (
	benchBlocks      = 200
	benchTxsPerBlock = 100
)

// benchChain is a chain of single-row INSERT transactions.
func benchChain(b *testing.B) []consensus.Block {
	t := &testing.T{}
	c := newChain(t)
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE bench")),
		c.block(c.tx("bench", "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(32), qty INT)"))}
	id := 0
	for range benchBlocks {
		txs := make([][]byte, benchTxsPerBlock)
		for i := range txs {
			id++
			txs[i] = c.tx("bench", fmt.Sprintf("INSERT INTO t (id, name, qty) VALUES (%d, 'name-%d', %d)", id, id, id%97))
		}
		blocks = append(blocks, c.block(txs...))
	}
	return blocks
}

// BenchmarkReplayInserts replays single-row inserts into SQLite with the
// apply engine, and bulk-inserts the same rows into SQLite directly (one
// transaction, one prepared statement) in the same run; it reports both
// rates and their ratio.
func BenchmarkReplayInserts(b *testing.B) {
	blocks := benchChain(b)
	stmts := float64(benchBlocks * benchTxsPerBlock)
	var replayTime, directTime time.Duration
	for b.Loop() {
		replayTime += replayOnce(b, blocks)
		directTime += directOnce(b)
	}
	n := float64(b.N)
	replayRate := stmts * n / replayTime.Seconds()
	directRate := stmts * n / directTime.Seconds()
	b.ReportMetric(replayRate, "replay-stmts/s")
	b.ReportMetric(directRate, "direct-rows/s")
	b.ReportMetric(directRate/replayRate, "direct/replay")
}

func replayOnce(b *testing.B, blocks []consensus.Block) time.Duration {
	b.StopTimer()
	d := openSQLite(&testing.T{}, filepath.Join(b.TempDir(), "replay.db"))
	defer d.Close()
	e := newEngine(&testing.T{}, d)
	b.StartTimer()
	start := time.Now()
	for _, blk := range blocks {
		if _, _, err := e.ApplyBlock(context.Background(), blk); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

func directOnce(b *testing.B) time.Duration {
	path := filepath.Join(b.TempDir(), "direct.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)"); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare("INSERT INTO t (id, name, qty) VALUES (?, ?, ?)")
	if err != nil {
		b.Fatal(err)
	}
	for id := 1; id <= benchBlocks*benchTxsPerBlock; id++ {
		if _, err := st.Exec(id, fmt.Sprintf("name-%d", id), id%97); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}
