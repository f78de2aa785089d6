package replay

import (
	"context"
	"encoding/hex"
	"fmt"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// What a restore, a snapshot and verify need of a PGEngine beyond applying
// whole blocks (StateEngine): the same rules as Engine's.

// ApplyBlockPrefix is Engine.ApplyBlockPrefix: only the first n
// transactions of b, the database recording "n/total" under meta
// partial_txs in the block's local transaction.
func (e *PGEngine) ApplyBlockPrefix(ctx context.Context, b consensus.Block, n int) ([]*consensus.TxResult, []byte, error) {
	b, partial, cut := blockPrefix(b, n)
	if !cut {
		return e.ApplyBlock(ctx, b)
	}
	mark := func(ctx context.Context, dtx drivers.TextTx) error {
		return dtx.Exec(ctx, `INSERT INTO blocksql.meta (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`,
			metaPartial, partial)
	}
	return e.applyBlock(ctx, b, mark)
}

// Partial is Engine.Partial.
func (e *PGEngine) Partial(ctx context.Context) (applied, total int, ok bool, err error) {
	meta, err := e.drv.Meta(ctx)
	if err != nil {
		return 0, 0, false, fmt.Errorf("read meta: %w", err)
	}
	return PartialMeta(meta)
}

// CheckApplied is CheckAppHash for the block e has just applied.
func (e *PGEngine) CheckApplied(h int64, computed []byte, next *cmttypes.Header) error {
	return CheckAppHash(h, computed, next)
}

// Digest is the driver's state digest at the current height (blocks wait
// while it reads). Tables is not filled: the dialect digests the tables
// together.
func (e *PGEngine) Digest(ctx context.Context) (*Digest, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, err := e.drv.Digest(ctx)
	if err != nil {
		return nil, err
	}
	return &Digest{Height: e.height.Load(), Hash: hex.EncodeToString(d)}, nil
}

// Close closes the engine's database.
func (e *PGEngine) Close() error { return e.drv.Close() }
