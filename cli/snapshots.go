package cli

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/blocksql/blocksql/replay"
)

// startSnapshots starts the node's snapshotter when its local database can
// take snapshots (SQLite) and [snapshots] interval > 0. The returned func
// stops it and waits for a snapshot in progress.
func startSnapshots(ctx context.Context, home string, cfg SnapshotConfig, e *replay.Engine, log *slog.Logger) func() {
	src, ok := e.Driver().(replay.SnapshotWriter)
	if cfg.Interval <= 0 || !ok {
		if cfg.Interval > 0 {
			log.Info("snapshots are taken of SQLite databases only; restores into this backend replay from genesis")
		}
		return func() {}
	}
	s := &replay.Snapshotter{Dir: filepath.Join(home, SnapshotDir), Interval: cfg.Interval, Retain: cfg.Retain,
		Source: src, Open: openSQLiteFile, Log: log}
	if err := s.Init(); err != nil {
		log.Warn("snapshots disabled", "err", err)
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { s.Run(ctx) })
	e.SetAfterCommit(s.AfterCommit)
	return func() {
		e.SetAfterCommit(nil)
		cancel()
		wg.Wait()
	}
}
