package consensus

import (
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
)

const mismatch = "wrong Block.Header.AppHash.  Expected 2DCD, got CC3B. Check ABCI app for non-determinism"

// A block that at least 2/3 committed with another AppHash halts the node
// with a report naming the block and its statements; a single proposal
// with a wrong AppHash, which CometBFT prevotes nil on, does not.
func TestDivergenceHaltsWithReport(t *testing.T) {
	app := NewApp(&NoopApplier{}, testLogger())
	_, key, _ := ed25519.GenerateKey(nil)
	tx := insert(7)
	tx.Sign(key)
	req := &abcitypes.FinalizeBlockRequest{Height: 12, Txs: [][]byte{tx.Marshal()}}
	if _, err := app.FinalizeBlock(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	app.watchConsensusError("prevote step: consensus deems this block invalid; prevoting nil", []any{"err", errors.New(mismatch)})
	if app.Err() != nil {
		t.Fatalf("halted on one proposal: %v", app.Err())
	}
	app.watchConsensusError("CONSENSUS FAILURE!!!", []any{"err", errors.New("+2/3 committed an invalid block: " + mismatch), "stack", "..."})
	err := app.Err()
	if !errors.Is(err, ErrDiverged) || !errors.Is(err, ErrHalted) {
		t.Fatalf("after +2/3 committed another AppHash: %v", err)
	}
	for _, want := range []string{"block 12", "AppHash here 2DCD, signed by the network CC3B", "[tx 0 stmt 0] " + tx.Statements[0].SQL} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("report lacks %q: %v", want, err)
		}
	}
}
