package replay_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// netKey is a deterministic ed25519 key: every byte of its seed is seed.
func netKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

func netPub(k ed25519.PrivateKey) []byte { return []byte(k.Public().(ed25519.PublicKey)) }

// netGenesis is the membership of chain "test-chain" whose genesis has four
// validators of power 10 (keys netKey(1..4), returned) and one authorized
// node (netKey(60)).
func netGenesis(t testing.TB) (*consensus.Membership, []ed25519.PrivateKey) {
	t.Helper()
	st, err := json.Marshal(consensus.GenesisAppState{AuthorizedNodes: []string{hex.EncodeToString(netPub(netKey(60)))}})
	if err != nil {
		t.Fatal(err)
	}
	doc := &cmttypes.GenesisDoc{ChainID: "test-chain", AppState: st}
	var keys []ed25519.PrivateKey
	for i := range 4 {
		k := netKey(byte(i + 1))
		keys = append(keys, k)
		doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{PubKey: cmted25519.PubKey(netPub(k)), Power: 10})
	}
	m, err := consensus.MembershipFromGenesis(doc)
	if err != nil {
		t.Fatal(err)
	}
	return m, keys
}

// netChange encodes a change against m's current validator set, valid
// until height 100, signed by signers.
func netChange(m *consensus.Membership, vals []consensus.PowerChange, nodes []consensus.NodeChange, signers ...ed25519.PrivateKey) []byte {
	c := &consensus.MembershipChange{ChainID: m.ChainID(), SetHash: m.Validators().Hash(), Until: 100, Validators: vals, Nodes: nodes}
	for _, k := range signers {
		c.Sign(k)
	}
	return c.Marshal()
}

// newNetEngine opens an engine on d, given genesis membership m (none when nil).
func newNetEngine(t testing.TB, d drivers.Driver, m *consensus.Membership) *replay.Engine {
	t.Helper()
	var opts []replay.Option
	if m != nil {
		opts = append(opts, replay.WithGenesisMembership(m))
	}
	e, err := replay.New(context.Background(), d, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func applyOne(t testing.TB, e *replay.Engine, b consensus.Block) ([]*consensus.TxResult, []byte) {
	t.Helper()
	res, hash, err := e.ApplyBlock(context.Background(), b)
	if err != nil {
		t.Fatalf("block %d: %v", b.Height, err)
	}
	if len(res) != len(b.Txs) {
		t.Fatalf("block %d: %d results for %d transactions", b.Height, len(res), len(b.Txs))
	}
	return res, hash
}

// txOutcomes are the operation log's outcomes of the transaction raw.
func txOutcomes(t testing.TB, d drivers.Driver, raw []byte) []string {
	t.Helper()
	h := consensus.Hash(raw)
	rows, err := d.QueryInternal(context.Background(), "SELECT outcome FROM "+d.Internal("transactions")+" WHERE tx_hash = ?",
		hex.EncodeToString(h[:]))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func hasValidator(vs *cmttypes.ValidatorSet, key []byte) bool {
	return vs.HasAddress(cmted25519.PubKey(key).Address())
}

// failedWith checks that r is a failed membership change whose message
// contains want.
func failedWith(t testing.TB, name string, r *consensus.TxResult, want string) {
	t.Helper()
	if r.OK() || r.Failed != 0 || len(r.Statements) == 0 || r.Statements[0].Code == 0 || r.Membership != nil {
		t.Errorf("%s: result %+v; want failed", name, r)
		return
	}
	if !strings.Contains(r.Statements[0].Message, want) {
		t.Errorf("%s: message %q, want it to mention %q", name, r.Statements[0].Message, want)
	}
}

func TestMembershipEngineSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	open := func(t *testing.T) drivers.Driver { return openSQLite(t, path) }
	testMembershipEngine(t, open, open)
}

func TestMembershipEngineMariaDB(t *testing.T) {
	first := openMariaDB(t)
	prefix := first.(*mysql.Driver).Prefix()
	opened := false
	open := func(t *testing.T) drivers.Driver {
		if !opened {
			opened = true
			return first
		}
		d, err := mysql.Open(mariaDSN, prefix)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	testMembershipEngine(t, open, open)
}

// testMembershipEngine applies an accepted change, checks the engine
// follows it and logs it, and that a reopened database still knows it.
func testMembershipEngine(t *testing.T, open, reopen func(*testing.T) drivers.Driver) {
	genesis, keys := netGenesis(t)
	newVal, newNode := netKey(50), netPub(netKey(61))
	c := newChain(t)
	e := newNetEngine(t, open(t), genesis)
	if e.Membership() == nil || !bytes.Equal(e.Membership().Validators().Hash(), genesis.Validators().Hash()) {
		t.Fatal("a new engine does not start from the genesis membership")
	}
	applyOne(t, e, c.block(c.tx("", "CREATE DATABASE app")))
	change := netChange(genesis, []consensus.PowerChange{{Key: netPub(newVal), Power: 10}},
		[]consensus.NodeChange{{Key: newNode, Authorized: true}}, keys[:3]...)
	res, hash := applyOne(t, e, c.block(change))
	r := res[0]
	if !r.OK() || r.Membership == nil || r.Membership.Height != 2 || len(r.Membership.Validators) != 1 ||
		!bytes.Equal(r.Membership.Validators[0].Key, netPub(newVal)) {
		t.Fatalf("accepted change: result %+v (membership %+v)", r, r.Membership)
	}
	m := e.Membership()
	if m.Power(netPub(newVal)) != 10 || !hasValidator(m.Validators(), netPub(newVal)) || !m.Authorized(newNode) {
		t.Fatalf("engine membership after the change: power %d, authorized %v", m.Power(netPub(newVal)), m.Authorized(newNode))
	}
	if hasValidator(m.ValidatorsAt(3), netPub(newVal)) || !hasValidator(m.ValidatorsAt(4), netPub(newVal)) {
		t.Error("the validator added at height 2 must sign from height 4, not before")
	}
	if got := txOutcomes(t, e.Driver(), change); len(got) != 1 || got[0] != "ok" {
		t.Errorf("operation log outcomes %v for the change, want [ok]", got)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := newNetEngine(t, reopen(t), genesis)
	if e2.Height() != 2 || !bytes.Equal(e2.AppHash(), hash) {
		t.Fatalf("reopened at height %d hash %x, want 2 %x", e2.Height(), e2.AppHash(), hash)
	}
	m2 := e2.Membership()
	if m2 == nil || m2.Power(netPub(newVal)) != 10 || !m2.Authorized(newNode) || len(m2.Events()) != 1 ||
		!bytes.Equal(m2.Validators().Hash(), m.Validators().Hash()) {
		t.Fatalf("reopened membership lost the change: %+v", m2)
	}
	// The reopened engine checks changes against the set after the
	// change: one signed against the genesis set is stale, one signed
	// against the new set, with the new validator's signature, passes.
	stale := netChange(genesis, []consensus.PowerChange{{Key: netPub(netKey(51)), Power: 10}}, nil, keys...)
	fresh := netChange(m2, []consensus.PowerChange{{Key: netPub(keys[3])}}, nil, keys[0], keys[1], keys[2], newVal)
	res, _ = applyOne(t, e2, c.block(stale, fresh))
	failedWith(t, "stale change", res[0], "sign it again")
	if !res[1].OK() || res[1].Membership == nil {
		t.Fatalf("change signed by 4 of 5 against the new set: %+v", res[1])
	}
	if m3 := e2.Membership(); m3.Power(netPub(keys[3])) != 0 || m3.Power(netPub(netKey(51))) != 0 || len(m3.Events()) != 2 {
		t.Errorf("after the third block: %d events, removed validator's power %d", len(m3.Events()), m3.Power(netPub(keys[3])))
	}
	if err := e2.Close(); err != nil {
		t.Fatal(err)
	}

	if e3 := newNetEngine(t, reopen(t), nil); e3.Membership() != nil {
		t.Error("an engine opened without the genesis membership reports one")
	}
}

func TestMembershipUnderSignedFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	genesis, keys := netGenesis(t)
	newVal := netPub(netKey(50))
	c := newChain(t)
	e := newNetEngine(t, openSQLite(t, path), genesis)
	weak := netChange(genesis, []consensus.PowerChange{{Key: newVal, Power: 10}}, nil, keys[:2]...)
	res, hash := applyOne(t, e, c.block(weak))
	failedWith(t, "signed by 2 of 4", res[0], "more than 2/3")
	m := e.Membership()
	if m.Power(newVal) != 0 || len(m.Events()) != 0 || !bytes.Equal(m.Validators().Hash(), genesis.Validators().Hash()) {
		t.Errorf("a refused change changed the membership: %d events", len(m.Events()))
	}
	if got := txOutcomes(t, e.Driver(), weak); len(got) != 1 || got[0] != "error" {
		t.Errorf("operation log outcomes %v for the refused change, want [error]", got)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newNetEngine(t, openSQLite(t, path), genesis)
	if !bytes.Equal(e2.AppHash(), hash) || len(e2.Membership().Events()) != 0 {
		t.Errorf("reopened: %d events", len(e2.Membership().Events()))
	}
}

func TestMembershipWithoutGenesisFails(t *testing.T) {
	genesis, keys := netGenesis(t)
	e := newNetEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")), nil)
	c := newChain(t)
	change := netChange(genesis, []consensus.PowerChange{{Key: netPub(netKey(50)), Power: 10}}, nil, keys...)
	res, _ := applyOne(t, e, c.block(change))
	failedWith(t, "no genesis membership", res[0], "genesis membership")
	if e.Membership() != nil {
		t.Error("an engine without the genesis membership reports one")
	}
	if got := txOutcomes(t, e.Driver(), change); len(got) != 1 || got[0] != "error" {
		t.Errorf("operation log outcomes %v, want [error]", got)
	}
}

// TestMembershipOutcomeInAppHash: engines deciding a change alike reach
// the same AppHash; the same block with the change refused (an engine
// that does not know the membership) gives another.
func TestMembershipOutcomeInAppHash(t *testing.T) {
	genesis, keys := netGenesis(t)
	c := newChain(t)
	blocks := []consensus.Block{
		c.block(c.tx("", "CREATE DATABASE app")),
		c.block(netChange(genesis, []consensus.PowerChange{{Key: netPub(netKey(50)), Power: 10}}, nil, keys[:3]...),
			c.tx("", "CREATE DATABASE other")),
	}
	dir := t.TempDir()
	a := newNetEngine(t, openSQLite(t, filepath.Join(dir, "a.db")), genesis)
	b := newNetEngine(t, openSQLite(t, filepath.Join(dir, "b.db")), genesis)
	without := newNetEngine(t, openSQLite(t, filepath.Join(dir, "c.db")), nil)
	for i, blk := range blocks {
		ra, ha := applyOne(t, a, blk)
		_, hb := applyOne(t, b, blk)
		rc, hc := applyOne(t, without, blk)
		if !bytes.Equal(ha, hb) {
			t.Errorf("block %d: two engines with the same genesis reach different AppHashes", blk.Height)
		}
		if i == 0 && !bytes.Equal(ha, hc) {
			t.Fatal("block 1 (no change): AppHash depends on the membership option")
		}
		if i == 1 {
			if !ra[0].OK() || rc[0].OK() {
				t.Fatalf("change: %+v with the genesis membership, %+v without", ra[0], rc[0])
			}
			if bytes.Equal(ha, hc) {
				t.Error("the same block has the same AppHash whether the change was accepted or refused")
			}
		}
	}
}

// TestMembershipSecondChangeStale: two changes signed against the same
// set in one block: the second is checked against the set the first left.
func TestMembershipSecondChangeStale(t *testing.T) {
	genesis, keys := netGenesis(t)
	e := newNetEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")), genesis)
	c := newChain(t)
	first := netChange(genesis, []consensus.PowerChange{{Key: netPub(netKey(50)), Power: 10}}, nil, keys...)
	second := netChange(genesis, []consensus.PowerChange{{Key: netPub(netKey(51)), Power: 10}}, nil, keys...)
	res, _ := applyOne(t, e, c.block(first, second))
	if !res[0].OK() {
		t.Fatalf("first change: %+v", res[0])
	}
	failedWith(t, "second change", res[1], "sign it again")
	if m := e.Membership(); m.Power(netPub(netKey(50))) != 10 || m.Power(netPub(netKey(51))) != 0 || len(m.Events()) != 1 {
		t.Errorf("membership after the block: %d events", len(m.Events()))
	}
}

// TestMembershipDuplicateRefused: a change included again is refused as a
// duplicate, even one that would still pass the membership checks (a
// node change leaves the validator set hash as it was).
func TestMembershipDuplicateRefused(t *testing.T) {
	genesis, keys := netGenesis(t)
	e := newNetEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")), genesis)
	c := newChain(t)
	node := netPub(netKey(61))
	auth := netChange(genesis, nil, []consensus.NodeChange{{Key: node, Authorized: true}}, keys[:3]...)
	withdraw := netChange(genesis, nil, []consensus.NodeChange{{Key: node}}, keys[:3]...)
	for _, blk := range []consensus.Block{c.block(auth), c.block(withdraw)} {
		if res, _ := applyOne(t, e, blk); !res[0].OK() {
			t.Fatalf("block %d: %+v", blk.Height, res[0])
		}
	}
	res, _ := applyOne(t, e, c.block(auth))
	if res[0].OK() || res[0].Statements[0].Code != replay.ErDuplicateTx {
		t.Errorf("the authorization again: %+v; want a duplicate", res[0])
	}
	if m := e.Membership(); m.Authorized(node) || len(m.Events()) != 2 {
		t.Errorf("after the duplicate: authorized %v, %d events; want false, 2", m.Authorized(node), len(m.Events()))
	}
}

// TestMembershipBackendsAgree: SQLite and MariaDB decide membership
// changes alike, with identical AppHashes.
func TestMembershipBackendsAgree(t *testing.T) {
	maria := openMariaDB(t)
	genesis, keys := netGenesis(t)
	c := newChain(t)
	good := netChange(genesis, []consensus.PowerChange{{Key: netPub(netKey(50)), Power: 10}}, nil, keys[:3]...)
	weak := netChange(genesis, []consensus.PowerChange{{Key: netPub(netKey(51)), Power: 10}}, nil, keys[:1]...)
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE app")), c.block(weak, good)}
	a := newNetEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")), genesis)
	b := newNetEngine(t, maria, genesis)
	for _, blk := range blocks {
		ra, ha := applyOne(t, a, blk)
		rb, hb := applyOne(t, b, blk)
		for i := range ra {
			if !bytes.Equal(ra[i].Consensus(), rb[i].Consensus()) {
				t.Errorf("block %d tx %d: sqlite %+v, mariadb %+v", blk.Height, i, ra[i], rb[i])
			}
		}
		if !bytes.Equal(ha, hb) {
			t.Fatalf("block %d: AppHash differs", blk.Height)
		}
	}
	if !bytes.Equal(a.Membership().Validators().Hash(), b.Membership().Validators().Hash()) ||
		b.Membership().Power(netPub(netKey(50))) != 10 {
		t.Error("the backends' memberships differ")
	}
}

func TestPGMembership(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pg.db")
	genesis, keys := netGenesis(t)
	open := func(m *consensus.Membership) *replay.PGEngine {
		t.Helper()
		d, err := sqlite.OpenPG(path)
		if err != nil {
			t.Fatal(err)
		}
		var opts []replay.PGOption
		if m != nil {
			opts = append(opts, replay.PGWithGenesisMembership(m))
		}
		e, err := replay.NewPG(ctx, d, opts...)
		if err != nil {
			d.Close()
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	newVal := netPub(netKey(50))
	weak := netChange(genesis, []consensus.PowerChange{{Key: newVal, Power: 10}}, nil, keys[:2]...)
	good := netChange(genesis, []consensus.PowerChange{{Key: newVal, Power: 10}}, nil, keys[:3]...)
	c := newChain(t)
	blk := c.block(weak, good)

	e := open(genesis)
	res, hash, err := e.ApplyBlock(ctx, blk)
	if err != nil {
		t.Fatal(err)
	}
	failedWith(t, "signed by 2 of 4", res[0], "more than 2/3")
	if !res[1].OK() || res[1].Membership == nil {
		t.Fatalf("signed by 3 of 4: %+v", res[1])
	}
	if m := e.Membership(); m.Power(newVal) != 10 || len(m.Events()) != 1 {
		t.Fatalf("membership after the block: power %d, %d events", m.Power(newVal), len(m.Events()))
	}
	dtx, err := e.Driver().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, raw := range blk.Txs {
		h := consensus.Hash(raw)
		got, err := dtx.QueryStrings(ctx, "SELECT outcome FROM blocksql.transactions WHERE tx_hash = $1", hex.EncodeToString(h[:]))
		if want := []string{"error", "ok"}[i]; err != nil || len(got) != 1 || got[0] != want {
			t.Errorf("operation log of tx %d: %v, %v; want [%s]", i, got, err, want)
		}
	}
	_ = dtx.Rollback()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := open(genesis)
	if m := e2.Membership(); m == nil || m.Power(newVal) != 10 || !bytes.Equal(e2.AppHash(), hash) {
		t.Fatal("the reopened postgres-dialect database lost the change")
	}
	if err := e2.Close(); err != nil {
		t.Fatal(err)
	}

	// Another database without the membership refuses the change: a
	// different outcome, a different AppHash.
	path = filepath.Join(t.TempDir(), "other.db")
	e3 := open(nil)
	res, other, err := e3.ApplyBlock(ctx, blk)
	if err != nil {
		t.Fatal(err)
	}
	failedWith(t, "without the genesis membership", res[1], "genesis membership")
	if bytes.Equal(other, hash) {
		t.Error("the same block has the same AppHash whether the change was accepted or refused")
	}
}
