package consensus

import (
	"context"
	"crypto/sha256"
	"sync"
)

// NoopApplier applies nothing: every transaction succeeds with no rows
// affected. With it, a node measures raw consensus (the baseline benchmarks
// compare the apply engine against). Its AppHash chains the transactions
// and stays the same on an empty block; state lives in memory only, so a
// restarted node replays the whole chain into it.
type NoopApplier struct {
	mu      sync.Mutex
	height  int64
	appHash []byte
}

var _ Applier = (*NoopApplier)(nil)

// Info returns the last applied height and AppHash.
func (a *NoopApplier) Info(context.Context) (int64, []byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.height, a.appHash, nil
}

// Check accepts every transaction.
func (a *NoopApplier) Check(*Tx) error { return nil }

// ApplyBlock records the height and chains the AppHash over the block's
// transactions.
func (a *NoopApplier) ApplyBlock(_ context.Context, b Block) ([]*TxResult, []byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.height, a.appHash = b.Height, a.nextHash(b)
	return NoopResults(b, nil), a.appHash, nil
}

// NextHash returns the AppHash ApplyBlock would give b without recording
// it, for an applier that stages blocks on top of this one and records a
// block with Advance once it is committed.
func (a *NoopApplier) NextHash(b Block) []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.nextHash(b)
}

// Advance records height applied with the AppHash NextHash returned for it.
func (a *NoopApplier) Advance(height int64, appHash []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.height, a.appHash = height, appHash
}

func (a *NoopApplier) nextHash(b Block) []byte {
	if len(b.Txs) == 0 {
		return a.appHash
	}
	h := sha256.New()
	h.Write(a.appHash)
	for i := range b.Txs {
		sum := b.TxHash(i)
		h.Write(sum[:])
	}
	return h.Sum(nil)
}

// NoopResults is the outcome a NoopApplier gives each of b's transactions:
// success, with each statement of a group its own (TxResult.Member); other
// transactions are not decoded. txs, if not nil, holds b's transactions
// already decoded (nil where one did not decode), so they are not decoded
// again.
func NoopResults(b Block, txs []*Tx) []*TxResult {
	res := make([]*TxResult, len(b.Txs))
	for i, raw := range b.Txs {
		res[i] = &TxResult{Height: b.Height, Failed: -1}
		if len(raw) <= len(txMagic) || !isGroupVersion(raw[len(txMagic)]) {
			continue
		}
		var tx *Tx
		if txs != nil {
			tx = txs[i]
		} else if t, err := UnmarshalTx(raw); err == nil {
			tx = t
		}
		if tx != nil {
			res[i].Statements = make([]StmtResult, len(tx.Statements))
		}
	}
	return res
}
