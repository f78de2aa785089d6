package consensus

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

// A validator and a full node built from one parameterised genesis: a
// write submitted on the full node is ordered by the validator and applied
// on both.
func TestFullNodeSubmitsThroughValidator(t *testing.T) {
	homeA, homeB := t.TempDir(), t.TempDir()
	idA, err := InitKeys(homeA)
	if err != nil {
		t.Fatal(err)
	}
	idB, err := InitKeys(homeB)
	if err != nil {
		t.Fatal(err)
	}
	p2pA := freeP2P(t)
	opts := InitOptions{
		ChainID:         "net-1",
		GenesisTime:     time.Now().UTC().Truncate(time.Second),
		Validators:      []Validator{{PubKey: idA.ValidatorKey, Power: 10, Name: "a"}},
		AuthorizedNodes: []ed25519.PublicKey{idA.NodeKey, idB.NodeKey},
	}
	optsA, optsB := opts, opts
	optsA.P2PListen = p2pA
	optsB.P2PListen = freeP2P(t)
	optsB.PersistentPeers = []string{idA.NodeID + "@" + strings.TrimPrefix(p2pA, "tcp://")}
	for home, o := range map[string]InitOptions{homeA: optsA, homeB: optsB} {
		if err := Init(home, o); err != nil {
			t.Fatal(err)
		}
	}
	applierA, applierB := newFileApplier(t, t.TempDir()), newFileApplier(t, t.TempDir())
	startNode(t, homeA, applierA)
	b := startNode(t, homeB, applierB)

	ctx := submitCtx(t)
	for b.CatchingUp() && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	res, err := b.Submit(ctx, insert(1))
	if err != nil {
		t.Fatal(err)
	}
	if h, _, _ := applierB.Info(ctx); h < res.Height || applierB.appliedCount() != 1 {
		t.Errorf("full node at height %d with %d txs after a result at %d", h, applierB.appliedCount(), res.Height)
	}
	for applierA.appliedCount() != 1 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	if applierA.appliedCount() != 1 {
		t.Error("validator never applied the full node's transaction")
	}
}
