package audit

import (
	"context"
	"fmt"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
)

// proofChanges adds to p the membership changes that made the validator
// set of its block, as the node's database records their heights, and
// returns that set.
func proofChanges(ctx context.Context, src Source, bs *consensus.BlockStore, gen *cmttypes.GenesisDoc, p *Proof) (*cmttypes.ValidatorSet, error) {
	m, err := consensus.MembershipFromGenesis(gen)
	if err != nil {
		return nil, err
	}
	heights, err := changeHeights(ctx, src)
	if err != nil {
		return nil, err
	}
	for _, h := range heights {
		if h > p.Height-2 { // changes decided at h sign from h+2 on
			break
		}
		blk, err := bs.Block(h)
		if err != nil {
			return nil, err
		}
		for i, raw := range blk.Txs {
			tx, err := consensus.UnmarshalTx(raw)
			if err != nil || tx.Membership == nil {
				continue
			}
			next, _, err := m.Apply(tx.Membership, h)
			if err != nil {
				continue // refused by the chain: it changed nothing
			}
			m = next
			c := ProofChange{Height: h, TxIndex: i, Tx: raw, Merkle: blockTxs(blk.Txs).Proof(i).Proof}
			if c.Header, err = bs.Header(h); err != nil {
				return nil, err
			}
			if c.Commit, err = bs.Commit(h); err != nil {
				return nil, err
			}
			p.Changes = append(p.Changes, c)
		}
	}
	return m.ValidatorsAt(p.Height), nil
}

func blockTxs(raw [][]byte) cmttypes.Txs {
	txs := make(cmttypes.Txs, len(raw))
	for i, tx := range raw {
		txs[i] = tx
	}
	return txs
}

// changeHeights are the heights of the blocks whose membership changes the
// chain accepted, from the node's database.
func changeHeights(ctx context.Context, src Source) ([]int64, error) {
	rows, err := src.QueryInternal(ctx, "SELECT v FROM "+src.Internal("meta")+" WHERE k = 'network'")
	if err != nil {
		return nil, fmt.Errorf("read membership: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v []byte
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read membership: %w", err)
		}
		evs, err := consensus.UnmarshalEvents(v)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			if len(out) == 0 || out[len(out)-1] != ev.Height {
				out = append(out, ev.Height)
			}
		}
	}
	return out, rows.Err()
}

// followChanges verifies p's membership changes in order, from the genesis
// the verifier trusts: each is in a block signed by more than 2/3 of the
// set of its height, and the chain's rules accept it. It returns the
// membership after them.
func followChanges(p *Proof, gen *cmttypes.GenesisDoc) (*consensus.Membership, error) {
	m, err := consensus.MembershipFromGenesis(gen)
	if err != nil {
		return nil, failf("genesis: %v", err)
	}
	for i, c := range p.Changes {
		if i > 0 && (c.Height < p.Changes[i-1].Height || c.Height == p.Changes[i-1].Height && c.TxIndex <= p.Changes[i-1].TxIndex) {
			return nil, failf("membership change %d is not after the one before it", i)
		}
		if c.Height > p.Height-2 {
			return nil, failf("membership change %d at height %d does not sign block %d", i, c.Height, p.Height)
		}
		if c.Header == nil || c.Commit == nil {
			return nil, failf("membership change %d lacks its header or commit", i)
		}
		step := &Proof{Height: c.Height, TxIndex: c.TxIndex, Tx: c.Tx, Merkle: c.Merkle, Header: c.Header, Commit: c.Commit,
			TxHash: fmt.Sprintf("%x", cmttypes.Tx(c.Tx).Hash())}
		if err := verifyInclusion(step); err != nil {
			return nil, fmt.Errorf("membership change %d: %w", i, err)
		}
		if err := verifyHeader(step, gen); err != nil {
			return nil, fmt.Errorf("membership change %d: %w", i, err)
		}
		vals := m.ValidatorsAt(c.Height)
		if h := vals.Hash(); fmt.Sprintf("%X", h) != fmt.Sprintf("%X", c.Header.ValidatorsHash) {
			return nil, failf("membership change %d: its block's validator set %X is not %X", i, c.Header.ValidatorsHash, h)
		}
		if err := tally(c.Commit, gen.ChainID, vals, &Verdict{Height: c.Height}); err != nil {
			return nil, fmt.Errorf("membership change %d: %w", i, err)
		}
		tx, err := consensus.UnmarshalTx(c.Tx)
		if err != nil || tx.Membership == nil {
			return nil, failf("membership change %d is not a membership change", i)
		}
		if m, _, err = m.Apply(tx.Membership, c.Height); err != nil {
			return nil, failf("membership change %d was refused by the chain: %v", i, err)
		}
	}
	return m, nil
}
