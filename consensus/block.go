package consensus

import "time"

// Block is a committed block as the apply engine sees it: the same value
// whether it comes from the live node's FinalizeBlock or from the block
// store during a replay.
type Block struct {
	Height   int64
	Time     time.Time // consensus block time; the value of NOW() in it
	Hash     []byte
	Proposer []byte
	Txs      [][]byte
}
