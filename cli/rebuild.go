package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// SnapshotDir is where a node keeps its snapshots, inside its home.
const SnapshotDir = "snapshots"

// chain is a node's chain opened for a restore: the block store (readable
// while the node runs) and a verifier trusting the node's genesis.
type chain struct {
	home     string
	store    *consensus.BlockStore
	verifier *replay.ChainVerifier
	genesis  consensus.GenesisAppState
}

func openChain(home string) (*chain, error) {
	c, err := consensus.LoadConfig(home)
	if err != nil {
		return nil, err
	}
	doc, err := cmttypes.GenesisDocFromFile(c.GenesisFile())
	if err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("no chain at %s: %v", home, err), Hint: "blocksql replay --home PATH-OF-A-NODE-HOME ..."}
	}
	v, err := replay.NewChainVerifier(doc)
	if err != nil {
		return nil, err
	}
	st, err := consensus.ParseAppState(doc.AppState)
	if err != nil {
		return nil, err
	}
	store, err := consensus.OpenBlockStore(home)
	if err != nil {
		return nil, err
	}
	return &chain{home: home, store: store, verifier: v, genesis: st}, nil
}

func (c *chain) Close() error { return c.store.Close() }

// snapshotFor returns the newest snapshot a restore to stop can start from:
// at or below the stop, and below a block the restore ends inside.
func (c *chain) snapshotFor(stop replay.Stop) (replay.SnapshotInfo, bool, error) {
	list, err := replay.ListSnapshots(filepath.Join(c.home, SnapshotDir))
	if err != nil {
		return replay.SnapshotInfo{}, false, err
	}
	limit := stop.Height
	if stop.Partial() {
		limit--
	}
	s, ok := replay.NearestSnapshot(list, limit)
	return s, ok, nil
}

func openSQLiteFile(path string) (drivers.Driver, error) { return sqlite.Open(path) }

// openNewSQLiteFile opens a restore's output (see sqlite.OpenNew).
func openNewSQLiteFile(path string) (drivers.Driver, error) { return sqlite.OpenNew(path) }

// rebuild restores the state at stop into out, starting from snapshot when
// given (SQLite outputs only).
func (c *chain) rebuild(ctx context.Context, out output, stop replay.Stop, snap *replay.SnapshotInfo,
	progress func(replay.Progress), every time.Duration) (*replay.Engine, *replay.Report, error) {
	e, err := c.startEngine(ctx, out, snap)
	if err != nil {
		return nil, nil, err
	}
	r := &replay.Restore{Source: c.store, Verifier: c.verifier, Engine: e, Stop: stop,
		Progress: progress, ProgressInterval: every}
	rep, err := r.Run(ctx)
	if err != nil {
		e.Driver().Close()
		return nil, nil, err
	}
	if snap != nil {
		rep.Snapshot = snap.File
	}
	return e, rep, nil
}

func (c *chain) startEngine(ctx context.Context, out output, snap *replay.SnapshotInfo) (*replay.Engine, error) {
	if snap != nil {
		return replay.RestoreSnapshot(ctx, *snap, out.path, openNewSQLiteFile)
	}
	drv, err := out.openNew()
	if err != nil {
		return nil, err
	}
	e, err := replay.New(ctx, drv, nil, replay.WithGenesisAccounts(c.genesis.Accounts))
	if err != nil {
		drv.Close()
		return nil, err
	}
	return e, nil
}

// isTerminal tells whether f is a terminal, for progress lines.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
