package replay

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/blocksql/blocksql/consensus"
)

// The live node applies a block in two steps, because CometBFT persists a
// block's results between FinalizeBlock and Commit: if the local database
// committed first and the process died in between, CometBFT would find the
// database one block ahead of the results it stored and refuse to start.
// Committing at Commit keeps the database at most at CometBFT's height.

var _ consensus.Stager = (*Engine)(nil)

var errNothingStaged = errors.New("commit without a staged block")

type stagedSlot struct {
	mu sync.Mutex
	st *staged
	// taking counts CommitStaged/AbortStaged calls waiting for mu: a
	// speculation (speculate.go) does not start while one waits.
	taking atomic.Int32
}

// StageBlock implements consensus.Stager: apply b, keep it uncommitted.
func (e *Engine) StageBlock(ctx context.Context, b consensus.Block) ([]*consensus.TxResult, []byte, error) {
	results, hash, st, err := e.stage(ctx, b, nil)
	if err != nil {
		return nil, nil, err
	}
	e.pending.mu.Lock()
	e.pending.st = st
	e.pending.mu.Unlock()
	return results, hash, nil
}

// CommitStaged implements consensus.Stager.
func (e *Engine) CommitStaged(ctx context.Context) error {
	st := e.takeStaged()
	if st == nil {
		return errNothingStaged
	}
	if st.spoiled != nil {
		_ = e.abort(st)
		return fmt.Errorf("commit block %d: %w", st.height, st.spoiled)
	}
	return e.commit(st)
}

// AbortStaged implements consensus.Stager.
func (e *Engine) AbortStaged(ctx context.Context) error {
	st := e.takeStaged()
	if st == nil {
		return errNothingStaged
	}
	return e.abort(st)
}

func (e *Engine) takeStaged() *staged {
	e.pending.taking.Add(1)
	defer e.pending.taking.Add(-1)
	e.pending.mu.Lock()
	defer e.pending.mu.Unlock()
	st := e.pending.st
	e.pending.st = nil
	return st
}
