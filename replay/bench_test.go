package replay_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

const (
	benchBlocks      = 200
	benchTxsPerBlock = 100
)

// benchChain is a chain of single-row INSERT transactions.
func benchChain(b *testing.B) []consensus.Block { return benchChainOf(b, 1) }

// benchChainOf is the same chain's statements, perTx single-row INSERTs
// per transaction (a client's bulk load, as the restore workload of
// `blocksql bench` writes it).
func benchChainOf(b *testing.B, perTx int) []consensus.Block {
	t := &testing.T{}
	c := newChain(t)
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE bench")),
		c.block(c.tx("bench", "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(32), qty INT)"))}
	id := 0
	for range benchBlocks {
		txs := make([][]byte, 0, benchTxsPerBlock/perTx)
		for range benchTxsPerBlock / perTx {
			stmts := make([]string, perTx)
			for i := range stmts {
				id++
				stmts[i] = fmt.Sprintf("INSERT INTO t (id, name, qty) VALUES (%d, 'name-%d', %d)", id, id, id%97)
			}
			txs = append(txs, c.tx("bench", stmts...))
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
	var replayTime, directTime, replayCPU time.Duration
	for b.Loop() {
		cpu := cpuTime()
		replayTime += replayOnce(b, blocks)
		replayCPU += cpuTime() - cpu
		directTime += directOnce(b)
	}
	n := float64(b.N)
	replayRate := stmts * n / replayTime.Seconds()
	directRate := stmts * n / directTime.Seconds()
	b.ReportMetric(replayRate, "replay-stmts/s")
	b.ReportMetric(stmts*n/replayCPU.Seconds(), "replay-stmts/cpu-s")
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

// cpuTime is the CPU time the process has used, user and system: on a
// machine shared with other work it varies far less than wall time, so
// benchmarks report their rate per CPU second beside the wall-clock one.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRestoreInserts applies the chain of BenchmarkReplayInserts as a
// restore does (blocks grouped into few local transactions; on SQLite a
// new file with the journal in memory and no fsync until it is closed),
// and, in the same run, block by block as the live node commits them.
// Each sub-benchmark reports statements per wall and per CPU second.
func BenchmarkRestoreInserts(b *testing.B) {
	chains := map[int][]consensus.Block{1: benchChain(b), 100: benchChainOf(b, 100)}
	backends := []struct {
		name string
		open func(b *testing.B, path string) drivers.Driver
	}{
		{"sqlite", func(b *testing.B, path string) drivers.Driver { return openSQLite(b, path) }},
		{"sqlite-new-file", func(b *testing.B, path string) drivers.Driver {
			d, err := sqlite.OpenNew(path)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { d.Close() })
			return d
		}},
		{"mariadb", func(b *testing.B, _ string) drivers.Driver { return openMariaDBTB(b) }},
	}
	for _, be := range backends {
		for _, v := range []struct {
			grouped bool
			perTx   int
		}{{false, 1}, {true, 1}, {true, 100}} {
			name := be.name + "/per-block"
			if v.grouped {
				name = be.name + "/grouped"
			}
			name += fmt.Sprintf("/txs-of-%d", v.perTx)
			grouped, blocks := v.grouped, chains[v.perTx]
			b.Run(name, func(b *testing.B) {
				var wall, cpu time.Duration
				for b.Loop() {
					b.StopTimer()
					e := newEngine(b, be.open(b, filepath.Join(b.TempDir(), "r.db")))
					b.StartTimer()
					w, c := applyTimed(b, e, blocks, grouped)
					wall, cpu = wall+w, cpu+c
				}
				stmts := float64(benchBlocks*benchTxsPerBlock) * float64(b.N)
				b.ReportMetric(stmts/wall.Seconds(), "stmts/s")
				b.ReportMetric(stmts/cpu.Seconds(), "stmts/cpu-s")
			})
		}
	}
}

// applyTimed applies blocks to e, grouped as a restore groups them or
// one commit per block, and returns the wall and CPU time it took.
func applyTimed(b *testing.B, e *replay.Engine, blocks []consensus.Block, grouped bool) (time.Duration, time.Duration) {
	start, cpu := time.Now(), cpuTime()
	if grouped {
		e.GroupBlocks(replay.GroupTxs)
	}
	for _, blk := range blocks {
		if _, _, err := e.ApplyBlock(context.Background(), blk); err != nil {
			b.Fatal(err)
		}
	}
	if err := e.FlushGroup(); err != nil {
		b.Fatal(err)
	}
	// A restore ends when its output is closed: SQLite checkpoints the
	// WAL, or builds the indexes a new file left for the end.
	if err := e.Driver().Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start), cpuTime() - cpu
}
