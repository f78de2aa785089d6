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
	a.height = b.Height
	if len(b.Txs) > 0 {
		h := sha256.New()
		h.Write(a.appHash)
		for i := range b.Txs {
			sum := b.TxHash(i)
			h.Write(sum[:])
		}
		a.appHash = h.Sum(nil)
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
	return res, a.appHash, nil
}
