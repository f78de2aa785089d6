package consensus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
)

const signerChain = "signer-test"

func signerVote(typ cmtproto.SignedMsgType, height int64, round int32, block byte, ts time.Time) *cmtproto.Vote {
	return &cmtproto.Vote{
		Type: typ, Height: height, Round: round, Timestamp: ts,
		BlockID: cmtproto.BlockID{Hash: make32(block), PartSetHeader: cmtproto.PartSetHeader{Total: 1, Hash: make32(block + 1)}},
	}
}

func make32(b byte) []byte {
	out := make([]byte, 32)
	for i := range out {
		out[i] = b
	}
	return out
}

// newTestSigner makes a signer the way init does: from a fresh FilePV
// JSON state, which it replaces.
func newTestSigner(t *testing.T) (*Signer, cmted25519.PrivKey, string) {
	t.Helper()
	dir := t.TempDir()
	key := cmted25519.GenPrivKey()
	json := filepath.Join(dir, "priv_validator_state.json")
	pv := privval.NewFilePV(key, filepath.Join(dir, "key.json"), json)
	pv.LastSignState.Save()
	s, err := OpenSigner(key, SignerStatePath(json), json)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := os.Stat(json); !os.IsNotExist(err) {
		t.Fatalf("the JSON state is still there after the signer took it over: %v", err)
	}
	return s, key, json
}

// TestSignerSignsAsFilePV runs one sequence of requests through the
// signer and through CometBFT's FilePV with the same key: every answer
// (signature, timestamp, refusal) must be the same.
func TestSignerSignsAsFilePV(t *testing.T) {
	s, key, _ := newTestSigner(t)
	dir := t.TempDir()
	pv := privval.NewFilePV(key, filepath.Join(dir, "key.json"), filepath.Join(dir, "state.json"))
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	type req struct {
		vote *cmtproto.Vote
		prop *cmtproto.Proposal
	}
	prop := func(h int64, r int32, ts time.Time) req {
		return req{prop: &cmtproto.Proposal{Type: cmtproto.ProposalType, Height: h, Round: r, PolRound: -1, Timestamp: ts,
			BlockID: cmtproto.BlockID{Hash: make32(7), PartSetHeader: cmtproto.PartSetHeader{Total: 1, Hash: make32(8)}}}}
	}
	vote := func(typ cmtproto.SignedMsgType, h int64, r int32, block byte, ts time.Time) req {
		return req{vote: signerVote(typ, h, r, block, ts)}
	}
	steps := []req{
		prop(1, 0, t0),
		prop(1, 0, t0),                  // the same again: the stored signature
		prop(1, 0, t0.Add(time.Second)), // only the time differs: the stored signature and time
		vote(cmttypes.PrevoteType, 1, 0, 1, t0),
		vote(cmttypes.PrevoteType, 1, 0, 1, t0.Add(time.Second)),
		vote(cmttypes.PrevoteType, 1, 0, 2, t0), // another block at the same step: refused
		vote(cmttypes.PrecommitType, 1, 0, 1, t0),
		prop(1, 0, t0),                          // a step back: refused
		vote(cmttypes.PrevoteType, 1, 1, 3, t0), // next round
		vote(cmttypes.PrevoteType, 2, 0, 4, t0),
		vote(cmttypes.PrecommitType, 1, 5, 4, t0), // a height back: refused
		vote(cmttypes.PrecommitType, 2, 0, 4, t0),
	}
	for i, r := range steps {
		var errS, errF error
		var a, b interface{ String() string }
		if r.vote != nil {
			vs, vf := *r.vote, *r.vote
			errS, errF = s.SignVote(signerChain, &vs, true), pv.SignVote(signerChain, &vf, true)
			a, b = &vs, &vf
		} else {
			ps, pf := *r.prop, *r.prop
			errS, errF = s.SignProposal(signerChain, &ps), pv.SignProposal(signerChain, &pf)
			a, b = &ps, &pf
		}
		if (errS == nil) != (errF == nil) {
			t.Fatalf("step %d: signer error %v, FilePV error %v", i, errS, errF)
		}
		if a.String() != b.String() {
			t.Fatalf("step %d: signer answered\n%s\nFilePV\n%s", i, a, b)
		}
	}
}

func TestSignerStateSurvivesRestart(t *testing.T) {
	s, key, json := newTestSigner(t)
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	first := signerVote(cmttypes.PrevoteType, 5, 0, 1, t0)
	if err := s.SignVote(signerChain, first, false); err != nil {
		t.Fatal(err)
	}
	path := SignerStatePath(json)
	for i, v := range []*cmtproto.Vote{
		signerVote(cmttypes.PrevoteType, 5, 0, 1, t0),
		signerVote(cmttypes.PrecommitType, 5, 0, 1, t0),
		signerVote(cmttypes.PrevoteType, 6, 0, 2, t0),
	} {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		var err error
		if s, err = OpenSigner(key, path, json); err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if err := s.SignVote(signerChain, v, false); err != nil {
			t.Fatalf("vote %d after a restart: %v", i, err)
		}
		if i == 0 && string(v.Signature) != string(first.Signature) {
			t.Fatal("the same vote after a restart got another signature")
		}
	}
	s.Close()
	s, err := OpenSigner(key, path, json)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The state on disk is height 6's prevote: the precommit of height 5
	// it signed before is a regression, another block at 6 a conflict.
	if err := s.SignVote(signerChain, signerVote(cmttypes.PrecommitType, 5, 0, 1, t0), false); err == nil ||
		!strings.Contains(err.Error(), "height regression") {
		t.Fatalf("height 5 after height 6 was signed: %v", err)
	}
	if err := s.SignVote(signerChain, signerVote(cmttypes.PrevoteType, 6, 0, 3, t0), false); err == nil ||
		!strings.Contains(err.Error(), "conflicting data") {
		t.Fatalf("another block at height 6's prevote: %v", err)
	}
}

// TestSignerTornWrite: a crash while a state is written leaves its slot
// unreadable; the signer reads the state before it (whose successor's
// signature never left), and refuses a file with no readable slot.
func TestSignerTornWrite(t *testing.T) {
	s, key, json := newTestSigner(t)
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	for h := int64(1); h <= 3; h++ {
		if err := s.SignVote(signerChain, signerVote(cmttypes.PrevoteType, h, 0, byte(h), t0), false); err != nil {
			t.Fatal(err)
		}
	}
	newest := int64(s.seq%2) * signerSlotSize
	s.Close()
	path := SignerStatePath(json)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Part of the slot written: the rest of its payload is still the
	// state it held before (zeros here).
	if _, err := f.WriteAt(make([]byte, 200), newest+int64(signerHeader)+40); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, err = OpenSigner(key, path, json)
	if err != nil {
		t.Fatal(err)
	}
	if s.last.Height != 2 {
		t.Fatalf("after a torn write of height 3 the signer reads height %d, want 2", s.last.Height)
	}
	// Height 3 again is signed anew (its signature never left), with the
	// same bytes as before since ed25519 is deterministic.
	if err := s.SignVote(signerChain, signerVote(cmttypes.PrevoteType, 3, 0, 3, t0), false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, _ = os.OpenFile(path, os.O_RDWR, 0)
	for _, off := range []int64{10, signerSlotSize + 10} {
		f.WriteAt([]byte{0xff, 0xff}, off)
	}
	f.Close()
	if _, err := OpenSigner(key, path, json); err == nil || !strings.Contains(err.Error(), "refusing to sign") {
		t.Fatalf("a state file with no readable slot: %v", err)
	}
}

// TestSignerImportsFilePVState: a home whose state CometBFT's FilePV wrote
// (a node from before the signer) keeps it.
func TestSignerImportsFilePVState(t *testing.T) {
	dir := t.TempDir()
	key := cmted25519.GenPrivKey()
	json := filepath.Join(dir, "priv_validator_state.json")
	pv := privval.NewFilePV(key, filepath.Join(dir, "key.json"), json)
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	v := signerVote(cmttypes.PrecommitType, 41, 2, 9, t0)
	if err := pv.SignVote(signerChain, v, false); err != nil {
		t.Fatal(err)
	}
	s, err := OpenSigner(key, SignerStatePath(json), json)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	again := signerVote(cmttypes.PrecommitType, 41, 2, 9, t0.Add(time.Minute))
	if err := s.SignVote(signerChain, again, false); err != nil {
		t.Fatal(err)
	}
	if string(again.Signature) != string(v.Signature) || !again.Timestamp.Equal(t0) {
		t.Fatal("the precommit FilePV signed was not answered with its stored signature and time")
	}
	if err := s.SignVote(signerChain, signerVote(cmttypes.PrevoteType, 41, 2, 9, t0), false); err == nil {
		t.Fatal("a prevote after FilePV's precommit at the same round was signed")
	}
}

// TestStockSignerKeepsTheState: the benchmark's FilePV baseline starts
// from the home's signer state, and a later start with the signer takes
// over what FilePV signed since.
func TestStockSignerKeepsTheState(t *testing.T) {
	home := t.TempDir()
	if err := Init(home, InitOptions{P2PListen: freeP2P(t)}); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	sign := func(stock bool, v *cmtproto.Vote) error {
		t.Helper()
		pv, closer, err := loadSigner(c, stock)
		if err != nil {
			t.Fatal(err)
		}
		defer closer.Close()
		return pv.SignVote(signerChain, v, false)
	}
	if err := sign(false, signerVote(cmttypes.PrevoteType, 7, 0, 1, t0)); err != nil {
		t.Fatal(err)
	}
	if err := sign(true, signerVote(cmttypes.PrevoteType, 6, 0, 1, t0)); err == nil {
		t.Fatal("FilePV signed height 6 after the signer signed height 7")
	}
	if err := sign(true, signerVote(cmttypes.PrevoteType, 8, 0, 2, t0)); err != nil {
		t.Fatal(err)
	}
	if err := sign(false, signerVote(cmttypes.PrevoteType, 8, 0, 3, t0)); err == nil ||
		!strings.Contains(err.Error(), "conflicting data") {
		t.Fatalf("the signer after FilePV signed height 8: %v", err)
	}
}
