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
	members  *consensus.Membership // at genesis
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
	members, err := consensus.MembershipFromGenesis(doc)
	if err != nil {
		return nil, err
	}
	store, err := consensus.OpenBlockStore(home)
	if err != nil {
		return nil, err
	}
	return &chain{home: home, store: store, verifier: v, genesis: st, members: members}, nil
}

func (c *chain) Close() error { return c.store.Close() }

// snapshotFor returns the newest snapshot a restore to stop can start from:
// at or below the stop, and below a block the restore ends inside; nil when
// there is none past genesis.
func (c *chain) snapshotFor(stop replay.Stop) (*replay.SnapshotInfo, error) {
	list, err := replay.ListSnapshots(filepath.Join(c.home, SnapshotDir))
	if err != nil {
		return nil, err
	}
	limit := stop.Height
	if stop.Partial() {
		limit--
	}
	s, ok := replay.NearestSnapshot(list, limit)
	if !ok || s.Height == 0 {
		return nil, nil
	}
	return &s, nil
}

// postgres tells whether the chain's dialect is postgres.
func (c *chain) postgres() bool { return c.genesis.Dialect == "postgres" }

// openFile opens an SQLite file of a node of dialect (a snapshot) as its
// engine; members is the chain's genesis membership, nil when no block
// will be applied.
func openFile(ctx context.Context, path, dialect string, members *consensus.Membership) (replay.StateEngine, error) {
	if dialect == "postgres" {
		drv, err := sqlite.OpenPG(path)
		if err != nil {
			return nil, err
		}
		return newPGEngine(ctx, drv, members)
	}
	drv, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	return newEngine(ctx, drv, replay.WithGenesisMembership(members))
}

// openNewFile opens a restore's SQLite output (see sqlite.OpenNew) as the
// engine of the chain's dialect.
func (c *chain) openNewFile(ctx context.Context, path string) (replay.StateEngine, error) {
	if c.postgres() {
		return openFile(ctx, path, "postgres", c.members)
	}
	drv, err := sqlite.OpenNew(path)
	if err != nil {
		return nil, err
	}
	return newEngine(ctx, drv, replay.WithGenesisAccounts(c.genesis.Accounts), replay.WithGenesisMembership(c.members))
}

func newEngine(ctx context.Context, drv drivers.Driver, opts ...replay.Option) (*replay.Engine, error) {
	e, err := replay.New(ctx, drv, nil, opts...)
	if err != nil {
		drv.Close()
		return nil, err
	}
	return e, nil
}

func newPGEngine(ctx context.Context, drv drivers.TextDriver, members *consensus.Membership) (*replay.PGEngine, error) {
	e, err := replay.NewPG(ctx, drv, replay.PGWithGenesisMembership(members))
	if err != nil {
		drv.Close()
		return nil, err
	}
	return e, nil
}

// rebuild restores the state at stop into out, a new database, starting
// from snapshot when given (SQLite outputs only), with the engine of the
// chain's dialect.
func (c *chain) rebuild(ctx context.Context, out output, stop replay.Stop, snap *replay.SnapshotInfo,
	progress func(replay.Progress), every time.Duration) (replay.StateEngine, *replay.Report, error) {
	e, err := c.startEngine(ctx, out, snap)
	if err != nil {
		return nil, nil, err
	}
	r := &replay.Restore{Source: c.store, Verifier: c.verifier, Engine: e, Stop: stop,
		Progress: progress, ProgressInterval: every}
	rep, err := r.Run(ctx)
	if err != nil {
		e.Close()
		return nil, nil, err
	}
	if snap != nil {
		rep.Snapshot = snap.File
	}
	return e, rep, nil
}

func (c *chain) startEngine(ctx context.Context, out output, snap *replay.SnapshotInfo) (replay.StateEngine, error) {
	switch {
	case snap != nil:
		return replay.RestoreSnapshot(ctx, *snap, out.path, c.openNewFile)
	case out.driver == "sqlite":
		return c.openNewFile(ctx, out.path)
	case c.postgres():
		drv, err := openText(ctx, out)
		if err != nil {
			return nil, err
		}
		return newPGEngine(ctx, drv, c.members)
	}
	drv, err := out.openNew()
	if err != nil {
		return nil, err
	}
	return newEngine(ctx, drv, replay.WithGenesisAccounts(c.genesis.Accounts), replay.WithGenesisMembership(c.members))
}

// isTerminal tells whether f is a terminal, for progress lines.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
