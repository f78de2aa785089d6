package consensus

import (
	"runtime"
	"time"

	"github.com/cometbft/cometbft/mempool"
)

// Gathering a block. After a block that changed the AppHash, CometBFT
// proposes the next one at once (a "proof" block), before the clients whose
// writes were just acknowledged have sent their next ones: under steady
// load the chain alternates a full block with a nearly empty one, each
// paying a whole consensus round. So when the proposer finds fewer
// transactions in its mempool than the last block carried, PrepareProposal
// waits a little for them: until the mempool holds as many, or stops
// growing for gatherQuiet once something arrived, or gatherMax has passed. It only chooses which
// valid mempool transactions go into the block, so it cannot change any
// outcome; it trades at most gatherMax of latency for fuller blocks.
//
// With nothing at all to propose, the window is half the recent time
// between blocks, between gatherMax and gatherEmptyMax: that proposal is a
// proof block, a whole height whoever waits, so waiting longer delays no
// write while it lets the writer just answered catch it. On four validator
// processes of a loaded machine a height took 130–250 ms and a client's
// next write took longer than gatherMax to reach the proposer, so about
// one height in three was empty: a single client's writes then waited for
// it (1-client p50 120–255 ms against 216–271 with gatherMax alone, in
// alternated runs; 0.9 writes per block against 0.7; see DESIGN.md).
const (
	gatherMax      = 4 * time.Millisecond
	gatherEmptyMax = 50 * time.Millisecond
	gatherQuiet    = 700 * time.Microsecond
	gatherPoll     = 100 * time.Microsecond
	gatherSettle   = 200 * time.Microsecond
)

// gatherer waits for the mempool to fill; nil outside a running node.
type gatherer struct {
	mp mempool.Mempool
	// interval is the recent time between blocks (smoothed; see observe).
	interval time.Duration
	// wake is signalled by each accepted CheckTx (see arrived).
	wake chan struct{}
	// coming reports whether this node's grouper is gathering a group
	// (Grouper.Gathering); nil when none.
	coming func() bool
}

func newGatherer(mp mempool.Mempool) *gatherer {
	return &gatherer{mp: mp, wake: make(chan struct{}, 1)}
}

// arrived tells a waiting gather that a transaction passed CheckTx: the
// mempool adds it right after CheckTx returns, on the same goroutine.
func (g *gatherer) arrived() {
	if g == nil {
		return
	}
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// pause waits for the next look at the mempool: gatherPoll, or less once
// a transaction passed CheckTx, then until the mempool holds more than
// size (at most gatherSettle). A sleep alone lasts a whole millisecond
// when the process is otherwise idle (the runtime's idle wait has that
// granularity), which at one client was most of the time a proof block
// waited for the write just answered (DESIGN.md, "Gathering").
func (g *gatherer) pause(size int) {
	t := time.NewTimer(gatherPoll)
	defer t.Stop()
	select {
	case <-g.wake:
		for start := time.Now(); g.mp.Size() <= size && time.Since(start) < gatherSettle; {
			runtime.Gosched()
		}
	case <-t.C:
	}
}

// observe records the time d between two commits. A gap over a second
// (an idle chain) counts as one second.
func (g *gatherer) observe(d time.Duration) {
	if g == nil {
		return
	}
	d = min(d, time.Second)
	if g.interval == 0 {
		g.interval = d
		return
	}
	g.interval = (4*g.interval + d) / 5
}

// window is how long gather may wait for the mempool to fill.
func (g *gatherer) window(empty bool) time.Duration {
	if !empty {
		return gatherMax
	}
	return min(max(g.interval/2, gatherMax), gatherEmptyMax)
}

// waiting reports whether a gather that holds size transactions and began
// at start may go on waiting: until deadline, or while it holds none and
// this node's grouper is gathering, until gatherEmptyMax after start.
func (g *gatherer) waiting(size int, start, deadline time.Time) bool {
	now := time.Now()
	if now.Before(deadline) {
		return true
	}
	return size == 0 && g.coming != nil && g.coming() && now.Sub(start) < gatherEmptyMax
}

// gather returns the transactions to propose: the request's, or, after
// waiting for more, the mempool's reaped again within maxBytes.
func (g *gatherer) gather(txs [][]byte, want int, maxBytes int64) [][]byte {
	if g == nil || len(txs) >= want {
		return txs
	}
	start := time.Now()
	deadline := start.Add(g.window(len(txs) == 0))
	size, grew := len(txs), start
	// With nothing to propose yet, wait the whole window: the block would
	// be empty and cost a round anyway; and while this node's grouper is
	// gathering, wait for its group, up to gatherEmptyMax (the grouper's
	// own window is no longer).
	for size < want && (size == 0 || time.Since(grew) < gatherQuiet) && g.waiting(size, start, deadline) {
		g.pause(size)
		if n := g.mp.Size(); n > size {
			size, grew = n, time.Now()
		}
	}
	if size <= len(txs) {
		return txs
	}
	return g.mp.ReapMaxBytesMaxGas(maxBytes, -1).ToSliceOfBytes()
}
