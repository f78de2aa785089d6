package consensus

import (
	"testing"
	"time"
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
