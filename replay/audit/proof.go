package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cometbft/cometbft/crypto/merkle"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
)

// ProofFormat names the proof file layout.
const ProofFormat = "blocksql-tx-proof/1"

// Proof is a self-contained proof that a transaction is in a block the
// chain's validators signed: the transaction, its Merkle path to the
// header's DataHash, the header, and the commit signing the header's hash.
// The validator set is carried for reading; a verifier takes it from the
// genesis file it trusts, never from the proof.
type Proof struct {
	Format     string           `json:"format"`
	ChainID    string           `json:"chain_id"`
	Height     int64            `json:"height"`
	TxIndex    int              `json:"tx_index"`
	TxHash     string           `json:"tx_hash"`
	Tx         []byte           `json:"tx"`
	Merkle     merkle.Proof     `json:"merkle_proof"`
	Header     *cmttypes.Header `json:"header"`
	Commit     *cmttypes.Commit `json:"commit"`
	Validators []ProofValidator `json:"validators"`
	Statements []ProofStatement `json:"statements,omitempty"`
	// Statement, when set, is the statement the proof is about: the index
	// of one client's write in a grouped transaction (Tx.Group), which
	// the transaction bytes carry with that client's user and address.
	Statement *int `json:"statement,omitempty"`
	// Changes are the membership changes that made the block's validator
	// set from the genesis one, oldest first, each proven like the
	// transaction: a verifier follows them from the genesis it trusts.
	Changes []ProofChange `json:"membership_changes,omitempty"`
}

// ProofChange is an accepted membership change and the proof that the
// validators of its time signed the block holding it.
type ProofChange struct {
	Height  int64            `json:"height"`
	TxIndex int              `json:"tx_index"`
	Tx      []byte           `json:"tx"`
	Merkle  merkle.Proof     `json:"merkle_proof"`
	Header  *cmttypes.Header `json:"header"`
	Commit  *cmttypes.Commit `json:"commit"`
}

// ProofValidator is one validator of the genesis set.
type ProofValidator struct {
	Address string `json:"address"`
	PubKey  []byte `json:"pub_key_ed25519"`
	Power   int64  `json:"power"`
}

// ProofStatement is, for reading, what the transaction ran: the proof
// covers the transaction bytes, which encode these statements. User and
// ClientAddr are set for the statements of a grouped transaction, each
// sent by its own client.
type ProofStatement struct {
	SQL        string `json:"sql"`
	User       string `json:"user,omitempty"`
	ClientAddr string `json:"client_addr,omitempty"`
}

// BuildProof assembles the proof of the transaction whose hash (or hash
// prefix) is txHash, from the node's log and block store; stmt >= 0 names
// the statement the proof is about (one client's write in a grouped
// transaction), -1 the whole transaction.
func BuildProof(ctx context.Context, src Source, bs *consensus.BlockStore, gen *cmttypes.GenesisDoc, txHash string, stmt int) (*Proof, error) {
	hash, height, index, err := findTx(ctx, src, txHash)
	if err != nil {
		return nil, err
	}
	blk, err := bs.Block(height)
	if err != nil {
		return nil, err
	}
	if index >= len(blk.Txs) || hex.EncodeToString(cmttypes.Tx(blk.Txs[index]).Hash()) != hash {
		return nil, fmt.Errorf("prove %s: block %d does not hold it at index %d (the local log and block store disagree)", hash, height, index)
	}
	p := &Proof{Format: ProofFormat, ChainID: gen.ChainID, Height: height, TxIndex: index, TxHash: hash, Tx: blk.Txs[index]}
	txs := make(cmttypes.Txs, len(blk.Txs))
	for i, tx := range blk.Txs {
		txs[i] = tx
	}
	p.Merkle = txs.Proof(index).Proof
	if p.Header, err = bs.Header(height); err != nil {
		return nil, err
	}
	if p.Commit, err = bs.Commit(height); err != nil {
		return nil, err
	}
	set, err := proofChanges(ctx, src, bs, gen, p)
	if err != nil {
		return nil, err
	}
	for _, v := range set.Validators {
		p.Validators = append(p.Validators, ProofValidator{Address: v.Address.String(), PubKey: v.PubKey.Bytes(), Power: v.VotingPower})
	}
	if tx, err := consensus.UnmarshalTx(p.Tx); err == nil {
		p.Statements = txStatements(tx)
	}
	if stmt >= 0 {
		if stmt >= len(p.Statements) {
			return nil, fmt.Errorf("prove %s: it holds %d statements, there is no statement %d", hash, len(p.Statements), stmt)
		}
		p.Statement = &stmt
	}
	return p, nil
}

func txStatements(tx *consensus.Tx) []ProofStatement {
	out := make([]ProofStatement, len(tx.Statements))
	for i, st := range tx.Statements {
		out[i] = ProofStatement{SQL: st.SQL}
		if tx.Grouped() {
			out[i].User, out[i].ClientAddr = tx.Group[i].User, tx.Group[i].ClientAddr
		}
	}
	return out
}

// findTx resolves a hash or unique prefix to the full hash, the block
// height and index, from blocksql.transactions.
func findTx(ctx context.Context, src Source, txHash string) (string, int64, int, error) {
	txHash = strings.ToLower(txHash)
	cond, args := hashPrefix("tx_hash", txHash)
	rows, err := src.QueryInternal(ctx, "SELECT tx_hash, height, tx_index FROM "+src.Internal("transactions")+
		" WHERE "+cond+" ORDER BY tx_hash LIMIT 2", args...)
	if err != nil {
		return "", 0, 0, fmt.Errorf("look up transaction %s: %w", txHash, err)
	}
	defer rows.Close()
	var hashes []string
	var height int64
	var index int
	for rows.Next() {
		var h string
		if err := rows.Scan(&h, &height, &index); err != nil {
			return "", 0, 0, err
		}
		hashes = append(hashes, h)
	}
	switch {
	case rows.Err() != nil:
		return "", 0, 0, rows.Err()
	case len(hashes) == 0:
		return "", 0, 0, fmt.Errorf("%w: %s", ErrNoTx, txHash)
	case len(hashes) > 1:
		return "", 0, 0, fmt.Errorf("transaction prefix %s is ambiguous: give more of the hash", txHash)
	}
	return hashes[0], height, index, nil
}

// ErrNoTx is returned for a transaction the local log does not hold.
var ErrNoTx = errors.New("no such transaction in the local log")

// Verdict is what a verified proof establishes.
type Verdict struct {
	ChainID     string
	Height      int64
	TxIndex     int
	TxHash      string
	BlockHash   string
	BlockTime   string
	SignedPower int64
	TotalPower  int64
	Signers     int
	Validators  int
	// User, ClientAddr and Statements are decoded from the verified
	// transaction bytes. In a grouped transaction, User and ClientAddr
	// are those of the proven statement (Statement), empty without one.
	User       string
	ClientAddr string
	Statements []ProofStatement
	// Statement is the proven statement's index, -1 for the whole
	// transaction.
	Statement int
	// Set lists every validator of the block's set, in the set's order,
	// and whether its signature on the block was counted.
	Set []SignerInfo
	// Changes is how many membership changes since genesis made that set.
	Changes int
}

// SignerInfo is one validator of the block's set in a verdict.
type SignerInfo struct {
	Address string
	Power   int64
	Signed  bool
}

// Percent is the signed share of the voting power, in percent.
func (v *Verdict) Percent() float64 { return 100 * float64(v.SignedPower) / float64(v.TotalPower) }

func (v *Verdict) String() string {
	s := fmt.Sprintf("transaction %s is included at height %d (index %d) of chain %q, block %s at %s;\n"+
		"the block is signed by %d of %d validators holding %d of %d voting power (more than 2/3).",
		v.TxHash, v.Height, v.TxIndex, v.ChainID, v.BlockHash, v.BlockTime, v.Signers, v.Validators, v.SignedPower, v.TotalPower)
	if v.Changes > 0 {
		s += fmt.Sprintf("\nThat validator set is the genesis one after %d membership changes, each signed by more than 2/3 of the set before it.", v.Changes)
	}
	if v.Statement >= 0 {
		s += fmt.Sprintf("\nIts statement %d, sent by %s from %s: %s", v.Statement, v.User, v.ClientAddr, v.Statements[v.Statement].SQL)
	}
	return s
}

// ErrProof is wrapped by every reason a proof fails.
var ErrProof = errors.New("proof does not verify")

func failf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrProof, fmt.Sprintf(format, args...))
}

// VerifyProofJSON decodes a proof file's bytes (what prove writes) and
// verifies it with VerifyProof; verify-proof and the explorer both call it.
func VerifyProofJSON(b []byte, gen *cmttypes.GenesisDoc) (*Verdict, error) {
	var p Proof
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%w: not a proof file: %v", ErrProof, err)
	}
	return VerifyProof(&p, gen)
}

// VerifyProof checks p against the genesis the verifier trusts, with no
// node: the transaction's hash, its Merkle path to the header's DataHash,
// the header's hash against the commit, and commit signatures by more than
// 2/3 of the genesis validators' voting power.
func VerifyProof(p *Proof, gen *cmttypes.GenesisDoc) (*Verdict, error) {
	if p.Format != ProofFormat {
		return nil, failf("format %q, want %q", p.Format, ProofFormat)
	}
	if p.Header == nil || p.Commit == nil {
		return nil, failf("the proof lacks its header or commit")
	}
	if err := verifyInclusion(p); err != nil {
		return nil, err
	}
	if err := verifyHeader(p, gen); err != nil {
		return nil, err
	}
	members, err := followChanges(p, gen)
	if err != nil {
		return nil, err
	}
	vals := members.ValidatorsAt(p.Height)
	if vals.IsNilOrEmpty() {
		return nil, failf("the genesis file has no validators")
	}
	if h := vals.Hash(); hex.EncodeToString(h) != hex.EncodeToString(p.Header.ValidatorsHash) {
		return nil, failf("the block's validator set (hash %X) is not the set the genesis and the proof's %d membership changes give (%X)",
			p.Header.ValidatorsHash, len(p.Changes), h)
	}
	v := &Verdict{ChainID: gen.ChainID, Height: p.Height, TxIndex: p.TxIndex, TxHash: p.TxHash, Changes: len(p.Changes),
		BlockHash: p.Commit.BlockID.Hash.String(), BlockTime: p.Header.Time.UTC().Format("2006-01-02 15:04:05.000 MST")}
	if err := tally(p.Commit, gen.ChainID, vals, v); err != nil {
		return nil, err
	}
	if err := readTx(p, v); err != nil {
		return nil, err
	}
	return v, nil
}

// readTx decodes what the proven transaction ran. The statements a proof
// lists for reading must be those of its bytes, so that a reader of the
// file is not misled by an edited list.
func readTx(p *Proof, v *Verdict) error {
	tx, err := consensus.UnmarshalTx(p.Tx)
	if err != nil {
		return failf("the transaction bytes do not decode: %v", err)
	}
	v.User, v.ClientAddr, v.Statements, v.Statement = tx.User, tx.ClientAddr, txStatements(tx), -1
	if p.Statement != nil {
		j := *p.Statement
		if j < 0 || j >= len(tx.Statements) {
			return failf("the proof names statement %d, the transaction holds %d", j, len(tx.Statements))
		}
		c := tx.ContextOf(j)
		v.User, v.ClientAddr, v.Statement = c.User, c.ClientAddr, j
	}
	if p.Statements == nil {
		return nil
	}
	if len(p.Statements) != len(v.Statements) {
		return failf("the proof lists %d statements, the transaction holds %d", len(p.Statements), len(v.Statements))
	}
	for i := range p.Statements {
		if p.Statements[i] != v.Statements[i] {
			return failf("statement %d is listed as %q by %q, the transaction holds %q by %q",
				i, p.Statements[i].SQL, p.Statements[i].User, v.Statements[i].SQL, v.Statements[i].User)
		}
	}
	return nil
}

func verifyInclusion(p *Proof) error {
	sum := sha256.Sum256(p.Tx)
	if got := hex.EncodeToString(sum[:]); got != strings.ToLower(p.TxHash) {
		return failf("the transaction bytes hash to %s, not %s", got, p.TxHash)
	}
	if p.Merkle.Index != int64(p.TxIndex) || p.Merkle.Total < 1 {
		return failf("the Merkle proof is for index %d of %d, not index %d", p.Merkle.Index, p.Merkle.Total, p.TxIndex)
	}
	if err := p.Merkle.Verify(p.Header.DataHash, cmttypes.Tx(p.Tx).Hash()); err != nil {
		return failf("the transaction is not in the block's data (DataHash %X): %v", p.Header.DataHash, err)
	}
	return nil
}

func verifyHeader(p *Proof, gen *cmttypes.GenesisDoc) error {
	switch {
	case p.Header.ChainID != gen.ChainID:
		return failf("the block is from chain %q, the genesis is for %q", p.Header.ChainID, gen.ChainID)
	case p.Header.Height != p.Height || p.Commit.Height != p.Height:
		return failf("heights disagree: proof %d, header %d, commit %d", p.Height, p.Header.Height, p.Commit.Height)
	}
	if h := p.Header.Hash(); h.String() != p.Commit.BlockID.Hash.String() {
		return failf("the header hashes to %s but the commit signs block %s", h, p.Commit.BlockID.Hash)
	}
	return nil
}

// tally checks every commit signature and sums the power of the
// validators of the block's set that signed it; CometBFT's own light-client check
// must agree.
func tally(c *cmttypes.Commit, chainID string, vals *cmttypes.ValidatorSet, v *Verdict) error {
	seen := map[string]bool{}
	for i, sig := range c.Signatures {
		if sig.BlockIDFlag != cmttypes.BlockIDFlagCommit {
			continue
		}
		_, val := vals.GetByAddress(sig.ValidatorAddress)
		if val == nil {
			return failf("signature %d is by %s, not a validator of the block's set", i, sig.ValidatorAddress)
		}
		if !val.PubKey.VerifySignature(c.VoteSignBytes(chainID, int32(i)), sig.Signature) {
			return failf("signature %d by validator %s is invalid", i, sig.ValidatorAddress)
		}
		if !seen[val.Address.String()] {
			seen[val.Address.String()] = true
			v.SignedPower += val.VotingPower
		}
	}
	v.TotalPower, v.Signers, v.Validators = vals.TotalVotingPower(), len(seen), vals.Size()
	for _, val := range vals.Validators {
		v.Set = append(v.Set, SignerInfo{Address: val.Address.String(), Power: val.VotingPower, Signed: seen[val.Address.String()]})
	}
	if v.SignedPower*3 <= v.TotalPower*2 {
		return failf("validators holding %d of %d voting power signed: not more than 2/3", v.SignedPower, v.TotalPower)
	}
	if err := vals.VerifyCommitLightAllSignatures(chainID, c.BlockID, v.Height, c); err != nil {
		return failf("commit: %v", err)
	}
	return nil
}
