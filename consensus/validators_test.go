package consensus

import (
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
	for i, a := range appliers {
		for ctx.Err() == nil {
			if h, _, _ := a.Info(ctx); h >= last {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if h, _, _ := a.Info(ctx); h < last {
			t.Errorf("validator %d at height %d, the last write is in %d", i, h, last)
		}
	}
}
