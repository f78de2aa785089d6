package replay_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

func openFile(ctx context.Context, path string) (replay.StateEngine, error) {
	drv, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	e, err := replay.New(ctx, drv, nil)
	if err != nil {
		drv.Close()
		return nil, err
	}
	return e, nil
}

// snapshotsAt rebuilds the chain and takes a snapshot at each height.
func snapshotsAt(t *testing.T, dir string, retain int, heights ...int64) []replay.SnapshotInfo {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	drv := openSQLite(t, filepath.Join(t.TempDir(), "node.db"))
	e := newEngine(t, drv)
	s := &replay.Snapshotter{Dir: dir, Interval: 1, Retain: retain, Source: drv.(replay.SnapshotWriter), Open: openFile}
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	for _, h := range heights {
		r := &replay.Restore{Source: store, Verifier: v, Engine: e, Stop: replay.Stop{Height: h, Txs: -1}}
		if _, err := r.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if info, err := s.Take(context.Background()); err != nil || info.Height != h {
			t.Fatalf("snapshot at %d: %+v, %v", h, info, err)
		}
	}
	list, err := replay.ListSnapshots(dir)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestSnapshotRestore takes snapshots with retention, restores from the
// nearest one below the target and reaches the live node's state.
func TestSnapshotRestore(t *testing.T) {
	lc := sharedChain(t)
	dir := t.TempDir()
	list := snapshotsAt(t, dir, 2, 4, 8, 12)
	if len(list) != 2 || list[0].Height != 8 || list[1].Height != 12 {
		t.Fatalf("retained snapshots %+v, want heights 8 and 12", list)
	}
	snap, ok := replay.NearestSnapshot(list, lc.tip-1)
	if !ok || snap.Height != 12 {
		t.Fatalf("nearest snapshot below %d: %+v", lc.tip-1, snap)
	}
	e, err := replay.RestoreSnapshot(context.Background(), snap, filepath.Join(t.TempDir(), "r.db"), openFile)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	store, v := openStore(t, lc.home)
	rep, err := (&replay.Restore{Source: store, Verifier: v, Engine: e, Stop: replay.Stop{Height: lc.tip, Txs: -1}}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.StartHeight != 12 || rep.Blocks != lc.tip-12 || rep.Digest.Hash != lc.digest {
		t.Errorf("from snapshot 12: started %d, applied %d blocks, digest %s (live %s)", rep.StartHeight, rep.Blocks, rep.Digest.Hash, lc.digest)
	}
}

// TestSnapshotCorruptRefused: a snapshot edited after it was taken does not
// match its recorded digest and is not used.
func TestSnapshotCorruptRefused(t *testing.T) {
	dir := t.TempDir()
	list := snapshotsAt(t, dir, 3, 10)
	raw, err := sql.Open("sqlite3", list[0].Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE "shop.items" SET name = 'forged' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if list[0].SHA256 == "" {
		t.Fatal("snapshot metadata records no file sha256")
	}
	_, err = replay.RestoreSnapshot(context.Background(), list[0], filepath.Join(t.TempDir(), "r.db"), openFile)
	if !errors.Is(err, replay.ErrSnapshotCorrupt) {
		t.Fatalf("restore from an edited snapshot: %v, want ErrSnapshotCorrupt", err)
	}
	// Metadata without a file hash (older snapshots): the state digest
	// catches the edit.
	old := list[0]
	old.SHA256 = ""
	_, err = replay.RestoreSnapshot(context.Background(), old, filepath.Join(t.TempDir(), "r2.db"), openFile)
	if !errors.Is(err, replay.ErrSnapshotCorrupt) || !strings.Contains(err.Error(), "digest") {
		t.Fatalf("restore from an edited snapshot without a file hash: %v, want a digest mismatch", err)
	}
}

// TestSnapshotterFollowsCommits: wired to the engine's after-commit hook,
// the snapshotter takes snapshots on its own as blocks are applied.
func TestSnapshotterFollowsCommits(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	drv := openSQLite(t, filepath.Join(t.TempDir(), "node.db"))
	e := newEngine(t, drv)
	dir := t.TempDir()
	s := &replay.Snapshotter{Dir: dir, Interval: 5, Retain: 3, Source: drv.(replay.SnapshotWriter), Open: openFile,
		Log: slog.New(slog.DiscardHandler)}
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	e.SetAfterCommit(s.AfterCommit)
	if _, err := (&replay.Restore{Source: store, Verifier: v, Engine: e, Stop: replay.Stop{Height: lc.tip, Txs: -1}}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if list, _ := replay.ListSnapshots(dir); len(list) > 0 && list[0].Height >= 5 {
			return
		}
	}
	t.Fatal("no snapshot was taken while blocks were applied")
}
