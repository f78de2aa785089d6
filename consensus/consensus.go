// Package consensus owns the log: the transaction and block types, their
// signing, the ABCI application CometBFT drives, and the embedded CometBFT
// node. Transactions enter through Node.Submit, are ordered into blocks, and
// leave through the Applier, which applies each committed block to the
// local database; Submit returns once its transaction's block is applied.
package consensus

import "context"

// Applier is what the ABCI application needs from the apply engine.
type Applier interface {
	// Info returns the last applied height and AppHash, both read from the
	// local database, so CometBFT's handshake replays what is missing.
	Info(ctx context.Context) (height int64, appHash []byte, err error)
	// Check validates a decoded, signature-checked transaction: every
	// statement parses and is a write blocksql can record deterministically.
	Check(tx *Tx) error
	// ApplyBlock applies a committed block in ONE local transaction that
	// also stores the height, the AppHash and the operation log. It returns
	// one result per transaction (nil for a tx that could not be decoded)
	// and the new AppHash. An error means the node cannot go on.
	ApplyBlock(ctx context.Context, b Block) ([]*TxResult, []byte, error)
}

// EarlyStager is implemented by stagers that cannot stage every proposal
// before it is decided: a database whose DDL commits implicitly (MariaDB)
// cannot roll back a proposal holding DDL when another block is decided,
// so such a proposal is applied in FinalizeBlock instead.
type EarlyStager interface {
	// StagesEarly reports whether b may be staged before it is decided.
	StagesEarly(b Block) bool
}

// Stager is implemented by appliers that keep a block's local transaction
// open from FinalizeBlock until Commit. CometBFT stores a block's results
// between the two calls; committing the database only at Commit means a
// crash can never leave the database ahead of what CometBFT recorded, so
// the restart handshake always finds the results it needs.
type Stager interface {
	// StageBlock applies b like ApplyBlock but does not commit.
	StageBlock(ctx context.Context, b Block) ([]*TxResult, []byte, error)
	// CommitStaged commits the block StageBlock applied.
	CommitStaged(ctx context.Context) error
	// AbortStaged rolls back the block StageBlock applied: it was staged
	// optimistically and a different block was decided.
	AbortStaged(ctx context.Context) error
}
