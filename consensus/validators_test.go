package consensus

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// Four validators in one process, made by InitNetwork: a write submitted
// on any of them is decided and answered, and every node applies it.
func TestFourValidatorsTakeWritesOnEveryNode(t *testing.T) {
	dir := t.TempDir()
	nodes := make([]NetworkNode, 4)
	for i := range nodes {
		nodes[i] = NetworkNode{Home: filepath.Join(dir, fmt.Sprint(i)), Moniker: fmt.Sprint("v", i),
			P2PListen: freeP2P(t), Validator: true}
	}
	if err := InitNetwork(nodes, InitOptions{ChainID: "four"}); err != nil {
		t.Fatal(err)
	}
	running := make([]*Node, len(nodes))
	appliers := make([]*NoopApplier, len(nodes))
	for i, n := range nodes {
		appliers[i] = &NoopApplier{}
		running[i] = startNode(t, n.Home, appliers[i])
	}
	ctx := submitCtx(t)
	var last int64
	for i, n := range running {
		res, err := n.Submit(ctx, insert(i))
		if err != nil {
			t.Fatalf("submit on validator %d: %v", i, err)
		}
		last = res.Height
	}
	for i, n := range running {
		if err := n.WaitHeight(ctx, last); err != nil {
			t.Errorf("validator %d: wait for height %d: %v", i, last, err)
		}
		if h, _, _ := appliers[i].Info(ctx); h < last {
			t.Errorf("validator %d at height %d after waiting for %d", i, h, last)
		}
	}
	running[0].SetWriteTimeout(200 * time.Millisecond)
	if err := running[0].WaitHeight(ctx, last+1000); !errors.Is(err, ErrHeightTimeout) {
		t.Errorf("waiting for a height never reached: %v, want ErrHeightTimeout", err)
	}
}

// A validator holding half of the voting power, alone, never acknowledges
// a write: Submit gives up after the write timeout with an error saying
// whether the write was sent.
func TestSubmitWithoutQuorumIsBounded(t *testing.T) {
	dir := t.TempDir()
	nodes := []NetworkNode{
		{Home: filepath.Join(dir, "a"), Moniker: "a", P2PListen: freeP2P(t), Validator: true},
		{Home: filepath.Join(dir, "b"), Moniker: "b", P2PListen: freeP2P(t), Validator: true},
	}
	if err := InitNetwork(nodes, InitOptions{ChainID: "half"}); err != nil {
		t.Fatal(err)
	}
	a := startNode(t, nodes[0].Home, &NoopApplier{})
	a.SetWriteTimeout(time.Second)
	_, err := a.Submit(submitCtx(t), insert(1))
	if !errors.Is(err, ErrWriteTimeout) && !errors.Is(err, ErrCatchingUp) {
		t.Fatalf("submit without a quorum: %v, want ErrWriteTimeout or ErrCatchingUp", err)
	}
	t.Logf("refused: %v", err)
}
