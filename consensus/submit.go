package consensus

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/cometbft/cometbft/mempool"
	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// Errors Submit returns before a transaction reaches the mempool.
var (
	ErrMempoolFull = errors.New("mempool is full: the node is overloaded, retry later")
	ErrCatchingUp  = errors.New("node is catching up with the chain: retry once it is in sync")
	ErrNotStarted  = errors.New("consensus node not started")
	ErrRejected    = errors.New("transaction rejected")
	// ErrTxTooLarge: the signed transaction is larger than MaxTxBytes.
	ErrTxTooLarge = errors.New("transaction too large")
	// ErrNotApplied: the transaction is in a block but the Applier returned
	// no result for it.
	ErrNotApplied = errors.New("transaction committed but not applied")
)

// maxNonceRetries bounds retries after a hash collision with a transaction
// already seen, which a fresh random nonce resolves.
const maxNonceRetries = 3

// RejectedError is a CheckTx refusal: the transaction never reaches a block.
// It matches ErrRejected and, by code, ErrMalformedTx, ErrBadSignature or
// ErrUnauthorized with errors.Is.
type RejectedError struct {
	Code uint32
	Log  string
}

func (e *RejectedError) Error() string { return "transaction rejected: " + e.Log }

func (e *RejectedError) Unwrap() []error {
	switch e.Code {
	case CodeMalformed:
		return []error{ErrRejected, ErrMalformedTx}
	case CodeBadSignature:
		return []error{ErrRejected, ErrBadSignature}
	case CodeUnauthorized:
		return []error{ErrRejected, ErrUnauthorized}
	case CodeHalted:
		return []error{ErrRejected, ErrHalted}
	}
	return []error{ErrRejected}
}

// Submit signs tx with the node key (setting Node, a random Nonce and
// Signature), puts it in the mempool and waits until its block is decided
// and applied here, returning this node's result. The local database may
// commit that block a moment later: WaitApplied waits for it. When ctx ends first, the
// transaction may still be committed later: its outcome is unknown.
func (n *Node) Submit(ctx context.Context, tx *Tx) (*TxResult, error) {
	if err := n.ready(); err != nil {
		return nil, err
	}
	ch := make(chan *TxResult, 1)
	h, err := n.enqueue(tx, ch)
	if err != nil {
		return nil, err
	}
	return n.wait(ctx, h, ch)
}

func (n *Node) ready() error {
	select {
	case <-n.stopped:
		return ErrNodeStopped
	case <-n.app.halted:
		return n.app.Err()
	default:
	}
	if !n.node.IsRunning() {
		return ErrNotStarted
	}
	if n.CatchingUp() {
		return ErrCatchingUp
	}
	return nil
}

// enqueue registers the waiter before CheckTx: the block holding the
// transaction may commit before CheckTx returns to us.
func (n *Node) enqueue(tx *Tx, ch chan *TxResult) ([32]byte, error) {
	for attempt := 0; ; attempt++ {
		b := n.sign(tx)
		h := Hash(b)
		if !n.app.waiters.add(h, ch) {
			continue // a concurrent Submit drew the same nonce for the same tx
		}
		n.app.local.add(h)
		err := n.checkTx(b)
		n.app.local.remove(h)
		if err == nil {
			return h, nil
		}
		n.app.waiters.remove(h)
		if !errors.Is(err, mempool.ErrTxInCache) || attempt >= maxNonceRetries {
			return h, err
		}
	}
}

// sign is tx.Sign followed by tx.Marshal, encoding the body once. Ed25519
// signatures are deterministic: voi's are the bytes crypto/ed25519 makes,
// in half the time (it does not re-derive the public key on every call).
func (n *Node) sign(tx *Tx) []byte {
	tx.Nonce = rand.Uint64()
	tx.Node = n.pub
	b := tx.signBytes()
	tx.Signature = voi.Sign(voi.PrivateKey(n.key), b)
	return appendBytes(b, tx.Signature)
}

// checkTx runs CheckTx in the caller's goroutine (the mempool connection
// is an unsynchronised local client) and adds the tx to the mempool.
func (n *Node) checkTx(b []byte) error {
	rr, err := n.node.Mempool().CheckTx(b, "")
	if err != nil {
		return mempoolError(err)
	}
	rr.Wait()
	if res := rr.Response.GetCheckTx(); res != nil && res.Code != CodeOK {
		return &RejectedError{Code: res.Code, Log: res.Log}
	}
	if err := rr.Error(); err != nil {
		return mempoolError(err)
	}
	return nil
}

func mempoolError(err error) error {
	var full mempool.ErrMempoolIsFull
	var large mempool.ErrTxTooLarge
	switch {
	case errors.As(err, &large):
		return fmt.Errorf("%w: %v", ErrTxTooLarge, err)
	case errors.As(err, &full), errors.Is(err, mempool.ErrRecheckFull):
		return fmt.Errorf("%w (%v)", ErrMempoolFull, err)
	case errors.Is(err, mempool.ErrTxInCache), errors.Is(err, mempool.ErrTxInMempool):
		return fmt.Errorf("submit: %w", mempool.ErrTxInCache)
	}
	return fmt.Errorf("submit to mempool: %w", err)
}

func (n *Node) wait(ctx context.Context, h [32]byte, ch chan *TxResult) (*TxResult, error) {
	select {
	case res := <-ch:
		if res == nil {
			return nil, fmt.Errorf("tx %x: %w", h[:8], ErrNotApplied)
		}
		return res, nil
	case <-ctx.Done():
		n.app.waiters.remove(h)
		return nil, fmt.Errorf("wait for tx %x: %w", h[:8], ctx.Err())
	case <-n.stopped:
		n.app.waiters.remove(h)
		return nil, ErrNodeStopped
	case <-n.app.halted:
		n.app.waiters.remove(h)
		return nil, n.app.Err()
	}
}
