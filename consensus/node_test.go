package consensus

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus/consensustest"
)

// fileApplier stands in for the apply engine: it keeps its height and
// AppHash in a small file, written with each block, and remembers which
// transactions it applied.
type fileApplier struct {
	path string

	mu      sync.Mutex
	height  int64
	appHash []byte
	applied map[[32]byte]int64 // tx hash → height
	blocks  int
	reject  string        // Check refuses statements containing it
	failAt  int64         // ApplyBlock fails at this height
	delay   time.Duration // ApplyBlock takes this long for a block with transactions
}

func newFileApplier(t *testing.T, dir string) *fileApplier {
	t.Helper()
	a := &fileApplier{path: filepath.Join(dir, "applied"), applied: map[[32]byte]int64{}}
	if b, err := os.ReadFile(a.path); err == nil {
		a.height = int64(binary.BigEndian.Uint64(b))
		a.appHash = b[8:]
	}
	return a
}

func (a *fileApplier) Info(context.Context) (int64, []byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.height, a.appHash, nil
}

func (a *fileApplier) Check(tx *Tx) error {
	for _, s := range tx.Statements {
		if a.reject != "" && strings.Contains(s.SQL, a.reject) {
			return fmt.Errorf("statement %q is not allowed", s.SQL)
		}
	}
	return nil
}

func (a *fileApplier) ApplyBlock(_ context.Context, b Block) ([]*TxResult, []byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if b.Height != a.height+1 {
		return nil, nil, fmt.Errorf("block %d applied after %d", b.Height, a.height)
	}
	if b.Height == a.failAt {
		return nil, nil, errors.New("disk full")
	}
	res := make([]*TxResult, len(b.Txs))
	if len(b.Txs) > 0 {
		time.Sleep(a.delay)
		h := sha256.New()
		h.Write(a.appHash)
		for i, tx := range b.Txs {
			sum := Hash(tx)
			h.Write(sum[:])
			a.applied[sum] = b.Height
			res[i] = &TxResult{Height: b.Height, Failed: -1, Statements: []StmtResult{{RowsAffected: 1}}}
		}
		a.appHash = h.Sum(nil)
	}
	a.height = b.Height
	a.blocks++
	state := binary.BigEndian.AppendUint64(nil, uint64(a.height))
	return res, a.appHash, os.WriteFile(a.path, append(state, a.appHash...), 0o600)
}

func (a *fileApplier) appliedCount() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.applied)
}

func freeP2P(t testing.TB) string { return consensustest.FreeP2P(t) }

func testLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// startNode starts a node on home with applier and stops it at cleanup.
func startNode(t testing.TB, home string, applier Applier) *Node {
	t.Helper()
	return startApp(t, home, NewApp(applier, testLogger()), testLogger())
}

// startApp starts a node on home around app and stops it at cleanup.
func startApp(t testing.TB, home string, app *App, log *slog.Logger) *Node {
	t.Helper()
	n, err := NewNode(home, app, log)
	if err != nil {
		t.Fatalf("NewNode: %v", err)
	}
	if err := n.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := n.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return n
}

func initHome(t testing.TB, opts InitOptions) string {
	t.Helper()
	home := t.TempDir()
	opts.P2PListen = freeP2P(t)
	if err := Init(home, opts); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return home
}

func insert(i int) *Tx {
	return &Tx{
		Database:   "shop",
		User:       "app",
		ClientAddr: "127.0.0.1:50000",
		Statements: []Statement{{
			SQL:       "INSERT INTO t (id) VALUES (?)",
			Canonical: "INSERT INTO `t` (`id`) VALUES (?)",
			Params:    []Value{{Kind: KindInt, Int: int64(i)}},
		}},
	}
}

func submitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// A large write waits longer than the write timeout: a second more per MiB,
// since applying it takes longer (a 32 MiB INSERT answered 1205 on a
// loaded machine).
func TestLargeWriteWaitsLonger(t *testing.T) {
	home := initHome(t, InitOptions{})
	applier := newFileApplier(t, t.TempDir())
	applier.delay = 1500 * time.Millisecond
	n := startNode(t, home, applier)
	n.SetWriteTimeout(500 * time.Millisecond)
	tx := insert(1)
	tx.Statements[0].Params = append(tx.Statements[0].Params, Value{Kind: KindString, Bytes: []byte(strings.Repeat("x", 3<<20))})
	if _, err := n.Submit(submitCtx(t), tx); err != nil {
		t.Fatalf("a 3 MiB write applied in 1.5 s with a 0.5 s write timeout: %v", err)
	}
	if _, err := n.Submit(submitCtx(t), insert(2)); !errors.Is(err, ErrWriteTimeout) {
		t.Fatalf("a small write applied in 1.5 s with a 0.5 s write timeout: %v, want ErrWriteTimeout", err)
	}
}

func TestSubmitConcurrent(t *testing.T) {
	home := initHome(t, InitOptions{})
	applier := newFileApplier(t, t.TempDir())
	n := startNode(t, home, applier)
	ctx := submitCtx(t)

	const workers, each = 64, 8
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			last := int64(0)
			for i := range each {
				res, err := n.Submit(ctx, insert(w*each+i))
				if err != nil {
					errs <- fmt.Errorf("submit: %w", err)
					return
				}
				if !res.OK() || res.Height <= last || res.Statements[0].RowsAffected != 1 {
					errs <- fmt.Errorf("worker %d tx %d: result %+v after height %d", w, i, res, last)
					return
				}
				last = res.Height
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := applier.appliedCount(); got != workers*each {
		t.Errorf("applier saw %d transactions, want %d", got, workers*each)
	}
	if n.app.waiters.len() != 0 {
		t.Errorf("%d waiters left registered", n.app.waiters.len())
	}
}

func TestSubmitSetsSubmitter(t *testing.T) {
	home := initHome(t, InitOptions{})
	n := startNode(t, home, newFileApplier(t, t.TempDir()))
	tx := insert(1)
	if _, err := n.Submit(submitCtx(t), tx); err != nil {
		t.Fatal(err)
	}
	if !ed25519.PublicKey(tx.Node).Equal(n.PubKey()) || tx.Verify() != nil {
		t.Errorf("submitted tx not signed by the node key %x: node %x", n.PubKey(), tx.Node)
	}
}

func TestRejectedTxNeverReachesABlock(t *testing.T) {
	home := initHome(t, InitOptions{})
	applier := newFileApplier(t, t.TempDir())
	applier.reject = "DROP"
	n := startNode(t, home, applier)
	ctx := submitCtx(t)

	forged := insert(2)
	forged.Sign(n.key)
	forged.Statements[0].SQL = "DELETE FROM t" // changed after signing
	short := insert(6)
	short.Sign(n.key)
	short.Signature = short.Signature[:10]
	stranger := insert(3)
	_, otherKey, _ := ed25519.GenerateKey(nil)
	stranger.Sign(otherKey)

	cases := []struct {
		name string
		tx   []byte
		want error
	}{
		{"malformed bytes", []byte("not a transaction"), ErrMalformedTx},
		{"bad signature", forged.Marshal(), ErrBadSignature},
		{"truncated signature", short.Marshal(), ErrBadSignature},
		{"unauthorized node", stranger.Marshal(), ErrUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := n.checkTx(c.tx)
			if !errors.Is(err, c.want) || !errors.Is(err, ErrRejected) {
				t.Fatalf("CheckTx error = %v, want %v", err, c.want)
			}
		})
	}
	t.Run("refused by the applier", func(t *testing.T) {
		tx := insert(4)
		tx.Statements[0].SQL = "DROP TABLE t"
		_, err := n.Submit(ctx, tx)
		if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "not allowed") {
			t.Fatalf("Submit error = %v, want a rejection saying why", err)
		}
	})

	// A valid transaction goes through; the rejected ones are in no block.
	if _, err := n.Submit(ctx, insert(5)); err != nil {
		t.Fatal(err)
	}
	if got := applier.appliedCount(); got != 1 {
		t.Errorf("applier saw %d transactions, want only the valid one", got)
	}
}

func TestUnauthorizedNodeCannotSubmit(t *testing.T) {
	other, _, _ := ed25519.GenerateKey(nil)
	home := initHome(t, InitOptions{AuthorizedNodes: []ed25519.PublicKey{other}})
	n := startNode(t, home, newFileApplier(t, t.TempDir()))
	_, err := n.Submit(submitCtx(t), insert(1))
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Submit error = %v, want ErrUnauthorized", err)
	}
}

func TestRestartResumesFromAppliedHeight(t *testing.T) {
	home := initHome(t, InitOptions{})
	state := t.TempDir()
	applier := newFileApplier(t, state)
	n := startNode(t, home, applier)
	first, err := n.Submit(submitCtx(t), insert(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}

	again := newFileApplier(t, state)
	n2 := startNode(t, home, again)
	if h, _, _ := again.Info(context.Background()); h < first.Height {
		t.Fatalf("after restart the applier is at %d, before it was at %d", h, first.Height)
	}
	second, err := n2.Submit(submitCtx(t), insert(2))
	if err != nil {
		t.Fatal(err)
	}
	if second.Height <= first.Height {
		t.Errorf("height after restart %d, want > %d", second.Height, first.Height)
	}
	// fileApplier refuses a block it already applied, so reaching here
	// means the handshake replayed nothing twice.
}

func TestIdleNodeMakesNoBlocks(t *testing.T) {
	home := initHome(t, InitOptions{})
	n := startNode(t, home, newFileApplier(t, t.TempDir()))
	if _, err := n.Submit(submitCtx(t), insert(1)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the proof block carrying the new AppHash
	before := n.Height()
	time.Sleep(time.Second)
	if after := n.Height(); after != before {
		t.Errorf("idle node went from height %d to %d", before, after)
	}
}

func TestFailedBlockHaltsNode(t *testing.T) {
	home := initHome(t, InitOptions{})
	applier := newFileApplier(t, t.TempDir())
	applier.failAt = 1
	n := startNode(t, home, applier)
	_, err := n.Submit(submitCtx(t), insert(1))
	if !errors.Is(err, ErrHalted) || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Submit error = %v, want the halt with its cause", err)
	}
	select {
	case <-n.App().Halted():
	default:
		t.Fatal("App.Halted not closed")
	}
	if _, err := n.Submit(submitCtx(t), insert(2)); !errors.Is(err, ErrHalted) {
		t.Errorf("Submit on a halted node = %v, want ErrHalted", err)
	}
}

func TestSubmitCancelled(t *testing.T) {
	home := initHome(t, InitOptions{})
	n := startNode(t, home, newFileApplier(t, t.TempDir()))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := n.Submit(ctx, insert(1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Submit with a cancelled context = %v", err)
	}
	if n.app.waiters.len() != 0 {
		t.Error("cancelled Submit left its waiter registered")
	}
}
