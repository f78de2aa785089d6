package replay

import (
	"bytes"
	"errors"
	"fmt"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
)

// ChainVerifier checks each block a restore reads against what the
// validators signed: the header is the one the commit signatures cover
// (more than 2/3 of the voting power of the validator set at its height),
// it links to the previous header, and the transactions, time and
// proposer the engine will apply are the ones that header commits to. The
// engine's recomputed AppHash is checked against the next header
// (CheckAppHash). The validator set is the genesis one followed through
// the membership changes of the verified blocks, decided as the apply
// engine decides them (consensus.Membership).
type ChainVerifier struct {
	chainID string
	genesis *consensus.Membership
	members *consensus.Membership // after the blocks verified so far
	prev    *cmttypes.Header
	// vals is the validator set of height valsAt given members valsOf:
	// a header's check and its commit's share one.
	vals   *cmttypes.ValidatorSet
	valsAt int64
	valsOf *consensus.Membership
}

// validatorsAt is the validator set that signs height h.
func (v *ChainVerifier) validatorsAt(h int64) *cmttypes.ValidatorSet {
	if v.vals == nil || v.valsAt != h || v.valsOf != v.members {
		v.vals, v.valsAt, v.valsOf = v.members.ValidatorsAt(h), h, v.members
	}
	return v.vals
}

// NewChainVerifier trusts the chain id and membership of genesis.
func NewChainVerifier(genesis *cmttypes.GenesisDoc) (*ChainVerifier, error) {
	m, err := consensus.MembershipFromGenesis(genesis)
	if err != nil {
		return nil, err
	}
	if err := m.ValidatorsAt(1).ValidateBasic(); err != nil {
		return nil, fmt.Errorf("genesis validators: %w", err)
	}
	return &ChainVerifier{chainID: genesis.ChainID, genesis: m, members: m}, nil
}

// Start sets the header of the block the restore starts after (nil from
// genesis), so the first block read must link to it, and the membership
// after that block: members as the starting database holds it, nil for
// genesis (or a database that does not know it: src is then read for
// the membership changes of the blocks up to prev).
func (v *ChainVerifier) Start(prev *cmttypes.Header, members *consensus.Membership, src BlockSource) error {
	v.prev = prev
	switch {
	case members != nil:
		v.members = members
	case prev == nil:
		v.members = v.genesis
	default:
		m := v.genesis
		for h := max(src.Base(), 1); h <= prev.Height; h++ {
			b, err := src.Block(h)
			if err != nil {
				return err
			}
			m = followMembership(m, &b)
		}
		v.members = m
	}
	return nil
}

// followMembership is m after the membership changes of block b.
func followMembership(m *consensus.Membership, b *consensus.Block) *consensus.Membership {
	for _, raw := range b.Txs {
		if len(raw) < 5 || raw[4] != consensus.TxVersionMembership {
			continue
		}
		if tx, err := consensus.UnmarshalTx(raw); err == nil && tx.Membership != nil {
			m, _, _ = m.Apply(tx.Membership, b.Height)
		}
	}
	return m
}

// VerifyBlock checks block b with its header and commit.
func (v *ChainVerifier) VerifyBlock(b *consensus.Block, hdr *cmttypes.Header, commit *cmttypes.Commit) error {
	h := b.Height
	if err := v.verifyHeader(h, hdr); err != nil {
		return err
	}
	if err := v.verifyCommit(h, hdr, commit); err != nil {
		return err
	}
	if err := verifyContent(b, hdr); err != nil {
		return err
	}
	v.prev = hdr
	v.members = followMembership(v.members, b)
	return nil
}

func (v *ChainVerifier) verifyHeader(h int64, hdr *cmttypes.Header) error {
	if hdr.Height != h || hdr.ChainID != v.chainID {
		return tampered(h, "header is for chain %q height %d", hdr.ChainID, hdr.Height)
	}
	if v.prev != nil && !bytes.Equal(hdr.LastBlockID.Hash, v.prev.Hash()) {
		return tampered(h, "header does not link to block %d (last block hash %X, block %d hashes to %X)",
			v.prev.Height, hdr.LastBlockID.Hash, v.prev.Height, v.prev.Hash())
	}
	if want := v.validatorsAt(h).Hash(); !bytes.Equal(hdr.ValidatorsHash, want) {
		return tampered(h, "validator set %X is not %X, the set the genesis and the chain's membership changes give", hdr.ValidatorsHash, want)
	}
	return nil
}

func (v *ChainVerifier) verifyCommit(h int64, hdr *cmttypes.Header, commit *cmttypes.Commit) error {
	if commit == nil {
		return tampered(h, "no commit signatures stored")
	}
	if !bytes.Equal(commit.BlockID.Hash, hdr.Hash()) {
		return tampered(h, "validators signed block %X but the stored header hashes to %X", commit.BlockID.Hash, hdr.Hash())
	}
	if err := v.validatorsAt(h).VerifyCommitLight(v.chainID, commit.BlockID, h, commit); err != nil {
		return tampered(h, "commit signatures: %v", err)
	}
	return nil
}

// verifyContent checks what the engine applies against the signed header.
func verifyContent(b *consensus.Block, hdr *cmttypes.Header) error {
	txs := make(cmttypes.Txs, len(b.Txs))
	for i, tx := range b.Txs {
		txs[i] = tx
	}
	switch {
	case !bytes.Equal(txs.Hash(), hdr.DataHash):
		return tampered(b.Height, "transactions hash to %X, the signed header says %X", txs.Hash(), hdr.DataHash)
	case !b.Time.Equal(hdr.Time):
		return tampered(b.Height, "block time %s differs from the signed header's %s", b.Time, hdr.Time)
	case !bytes.Equal(b.Hash, hdr.Hash()):
		return tampered(b.Height, "block hash %X differs from the signed header's %X", b.Hash, hdr.Hash())
	case !bytes.Equal(b.Proposer, hdr.ProposerAddress):
		return tampered(b.Height, "proposer %X differs from the signed header's %X", b.Proposer, hdr.ProposerAddress)
	}
	return nil
}

// CheckAppHash compares the AppHash the engine computed after block h with
// the one the chain committed in the header of block h+1.
func CheckAppHash(h int64, computed []byte, next *cmttypes.Header) error {
	if bytes.Equal(computed, next.AppHash) {
		return nil
	}
	return tampered(h, "recomputed AppHash %X, the chain committed %X in block %d", computed, next.AppHash, next.Height)
}

// CheckApplied is CheckAppHash for the block e has just applied: a
// mismatch names the rows the block changed, since the AppHash covers them
// and a row whose value or earlier state differs is the usual cause.
func (e *Engine) CheckApplied(h int64, computed []byte, next *cmttypes.Header) error {
	err := CheckAppHash(h, computed, next)
	var te *TamperError
	if errors.As(err, &te) {
		te.What += " (this database's rows differ from the chain's, or the block was applied differently)"
		te.Rows = e.ChangedRows()
	}
	return err
}

// verifyHeaderAlone checks a header and its commit without a link to the
// previous one (the header after a restore's starting point).
func (v *ChainVerifier) verifyHeaderAlone(h int64, hdr *cmttypes.Header, commit *cmttypes.Commit) error {
	prev := v.prev
	v.prev = nil
	defer func() { v.prev = prev }()
	if err := v.verifyHeader(h, hdr); err != nil {
		return err
	}
	return v.verifyCommit(h, hdr, commit)
}
