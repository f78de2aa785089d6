package consensus

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
)

// TxVersionMembership is the encoding of a membership change: the
// validators' voting power and the node keys allowed to submit, changed by
// the chain itself (see "Membership" in DESIGN.md).
const TxVersionMembership = 4

// MaxValidatorPower bounds one validator's voting power in a change, far
// below what CometBFT refuses, so that no sum of powers can overflow.
const MaxValidatorPower = 1 << 40

// ErrMembership is the sentinel of a membership change the chain refuses.
var ErrMembership = errors.New("membership change refused")

// PowerChange sets a validator's voting power; 0 removes it.
type PowerChange struct {
	Key   []byte `json:"key"` // ed25519 consensus public key (priv_validator_key.json)
	Power int64  `json:"power"`
}

// NodeChange authorizes a node key to submit transactions, or withdraws it.
type NodeChange struct {
	Key        []byte `json:"key"` // ed25519 node public key (node_key.json)
	Authorized bool   `json:"authorized"`
}

// MemberSig is one validator's signature of a change.
type MemberSig struct {
	Key []byte // the validator's consensus public key
	Sig []byte
}

// MembershipChange is a change of the network's membership. It takes
// effect when validators holding more than 2/3 of the voting power signed
// it, against the validator set it names (SetHash), in a block no later
// than Until. A set it was not signed against, or a later height, refuses
// it, so a change cannot be replayed.
type MembershipChange struct {
	ChainID    string
	SetHash    []byte // ValidatorSet hash of the set after every change decided so far
	Until      int64  // last height whose block may hold it
	Validators []PowerChange
	Nodes      []NodeChange
	Sigs       []MemberSig
}

// signBytes is what each validator signs: everything but the signatures.
func (c *MembershipChange) signBytes() []byte {
	b := append([]byte(nil), txMagic[:]...)
	b = append(b, TxVersionMembership)
	b = appendBytes(b, c.ChainID)
	b = appendBytes(b, c.SetHash)
	b = binary.BigEndian.AppendUint64(b, uint64(c.Until))
	b = binary.AppendUvarint(b, uint64(len(c.Validators)))
	for _, v := range c.Validators {
		b = appendBytes(b, v.Key)
		b = binary.AppendUvarint(b, uint64(v.Power))
	}
	b = binary.AppendUvarint(b, uint64(len(c.Nodes)))
	for _, n := range c.Nodes {
		b = appendBytes(b, n.Key)
		if n.Authorized {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	return b
}

// Marshal encodes the change as a chain transaction.
func (c *MembershipChange) Marshal() []byte {
	b := c.signBytes()
	b = binary.AppendUvarint(b, uint64(len(c.Sigs)))
	for _, s := range c.Sigs {
		b = appendBytes(b, s.Key)
		b = appendBytes(b, s.Sig)
	}
	return b
}

// Sign adds the signature of the validator whose consensus key is key,
// replacing one it made before.
func (c *MembershipChange) Sign(key ed25519.PrivateKey) {
	pub := key.Public().(ed25519.PublicKey)
	c.Sigs = slices.DeleteFunc(c.Sigs, func(s MemberSig) bool { return bytes.Equal(s.Key, pub) })
	c.Sigs = append(c.Sigs, MemberSig{Key: append([]byte(nil), pub...), Sig: ed25519.Sign(key, c.signBytes())})
}

// unmarshalMembership decodes the rest of a version 4 transaction.
func unmarshalMembership(r *reader) *MembershipChange {
	c := &MembershipChange{ChainID: r.string(), SetHash: r.bytes(), Until: int64(r.uint64())}
	if c.Until <= 0 {
		r.fail("membership change without a last height")
	}
	for i, n := uint64(0), r.count(); i < n && r.err == nil; i++ {
		c.Validators = append(c.Validators, PowerChange{Key: r.bytes(), Power: int64(r.uvarint())})
	}
	for i, n := uint64(0), r.count(); i < n && r.err == nil; i++ {
		k := r.bytes()
		switch f := r.byte(); f {
		case 0, 1:
			c.Nodes = append(c.Nodes, NodeChange{Key: k, Authorized: f == 1})
		default:
			r.fail("bad node flag")
		}
	}
	for i, n := uint64(0), r.count(); i < n && r.err == nil; i++ {
		c.Sigs = append(c.Sigs, MemberSig{Key: r.bytes(), Sig: r.bytes()})
	}
	if r.err == nil && len(c.Validators)+len(c.Nodes) == 0 {
		r.fail("membership change that changes nothing")
	}
	return c
}

// MembershipEvent is a change the chain accepted, at the height of its block.
// Validator changes take effect two heights later, as CometBFT applies
// them; node changes at once.
type MembershipEvent struct {
	Height     int64         `json:"height"`
	Validators []PowerChange `json:"validators,omitempty"`
	Nodes      []NodeChange  `json:"nodes,omitempty"`
}

// Membership is the network's membership as the chain decided it: the
// genesis validators and authorized nodes, then every accepted change. A
// value is never changed in place: Apply returns a new one.
type Membership struct {
	chainID      string
	genesisVals  map[string]int64 // raw consensus key → power
	genesisNodes map[string]bool
	events       []MembershipEvent
	vals         map[string]int64 // after every event
	nodes        map[string]bool
}

// MembershipFromGenesis is the membership a chain starts with.
func MembershipFromGenesis(doc *cmttypes.GenesisDoc) (*Membership, error) {
	st, err := ParseAppState(doc.AppState)
	if err != nil {
		return nil, err
	}
	m := &Membership{chainID: doc.ChainID, genesisVals: map[string]int64{}, genesisNodes: map[string]bool{}}
	for _, v := range doc.Validators {
		if v.PubKey == nil || v.PubKey.Type() != cmted25519.KeyType {
			return nil, fmt.Errorf("genesis validator %q: only ed25519 keys are supported", v.Name)
		}
		m.genesisVals[string(v.PubKey.Bytes())] += v.Power
	}
	for _, h := range st.AuthorizedNodes {
		k, err := hex.DecodeString(h)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("genesis app_state: authorized node %q is not a hex ed25519 public key", h)
		}
		m.genesisNodes[string(k)] = true
	}
	m.vals, m.nodes = maps.Clone(m.genesisVals), maps.Clone(m.genesisNodes)
	return m, nil
}

// WithEvents is m followed by events (as Events returned them).
func (m *Membership) WithEvents(events []MembershipEvent) *Membership {
	out := m.at(-1)
	for _, ev := range events {
		out = out.with(ev)
	}
	return out
}

// at is the membership after the events of blocks up to height h (every
// event when h < 0).
func (m *Membership) at(h int64) *Membership {
	out := &Membership{chainID: m.chainID, genesisVals: m.genesisVals, genesisNodes: m.genesisNodes,
		vals: maps.Clone(m.genesisVals), nodes: maps.Clone(m.genesisNodes)}
	for _, ev := range m.events {
		if h >= 0 && ev.Height > h {
			break
		}
		out = out.with(ev)
	}
	return out
}

func (m *Membership) with(ev MembershipEvent) *Membership {
	out := *m
	out.events = append(slices.Clip(m.events), ev)
	out.vals, out.nodes = maps.Clone(m.vals), maps.Clone(m.nodes)
	for _, v := range ev.Validators {
		setPower(out.vals, v)
	}
	for _, n := range ev.Nodes {
		if n.Authorized {
			out.nodes[string(n.Key)] = true
		} else {
			delete(out.nodes, string(n.Key))
		}
	}
	return &out
}

// setPower applies one validator change to vals (power 0 removes).
func setPower(vals map[string]int64, v PowerChange) {
	if v.Power == 0 {
		delete(vals, string(v.Key))
	} else {
		vals[string(v.Key)] = v.Power
	}
}

// Events are the accepted changes, oldest first.
func (m *Membership) Events() []MembershipEvent { return slices.Clone(m.events) }

// MarshalEvents encodes Events for the local database.
func (m *Membership) MarshalEvents() []byte {
	b, _ := json.Marshal(m.events) // plain structs always marshal
	return b
}

// UnmarshalEvents decodes what MarshalEvents wrote.
func UnmarshalEvents(b []byte) ([]MembershipEvent, error) {
	var evs []MembershipEvent
	if err := json.Unmarshal(b, &evs); err != nil {
		return nil, fmt.Errorf("membership events: %w", err)
	}
	return evs, nil
}

// ChainID is the chain the membership belongs to.
func (m *Membership) ChainID() string { return m.chainID }

// Authorized reports whether node key may submit transactions.
func (m *Membership) Authorized(node []byte) bool { return m.nodes[string(node)] }

// Nodes are the authorized node keys, sorted.
func (m *Membership) Nodes() [][]byte {
	out := make([][]byte, 0, len(m.nodes))
	for k := range m.nodes {
		out = append(out, []byte(k))
	}
	slices.SortFunc(out, bytes.Compare)
	return out
}

// Power is the voting power of consensus key key after every decided change.
func (m *Membership) Power(key []byte) int64 { return m.vals[string(key)] }

// Validators is the validator set after every decided change: the set
// CometBFT uses two heights after the last one.
func (m *Membership) Validators() *cmttypes.ValidatorSet { return validatorSet(m.vals) }

// ValidatorsAt is the validator set that signs the block at height h: the
// changes decided up to h-2 have taken effect.
func (m *Membership) ValidatorsAt(h int64) *cmttypes.ValidatorSet {
	return validatorSet(m.at(max(h-2, 0)).vals)
}

func validatorSet(vals map[string]int64) *cmttypes.ValidatorSet {
	list := make([]*cmttypes.Validator, 0, len(vals))
	for k, p := range vals {
		list = append(list, cmttypes.NewValidator(cmted25519.PubKey([]byte(k)), p))
	}
	return cmttypes.NewValidatorSet(list)
}

func (m *Membership) totalPower() int64 {
	var t int64
	for _, p := range m.vals {
		t += p
	}
	return t
}

// Check tells whether the block at height may hold change c: the chain,
// the set it was signed against and its last height match, each signer is
// a validator, the signers hold more than 2/3 of the voting power, and the
// validator set it leaves is not empty.
func (m *Membership) Check(c *MembershipChange, height int64) error {
	switch {
	case c.ChainID != m.chainID:
		return fmt.Errorf("%w: signed for chain %q, this is %q", ErrMembership, c.ChainID, m.chainID)
	case height > c.Until:
		return fmt.Errorf("%w: it was valid until height %d", ErrMembership, c.Until)
	case !bytes.Equal(c.SetHash, m.Validators().Hash()):
		return fmt.Errorf("%w: signed against validator set %X, the set is now %X (another change came first: sign it again)",
			ErrMembership, c.SetHash, m.Validators().Hash())
	}
	if err := m.checkContent(c); err != nil {
		return err
	}
	var signed int64
	seen := map[string]bool{}
	msg := c.signBytes()
	for _, s := range c.Sigs {
		p := m.vals[string(s.Key)]
		switch {
		case p == 0:
			return fmt.Errorf("%w: signed by %X, which is not a validator", ErrMembership, s.Key)
		case seen[string(s.Key)]:
			return fmt.Errorf("%w: validator %X signed twice", ErrMembership, s.Key)
		case len(s.Sig) != ed25519.SignatureSize || !ed25519.Verify(ed25519.PublicKey(s.Key), msg, s.Sig):
			return fmt.Errorf("%w: bad signature of validator %X", ErrMembership, s.Key)
		}
		seen[string(s.Key)] = true
		signed += p
	}
	if total := m.totalPower(); 3*signed <= 2*total {
		return fmt.Errorf("%w: signed by validators holding %d of %d voting power; more than 2/3 must sign", ErrMembership, signed, total)
	}
	return nil
}

// checkContent refuses what CometBFT would refuse (and halt on): bad
// keys, a key changed twice, removing a validator there is not, powers out
// of range, an empty set.
func (m *Membership) checkContent(c *MembershipChange) error {
	after := maps.Clone(m.vals)
	seen := map[string]bool{}
	for _, v := range c.Validators {
		switch {
		case len(v.Key) != ed25519.PublicKeySize:
			return fmt.Errorf("%w: validator key of %d bytes, want an ed25519 key", ErrMembership, len(v.Key))
		case seen[string(v.Key)]:
			return fmt.Errorf("%w: validator %X changed twice", ErrMembership, v.Key)
		case v.Power < 0 || v.Power > MaxValidatorPower:
			return fmt.Errorf("%w: power %d out of range 0..%d", ErrMembership, v.Power, int64(MaxValidatorPower))
		case v.Power == 0 && after[string(v.Key)] == 0:
			return fmt.Errorf("%w: %X is not a validator", ErrMembership, v.Key)
		}
		seen[string(v.Key)] = true
		setPower(after, v)
	}
	if len(after) == 0 {
		return fmt.Errorf("%w: it would leave no validator", ErrMembership)
	}
	nodes := map[string]bool{}
	for _, n := range c.Nodes {
		switch {
		case len(n.Key) != ed25519.PublicKeySize:
			return fmt.Errorf("%w: node key of %d bytes, want an ed25519 key", ErrMembership, len(n.Key))
		case nodes[string(n.Key)]:
			return fmt.Errorf("%w: node %X changed twice", ErrMembership, n.Key)
		}
		nodes[string(n.Key)] = true
	}
	return nil
}

// Apply checks c for the block at height and returns the membership after
// it, with the event it adds.
func (m *Membership) Apply(c *MembershipChange, height int64) (*Membership, MembershipEvent, error) {
	if err := m.Check(c, height); err != nil {
		return m, MembershipEvent{}, err
	}
	ev := MembershipEvent{Height: height, Validators: c.Validators, Nodes: c.Nodes}
	return m.with(ev), ev, nil
}

// Describe is a one-line account of a change, for logs and the CLI.
func (c *MembershipChange) Describe() string {
	var b bytes.Buffer
	for _, v := range c.Validators {
		if v.Power == 0 {
			fmt.Fprintf(&b, "remove validator %X; ", v.Key)
		} else {
			fmt.Fprintf(&b, "validator %X power %d; ", v.Key, v.Power)
		}
	}
	for _, n := range c.Nodes {
		if n.Authorized {
			fmt.Fprintf(&b, "authorize node %X; ", n.Key)
		} else {
			fmt.Fprintf(&b, "withdraw node %X; ", n.Key)
		}
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("; ")))
}

// ValidatorPower is one validator of a membership.
type ValidatorPower struct {
	Key   []byte
	Power int64
}

// ValidatorPowers are the validators after every decided change, by key.
func (m *Membership) ValidatorPowers() []ValidatorPower {
	out := make([]ValidatorPower, 0, len(m.vals))
	for k, p := range m.vals {
		out = append(out, ValidatorPower{Key: []byte(k), Power: p})
	}
	slices.SortFunc(out, func(a, b ValidatorPower) int { return bytes.Compare(a.Key, b.Key) })
	return out
}

// verifySignatures checks that every signature of c is a valid ed25519
// signature of it by its key, whoever that is.
func (c *MembershipChange) verifySignatures() error {
	msg := c.signBytes()
	for _, s := range c.Sigs {
		if len(s.Key) != ed25519.PublicKeySize || !ed25519.Verify(ed25519.PublicKey(s.Key), msg, s.Sig) {
			return fmt.Errorf("%w: membership change signature by %X", ErrBadSignature, s.Key)
		}
	}
	return nil
}

// SignedPower is the voting power, by powers (hex consensus key → power),
// of the validators whose signature of c is valid, each counted once.
func (c *MembershipChange) SignedPower(powers map[string]int64) int64 {
	var signed int64
	seen := map[string]bool{}
	msg := c.signBytes()
	for _, s := range c.Sigs {
		// ed25519.Verify panics on a key of another length, which a
		// decoded change may carry.
		k := hex.EncodeToString(s.Key)
		if !seen[k] && len(s.Key) == ed25519.PublicKeySize && ed25519.Verify(ed25519.PublicKey(s.Key), msg, s.Sig) {
			seen[k] = true
			signed += powers[k]
		}
	}
	return signed
}

// LoadValidatorKey reads the consensus private key of home
// (config/priv_validator_key.json), which signs membership changes.
func LoadValidatorKey(home string) (ed25519.PrivateKey, error) {
	c, err := LoadConfig(home)
	if err != nil {
		return nil, err
	}
	k, err := loadValidatorKey(c.PrivValidatorKeyFile())
	if err != nil {
		return nil, err
	}
	return ed25519.PrivateKey(k), nil
}
