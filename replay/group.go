package replay

import (
	"context"
	"fmt"

	"github.com/blocksql/blocksql/drivers"
)

// A restore into a new database need not make every block durable on its
// own: nothing reads the output until the restore ends, and a failed
// restore removes it. Blocks then share one local transaction until it
// holds groupTxs transactions (or the restore ends), which saves a commit
// per block: on SQLite the pages every block rewrites (the ends of the
// log tables, meta). Each block is applied, hashed and checked exactly as
// alone; only the COMMIT is shared.

// groupTxs is how many chain transactions a group commits at once.
const groupTxs = 2000

// blockGroup is the transaction blocks share and the engine's state at its
// last commit, to go back to when the group is lost.
type blockGroup struct {
	limit int
	dtx   drivers.Tx // open transaction; nil between groups
	txs   int
	// The state the database holds durably.
	height  int64
	appHash []byte
	schema  *schema
	// known, in a group begun at height 0, holds every transaction the
	// log holds: the restore logged them all, so the duplicate lookup
	// needs no query (appliedBefore). nil once lost or past knownMax.
	known map[[32]byte]bool
}

// knownMax bounds the transactions a group remembers (~100 bytes each);
// past it, the log is asked again.
const knownMax = 1 << 20

// groupBlocks makes the engine commit every limit transactions instead of
// every block, until flushGroup.
func (e *Engine) groupBlocks(limit int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.group = &blockGroup{limit: limit}
	if e.height.Load() == 0 {
		// No block applied: the log holds no transaction.
		e.group.known = map[[32]byte]bool{}
	}
	e.group.committed(e)
}

// flushGroup commits the blocks applied since the last commit and ends
// grouping: what follows commits block by block again.
func (e *Engine) flushGroup() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.group
	e.group = nil
	if g == nil || g.dtx == nil {
		return nil
	}
	if err := g.dtx.Commit(); err != nil {
		g.lost(e)
		return fmt.Errorf("commit blocks up to %d: %w", e.height.Load(), err)
	}
	e.afterCommit(e.height.Load())
	return nil
}

// dropGroup rolls back the blocks applied since the last commit and ends
// grouping.
func (e *Engine) dropGroup() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if g := e.group; g != nil && g.dtx != nil {
		_ = e.rollback(g.dtx)
	}
	e.group = nil
}

// begin starts a block's local transaction, or continues the group's.
func (e *Engine) begin(ctx context.Context) (drivers.Tx, error) {
	if g := e.group; g != nil && g.dtx != nil {
		return g.dtx, nil
	}
	e.unpark()
	if ab, ok := e.drv.(drivers.AsideBeginner); ok && e.group != nil {
		return ab.BeginAside(ctx)
	}
	return e.drv.Begin(ctx)
}

// rollback ends dtx without its changes; in a group that loses every
// block since the last commit, and the engine goes back to that state.
func (e *Engine) rollback(dtx drivers.Tx) error {
	err := dtx.Rollback()
	e.group.lost(e)
	return err
}

// keep reports whether st stays uncommitted in the group.
func (g *blockGroup) keep(st *staged) bool {
	if g == nil {
		return false
	}
	g.txs += st.txs
	if g.txs < g.limit {
		g.dtx = st.dtx
		return true
	}
	return false
}

// committed records the engine's state as durable.
func (g *blockGroup) committed(e *Engine) {
	if g == nil {
		return
	}
	g.dtx, g.txs = nil, 0
	g.height, g.appHash, g.schema = e.height.Load(), e.appHash, e.pub.Load()
}

// lost puts the engine back to the last durable state.
func (g *blockGroup) lost(e *Engine) {
	if g == nil {
		return
	}
	g.dtx, g.txs, g.known = nil, 0, nil
	e.height.Store(g.height)
	e.appHash = g.appHash
	e.pub.Store(g.schema)
}

// appliedBefore is alreadyApplied, answered from memory in a group that
// knows every logged transaction. The block adds those it logs to the
// map it returns.
func (e *Engine) appliedBefore(ctx context.Context, dtx drivers.Tx, hashes [][32]byte) (map[[32]byte]bool, error) {
	if g := e.group; g != nil && g.known != nil {
		if len(g.known)+len(hashes) <= knownMax {
			return g.known, nil
		}
		g.known = nil
	}
	return alreadyApplied(ctx, dtx, e.drv, hashes)
}
