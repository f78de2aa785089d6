package consensus

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
)

const memChainID = "test-chain"

// memKey is a deterministic ed25519 key: every byte of its seed is seed.
func memKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

func memPub(k ed25519.PrivateKey) []byte { return []byte(k.Public().(ed25519.PublicKey)) }

// memGenesis is the membership of a chain whose genesis has n validators
// of power 10 (keys memKey(1..n), returned) and the given authorized nodes.
func memGenesis(t *testing.T, n int, nodes ...[]byte) (*Membership, []ed25519.PrivateKey) {
	t.Helper()
	st := GenesisAppState{}
	for _, k := range nodes {
		st.AuthorizedNodes = append(st.AuthorizedNodes, hex.EncodeToString(k))
	}
	raw, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	doc := &cmttypes.GenesisDoc{ChainID: memChainID, AppState: raw}
	var keys []ed25519.PrivateKey
	for i := range n {
		k := memKey(byte(i + 1))
		keys = append(keys, k)
		doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{
			PubKey: cmted25519.PubKey(memPub(k)), Power: 10, Name: "v" + string(rune('0'+i))})
	}
	m, err := MembershipFromGenesis(doc)
	if err != nil {
		t.Fatal(err)
	}
	return m, keys
}

// memChange is a change against m's current set, valid until height 100,
// signed by signers.
func memChange(m *Membership, vals []PowerChange, nodes []NodeChange, signers ...ed25519.PrivateKey) *MembershipChange {
	c := &MembershipChange{ChainID: m.ChainID(), SetHash: m.Validators().Hash(), Until: 100, Validators: vals, Nodes: nodes}
	for _, k := range signers {
		c.Sign(k)
	}
	return c
}

func hasValidator(vs *cmttypes.ValidatorSet, key []byte) bool {
	return vs.HasAddress(cmted25519.PubKey(key).Address())
}

func TestMembershipChangeRoundTrip(t *testing.T) {
	m, keys := memGenesis(t, 4)
	newVal, node1, node2 := memPub(memKey(50)), memPub(memKey(60)), memPub(memKey(61))
	c := memChange(m,
		[]PowerChange{{Key: newVal, Power: 7}, {Key: memPub(keys[3]), Power: 0}},
		[]NodeChange{{Key: node1, Authorized: true}, {Key: node2, Authorized: false}},
		keys[0], keys[1], keys[2])
	b := c.Marshal()
	if b[4] != TxVersionMembership {
		t.Fatalf("encoded version %d, want %d", b[4], TxVersionMembership)
	}
	tx, err := UnmarshalTx(b)
	if err != nil {
		t.Fatal(err)
	}
	if tx.Membership == nil || tx.Version != TxVersionMembership {
		t.Fatalf("decoded %+v: no membership change of version 4", tx)
	}
	if !reflect.DeepEqual(tx.Membership, c) {
		t.Errorf("decoded change differs:\n got  %+v\n want %+v", tx.Membership, c)
	}
	if len(tx.Statements) != 0 || tx.Node != nil || tx.Nonce != 0 {
		t.Errorf("a membership change decoded with statements, node or nonce: %+v", tx)
	}
	if !bytes.Equal(tx.Marshal(), b) {
		t.Error("re-encoding the decoded transaction changed its bytes (and its hash)")
	}
	// The decoded change still verifies: the signatures cover what was decoded.
	if err := m.Check(tx.Membership, 1); err != nil {
		t.Errorf("decoded change refused: %v", err)
	}
}

func TestMembershipUnmarshalRefuses(t *testing.T) {
	m, keys := memGenesis(t, 3)
	k := memPub(memKey(50))
	valid := memChange(m, []PowerChange{{Key: k, Power: 5}}, nil, keys...).Marshal()

	noUntil := memChange(m, []PowerChange{{Key: k, Power: 5}}, nil, keys...)
	noUntil.Until = 0
	empty := memChange(m, nil, nil, keys...)

	// A node change last and no signature: the flag is the byte before the
	// signature count.
	nodeOnly := (&MembershipChange{ChainID: memChainID, SetHash: m.Validators().Hash(), Until: 9,
		Nodes: []NodeChange{{Key: k, Authorized: true}}}).Marshal()
	flag := len(nodeOnly) - 2
	if nodeOnly[flag] != 1 || nodeOnly[flag+1] != 0 {
		t.Fatalf("encoding layout changed: % x", nodeOnly[flag:])
	}
	withFlag := func(f byte) []byte {
		b := bytes.Clone(nodeOnly)
		b[flag] = f
		return b
	}
	// Control: flag 0 is a withdrawal, so the byte is the flag.
	if tx, err := UnmarshalTx(withFlag(0)); err != nil || tx.Membership.Nodes[0].Authorized {
		t.Fatalf("node flag 0: %+v, %v; want a withdrawal", tx, err)
	}

	cases := map[string][]byte{
		"trailing byte":        append(bytes.Clone(valid), 0),
		"until 0":              noUntil.Marshal(),
		"changes nothing":      empty.Marshal(),
		"node flag 2":          withFlag(2),
		"node flag 0xff":       withFlag(0xff),
		"unsigned trailing 00": append(bytes.Clone(nodeOnly), 0),
	}
	for name, b := range cases {
		if tx, err := UnmarshalTx(b); !errors.Is(err, ErrMalformedTx) {
			t.Errorf("%s: decoded %+v, %v; want ErrMalformedTx", name, tx, err)
		}
	}
	for n := range len(valid) {
		if tx, err := UnmarshalTx(valid[:n]); !errors.Is(err, ErrMalformedTx) {
			t.Fatalf("truncated to %d of %d bytes: decoded %+v, %v; want ErrMalformedTx", n, len(valid), tx, err)
		}
	}
	if _, err := UnmarshalTx(valid); err != nil {
		t.Fatalf("the untouched encoding is refused: %v", err)
	}
}

func TestMembershipCheck(t *testing.T) {
	m4, k4 := memGenesis(t, 4)
	m3, k3 := memGenesis(t, 3)
	newKey := memPub(memKey(50))
	add := []PowerChange{{Key: newKey, Power: 10}}

	if err := m4.Check(memChange(m4, add, nil, k4[0], k4[1], k4[2]), 1); err != nil {
		t.Fatalf("signed by 3 of 4 equal validators: %v", err)
	}
	if err := m3.Check(memChange(m3, add, nil, k3...), 1); err != nil {
		t.Fatalf("signed by 3 of 3: %v", err)
	}
	exact := m3.Check(memChange(m3, add, nil, k3[0], k3[1]), 1)
	if !errors.Is(exact, ErrMembership) || !strings.Contains(exact.Error(), "more than 2/3") {
		t.Errorf("signed by exactly 2/3 (20 of 30): %v; want refused, more than 2/3 needed", exact)
	}

	// A change applied first makes one signed against the genesis set stale.
	first := memChange(m4, add, nil, k4...)
	second := memChange(m4, []PowerChange{{Key: memPub(memKey(51)), Power: 10}}, nil, k4...)
	if err := m4.Check(second, 1); err != nil {
		t.Fatalf("second change alone: %v", err)
	}
	after, _, err := m4.Apply(first, 1)
	if err != nil {
		t.Fatal(err)
	}

	wrongChain := memChange(m4, add, nil)
	wrongChain.ChainID = "other-chain"
	for _, k := range k4 {
		wrongChain.Sign(k)
	}
	until := memChange(m4, add, nil)
	until.Until = 10
	for _, k := range k4 {
		until.Sign(k)
	}
	if err := m4.Check(until, 10); err != nil {
		t.Fatalf("at its last height: %v", err)
	}
	twice := memChange(m4, add, nil, k4[0], k4[1])
	twice.Sigs = append(twice.Sigs, twice.Sigs[0], twice.Sigs[1])
	corrupt := memChange(m4, add, nil, k4...)
	corrupt.Sigs[1].Sig[3] ^= 1
	altered := memChange(m4, []PowerChange{{Key: newKey, Power: 10}}, nil, k4...)
	altered.Validators[0].Power = 11

	cases := []struct {
		name   string
		m      *Membership
		c      *MembershipChange
		height int64
	}{
		{"signed by 2 of 4", m4, memChange(m4, add, nil, k4[0], k4[1]), 1},
		{"unsigned", m4, memChange(m4, add, nil), 1},
		{"wrong chain id", m4, wrongChain, 1},
		{"stale set hash", after, second, 2},
		{"after its last height", m4, until, 11},
		{"signer not a validator", m4, memChange(m4, add, nil, k4[0], k4[1], k4[2], memKey(77)), 1},
		{"same signature twice", m4, twice, 1},
		{"corrupted signature", m4, corrupt, 1},
		{"changed after signing", m4, altered, 1},
		{"remove a non-validator", m4, memChange(m4, []PowerChange{{Key: newKey, Power: 0}}, nil, k4...), 1},
		{"remove every validator", m4, memChange(m4, []PowerChange{{Key: memPub(k4[0])}, {Key: memPub(k4[1])},
			{Key: memPub(k4[2])}, {Key: memPub(k4[3])}}, nil, k4...), 1},
		{"same key twice", m4, memChange(m4, []PowerChange{{Key: newKey, Power: 5}, {Key: newKey, Power: 6}}, nil, k4...), 1},
		{"power above the maximum", m4, memChange(m4, []PowerChange{{Key: newKey, Power: MaxValidatorPower + 1}}, nil, k4...), 1},
		{"negative power", m4, memChange(m4, []PowerChange{{Key: newKey, Power: -1}}, nil, k4...), 1},
		{"short validator key", m4, memChange(m4, []PowerChange{{Key: newKey[:31], Power: 5}}, nil, k4...), 1},
		{"short node key", m4, memChange(m4, nil, []NodeChange{{Key: newKey[:31], Authorized: true}}, k4...), 1},
		{"same node twice", m4, memChange(m4, nil, []NodeChange{{Key: newKey, Authorized: true}, {Key: newKey}}, k4...), 1},
	}
	for _, tc := range cases {
		hash := tc.m.Validators().Hash()
		err := tc.m.Check(tc.c, tc.height)
		if !errors.Is(err, ErrMembership) {
			t.Errorf("%s: Check = %v; want ErrMembership", tc.name, err)
			continue
		}
		next, ev, err := tc.m.Apply(tc.c, tc.height)
		if !errors.Is(err, ErrMembership) || next != tc.m || ev.Height != 0 || !bytes.Equal(next.Validators().Hash(), hash) {
			t.Errorf("%s: Apply = %v, %+v; want refused, membership unchanged", tc.name, err, ev)
		}
	}

	// The largest power allowed is accepted.
	if err := m4.Check(memChange(m4, []PowerChange{{Key: newKey, Power: MaxValidatorPower}}, nil, k4...), 1); err != nil {
		t.Errorf("power MaxValidatorPower refused: %v", err)
	}
}

func TestMembershipSignReplaces(t *testing.T) {
	m, keys := memGenesis(t, 4)
	c := memChange(m, []PowerChange{{Key: memPub(memKey(50)), Power: 3}}, nil, keys[0])
	c.Sign(keys[0])
	if len(c.Sigs) != 1 {
		t.Fatalf("signed twice by one key: %d signatures, want 1", len(c.Sigs))
	}
	// Signatures made before the change was edited no longer verify;
	// signing again replaces them, so the change becomes acceptable.
	c.Sign(keys[1])
	c.Sign(keys[2])
	c.Until = 50
	if err := m.Check(c, 1); !errors.Is(err, ErrMembership) {
		t.Fatalf("signatures of an edited change accepted: %v", err)
	}
	for _, k := range keys[:3] {
		c.Sign(k)
	}
	if len(c.Sigs) != 3 {
		t.Fatalf("%d signatures after re-signing by 3 validators, want 3", len(c.Sigs))
	}
	if err := m.Check(c, 1); err != nil {
		t.Errorf("re-signed change refused: %v", err)
	}
}

func TestMembershipValidatorsAt(t *testing.T) {
	m, keys := memGenesis(t, 4)
	before := m.Validators().Hash()
	newKey := memPub(memKey(50))
	m2, ev, err := m.Apply(memChange(m, []PowerChange{{Key: newKey, Power: 10}}, nil, keys[:3]...), 5)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Height != 5 || len(ev.Validators) != 1 || !bytes.Equal(ev.Validators[0].Key, newKey) {
		t.Errorf("event %+v, want height 5 adding the key", ev)
	}
	if !hasValidator(m2.Validators(), newKey) || m2.Power(newKey) != 10 || m2.Validators().Size() != 5 {
		t.Errorf("latest set %v lacks the new validator", m2.Validators())
	}
	for _, h := range []int64{1, 5, 6} {
		if got := m2.ValidatorsAt(h).Hash(); !bytes.Equal(got, before) {
			t.Errorf("ValidatorsAt(%d) = %X, want the genesis set %X", h, got, before)
		}
	}
	if vs := m2.ValidatorsAt(7); !hasValidator(vs, newKey) || !bytes.Equal(vs.Hash(), m2.Validators().Hash()) {
		t.Errorf("ValidatorsAt(7) = %v; want the set with the new validator", vs)
	}
	if m.Power(newKey) != 0 || !bytes.Equal(m.Validators().Hash(), before) {
		t.Error("Apply changed the membership it was called on")
	}

	// A removal at height 8 takes effect at 10.
	gone := memPub(keys[3])
	m3, _, err := m2.Apply(memChange(m2, []PowerChange{{Key: gone}}, nil, keys[:4]...), 8)
	if err != nil {
		t.Fatal(err)
	}
	if vs := m3.ValidatorsAt(9); !hasValidator(vs, gone) || !hasValidator(vs, newKey) {
		t.Errorf("ValidatorsAt(9) = %v; want the removed validator still in, the added one in", vs)
	}
	if vs := m3.ValidatorsAt(10); hasValidator(vs, gone) || !hasValidator(vs, newKey) || vs.Size() != 4 {
		t.Errorf("ValidatorsAt(10) = %v; want 4 validators without the removed one", vs)
	}
	if m3.Validators().TotalVotingPower() != 40 {
		t.Errorf("total power %d, want 40", m3.Validators().TotalVotingPower())
	}
}

func TestMembershipNodes(t *testing.T) {
	genesisNode, newNode := memPub(memKey(60)), memPub(memKey(61))
	m, keys := memGenesis(t, 4, genesisNode)
	if !m.Authorized(genesisNode) || m.Authorized(newNode) {
		t.Fatalf("genesis: authorized %v / %v, want true / false", m.Authorized(genesisNode), m.Authorized(newNode))
	}
	m2, _, err := m.Apply(memChange(m, nil, []NodeChange{{Key: newNode, Authorized: true}}, keys[:3]...), 3)
	if err != nil {
		t.Fatal(err)
	}
	if !m2.Authorized(newNode) || !m2.Authorized(genesisNode) {
		t.Error("after authorizing: the new node (or the genesis one) is not authorized")
	}
	want := [][]byte{genesisNode, newNode}
	if bytes.Compare(want[0], want[1]) > 0 {
		want[0], want[1] = want[1], want[0]
	}
	if got := m2.Nodes(); !reflect.DeepEqual(got, want) {
		t.Errorf("Nodes() = %x, want sorted %x", got, want)
	}
	if m.Authorized(newNode) {
		t.Error("Apply authorized the node in the membership it was called on")
	}
	// A node-only change leaves the validator set, so the next change is
	// signed against the same set hash.
	if !bytes.Equal(m2.Validators().Hash(), m.Validators().Hash()) {
		t.Error("a node change changed the validator set")
	}
	m3, _, err := m2.Apply(memChange(m2, nil, []NodeChange{{Key: newNode, Authorized: false}, {Key: genesisNode}}, keys[1:]...), 4)
	if err != nil {
		t.Fatal(err)
	}
	if m3.Authorized(newNode) || m3.Authorized(genesisNode) || len(m3.Nodes()) != 0 {
		t.Errorf("after withdrawing both: nodes %x", m3.Nodes())
	}
}

func TestMembershipEventsRoundTrip(t *testing.T) {
	node := memPub(memKey(60))
	genesis, keys := memGenesis(t, 4, node)
	newKey := memPub(memKey(50))
	m, _, err := genesis.Apply(memChange(genesis, []PowerChange{{Key: newKey, Power: 7}},
		[]NodeChange{{Key: memPub(memKey(61)), Authorized: true}}, keys[:3]...), 3)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err = m.Apply(memChange(m, []PowerChange{{Key: memPub(keys[0])}, {Key: memPub(keys[1]), Power: 20}},
		[]NodeChange{{Key: node}}, keys...), 6)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := UnmarshalEvents(m.MarshalEvents())
	if err != nil {
		t.Fatal(err)
	}
	again, _ := MembershipFromGenesis(&cmttypes.GenesisDoc{ChainID: memChainID, AppState: mustJSON(t, GenesisAppState{
		AuthorizedNodes: []string{hex.EncodeToString(node)}}), Validators: genesisValidators(keys)})
	again = again.WithEvents(evs)
	if !bytes.Equal(again.Validators().Hash(), m.Validators().Hash()) {
		t.Errorf("validators after the decoded events %v, want %v", again.Validators(), m.Validators())
	}
	if !reflect.DeepEqual(again.Nodes(), m.Nodes()) {
		t.Errorf("nodes after the decoded events %x, want %x", again.Nodes(), m.Nodes())
	}
	for h := int64(1); h <= 9; h++ {
		if !bytes.Equal(again.ValidatorsAt(h).Hash(), m.ValidatorsAt(h).Hash()) {
			t.Errorf("ValidatorsAt(%d) differs after the round trip", h)
		}
	}
	if !reflect.DeepEqual(again.Events(), m.Events()) || len(evs) != 2 {
		t.Errorf("events %+v, want %+v", again.Events(), m.Events())
	}
	if again.Power(memPub(keys[1])) != 20 || again.Power(memPub(keys[0])) != 0 || again.Authorized(node) {
		t.Error("decoded events did not reproduce the powers and nodes")
	}
	if _, err := UnmarshalEvents([]byte("{not json")); err == nil {
		t.Error("UnmarshalEvents accepted garbage")
	}
}

func TestMembershipSignedPower(t *testing.T) {
	m, keys := memGenesis(t, 4)
	c := memChange(m, []PowerChange{{Key: memPub(memKey(50)), Power: 1}}, nil, keys[0], keys[1], memKey(77))
	c.Sigs = append(c.Sigs, c.Sigs[0]) // counted once
	c.Sign(keys[2])
	c.Sigs[len(c.Sigs)-1].Sig[0] ^= 1 // a bad signature counts nothing
	// A signature whose key is not an ed25519 key (the encoding allows any
	// length) counts nothing and must not crash the caller.
	c.Sigs = append(c.Sigs, MemberSig{Key: []byte{1, 2, 3}, Sig: make([]byte, ed25519.SignatureSize)})
	powers := map[string]int64{}
	for _, v := range m.ValidatorPowers() {
		powers[hex.EncodeToString(v.Key)] = v.Power
	}
	if signed := c.SignedPower(powers); signed != 20 {
		t.Errorf("SignedPower = %d, want 20 of 40", signed)
	}
	if err := m.Check(c, 1); !errors.Is(err, ErrMembership) {
		t.Errorf("Check = %v, want refused", err)
	}
}

func genesisValidators(keys []ed25519.PrivateKey) []cmttypes.GenesisValidator {
	var out []cmttypes.GenesisValidator
	for _, k := range keys {
		out = append(out, cmttypes.GenesisValidator{PubKey: cmted25519.PubKey(memPub(k)), Power: 10})
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// memResult is the result an apply engine gives an accepted change.
func memResult(ev MembershipEvent) *TxResult {
	return &TxResult{Height: ev.Height, Failed: -1, Membership: &ev}
}

func TestApplyMembershipValidatorUpdates(t *testing.T) {
	k := memPub(memKey(50))
	node := memPub(memKey(61))
	newApp := func(t *testing.T) (*App, *Membership, []ed25519.PrivateKey) {
		m, keys := memGenesis(t, 4)
		app := NewApp(&NoopApplier{}, testLogger())
		app.SetMembership(m)
		return app, m, keys
	}

	t.Run("add", func(t *testing.T) {
		app, m, keys := newApp(t)
		if app.authorizedKey(node) != nil {
			t.Fatal("node authorized before the change")
		}
		next, ev, err := m.Apply(memChange(m, []PowerChange{{Key: k, Power: 7}}, []NodeChange{{Key: node, Authorized: true}},
			keys[:3]...), 4)
		if err != nil {
			t.Fatal(err)
		}
		ups := app.applyMembership(4, []*TxResult{nil, {Height: 4, Failed: -1}, memResult(ev)})
		want := []abcitypes.ValidatorUpdate{{PubKeyType: cmted25519.KeyType, PubKeyBytes: k, Power: 7}}
		if !reflect.DeepEqual(ups, want) {
			t.Errorf("updates %+v, want %+v", ups, want)
		}
		if got := app.Membership(); got.Power(k) != 7 || !bytes.Equal(got.Validators().Hash(), next.Validators().Hash()) {
			t.Errorf("App membership has power %d for the new key, want 7", got.Power(k))
		}
		if app.authorizedKey(node) == nil {
			t.Error("a node authorized in the block cannot submit")
		}
	})

	t.Run("added and removed in one block", func(t *testing.T) {
		app, m, keys := newApp(t)
		m1, ev1, err := m.Apply(memChange(m, []PowerChange{{Key: k, Power: 7}}, nil, keys[:3]...), 4)
		if err != nil {
			t.Fatal(err)
		}
		_, ev2, err := m1.Apply(memChange(m1, []PowerChange{{Key: k, Power: 0}}, nil, keys...), 4)
		if err != nil {
			t.Fatal(err)
		}
		if ups := app.applyMembership(4, []*TxResult{memResult(ev1), memResult(ev2)}); len(ups) != 0 {
			t.Errorf("updates %+v; want none (CometBFT refuses removing a validator it does not have)", ups)
		}
		if got := app.Membership(); got.Power(k) != 0 || len(got.Events()) != 2 {
			t.Errorf("App membership: power %d, %d events; want 0 and both events", got.Power(k), len(got.Events()))
		}
	})

	t.Run("power changed twice", func(t *testing.T) {
		app, m, keys := newApp(t)
		v0 := memPub(keys[0])
		m1, ev1, err := m.Apply(memChange(m, []PowerChange{{Key: v0, Power: 3}}, nil, keys[:3]...), 4)
		if err != nil {
			t.Fatal(err)
		}
		_, ev2, err := m1.Apply(memChange(m1, []PowerChange{{Key: v0, Power: 5}}, nil, keys[1:]...), 4)
		if err != nil {
			t.Fatal(err)
		}
		ups := app.applyMembership(4, []*TxResult{memResult(ev1), memResult(ev2)})
		want := []abcitypes.ValidatorUpdate{{PubKeyType: cmted25519.KeyType, PubKeyBytes: v0, Power: 5}}
		if !reflect.DeepEqual(ups, want) {
			t.Errorf("updates %+v, want %+v", ups, want)
		}
	})

	t.Run("changed and changed back", func(t *testing.T) {
		app, m, keys := newApp(t)
		v0 := memPub(keys[0])
		m1, ev1, err := m.Apply(memChange(m, []PowerChange{{Key: v0, Power: 3}}, nil, keys[:3]...), 4)
		if err != nil {
			t.Fatal(err)
		}
		_, ev2, err := m1.Apply(memChange(m1, []PowerChange{{Key: v0, Power: 10}}, nil, keys[1:]...), 4)
		if err != nil {
			t.Fatal(err)
		}
		if ups := app.applyMembership(4, []*TxResult{memResult(ev1), memResult(ev2)}); len(ups) != 0 {
			t.Errorf("updates %+v; want none, the power is what it was", ups)
		}
	})

	t.Run("removed", func(t *testing.T) {
		app, m, keys := newApp(t)
		v3 := memPub(keys[3])
		_, ev, err := m.Apply(memChange(m, []PowerChange{{Key: v3}}, nil, keys...), 4)
		if err != nil {
			t.Fatal(err)
		}
		ups := app.applyMembership(4, []*TxResult{memResult(ev)})
		want := []abcitypes.ValidatorUpdate{{PubKeyType: cmted25519.KeyType, PubKeyBytes: v3, Power: 0}}
		if !reflect.DeepEqual(ups, want) {
			t.Errorf("updates %+v, want %+v", ups, want)
		}
	})

	t.Run("no change", func(t *testing.T) {
		app, m, _ := newApp(t)
		failed := &TxResult{Height: 4, Failed: 0, Statements: []StmtResult{{Code: 1105, Message: "refused"}}}
		if ups := app.applyMembership(4, []*TxResult{nil, failed}); ups != nil {
			t.Errorf("updates %+v for a block without an accepted change", ups)
		}
		if app.Membership() != m {
			t.Error("membership replaced by a block without a change")
		}
		bare := NewApp(&NoopApplier{}, testLogger())
		ev := MembershipEvent{Height: 4, Validators: []PowerChange{{Key: k, Power: 7}}}
		if ups := bare.applyMembership(4, []*TxResult{memResult(ev)}); ups != nil || bare.Membership() != nil {
			t.Errorf("an App without membership gave updates %+v", ups)
		}
	})
}

func TestCheckTxMembership(t *testing.T) {
	ctx := context.Background()
	m, keys := memGenesis(t, 4)
	app := NewApp(&NoopApplier{}, testLogger())
	k := memPub(memKey(50))
	good := memChange(m, []PowerChange{{Key: k, Power: 7}}, nil, keys[:3]...)
	weak := memChange(m, []PowerChange{{Key: k, Power: 8}}, nil, keys[:2]...)

	check := func(b []byte) *abcitypes.CheckTxResponse {
		t.Helper()
		resp, err := app.CheckTx(ctx, &abcitypes.CheckTxRequest{Tx: b})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if resp := check(good.Marshal()); resp.Code != CodeRejected || !strings.Contains(resp.Log, "membership") {
		t.Errorf("without a membership: code %d %q, want CodeRejected", resp.Code, resp.Log)
	}
	app.SetMembership(m)
	if resp := check(good.Marshal()); resp.Code != CodeOK {
		t.Errorf("signed by 3 of 4: code %d %q, want accepted", resp.Code, resp.Log)
	}
	if resp := check(weak.Marshal()); resp.Code != CodeRejected || !strings.Contains(resp.Log, "more than 2/3") {
		t.Errorf("signed by 2 of 4: code %d %q, want CodeRejected", resp.Code, resp.Log)
	}
	if resp := check(append(good.Marshal(), 0)); resp.Code != CodeMalformed {
		t.Errorf("with a trailing byte: code %d %q, want CodeMalformed", resp.Code, resp.Log)
	}
	// Valid until height 100: after block 99 the next block may hold it,
	// after block 100 none may.
	app.finalized.Store(99)
	if resp := check(good.Marshal()); resp.Code != CodeOK {
		t.Errorf("valid until 100, next block 100: code %d %q, want accepted", resp.Code, resp.Log)
	}
	app.finalized.Store(100)
	if resp := check(good.Marshal()); resp.Code != CodeRejected || !strings.Contains(resp.Log, "valid until height 100") {
		t.Errorf("valid until 100, next block 101: code %d %q, want CodeRejected", resp.Code, resp.Log)
	}
	app.finalized.Store(0)
	// Once the block holding the change is finalized, a change signed
	// against the set before it is stale.
	_, ev, err := m.Apply(good, 3)
	if err != nil {
		t.Fatal(err)
	}
	app.applyMembership(3, []*TxResult{memResult(ev)})
	other := memChange(m, []PowerChange{{Key: memPub(memKey(51)), Power: 7}}, nil, keys...)
	if resp := check(other.Marshal()); resp.Code != CodeRejected || !strings.Contains(resp.Log, "sign it again") {
		t.Errorf("signed against the set before the last change: code %d %q, want CodeRejected", resp.Code, resp.Log)
	}
}

// ProcessProposal accepts a block holding a membership change whose
// signatures are all valid even when it will fail (too little voting
// power, or stale: honest validators must not reject every proposal of a
// proposer whose mempool still holds it), and rejects one holding a change
// with a signature that is not one.
func TestProcessProposalMembership(t *testing.T) {
	m, keys := memGenesis(t, 4)
	app := NewApp(&NoopApplier{}, testLogger())
	app.SetMembership(m)
	propose := func(c *MembershipChange) abcitypes.ProcessProposalStatus {
		t.Helper()
		resp, err := app.ProcessProposal(context.Background(), &abcitypes.ProcessProposalRequest{Height: 2, Txs: [][]byte{c.Marshal()}})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Status
	}
	weak := memChange(m, []PowerChange{{Key: memPub(memKey(50)), Power: 7}}, nil, keys[0])
	if st := propose(weak); st != abcitypes.PROCESS_PROPOSAL_STATUS_ACCEPT {
		t.Errorf("validly signed by too little power: %v, want accepted (it fails when applied)", st)
	}
	forged := memChange(m, []PowerChange{{Key: memPub(memKey(51)), Power: 7}}, nil, keys[:3]...)
	forged.Sigs[1].Sig[5] ^= 1
	if st := propose(forged); st != abcitypes.PROCESS_PROPOSAL_STATUS_REJECT {
		t.Errorf("a forged signature: %v, want rejected", st)
	}
	short := memChange(m, []PowerChange{{Key: memPub(memKey(52)), Power: 7}}, nil, keys[:3]...)
	short.Sigs = append(short.Sigs, MemberSig{Key: []byte{1, 2, 3}, Sig: make([]byte, ed25519.SignatureSize)})
	if st := propose(short); st != abcitypes.PROCESS_PROPOSAL_STATUS_REJECT {
		t.Errorf("a signature by a 3-byte key: %v, want rejected", st)
	}
}
