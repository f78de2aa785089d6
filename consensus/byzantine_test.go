package consensus

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
)

// TestByzantineProposer: one of four validators is faulty. Its CheckTx and
// ProcessProposal accept anything, and its mempool is handed a malformed
// transaction, one signed by a key outside authorized_nodes, one whose
// signature is forged (it claims an honest node's key) and one it signed
// itself that the apply engine refuses. It gossips them, and every block
// it proposes carries them. The honest validators refuse each in CheckTx,
// reject each of its proposals in ProcessProposal, and keep deciding the
// clients' writes in later rounds: every acknowledged write is applied once
// on every node, none of the faulty transactions on any, and all four reach
// the same AppHash.
func TestByzantineProposer(t *testing.T) {
	const byz = 3
	dir := t.TempDir()
	nodes := make([]NetworkNode, 4)
	for i := range nodes {
		nodes[i] = NetworkNode{Home: filepath.Join(dir, fmt.Sprint(i)), Moniker: fmt.Sprint("v", i),
			P2PListen: freeP2P(t), Validator: true}
	}
	if err := InitNetwork(nodes, InitOptions{ChainID: "byzantine"}); err != nil {
		t.Fatal(err)
	}
	running := make([]*Node, len(nodes))
	appliers := make([]*fileApplier, len(nodes))
	rejections := make([]*recordingHandler, len(nodes))
	for i, n := range nodes {
		appliers[i] = newFileApplier(t, t.TempDir())
		appliers[i].reject = "DROP"
		rejections[i] = &recordingHandler{Handler: testLogger().Handler(), msg: "rejecting proposal", rec: &records{}}
		log := slog.New(rejections[i])
		app := NewApp(appliers[i], log)
		app.byzantine = i == byz
		running[i] = startApp(t, n.Home, app, log)
	}
	ctx := submitCtx(t)
	for _, n := range running {
		for n.CatchingUp() && ctx.Err() == nil {
			time.Sleep(20 * time.Millisecond)
		}
	}

	// Clients write through every node, the faulty one included.
	var (
		mu    sync.Mutex
		acked [][32]byte
		last  int64
		wg    sync.WaitGroup
	)
	stop := make(chan struct{})
	for c := range 8 {
		wg.Go(func() {
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				tx := insert(c*100000 + k)
				res, err := running[c%len(running)].Submit(ctx, tx)
				if err != nil {
					t.Errorf("client %d: %v", c, err)
					return
				}
				mu.Lock()
				acked, last = append(acked, Hash(tx.Marshal())), max(last, res.Height)
				mu.Unlock()
			}
		})
	}

	// One faulty transaction at a time sits in the faulty node's mempool
	// until every honest validator has refused it in CheckTx and rejected a
	// proposal of the faulty node for it.
	faulty := byzantineTxs(running[byz], running[0].PubKey())
	for _, f := range faulty {
		if err := running[byz].checkTx(f.b); err != nil {
			t.Fatalf("the faulty node's mempool refused the %s transaction: %v", f.what, err)
		}
		for i := 0; i < byz; i++ {
			if err := running[i].checkTx(f.b); !errors.Is(err, f.want) {
				t.Errorf("validator %d: CheckTx of the %s transaction: %v, want %v", i, f.what, err, f.want)
			}
		}
		for i := 0; i < byz; i++ {
			for ctx.Err() == nil && !rejections[i].rec.has(f.logged) {
				time.Sleep(20 * time.Millisecond)
			}
			if ctx.Err() != nil {
				t.Fatalf("validator %d did not reject a proposal holding the %s transaction; it rejected: %q", i, f.what, rejections[i].rec.all())
			}
		}
		if err := running[byz].node.Mempool().RemoveTxByKey(cmttypes.Tx(f.b).Key()); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d writes acknowledged up to height %d; proposals rejected by the honest validators: %d, %d, %d",
		len(acked), last, len(rejections[0].rec.all()), len(rejections[1].rec.all()), len(rejections[2].rec.all()))

	for i, n := range running {
		if err := n.WaitHeight(ctx, last); err != nil {
			t.Fatalf("validator %d: %v", i, err)
		}
	}
	waitSameHeight(t, appliers)
	for _, a := range appliers {
		a.mu.Lock()
		defer a.mu.Unlock()
	}
	for i, a := range appliers {
		for _, h := range acked {
			if a.applied[h] == 0 {
				t.Fatalf("validator %d did not apply acknowledged write %x", i, h[:8])
			}
		}
		for _, f := range faulty {
			if at := a.applied[Hash(f.b)]; at != 0 {
				t.Errorf("validator %d applied the %s transaction at height %d", i, f.what, at)
			}
		}
		if a.height != appliers[0].height || !bytes.Equal(a.appHash, appliers[0].appHash) {
			t.Errorf("validator %d at height %d AppHash %x; validator 0 at %d %x", i, a.height, a.appHash, appliers[0].height, appliers[0].appHash)
		}
	}
	if r := rejections[byz].rec.all(); len(r) != 0 {
		t.Errorf("the faulty validator rejected proposals: %q", r)
	}
}

// faultyTx is a transaction an honest node must refuse: CheckTx with
// want, ProcessProposal logging logged.
type faultyTx struct {
	what   string
	b      []byte
	want   error
	logged string
}

// byzantineTxs are the transactions a faulty node hands its mempool.
func byzantineTxs(faulty *Node, honest ed25519.PublicKey) []faultyTx {
	_, outsider, _ := ed25519.GenerateKey(nil)
	unauthorized := insert(-1)
	unauthorized.Sign(outsider)
	forged := insert(-2)
	forged.Sign(outsider)
	forged.Node = honest
	refused := insert(-3)
	refused.Statements[0].SQL = "DROP TABLE t"
	return []faultyTx{
		{"malformed", []byte("BSQL\x7fnot a transaction"), ErrMalformedTx, ErrMalformedTx.Error()},
		{"unauthorized", unauthorized.Marshal(), ErrUnauthorized, ErrUnauthorized.Error()},
		{"forged signature", forged.Marshal(), ErrBadSignature, ErrBadSignature.Error()},
		{"refused by the apply engine", faulty.sign(refused), ErrRejected, `rejected: statement "DROP TABLE t"`},
	}
}

// waitSameHeight waits until every applier is at the same height and
// stays there for a moment: the chain is idle.
func waitSameHeight(t *testing.T, appliers []*fileApplier) {
	t.Helper()
	var prev int64 = -1
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		h, same := appliers[0].heightNow(), true
		for _, a := range appliers[1:] {
			same = same && a.heightNow() == h
		}
		if same && h == prev {
			return
		}
		if same {
			prev = h
		} else {
			prev = -1
		}
	}
	t.Fatal("the validators did not settle at one height")
}

func (a *fileApplier) heightNow() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.height
}

// recordingHandler records the err attribute of the records whose
// message is msg.
type recordingHandler struct {
	slog.Handler
	msg string
	rec *records
}

type records struct {
	mu   sync.Mutex
	errs []string
}

func (r *records) has(sub string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.ContainsFunc(r.errs, func(e string) bool { return strings.Contains(e, sub) })
}

func (r *records) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.errs)
}

func (h *recordingHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "err" {
				h.rec.mu.Lock()
				h.rec.errs = append(h.rec.errs, a.Value.String())
				h.rec.mu.Unlock()
			}
			return true
		})
	}
	return h.Handler.Handle(ctx, r)
}

func (h *recordingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &recordingHandler{Handler: h.Handler.WithAttrs(as), msg: h.msg, rec: h.rec}
}

func (h *recordingHandler) WithGroup(g string) slog.Handler {
	return &recordingHandler{Handler: h.Handler.WithGroup(g), msg: h.msg, rec: h.rec}
}
