package consensus

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// slowCommitApplier stages blocks like the apply engine (the engine stays
// locked from StageBlock to the end of CommitStaged) and makes them visible
// only when CommitStaged, which takes delay, ends.
type slowCommitApplier struct {
	*fileApplier
	delay   time.Duration
	failTxs bool // CommitStaged fails for blocks holding transactions

	engine  sync.Mutex
	mu      sync.Mutex
	staged  int64
	txs     int // in the staged block
	visible int64
}

func (a *slowCommitApplier) StageBlock(ctx context.Context, b Block) ([]*TxResult, []byte, error) {
	a.engine.Lock()
	res, hash, err := a.ApplyBlock(ctx, b)
	if err != nil {
		a.engine.Unlock()
		return nil, nil, err
	}
	a.mu.Lock()
	a.staged, a.txs = b.Height, len(b.Txs)
	a.mu.Unlock()
	return res, hash, nil
}

func (a *slowCommitApplier) CommitStaged(context.Context) error {
	defer a.engine.Unlock()
	time.Sleep(a.delay)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.failTxs && a.txs > 0 {
		return errors.New("disk full")
	}
	a.visible = a.staged
	return nil
}

func (a *slowCommitApplier) AbortStaged(context.Context) error {
	a.engine.Unlock()
	return errors.New("a single validator never decides another block")
}

func (a *slowCommitApplier) visibleHeight() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.visible
}

// TestAnswerBeforeLocalCommit: a write is answered as soon as its block is
// decided and applied, while the local commit is still running, and
// WaitApplied (which every proxy read calls first) returns only once the
// local database holds the block.
func TestAnswerBeforeLocalCommit(t *testing.T) {
	a := &slowCommitApplier{fileApplier: newFileApplier(t, t.TempDir()), delay: 300 * time.Millisecond}
	n := startNode(t, initHome(t, InitOptions{}), a)
	ctx := submitCtx(t)
	for i := range 3 {
		res, err := n.Submit(ctx, insert(i))
		if err != nil {
			t.Fatal(err)
		}
		if v := a.visibleHeight(); v >= res.Height {
			t.Fatalf("write %d was answered only after the local commit (database at %d, block %d)", i, v, res.Height)
		}
		if err := n.WaitApplied(ctx); err != nil {
			t.Fatal(err)
		}
		if v := a.visibleHeight(); v < res.Height {
			t.Fatalf("WaitApplied returned with the database at height %d, before block %d", v, res.Height)
		}
	}
}

// TestFailedLocalCommitHalts: a local commit that fails in the background
// halts the node; readers waiting for it get the halt, not stale data.
func TestFailedLocalCommitHalts(t *testing.T) {
	a := &slowCommitApplier{fileApplier: newFileApplier(t, t.TempDir()), delay: 50 * time.Millisecond}
	n, err := NewNode(initHome(t, InitOptions{}), NewApp(a, testLogger()), testLogger())
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer n.Stop()
	ctx := submitCtx(t)
	res, err := n.Submit(ctx, insert(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.WaitApplied(ctx); err != nil {
		t.Fatal(err)
	}
	a.mu.Lock()
	a.failTxs = true
	a.mu.Unlock()
	if res, err = n.Submit(ctx, insert(2)); err != nil {
		t.Fatalf("the write whose block then fails to commit locally: %v", err)
	}
	if err := n.WaitApplied(ctx); !errors.Is(err, ErrHalted) {
		t.Fatalf("WaitApplied after a failed local commit: %v, want ErrHalted", err)
	}
	if v := a.visibleHeight(); v >= res.Height {
		t.Errorf("database at height %d after its commit of block %d failed", v, res.Height)
	}
	if _, err := n.Submit(ctx, insert(3)); !errors.Is(err, ErrHalted) {
		t.Errorf("Submit on a halted node: %v, want ErrHalted", err)
	}
}
