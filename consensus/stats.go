package consensus

import (
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
)

// BlockStats is what one block cost this node, for metrics.
type BlockStats struct {
	Height int64
	Txs    int
	Apply  time.Duration // FinalizeBlock: executing the block's statements
	Commit time.Duration // from CometBFT's Commit to the local database's commit
}

// OnBlock sets f to be called after each block is committed to the local
// database. Set it before the node starts; f must not block.
func (a *App) OnBlock(f func(BlockStats)) { a.onBlock = f }

// blockDone reports a block committed locally to the debug log and OnBlock.
func (a *App) blockDone(t blockTiming, committed time.Time) {
	a.logBlockTiming(t, committed)
	if a.onBlock != nil {
		a.onBlock(BlockStats{Height: t.height, Txs: t.txs,
			Apply: t.applied.Sub(t.finalizeStart), Commit: committed.Sub(t.commits)})
	}
}

// NodeStatus is what a running node knows of itself and the network.
type NodeStatus struct {
	Height        int64     `json:"height"` // newest block in the block store
	LastBlockTime time.Time `json:"last_block_time"`
	Peers         int       `json:"peers"`
	Validators    int       `json:"validators"` // signers of the newest commit's validator set
	CatchingUp    bool      `json:"catching_up"`
	MempoolTxs    int       `json:"mempool_txs"`
	Halted        bool      `json:"halted"`
	HaltError     string    `json:"halt_error,omitempty"`
}

// Status reports the node's height, peers, validators and health.
func (n *Node) Status() NodeStatus {
	bs := n.node.BlockStore()
	st := NodeStatus{Height: bs.Height(), Peers: n.Peers(), CatchingUp: n.CatchingUp(), MempoolTxs: n.MempoolSize()}
	if meta := bs.LoadBlockMeta(st.Height); meta != nil {
		st.LastBlockTime = meta.Header.Time
	}
	st.Validators = commitSize(bs.LoadSeenCommit(st.Height))
	if err := n.app.Err(); err != nil {
		st.Halted, st.HaltError = true, err.Error()
	}
	return st
}

// StatusOffline is Status read from the block store of a stopped node:
// no peers, mempool or catching-up state.
func (s *BlockStore) StatusOffline() NodeStatus {
	st := NodeStatus{Height: s.Height()}
	if h, err := s.Header(st.Height); err == nil {
		st.LastBlockTime = h.Time
	}
	if c, err := s.Commit(st.Height); err == nil {
		st.Validators = commitSize(c)
	}
	return st
}

func commitSize(c *cmttypes.Commit) int {
	if c == nil {
		return 0
	}
	return len(c.Signatures)
}

// MempoolSize is the number of transactions waiting in the mempool.
func (n *Node) MempoolSize() int { return n.node.Mempool().Size() }

// Peers is the number of connected peers.
func (n *Node) Peers() int { return n.node.Switch().Peers().Size() }
