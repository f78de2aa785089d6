package replay

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// metaPartial is the meta key of a database restored to the middle of a
// block: "applied/total" transactions of the block at its height.
const metaPartial = "partial_txs"

// ApplyBlockPrefix applies only the first n transactions of b, for a restore
// that stops inside a block (--to-tx). The block is logged with those n
// transactions and the AppHash is computed over them exactly as ApplyBlock
// would for a block holding only them, so it matches no header of the chain:
// the database records "n/total" under meta partial_txs in the same local
// transaction, Partial reports it, and a node refuses to start on it (its
// AppHash differs from the chain's). n outside 0..len(b.Txs)-1 applies the
// whole block.
func (e *Engine) ApplyBlockPrefix(ctx context.Context, b consensus.Block, n int) ([]*consensus.TxResult, []byte, error) {
	b, partial, cut := blockPrefix(b, n)
	if !cut {
		return e.ApplyBlock(ctx, b)
	}
	mark := func(ctx context.Context, dtx drivers.Tx) error {
		return dtx.ExecInternal(ctx, "REPLACE INTO "+e.drv.Internal("meta")+" (k, v) VALUES (?, ?)", metaPartial, partial)
	}
	return e.applyBlock(ctx, b, mark)
}

// blockPrefix is b cut to its first n transactions, with the meta
// partial_txs value that records it; cut is false (b whole) when n is
// outside 0..len(b.Txs)-1.
func blockPrefix(b consensus.Block, n int) (prefix consensus.Block, partial []byte, cut bool) {
	if n < 0 || n >= len(b.Txs) {
		return b, nil, false
	}
	partial = []byte(fmt.Sprintf("%d/%d", n, len(b.Txs)))
	b.Txs = b.Txs[:n:n]
	return b, partial, true
}

// Partial tells whether the database stops inside block Height(): applied of
// its total transactions were applied. ok is false for a whole block.
func (e *Engine) Partial(ctx context.Context) (applied, total int, ok bool, err error) {
	rows, err := e.drv.QueryInternal(ctx, "SELECT v FROM "+e.drv.Internal("meta")+" WHERE k = ?", metaPartial)
	if err != nil {
		return 0, 0, false, fmt.Errorf("read meta: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, 0, false, rows.Err()
	}
	var v []byte
	if err := rows.Scan(&v); err != nil {
		return 0, 0, false, fmt.Errorf("read meta: %w", err)
	}
	return parsePartial(v)
}

// PartialMeta is Partial read from a postgres-dialect database's meta
// (drivers.TextDriver.Meta).
func PartialMeta(meta map[string][]byte) (applied, total int, ok bool, err error) {
	v, found := meta[metaPartial]
	if !found {
		return 0, 0, false, nil
	}
	return parsePartial(v)
}

// parsePartial reads meta partial_txs, "applied/total".
func parsePartial(v []byte) (applied, total int, ok bool, err error) {
	a, t, found := strings.Cut(string(v), "/")
	applied, err1 := strconv.Atoi(a)
	total, err2 := strconv.Atoi(t)
	if !found || err1 != nil || err2 != nil {
		return 0, 0, false, fmt.Errorf("meta %s holds %q, want applied/total", metaPartial, v)
	}
	return applied, total, true, nil
}
