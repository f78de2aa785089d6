package consensus

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/cometbft/cometbft/mempool"
	"github.com/cometbft/cometbft/types"
)

// A proposer with nothing to propose waits for half the recent time
// between blocks (within gatherMax and gatherEmptyMax); one with something
// to propose waits gatherMax at most, however slow the chain.
func TestGatherWindow(t *testing.T) {
	for _, c := range []struct {
		blocks       []time.Duration // times between commits
		empty, other time.Duration
	}{
		{nil, gatherMax, gatherMax},
		{[]time.Duration{2 * time.Millisecond}, gatherMax, gatherMax},
		{[]time.Duration{30 * time.Millisecond}, 15 * time.Millisecond, gatherMax},
		{[]time.Duration{200 * time.Millisecond}, gatherEmptyMax, gatherMax},
		// An idle minute counts as a second, and recent blocks soon win.
		{append([]time.Duration{time.Minute}, repeat(20*time.Millisecond, 23)...), 0, gatherMax},
	} {
		g := &gatherer{}
		for _, d := range c.blocks {
			g.observe(d)
		}
		empty := g.window(true)
		if c.empty == 0 {
			if empty <= 10*time.Millisecond || empty >= gatherEmptyMax {
				t.Errorf("after %d blocks: empty window %s, want just over 10ms", len(c.blocks), empty)
			}
		} else if empty != c.empty {
			t.Errorf("after %v: empty window %s, want %s", c.blocks, empty, c.empty)
		}
		if got := g.window(false); got != c.other {
			t.Errorf("after %v: window %s, want %s", c.blocks, got, c.other)
		}
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// fakeMempool holds size transactions; ReapMaxBytesMaxGas gives them.
type fakeMempool struct {
	mempool.Mempool
	size atomic.Int64
}

func (m *fakeMempool) Size() int { return int(m.size.Load()) }

func (m *fakeMempool) ReapMaxBytesMaxGas(int64, int64) types.Txs {
	txs := make(types.Txs, m.Size())
	for i := range txs {
		txs[i] = types.Tx{byte(i)}
	}
	return txs
}

// A proof block's proposal takes the write that passes CheckTx while it
// waits: the CheckTx's signal wakes the wait, which then looks at the
// mempool until the write is in it.
func TestGatherTakesTheWriteThatArrives(t *testing.T) {
	mp := &fakeMempool{}
	g := newGatherer(mp)
	// Slow blocks give an empty proposal the longest window (50 ms), so a
	// loaded machine that runs the writer late still finds it waiting.
	g.interval = time.Second
	go func() {
		time.Sleep(time.Millisecond)
		g.arrived() // CheckTx returns before the mempool adds the transaction
		time.Sleep(50 * time.Microsecond)
		mp.size.Store(1)
	}()
	if got := g.gather(nil, 1, 1<<20); len(got) != 1 {
		t.Fatalf("the proposal carried %d transactions, want the one that arrived", len(got))
	}
	// A signal with nothing new in the mempool (a transaction another
	// proposal took) ends no wait early: the window still runs.
	g.arrived()
	if got := g.gather(make([][]byte, 1), 2, 1<<20); len(got) != 1 {
		t.Fatalf("the proposal carried %d transactions, want the one it had", len(got))
	}
}

// With nothing to propose while this node's grouper is gathering, the
// proposer waits past its window for the group (up to gatherEmptyMax):
// proposing the empty block would leave the group's writers a whole
// height behind. Once no gather is under way, the window alone counts.
func TestGatherWaitsForTheGroupBeingGathered(t *testing.T) {
	mp := &fakeMempool{}
	g := newGatherer(mp)
	var gathering atomic.Bool
	g.coming = gathering.Load
	gathering.Store(true)
	window := g.window(true)
	go func() {
		time.Sleep(window + 5*time.Millisecond)
		// The group's transaction is in the mempool before the gather
		// ends and CheckTx signals it: the other order let the proposer
		// wake to an empty mempool under load.
		mp.size.Store(1)
		gathering.Store(false)
		g.arrived()
	}()
	if got := g.gather(nil, 1, 1<<20); len(got) != 1 {
		t.Fatalf("the proposal carried %d transactions, want the group gathered past the window", len(got))
	}
	mp.size.Store(0)
	start := time.Now()
	if got := g.gather(nil, 1, 1<<20); len(got) != 0 {
		t.Fatalf("the proposal carried %d transactions, want none", len(got))
	}
	if waited := time.Since(start); waited >= gatherEmptyMax {
		t.Fatalf("no gather under way, yet the proposer waited %s", waited)
	}
}
