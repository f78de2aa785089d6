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
	res, appHash := a.next(b)
	a.height, a.appHash = b.Height, appHash
	return res, appHash, nil
}

// Next returns what ApplyBlock would for b without recording it, for an
// applier that stages blocks on top of this one and records a block with
// Advance once it is committed.
func (a *NoopApplier) Next(b Block) ([]*TxResult, []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.next(b)
}

// Advance records height applied with the AppHash Next returned for it.
func (a *NoopApplier) Advance(height int64, appHash []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.height, a.appHash = height, appHash
}

func (a *NoopApplier) next(b Block) ([]*TxResult, []byte) {
	appHash := a.appHash
	if len(b.Txs) > 0 {
		h := sha256.New()
		h.Write(appHash)
		for i := range b.Txs {
			sum := b.TxHash(i)
			h.Write(sum[:])
		}
		appHash = h.Sum(nil)
	}
	res := make([]*TxResult, len(b.Txs))
	for i := range res {
		res[i] = &TxResult{Height: b.Height, Failed: -1}
		if raw := b.Txs[i]; len(raw) > len(txMagic) && isGroupVersion(raw[len(txMagic)]) {
			// Each statement of a group gets its outcome (TxResult.Member);
			// other transactions are not decoded, as before.
			if tx, err := UnmarshalTx(raw); err == nil {
				res[i].Statements = make([]StmtResult, len(tx.Statements))
			}
		}
	}
	return res, appHash
}
