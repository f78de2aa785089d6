package consensus

import (
	"errors"
	"fmt"
	"strings"
)

// Divergence: this node computed a different result for a block than the
// validators holding at least 2/3 of the voting power.
//
// The AppHash a node computes after block H is carried in the header of
// block H+1. CometBFT compares the two when +2/3 have committed H+1 (or,
// while block-syncing, once H+1's commit verifies) and, on a mismatch,
// stops its consensus routine ("+2/3 committed an invalid block" or
// "Invalid block ... wrong Block.Header.AppHash") but keeps the process,
// and so its stale local database, alive. blocksql watches CometBFT's
// error log for those two reports and halts: the report names the block
// whose result differs and its statements with this node's outcomes, and
// the node stops serving. A proposal with a wrong AppHash from a single
// (possibly Byzantine) proposer is not enough: CometBFT prevotes nil on it
// and blocksql does not halt.

// ErrDiverged matches the error a diverged node halts with.
var ErrDiverged = errors.New("this node's result differs from the network's")

// appHashMismatch is the text CometBFT's block validation uses.
const appHashMismatch = "wrong Block.Header.AppHash"

// lastBlock is what the divergence report needs of the block applied last.
type lastBlock struct {
	height  int64
	txs     [][]byte
	results []*TxResult
}

// watchConsensusError is called with every error CometBFT logs.
func (a *App) watchConsensusError(msg string, kv []any) {
	var detail string
	switch msg {
	case "CONSENSUS FAILURE!!!", "Invalid block":
		detail = kvValue(kv, "err")
	default:
		return
	}
	if !strings.Contains(detail, appHashMismatch) {
		if msg == "CONSENSUS FAILURE!!!" {
			a.halt(fmt.Errorf("consensus stopped: %s", firstLine(detail)))
		}
		return
	}
	a.halt(fmt.Errorf("%w: %s", ErrDiverged, a.divergenceReport(firstLine(detail))))
}

// divergenceReport names the last block this node applied and its
// statements with their outcomes here: the block whose AppHash differs.
func (a *App) divergenceReport(detail string) string {
	a.lastMu.Lock()
	b := a.last
	a.lastMu.Unlock()
	var sb strings.Builder
	fmt.Fprintf(&sb, "the state after block %d differs from what at least 2/3 of the voting power signed", b.height)
	if here, network, ok := appHashes(detail); ok {
		fmt.Fprintf(&sb, " (AppHash here %s, signed by the network %s). ", here, network)
	} else {
		fmt.Fprintf(&sb, " (%s). ", detail)
	}
	if b.txs == nil {
		sb.WriteString("The block was applied before this process started: run `blocksql verify` and compare `blocksql log` with a healthy node.")
		return sb.String()
	}
	fmt.Fprintf(&sb, "Block %d, outcomes on this node:", b.height)
	for i, raw := range b.txs {
		tx, err := UnmarshalTx(raw)
		if err != nil {
			continue
		}
		for j, st := range tx.Statements {
			fmt.Fprintf(&sb, " [tx %d stmt %d] %s -> %s;", i, j, st.SQL, outcome(b.results, i, j))
		}
	}
	sb.WriteString(" Compare with `blocksql log` on a healthy node; rebuild this node's database with `blocksql replay`.")
	return sb.String()
}

func outcome(results []*TxResult, tx, stmt int) string {
	if tx >= len(results) || results[tx] == nil || stmt >= len(results[tx].Statements) {
		return "not applied"
	}
	s := results[tx].Statements[stmt]
	if s.Code != 0 {
		return fmt.Sprintf("error %d", s.Code)
	}
	if s.RowsMatched > s.RowsAffected {
		return fmt.Sprintf("ok, %d rows (%d matched), insert id %d", s.RowsAffected, s.RowsMatched, s.LastInsertID)
	}
	return fmt.Sprintf("ok, %d rows, insert id %d", s.RowsAffected, s.LastInsertID)
}

// appHashes reads CometBFT's "wrong Block.Header.AppHash.  Expected X,
// got Y": X is this node's AppHash, Y the one in the header +2/3 signed.
func appHashes(detail string) (here, network string, ok bool) {
	i := strings.Index(detail, appHashMismatch)
	if i < 0 {
		return "", "", false
	}
	var x, y string
	if _, err := fmt.Sscanf(strings.ReplaceAll(detail[i+len(appHashMismatch):], ",", " "), ". Expected %s got %s", &x, &y); err != nil {
		return "", "", false
	}
	return x, strings.TrimSuffix(y, "."), true
}

func kvValue(kv []any, key string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok && k == key {
			return fmt.Sprint(kv[i+1])
		}
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
