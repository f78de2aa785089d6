package consensus

import (
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
const (
	gatherMax   = 4 * time.Millisecond
	gatherQuiet = 700 * time.Microsecond
	gatherPoll  = 100 * time.Microsecond
)

// gatherer waits for the mempool to fill; nil outside a running node.
type gatherer struct {
	mp mempool.Mempool
}

// gather returns the transactions to propose: the request's, or, after
// waiting for more, the mempool's reaped again within maxBytes.
func (g *gatherer) gather(txs [][]byte, want int, maxBytes int64) [][]byte {
	if g == nil || len(txs) >= want {
		return txs
	}
	deadline := time.Now().Add(gatherMax)
	size, grew := len(txs), time.Now()
	// With nothing to propose yet, wait the whole window: the block would
	// be empty and cost a round anyway.
	for size < want && time.Now().Before(deadline) && (size == 0 || time.Since(grew) < gatherQuiet) {
		time.Sleep(gatherPoll)
		if n := g.mp.Size(); n > size {
			size, grew = n, time.Now()
		}
	}
	if size <= len(txs) {
		return txs
	}
	return g.mp.ReapMaxBytesMaxGas(maxBytes, -1).ToSliceOfBytes()
}
