package consensus

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Early answers and the background local commit.
//
// CometBFT saves a block (with a synced write) before it calls
// FinalizeBlock, so once FinalizeBlock has the block's results they are
// final: a crash from then on makes the restart handshake apply the block
// again from the block store, to the same results, exactly once. The Submit
// calls waiting for the block's transactions are therefore answered as soon
// as FinalizeBlock has the results, and Commit hands the local database's
// COMMIT to a goroutine instead of holding consensus for it: the next height
// starts while the database writes its log, and the next block's staging
// (which needs the engine) simply starts once that commit is done.
//
// The database lags the answers by at most that one commit. Reads close the
// gap with WaitApplied: a read that starts after any answer waits until the
// block that answer came from is committed locally, so every client (on any
// connection) reads every write it was told about. A crash in the gap
// leaves the database one block behind CometBFT's state, which the restart
// handshake replays; it can never leave it ahead (see replay/stage.go).

// syncState tracks which decided blocks are committed to the local database.
type syncState struct {
	mu        sync.Mutex
	finalized int64         // last block whose results were handed out
	committed int64         // last block committed to the local database
	advanced  chan struct{} // closed (and replaced) when committed grows
	// committing is closed when the background commit of the last block
	// ends; nil before the first one.
	committing chan struct{}
}

func newSyncState() *syncState { return &syncState{advanced: make(chan struct{})} }

func (s *syncState) finalize(h int64) {
	s.mu.Lock()
	s.finalized = h
	s.mu.Unlock()
}

func (s *syncState) commit(h int64) {
	s.mu.Lock()
	s.committed = h
	close(s.advanced)
	s.advanced = make(chan struct{})
	s.mu.Unlock()
}

// waitCommitting blocks until the last background commit has ended.
func (s *syncState) waitCommitting() {
	s.mu.Lock()
	c := s.committing
	s.mu.Unlock()
	if c != nil {
		<-c
	}
}

// blockTiming is what the debug log reports of one block.
type blockTiming struct {
	height                          int64
	txs, gathered                   int
	lastCommit, processed           time.Time
	finalizeStart, applied, commits time.Time
	gatherWait                      time.Duration
}

// commitAsync commits the staged block h in the background and records it.
// A failed commit halts the node; FinalizeBlock of the next block waits for
// this one first, so no block is applied on top of a commit that failed.
func (a *App) commitAsync(h int64, t blockTiming) {
	done := make(chan struct{})
	a.sync.mu.Lock()
	a.sync.committing = done
	a.sync.mu.Unlock()
	go func() {
		defer close(done)
		if err := a.stager.CommitStaged(context.Background()); err != nil {
			a.halt(fmt.Errorf("commit block %d: %w", h, err))
			return
		}
		a.sync.commit(h)
		a.blockDone(t, time.Now())
	}()
}

// WaitApplied returns once every block whose results were handed out is
// committed to the local database, so a read sees every write any client
// was told about. It returns at once when nothing is in flight.
func (n *Node) WaitApplied(ctx context.Context) error { return n.app.waitApplied(ctx, n.stopped) }

// WaitApplied is Node.WaitApplied for an App driven without a Node.
func (a *App) WaitApplied(ctx context.Context) error { return a.waitApplied(ctx, nil) }

func (a *App) waitApplied(ctx context.Context, stopped <-chan struct{}) error {
	s := a.sync
	s.mu.Lock()
	want := s.finalized
	for s.committed < want {
		ch := s.advanced
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-stopped:
			return ErrNodeStopped
		case <-a.halted:
			return a.Err()
		}
		s.mu.Lock()
	}
	s.mu.Unlock()
	return nil
}
