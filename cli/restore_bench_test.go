package cli

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/blocksql/blocksql/replay"
)

// BenchmarkRestoreFromSnapshot measures issue-level restore time: a real
// node (SQLite, snapshots every 10 blocks) is loaded with
// BLOCKSQL_RESTORE_STATEMENTS single-row INSERT statements (default
// 1,000,000; 8 clients, 500 statements per transaction), then `blocksql
// replay --to-height <tip-1>` rebuilds a new SQLite database from the
// nearest snapshot, verifying it and the blocks after it. It reports the
// wall time of the restore and, for reference, how fast the chain was
// written.
//
//	go test ./cli -run '^$' -bench RestoreFromSnapshot -benchtime 1x -timeout 30m
func BenchmarkRestoreFromSnapshot(b *testing.B) {
	total := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("BLOCKSQL_RESTORE_STATEMENTS")); err == nil && v > 0 {
		total = v
	}
	home, port := newHome(b, "sqlite", "[snapshots]\ninterval = 10\nretain = 2")
	n := start(b, home, port)
	db := n.db(b, "?interpolateParams=true")
	for _, s := range []string{"CREATE DATABASE r", "CREATE TABLE r.t (id BIGINT PRIMARY KEY, k INT NOT NULL, v VARCHAR(60) NOT NULL)"} {
		if _, err := db.Exec(s); err != nil {
			b.Fatal(err)
		}
	}
	const clients, perTx = 8, 500
	db.SetMaxOpenConns(clients)
	loadStart := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		wg.Go(func() {
			for first := c * perTx; first < total; first += clients * perTx {
				tx, err := db.Begin()
				if err != nil {
					errs <- err
					return
				}
				for id := first; id < min(first+perTx, total); id++ {
					if _, err := tx.Exec("INSERT INTO r.t (id, k, v) VALUES (?, ?, ?)", id, id%1000, fmt.Sprintf("value-%d", id)); err != nil {
						errs <- err
						return
					}
				}
				if err := tx.Commit(); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	load := time.Since(loadStart)
	tipS := chainTip(b, home)
	tip, _ := strconv.ParseInt(tipS, 10, 64)
	waitSnapshotAtLeast(b, db, home, tip-10)
	target := strconv.FormatInt(tip-1, 10)
	var restore time.Duration
	var rep replay.Report
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(b.TempDir(), fmt.Sprintf("restored-%d.db", i))
		startAt := time.Now()
		rep = replayJSON(b, "--home", home, "--to-height", target, "--output", "sqlite:"+out)
		restore += time.Since(startAt)
	}
	b.ReportMetric(restore.Seconds()/float64(b.N), "restore-s")
	b.ReportMetric(float64(rep.StartHeight), "snapshot-height")
	b.ReportMetric(float64(rep.Stop.Height-rep.StartHeight), "blocks-replayed")
	b.ReportMetric(float64(rep.Statements), "stmts-replayed")
	b.ReportMetric(float64(total)/load.Seconds(), "load-stmts/s")
	b.Logf("chain: %d statements in %d blocks, written in %s; restore to height %s from the snapshot at %d: %s",
		total, tip, load.Round(time.Millisecond), target, rep.StartHeight, (restore / time.Duration(b.N)).Round(time.Millisecond))
}

// waitSnapshotAtLeast waits until the node has a snapshot at height h or
// above. Snapshots are taken in the background after commits and skipped
// while one is being taken, so it keeps committing one-row blocks (in a
// table of their own) until one is.
func waitSnapshotAtLeast(t testing.TB, db *sql.DB, home string, h int64) {
	t.Helper()
	if _, err := db.Exec("CREATE TABLE r.tick (id INT AUTO_INCREMENT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		list, _ := replay.ListSnapshots(filepath.Join(home, SnapshotDir))
		if len(list) > 0 && list[len(list)-1].Height >= h {
			return
		}
		if _, err := db.Exec("INSERT INTO r.tick () VALUES ()"); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("no snapshot at height %d or above", h)
}
