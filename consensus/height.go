package consensus

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrHeightTimeout: the local database did not reach a height in time.
var ErrHeightTimeout = errors.New("height not applied here within the write timeout")

// heightPoll is how often WaitHeight looks at the applied height when no
// block commits locally (a node still replaying at start).
const heightPoll = 20 * time.Millisecond

// WaitHeight returns once the local database holds block h, so a client
// that wrote through another node (and was told its height) reads its
// writes here. It waits at most the write timeout, then returns an error
// matching ErrHeightTimeout.
func (n *Node) WaitHeight(ctx context.Context, h int64) error {
	ctx, cancel := context.WithTimeout(ctx, n.WriteTimeout())
	defer cancel()
	for {
		applied, err := n.appliedHeight(ctx)
		if err != nil {
			return err
		}
		if applied >= h {
			return nil
		}
		n.app.sync.mu.Lock()
		advanced := n.app.sync.advanced
		n.app.sync.mu.Unlock()
		select {
		case <-advanced:
		case <-time.After(heightPoll):
		case <-n.stopped:
			return ErrNodeStopped
		case <-n.app.halted:
			return n.app.Err()
		case <-ctx.Done():
			return fmt.Errorf("%w: this node is at height %d, waited %s for height %d", ErrHeightTimeout, applied, n.WriteTimeout(), h)
		}
	}
}

// appliedHeight is the last block committed to the local database. An
// Applier that reports it without locking (the apply engine's Height)
// answers without waiting for a block being staged, as Info would.
func (n *Node) appliedHeight(ctx context.Context) (int64, error) {
	if hr, ok := n.app.applier.(interface{ Height() int64 }); ok {
		return hr.Height(), nil
	}
	h, _, err := n.app.applier.Info(ctx)
	return h, err
}
