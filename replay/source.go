package replay

import (
	"errors"
	"fmt"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
)

// BlockSource is where a restore reads the chain from. The node's block
// store (consensus.BlockStore) is the production source; it may be read
// while the node runs and shows the chain as of opening.
type BlockSource interface {
	// Base and Height bound the blocks held.
	Base() int64
	Height() int64
	// Block is the block as the apply engine sees it.
	Block(height int64) (consensus.Block, error)
	// Header is the block's CometBFT header; Header(h+1).AppHash is the
	// AppHash after block h.
	Header(height int64) (*cmttypes.Header, error)
	// Commit holds the validators' signatures on block height.
	Commit(height int64) (*cmttypes.Commit, error)
}

var _ BlockSource = (*consensus.BlockStore)(nil)

// Sentinel errors of a restore.
var (
	// ErrBeyondTip: the target is after the newest block the chain holds.
	ErrBeyondTip = errors.New("target is beyond the chain's tip")
	// ErrBeforeFirst: the target precedes the first block held.
	ErrBeforeFirst = errors.New("target precedes the first block")
	// ErrTxNotFound: no block holds the transaction.
	ErrTxNotFound = errors.New("transaction not found in the chain")
	// ErrTampered: what was read does not match what the validators signed.
	ErrTampered = errors.New("chain verification failed")
)

// TamperError names the block whose stored form does not match the chain
// the validators signed.
type TamperError struct {
	Height int64
	What   string
	// Rows names the rows the block changed when its recomputed AppHash
	// differs from the chain's: the state that diverged is among them.
	Rows []string
}

// maxReportedRows bounds the rows a TamperError lists.
const maxReportedRows = 20

func (e *TamperError) Error() string {
	msg := fmt.Sprintf("block %d: %s", e.Height, e.What)
	if len(e.Rows) == 0 {
		return msg
	}
	rows := e.Rows
	more := ""
	if len(rows) > maxReportedRows {
		rows, more = rows[:maxReportedRows], fmt.Sprintf(" and %d more", len(e.Rows)-maxReportedRows)
	}
	return msg + "; rows the block changed: " + strings.Join(rows, ", ") + more
}

func (e *TamperError) Unwrap() error { return ErrTampered }

func tampered(h int64, format string, args ...any) error {
	return &TamperError{Height: h, What: fmt.Sprintf(format, args...)}
}

// BeyondTipError says where the chain ends, so the operator can pick a
// reachable target.
type BeyondTipError struct {
	Target    string
	TipHeight int64
	TipTime   time.Time
}

func (e *BeyondTipError) Error() string {
	return fmt.Sprintf("%s is beyond the chain's tip: height %d at %s", e.Target, e.TipHeight,
		e.TipTime.UTC().Format(time.RFC3339Nano))
}

func (e *BeyondTipError) Unwrap() error { return ErrBeyondTip }
