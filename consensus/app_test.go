package consensus

import (
	"context"
	"crypto/ed25519"
	"errors"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/mempool"
)

// resultApplier returns fixed results, as an apply engine would for a
// block whose second statement hit a duplicate key.
type resultApplier struct{ *NoopApplier }

func (resultApplier) ApplyBlock(_ context.Context, b Block) ([]*TxResult, []byte, error) {
	return []*TxResult{
		{Height: b.Height, Failed: 0, Statements: []StmtResult{{Code: 1062, State: "23000", Message: "Duplicate entry '1' for key 'PRIMARY'"}}},
		nil,
	}, []byte("hash"), nil
}

func TestFinalizeBlockRecordsOnlyAgreedOutcome(t *testing.T) {
	app := NewApp(resultApplier{&NoopApplier{}}, testLogger())
	resp, err := app.FinalizeBlock(context.Background(), &abcitypes.FinalizeBlockRequest{
		Height: 7, Txs: [][]byte{[]byte("a"), []byte("b")},
	})
	if err != nil {
		t.Fatal(err)
	}
	first, second := resp.TxResults[0], resp.TxResults[1]
	if first.Code != CodeOK || second.Code != CodeNotApplied {
		t.Fatalf("codes %d, %d: want a recorded failure (0) and not applied (%d)", first.Code, second.Code, CodeNotApplied)
	}
	got, err := UnmarshalTxResult(first.Data)
	if err != nil {
		t.Fatal(err)
	}
	s := got.Statements[0]
	if got.Failed != 0 || s.Code != 1062 || s.Message != "" || s.State != "" {
		t.Errorf("Data = %+v: want the error code without backend wording", got)
	}
	if string(resp.AppHash) != "hash" {
		t.Errorf("AppHash = %q", resp.AppHash)
	}
}

func TestMempoolErrorsSayWhatHappened(t *testing.T) {
	cases := []struct {
		in   error
		want error
	}{
		{mempool.ErrMempoolIsFull{NumTxs: 10, MaxTxs: 10}, ErrMempoolFull},
		{mempool.ErrRecheckFull, ErrMempoolFull},
		{mempool.ErrTxInMempool, mempool.ErrTxInCache},
	}
	for _, c := range cases {
		if got := mempoolError(c.in); !errors.Is(got, c.want) {
			t.Errorf("mempoolError(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// A proposal takes small transactions up to proposalSoftBytes and a large
// one alone, so large writes never share a block.
func TestPrepareProposalKeepsLargeTxsApart(t *testing.T) {
	app := NewApp(&NoopApplier{}, testLogger())
	small, large := make([]byte, 1<<20), make([]byte, proposalSoftBytes+1)
	for _, c := range []struct {
		name string
		txs  [][]byte
		want int
	}{
		{"small ones then a large one", [][]byte{small, small, large, small}, 2},
		{"a large one first", [][]byte{large, small}, 1},
		{"two large ones", [][]byte{large, large}, 1},
		{"small ones up to the size", [][]byte{small, small, small, small, small}, 4},
	} {
		resp, err := app.PrepareProposal(context.Background(), &abcitypes.PrepareProposalRequest{Txs: c.txs, MaxTxBytes: 100 << 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Txs) != c.want {
			t.Errorf("%s: proposed %d transactions, want %d", c.name, len(resp.Txs), c.want)
		}
	}
}

// TestNoopApplierAnswersEachGroupedStatement: raw consensus (the
// benchmark's floors) gives every statement of a grouped transaction its
// own outcome, so each writer of a group is told its write succeeded.
func TestNoopApplierAnswersEachGroupedStatement(t *testing.T) {
	group := &Tx{Group: make([]Context, 3), Statements: make([]Statement, 3)}
	for j := range group.Statements {
		group.Group[j] = Context{Database: "d", User: "root"}
		group.Statements[j] = Statement{SQL: "INSERT INTO t VALUES (1)", Canonical: "INSERT INTO `t` VALUES (1)"}
	}
	alone := &Tx{Database: "d", User: "root", Statements: group.Statements[:1]}
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	group.Sign(key)
	alone.Sign(key)
	res, _, err := (&NoopApplier{}).ApplyBlock(context.Background(), Block{Height: 3,
		Txs: [][]byte{group.Marshal(), alone.Marshal()}})
	if err != nil {
		t.Fatal(err)
	}
	for j := range group.Statements {
		if m := res[0].Member(j); !m.OK() || m.Height != 3 {
			t.Errorf("statement %d of the group: %+v, want its own success at height 3", j, m)
		}
	}
	if !res[1].OK() || len(res[1].Statements) != 0 {
		t.Errorf("a transaction alone: %+v, want a success without per-statement results", res[1])
	}
}
