package consensus

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	protomem "github.com/cometbft/cometbft/api/cometbft/mempool/v1"
	"github.com/cometbft/cometbft/mempool"
	"github.com/cometbft/cometbft/p2p"
	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// Errors Submit returns before a transaction reaches the mempool.
var (
	ErrMempoolFull = errors.New("mempool is full: the node is overloaded, retry later")
	ErrCatchingUp  = errors.New("node is catching up with the chain: the write was not sent; retry once it is in sync")
	// ErrWriteTimeout: the write was sent but its block was not decided
	// within the write timeout, typically because fewer than 2/3 of the
	// voting power is reachable. It may still be committed later.
	ErrWriteTimeout = errors.New("write not committed within the write timeout")
	ErrNotStarted   = errors.New("consensus node not started")
	ErrRejected     = errors.New("transaction rejected")
	// ErrTxTooLarge: the signed transaction is larger than MaxTxBytes.
	ErrTxTooLarge = errors.New("transaction too large")
	// ErrNotApplied: the transaction is in a block but the Applier returned
	// no result for it.
	ErrNotApplied = errors.New("transaction committed but not applied")
)

// DefaultWriteTimeout bounds how long Submit waits for a node to catch up
// and for the write's block to be decided.
const DefaultWriteTimeout = 30 * time.Second

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
// Submit waits at most the write timeout (SetWriteTimeout) for the node to
// catch up (then ErrCatchingUp: nothing was sent) and for the block
// (then ErrWriteTimeout: the outcome is unknown); it never reports success
// for a write that is not in a decided block.
//
// A large transaction gets longer: the write timeout plus one second per
// MiB of the signed transaction (see writeDeadline).
func (n *Node) Submit(ctx context.Context, tx *Tx) (*TxResult, error) {
	return n.submitWith(ctx, func(ch chan *TxResult) ([32]byte, []byte, error) { return n.enqueue(tx, ch) })
}

// submitWith is Submit with enqueue putting the signed transaction in the
// mempool, its waiter registered.
func (n *Node) submitWith(ctx context.Context, enqueue func(chan *TxResult) ([32]byte, []byte, error)) (*TxResult, error) {
	start := time.Now()
	readyCtx, cancel := context.WithTimeoutCause(ctx, n.WriteTimeout(), ErrWriteTimeout)
	defer cancel()
	if err := n.ready(readyCtx); err != nil {
		return nil, err
	}
	ch := make(chan *TxResult, 1)
	h, b, err := enqueue(ch)
	if err != nil {
		return nil, err
	}
	waitCtx, cancelWait := context.WithDeadlineCause(ctx, start.Add(n.writeDeadline(len(b))), ErrWriteTimeout)
	defer cancelWait()
	return n.wait(waitCtx, h, b, ch)
}

// writeDeadline is how long Submit waits for a signed transaction of size
// bytes: the write timeout, plus a second per MiB, since every node
// parses, checks, hashes and applies a large statement in time that grows
// with its size (a 32 MiB INSERT took seconds on a loaded 2-core machine).
func (n *Node) writeDeadline(size int) time.Duration {
	return n.WriteTimeout() + time.Duration(size>>20)*time.Second
}

// ready waits, until ctx ends, for the node to be able to take a write.
func (n *Node) ready(ctx context.Context) error {
	for {
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
		if !n.CatchingUp() {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (waited %s)", ErrCatchingUp, n.WriteTimeout())
		case <-time.After(catchUpPoll):
		}
	}
}

// catchUpPoll is how often a write waiting for the node to catch up looks.
const catchUpPoll = 50 * time.Millisecond

// SetWriteTimeout sets the bound Submit waits; d <= 0 restores the default.
func (n *Node) SetWriteTimeout(d time.Duration) {
	if d <= 0 {
		d = DefaultWriteTimeout
	}
	n.writeTimeout.Store(int64(d))
}

// WriteTimeout is the bound Submit waits for a write.
func (n *Node) WriteTimeout() time.Duration {
	if d := n.writeTimeout.Load(); d > 0 {
		return time.Duration(d)
	}
	return DefaultWriteTimeout
}

// enqueue registers the waiter before CheckTx: the block holding the
// transaction may commit before CheckTx returns to us.
func (n *Node) enqueue(tx *Tx, ch chan *TxResult) ([32]byte, []byte, error) {
	for attempt := 0; ; attempt++ {
		b := n.sign(tx)
		h := Hash(b)
		if !n.app.waiters.add(h, ch) {
			continue // a concurrent Submit drew the same nonce for the same tx
		}
		n.app.local.add(b, h, tx)
		err := n.checkTx(b)
		n.app.local.remove(b)
		if err == nil {
			return h, b, nil
		}
		n.app.waiters.remove(h)
		if !errors.Is(err, mempool.ErrTxInCache) || attempt >= maxNonceRetries {
			return h, nil, err
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
	tx.Signature = voi.Sign(voi.PrivateKey(n.key), sigMessage(tx.version(), b))
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

// resendEvery: a write not decided after this long is sent to every peer
// again. CometBFT gossips a transaction to each peer once, and a peer that
// is still block-syncing drops it; if that peer then proposes, or if too
// few validators hold any transaction, the write would wait for the next
// one to arrive (forever, on an idle network). Peers that have it ignore
// the copy.
const resendEvery = time.Second

func (n *Node) wait(ctx context.Context, h [32]byte, b []byte, ch chan *TxResult) (*TxResult, error) {
	resend := time.NewTicker(resendEvery)
	defer resend.Stop()
	for {
		select {
		case res := <-ch:
			if res == nil {
				return nil, fmt.Errorf("tx %x: %w", h[:8], ErrNotApplied)
			}
			return res, nil
		case <-resend.C:
			n.node.Switch().Broadcast(p2p.Envelope{ChannelID: mempool.MempoolChannel, Message: &protomem.Txs{Txs: [][]byte{b}}})
		case <-ctx.Done():
			n.app.waiters.remove(h)
			if cause := context.Cause(ctx); errors.Is(cause, ErrWriteTimeout) {
				return nil, fmt.Errorf("tx %x: %w (%s): it may still be committed once a quorum of validators is reachable",
					h[:8], ErrWriteTimeout, n.writeDeadline(len(b)))
			}
			return nil, fmt.Errorf("wait for tx %x: %w", h[:8], ctx.Err())
		case <-n.stopped:
			n.app.waiters.remove(h)
			return nil, ErrNodeStopped
		case <-n.app.halted:
			n.app.waiters.remove(h)
			return nil, n.app.Err()
		}
	}
}

// SubmitSigned puts a transaction signed elsewhere (a membership change,
// signed by validators) in the mempool and waits, as Submit does, for its
// block to be decided and applied here.
func (n *Node) SubmitSigned(ctx context.Context, b []byte) (*TxResult, error) {
	return n.submitWith(ctx, func(ch chan *TxResult) ([32]byte, []byte, error) {
		h := Hash(b)
		if !n.app.waiters.add(h, ch) {
			return h, nil, fmt.Errorf("submit: %w", mempool.ErrTxInCache)
		}
		if err := n.checkTx(b); err != nil {
			n.app.waiters.remove(h)
			return h, nil, err
		}
		return h, b, nil
	})
}
