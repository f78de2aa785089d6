package replay_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// abciChain drives the engine through the ABCI application the way
// CometBFT does: ProcessProposal (which starts applying the proposal in
// the background), FinalizeBlock and Commit.
type abciChain struct {
	t   *testing.T
	app *consensus.App
	eng *replay.Engine
}

func newABCIChain(t *testing.T, c *chainBuilder) *abciChain {
	return newABCIChainOn(t, c, openSQLite(t, filepath.Join(t.TempDir(), "oe.db")))
}

func newABCIChainOn(t *testing.T, c *chainBuilder, drv drivers.Driver) *abciChain {
	e := newEngine(t, drv)
	app := consensus.NewApp(e, nil)
	pub := c.key.Public().(ed25519.PublicKey)
	state, _ := json.Marshal(consensus.GenesisAppState{AuthorizedNodes: []string{hex.EncodeToString(pub)}})
	if err := app.SetAppState(state); err != nil {
		t.Fatal(err)
	}
	return &abciChain{t: t, app: app, eng: e}
}

func (a *abciChain) propose(b consensus.Block) {
	a.t.Helper()
	resp, err := a.app.ProcessProposal(context.Background(), &abcitypes.ProcessProposalRequest{
		Height: b.Height, Time: b.Time, Hash: b.Hash, ProposerAddress: b.Proposer, Txs: b.Txs})
	if err != nil || resp.Status != abcitypes.PROCESS_PROPOSAL_STATUS_ACCEPT {
		a.t.Fatalf("ProcessProposal %d: %v %v", b.Height, resp, err)
	}
}

func (a *abciChain) decide(b consensus.Block) []byte {
	a.t.Helper()
	ctx := context.Background()
	resp, err := a.app.FinalizeBlock(ctx, &abcitypes.FinalizeBlockRequest{
		Height: b.Height, Time: b.Time, Hash: b.Hash, ProposerAddress: b.Proposer, Txs: b.Txs})
	if err != nil {
		a.t.Fatalf("FinalizeBlock %d: %v", b.Height, err)
	}
	if _, err := a.app.Commit(ctx, &abcitypes.CommitRequest{}); err != nil {
		a.t.Fatalf("Commit %d: %v", b.Height, err)
	}
	if err := a.app.WaitApplied(ctx); err != nil {
		a.t.Fatalf("commit %d: %v", b.Height, err)
	}
	return resp.AppHash
}

// TestOptimisticApply checks that applying a proposal while consensus
// votes on it gives exactly the state and AppHash of applying the decided
// block, both when the decided block is the proposal and when a later
// round decided another block at the same height.
func TestOptimisticApply(t *testing.T) {
	c := newChain(t)
	oe := newABCIChain(t, c)
	plain := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "plain.db")))
	ctx := context.Background()

	setup := c.block(c.tx("", "CREATE DATABASE app"), c.tx("app", "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))"))
	oe.propose(setup)
	gotHash := oe.decide(setup)
	if _, want, err := plain.ApplyBlock(ctx, setup); err != nil || string(want) != string(gotHash) {
		t.Fatalf("setup block: AppHash %x, want %x (%v)", gotHash, want, err)
	}

	// Round 0 proposes "lost"; round 1's block "won" is decided instead.
	lost := c.block(c.tx("app", "INSERT INTO t (v) VALUES ('lost')"))
	won := lost
	won.Hash = []byte("block-won")
	won.Txs = [][]byte{c.tx("app", "INSERT INTO t (v) VALUES ('won')"), c.tx("app", "INSERT INTO t (v) VALUES ('won2')")}
	oe.propose(lost)
	oe.propose(won)
	gotHash = oe.decide(won)
	if _, want, err := plain.ApplyBlock(ctx, won); err != nil || string(want) != string(gotHash) {
		t.Fatalf("re-proposed block: AppHash %x, want %x (%v)", gotHash, want, err)
	}

	// A proposal that is not the decided block, with no re-proposal seen.
	next := c.block(c.tx("app", "UPDATE t SET v = 'changed' WHERE id = 1"))
	other := next
	other.Hash = []byte("block-other")
	other.Txs = [][]byte{c.tx("app", "DELETE FROM t WHERE id = 2")}
	oe.propose(next)
	gotHash = oe.decide(other)
	if _, want, err := plain.ApplyBlock(ctx, other); err != nil || string(want) != string(gotHash) {
		t.Fatalf("other block: AppHash %x, want %x (%v)", gotHash, want, err)
	}

	if n := queryInts(t, oe.eng.Driver(), `SELECT COUNT(*) FROM "app.t" WHERE v IN ('lost', 'changed')`); n != 0 {
		t.Errorf("%d rows from proposals that were not decided", n)
	}
	if n := queryInts(t, oe.eng.Driver(), `SELECT COUNT(*) FROM "app.t"`); n != 1 {
		t.Errorf("rows = %d, want 1 ('won')", n)
	}
	if got, want := digest(t, oe.eng), digest(t, plain); got.Hash != want.Hash {
		t.Errorf("digest %s, want %s", got.Hash, want.Hash)
	}
	if oe.eng.Height() != 3 {
		t.Errorf("height %d, want 3", oe.eng.Height())
	}
}

// TestUndecidedDDLProposalOnMariaDB checks that a proposal holding DDL is
// not applied before it is decided on a database whose DDL commits
// implicitly: MariaDB kept the CREATE DATABASE of a proposal that lost its
// round, so the decided block's own CREATE DATABASE later failed with 1007
// on that node alone and its AppHash diverged from the network's.
func TestUndecidedDDLProposalOnMariaDB(t *testing.T) {
	c := newChain(t)
	oe := newABCIChainOn(t, c, openMariaDB(t))
	plain := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "plain.db")))
	ctx := context.Background()

	lost := c.block(c.tx("", "CREATE DATABASE k"))
	won := lost
	won.Hash = []byte("block-won")
	won.Txs = [][]byte{c.tx("", "CREATE DATABASE other")}
	oe.propose(lost)
	gotHash := oe.decide(won)
	if _, want, err := plain.ApplyBlock(ctx, won); err != nil || string(want) != string(gotHash) {
		t.Fatalf("decided block: AppHash %x, want %x (%v)", gotHash, want, err)
	}

	again := c.block(c.tx("", "CREATE DATABASE k"))
	oe.propose(again)
	gotHash = oe.decide(again)
	wantRes, want, err := plain.ApplyBlock(ctx, again)
	if err != nil || string(want) != string(gotHash) {
		t.Fatalf("CREATE DATABASE k after a lost proposal: AppHash %x, want %x (%v)", gotHash, want, err)
	}
	if wantRes[0].Failed >= 0 {
		t.Fatalf("reference failed the CREATE DATABASE: %+v", wantRes[0])
	}
}
