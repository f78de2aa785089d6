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
	// TxHashes, when set, are Hash of each of Txs, computed once by
	// whoever had the block first (ProcessProposal): a grouped
	// transaction of 64 statements is ~25 KB, and each node hashed it
	// again in every step that named it. Nil means not computed.
	TxHashes [][32]byte
}

// TxHash is Hash(b.Txs[i]), from TxHashes when they were computed.
func (b *Block) TxHash(i int) [32]byte {
	if len(b.TxHashes) == len(b.Txs) {
		return b.TxHashes[i]
	}
	return Hash(b.Txs[i])
}

// hashTxs is Hash of each of txs.
func hashTxs(txs [][]byte) [][32]byte {
	out := make([][32]byte, len(txs))
	for i, tx := range txs {
		out[i] = Hash(tx)
	}
	return out
}
