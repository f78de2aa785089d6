package replay

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/blocksql/blocksql/consensus"
)

// Target is the one point a restore stops at: a height, a block time or a
// transaction. Inclusive (the default on the command line) keeps the target
// itself; exclusive stops just before it, as PostgreSQL's
// recovery_target_inclusive does.
type Target struct {
	Height    int64     // > 0: a block height
	Time      time.Time // non-zero: the last block at (or before, exclusive) this time
	Tx        []byte    // 32 bytes: the transaction with this hash
	Inclusive bool
}

func (t Target) String() string {
	var s string
	switch {
	case t.Height > 0:
		s = fmt.Sprintf("height %d", t.Height)
	case !t.Time.IsZero():
		s = "time " + t.Time.UTC().Format(time.RFC3339Nano)
	default:
		s = "tx " + hex.EncodeToString(t.Tx)
	}
	if !t.Inclusive {
		s += " (exclusive)"
	}
	return s
}

// Stop is where a target resolves to: every block up to Height; of block
// Height only its first Txs transactions when Txs >= 0 (a restore that ends
// inside a block). Height 0 is the empty database before block 1.
type Stop struct {
	Height int64     `json:"height"`
	Time   time.Time `json:"time"`
	Txs    int       `json:"partial_txs"`
}

// Partial tells whether the stop is inside block Height.
func (s Stop) Partial() bool { return s.Txs >= 0 }

// Resolve finds where target t stops on the chain src holds.
func Resolve(src BlockSource, t Target) (Stop, error) {
	var h int64
	var err error
	switch {
	case t.Height > 0:
		h, err = resolveHeight(src, t)
	case !t.Time.IsZero():
		h, err = resolveTime(src, t)
	case len(t.Tx) == 32:
		return resolveTx(src, t)
	default:
		return Stop{}, fmt.Errorf("no restore target")
	}
	if err != nil {
		return Stop{}, err
	}
	return stopAt(src, h, -1)
}

func stopAt(src BlockSource, h int64, txs int) (Stop, error) {
	s := Stop{Height: h, Txs: txs}
	if h == 0 {
		return s, nil
	}
	hdr, err := src.Header(h)
	if err != nil {
		return Stop{}, err
	}
	s.Time = hdr.Time
	return s, nil
}

func beyondTip(src BlockSource, t Target) error {
	e := &BeyondTipError{Target: t.String(), TipHeight: src.Height()}
	if hdr, err := src.Header(src.Height()); err == nil {
		e.TipTime = hdr.Time
	}
	return e
}

func resolveHeight(src BlockSource, t Target) (int64, error) {
	if t.Height > src.Height() {
		return 0, beyondTip(src, t)
	}
	if t.Inclusive {
		return t.Height, nil
	}
	return t.Height - 1, nil
}

// resolveTime finds the last block whose time is at or before (exclusive:
// strictly before) t.Time; block times never decrease.
func resolveTime(src BlockSource, t Target) (int64, error) {
	tip, err := src.Header(src.Height())
	if err != nil {
		return 0, err
	}
	if t.Time.After(tip.Time) {
		return 0, beyondTip(src, t)
	}
	base := src.Base()
	var herr error
	n := sort.Search(int(src.Height()-base+1), func(i int) bool {
		hdr, err := src.Header(base + int64(i))
		if err != nil {
			herr = err
			return true
		}
		if t.Inclusive {
			return hdr.Time.After(t.Time)
		}
		return !hdr.Time.Before(t.Time)
	})
	if herr != nil {
		return 0, herr
	}
	return base + int64(n) - 1, nil
}

// resolveTx scans the chain from its tip down for the transaction.
func resolveTx(src BlockSource, t Target) (Stop, error) {
	for h := src.Height(); h >= src.Base(); h-- {
		b, err := src.Block(h)
		if err != nil {
			return Stop{}, err
		}
		i := txIndex(b, t.Tx)
		if i < 0 {
			continue
		}
		n := i
		if t.Inclusive {
			n = i + 1
		}
		switch {
		case n == len(b.Txs):
			return stopAt(src, h, -1)
		case n == 0:
			return stopAt(src, h-1, -1)
		}
		return stopAt(src, h, n)
	}
	tipErr := beyondTip(src, t).(*BeyondTipError)
	return Stop{}, fmt.Errorf("%w: %s (searched blocks %d..%d, tip at %s)", ErrTxNotFound, hex.EncodeToString(t.Tx),
		src.Base(), tipErr.TipHeight, tipErr.TipTime.UTC().Format(time.RFC3339Nano))
}

func txIndex(b consensus.Block, hash []byte) int {
	for i, tx := range b.Txs {
		if h := consensus.Hash(tx); bytes.Equal(h[:], hash) {
			return i
		}
	}
	return -1
}
