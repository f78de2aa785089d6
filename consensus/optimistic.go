package consensus

import (
	"bytes"
	"context"
)

// Optimistic execution. A validator calls ProcessProposal on the block it
// is about to vote for, then spends a few milliseconds exchanging and
// persisting prevotes and precommits before FinalizeBlock hands it the
// decided block. A Stager starts applying the proposal right away, in the
// background, so that time is not lost: when the decided block is the one
// staged (the usual case), FinalizeBlock only waits for it to finish;
// otherwise (a later round decided another block) the staged block is
// rolled back and the decided one applied. Nothing is committed before
// Commit either way, so the outcome is exactly that of applying the
// decided block in FinalizeBlock.

// optimisticBlock is a proposal being staged in the background.
type optimisticBlock struct {
	hash    []byte
	txs     [][32]byte // the block's TxHashes
	done    chan struct{}
	results []*TxResult
	appHash []byte
	err     error
}

// startOptimistic stages b in the background if the applier can stage,
// after rolling back any proposal staged before (an earlier round).
func (a *App) startOptimistic(b Block) {
	st := a.stager
	if st == nil || a.Err() != nil {
		return
	}
	if es, ok := st.(EarlyStager); ok && !es.StagesEarly(b) {
		a.dropOptimistic(context.Background())
		return
	}
	a.dropOptimistic(context.Background())
	o := &optimisticBlock{hash: b.Hash, txs: b.TxHashes, done: make(chan struct{})}
	a.optimistic = o
	go func() {
		defer close(o.done)
		o.results, o.appHash, o.err = st.StageBlock(context.Background(), b)
	}()
}

// takeOptimistic returns the staged results, and the staged block's
// transaction hashes, if the decided block, hash, is the one staged. It
// returns nil results (and no error) when there is nothing usable: the
// caller then applies the block itself.
func (a *App) takeOptimistic(ctx context.Context, hash []byte) ([]*TxResult, [][32]byte, []byte, error) {
	o := a.optimistic
	if o == nil {
		return nil, nil, nil, nil
	}
	<-o.done
	if o.err != nil || !bytes.Equal(o.hash, hash) {
		return nil, nil, nil, a.dropOptimistic(ctx)
	}
	a.optimistic = nil
	return o.results, o.txs, o.appHash, nil
}

// dropOptimistic waits for the staged proposal and rolls it back. A
// proposal whose staging failed left nothing staged: applying the decided
// block will fail the same way if the failure was not transient, and the
// node halts then.
func (a *App) dropOptimistic(ctx context.Context) error {
	o := a.optimistic
	if o == nil {
		return nil
	}
	a.optimistic = nil
	<-o.done
	if o.err != nil {
		a.log.Warn("optimistic apply failed; applying the decided block", "err", o.err)
		return nil
	}
	return a.stager.AbortStaged(ctx)
}
