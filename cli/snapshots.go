package cli

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/blocksql/blocksql/replay"
)

// snapshotEngine is the live engine of either dialect (*replay.Engine or
// *replay.PGEngine), as the snapshotter needs it.
type snapshotEngine interface {
	SetAfterCommit(func(height int64))
}

// startSnapshots starts the node's snapshotter when its local database can
// take snapshots (SQLite) and [snapshots] interval > 0. The returned func
// stops it and waits for a snapshot in progress.
func startSnapshots(ctx context.Context, home string, cfg SnapshotConfig, e snapshotEngine, log *slog.Logger) func() {
	var drv any
	dialect := "mysql"
	switch e := e.(type) {
	case *replay.Engine:
		drv = e.Driver()
	case *replay.PGEngine:
		drv, dialect = e.Driver(), "postgres"
	}
	src, ok := drv.(replay.SnapshotWriter)
	if cfg.Interval <= 0 || !ok {
		if cfg.Interval > 0 {
			log.Info("snapshots are taken of SQLite databases only; restores into this backend replay from genesis")
		}
		return func() {}
	}
	s := &replay.Snapshotter{Dir: filepath.Join(home, SnapshotDir), Interval: cfg.Interval, Retain: cfg.Retain,
		Source: src, Log: log, Open: func(ctx context.Context, path string) (replay.StateEngine, error) {
			return openFile(ctx, path, dialect, nil)
		}}
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
