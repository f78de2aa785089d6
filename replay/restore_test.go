package replay_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// openStore opens a chain home's block store and a verifier for it.
func openStore(t *testing.T, home string) (*consensus.BlockStore, *replay.ChainVerifier) {
	t.Helper()
	store, err := consensus.OpenBlockStore(home)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store, verifier(t, home)
}

func verifier(t *testing.T, home string) *replay.ChainVerifier {
	t.Helper()
	doc, err := cmttypes.GenesisDocFromFile(filepath.Join(home, "config", "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := replay.NewChainVerifier(doc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// restoreTo rebuilds the chain in src up to target into a new SQLite file.
func restoreTo(t *testing.T, src replay.BlockSource, v *replay.ChainVerifier, target replay.Target) (*replay.Engine, *replay.Report, error) {
	t.Helper()
	stop, err := replay.Resolve(src, target)
	if err != nil {
		return nil, nil, err
	}
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "restored.db")))
	rep, err := (&replay.Restore{Source: src, Verifier: v, Engine: e, Stop: stop}).Run(context.Background())
	return e, rep, err
}

// items returns the names in shop.items, in id order, and the total qty.
func items(t *testing.T, d drivers.Driver) ([]string, int64) {
	t.Helper()
	rows, err := d.ScanTable(context.Background(), "shop", "items", []string{"id"})
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	var sum int64
	for rows.Next() {
		var id, qty int64
		var name string
		var updated any
		if err := rows.Scan(&id, &name, &qty, &updated); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		sum += qty
	}
	return names, sum
}

// TestRestoreTargets restores to each kind of target, inclusive and
// exclusive, and checks the rows a DBA would look at.
func TestRestoreTargets(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	fifth := lc.inserted[4]
	hdr, err := store.Header(fifth.height)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		target replay.Target
		rows   int
		height int64
	}{
		{"height inclusive", replay.Target{Height: fifth.height, Inclusive: true}, 5, fifth.height},
		{"height exclusive", replay.Target{Height: fifth.height}, 4, fifth.height - 1},
		{"time inclusive", replay.Target{Time: hdr.Time, Inclusive: true}, 5, fifth.height},
		{"time exclusive", replay.Target{Time: hdr.Time}, 4, fifth.height - 1},
		{"time between blocks", replay.Target{Time: hdr.Time.Add(time.Nanosecond), Inclusive: true}, 5, fifth.height},
		{"tx inclusive", replay.Target{Tx: fifth.hash, Inclusive: true}, 5, fifth.height},
		{"tx exclusive", replay.Target{Tx: fifth.hash}, 4, fifth.height - 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, rep, err := restoreTo(t, store, v, c.target)
			if err != nil {
				t.Fatal(err)
			}
			names, _ := items(t, e.Driver())
			if len(names) != c.rows || names[len(names)-1] != fmt.Sprintf("item-%02d", c.rows) {
				t.Errorf("restored items %v, want item-01..item-%02d", names, c.rows)
			}
			if rep.Height != c.height || e.Height() != c.height || rep.AppHashVerified != c.height {
				t.Errorf("report height %d, engine %d, AppHash verified through %d; want %d",
					rep.Height, e.Height(), rep.AppHashVerified, c.height)
			}
		})
	}
}

// TestRestoreInsideBlock stops at a transaction in the middle of a block
// holding several: exclusive keeps the ones before it, inclusive adds it.
func TestRestoreInsideBlock(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	b, err := store.Block(lc.batch[0].height)
	if err != nil {
		t.Fatal(err)
	}
	mid := b.Txs[1] // the second of at least three
	h := consensus.Hash(mid)
	for _, inclusive := range []bool{false, true} {
		e, rep, err := restoreTo(t, store, v, replay.Target{Tx: h[:], Inclusive: inclusive})
		if err != nil {
			t.Fatal(err)
		}
		want := 1
		if inclusive {
			want = 2
		}
		applied, total, partial, err := e.Partial(context.Background())
		if err != nil || !partial || applied != want || total != len(b.Txs) || rep.Txs != want {
			t.Errorf("inclusive=%v: partial %v %d/%d (report %d), want %d/%d; err %v",
				inclusive, partial, applied, total, rep.Txs, want, len(b.Txs), err)
		}
		logged := queryInts(t, e.Driver(), fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE height = %d",
			e.Driver().Internal("transactions"), b.Height))
		if logged != int64(want) {
			t.Errorf("inclusive=%v: operation log holds %d txs of block %d, want %d", inclusive, logged, b.Height, want)
		}
	}
}

// TestRestoreBeyondTip: a target past the chain's end names the tip.
func TestRestoreBeyondTip(t *testing.T) {
	lc := sharedChain(t)
	store, _ := openStore(t, lc.home)
	tip, _ := store.Header(store.Height())
	for _, target := range []replay.Target{
		{Height: lc.tip + 1, Inclusive: true},
		{Time: tip.Time.Add(time.Second), Inclusive: true},
	} {
		_, err := replay.Resolve(store, target)
		var bt *replay.BeyondTipError
		if !errors.As(err, &bt) || bt.TipHeight != lc.tip || !bt.TipTime.Equal(tip.Time) {
			t.Errorf("%s: error %v, want beyond tip at height %d time %s", target, err, lc.tip, tip.Time)
		}
	}
	_, err := replay.Resolve(store, replay.Target{Tx: make([]byte, 32), Inclusive: true})
	if !errors.Is(err, replay.ErrTxNotFound) {
		t.Errorf("unknown tx: %v, want ErrTxNotFound", err)
	}
}

// TestRestoreThenCatchUp restores to a middle height, then replays onward
// to the tip on the same database: it ends identical to the live node.
func TestRestoreThenCatchUp(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	mid := lc.inserted[6].height
	e, rep, err := restoreTo(t, store, v, replay.Target{Height: mid, Inclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Digest.Hash == lc.digest {
		t.Fatal("the state at a middle height equals the tip's; the fixture is too small")
	}
	rest := &replay.Restore{Source: store, Verifier: verifier(t, lc.home), Engine: e, Stop: replay.Stop{Height: lc.tip, Txs: -1}}
	rep2, err := rest.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Digest.Hash != lc.digest || rep2.StartHeight != mid || rep2.Height != lc.tip {
		t.Errorf("after catching up from %d to %d: digest %s, live node %s", rep2.StartHeight, rep2.Height, rep2.Digest.Hash, lc.digest)
	}
}

// alteredSource changes one byte of one transaction of one block, as a
// damaged or edited block store would.
type alteredSource struct {
	replay.BlockSource
	height int64
}

func (s alteredSource) Block(h int64) (consensus.Block, error) {
	b, err := s.BlockSource.Block(h)
	if err == nil && h == s.height {
		tx := append([]byte(nil), b.Txs[0]...)
		tx[len(tx)/2] ^= 1
		b.Txs = append([][]byte{tx}, b.Txs[1:]...)
	}
	return b, err
}

func TestTamperedSource(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	bad := lc.inserted[3].height
	_, _, err := restoreTo(t, alteredSource{store, bad}, v, replay.Target{Height: lc.tip, Inclusive: true})
	var te *replay.TamperError
	if !errors.As(err, &te) || te.Height != bad {
		t.Fatalf("restore over an altered block %d: %v, want a TamperError naming it", bad, err)
	}
	t.Log(err)
}

// TestLocalEditDetected edits a restored database behind the engine's back:
// DiffState names the table and the keys that changed.
func TestLocalEditDetected(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	want, _, err := restoreTo(t, store, v, replay.Target{Height: lc.tip, Inclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "edited.db")
	have := newEngine(t, openSQLite(t, path))
	if _, err := (&replay.Restore{Source: store, Verifier: verifier(t, lc.home), Engine: have,
		Stop: replay.Stop{Height: lc.tip, Txs: -1}}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`UPDATE "shop.items" SET qty = 999 WHERE id = 3`, `DELETE FROM "shop.items" WHERE id = 5`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	diffs, err := replay.DiffState(context.Background(), have, want, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(diffs)
	if len(diffs) != 1 || diffs[0].Table != "items" || len(diffs[0].Rows) != 2 ||
		diffs[0].Rows[0] != (replay.RowDiff{Key: "id=3", Change: "changed"}) ||
		diffs[0].Rows[1] != (replay.RowDiff{Key: "id=5", Change: "missing"}) {
		t.Errorf("differences %s, want shop.items id=3 changed and id=5 missing", got)
	}
}

// TestRestoreIntoMariaDB restores the same chain into MariaDB: the state
// digest equals the live SQLite node's.
func TestRestoreIntoMariaDB(t *testing.T) {
	maria := openMariaDB(t)
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	e := newEngine(t, maria)
	rep, err := (&replay.Restore{Source: store, Verifier: v, Engine: e, Stop: replay.Stop{Height: lc.tip, Txs: -1}}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Digest.Hash != lc.digest || rep.AppHashVerified != lc.tip-1 {
		t.Errorf("MariaDB restore: digest %s (live %s), AppHash verified through %d", rep.Digest.Hash, lc.digest, rep.AppHashVerified)
	}
}

// TestBulkRestoreMatchesBlockByBlock: a restore as `blocksql replay` runs
// it (a new SQLite file with its journal in memory and no fsync until it
// is closed, many blocks per local transaction) reaches, at each of several
// heights, the AppHash, state digest and operation log of the same blocks
// applied and committed one at a time as the live node does.
func TestBulkRestoreMatchesBlockByBlock(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	ctx := context.Background()
	tip := store.Height()
	one := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "one.db")))
	for _, h := range []int64{2, tip / 2, tip - 1, tip} {
		for one.Height() < h {
			b, err := store.Block(one.Height() + 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := one.ApplyBlock(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		d, err := sqlite.OpenNew(filepath.Join(t.TempDir(), "bulk.db"))
		if err != nil {
			t.Fatal(err)
		}
		bulk := newEngine(t, d)
		stop, err := replay.Resolve(store, replay.Target{Height: h, Inclusive: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := (&replay.Restore{Source: store, Verifier: v, Engine: bulk, Stop: stop}).Run(ctx); err != nil {
			t.Fatalf("restore to %d: %v", h, err)
		}
		if bulk.Height() != h || !bytes.Equal(bulk.AppHash(), one.AppHash()) {
			t.Fatalf("height %d: restored to %d with AppHash %x, block by block %x", h, bulk.Height(), bulk.AppHash(), one.AppHash())
		}
		a, err := one.Digest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := bulk.Digest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.Hash != b.Hash {
			t.Errorf("height %d: state digest %s restored, %s block by block", h, b.Hash, a.Hash)
		}
		for _, table := range []string{"statements", "transactions", "row_changes", "blocks"} {
			q := "SELECT COUNT(*) FROM " + one.Driver().Internal(table)
			if x, y := queryInts(t, one.Driver(), q), queryInts(t, bulk.Driver(), q); x != y {
				t.Errorf("height %d: %d rows in %s restored, %d block by block", h, y, table, x)
			}
		}
		d.Close()
	}
}

// TestCancelledRestoreKeepsLastCommit: a restore stopped half-way returns
// an error naming the height it stopped at, and its engine is at a height
// it committed whole, with the AppHash of that height.
func TestCancelledRestoreKeepsLastCommit(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	stop, err := replay.Resolve(store, replay.Target{Height: store.Height(), Inclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "cut.db")))
	r := &replay.Restore{Source: store, Verifier: v, Engine: e, Stop: stop,
		Progress: func(p replay.Progress) {
			if p.Height >= 3 {
				cancel()
			}
		}}
	if _, err := r.Run(ctx); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "restore stopped at height 3") {
		t.Fatalf("cancelled restore: %v, want it stopped at height 3", err)
	}
	want := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "want.db")))
	for want.Height() < e.Height() {
		b, err := store.Block(want.Height() + 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := want.ApplyBlock(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(e.AppHash(), want.AppHash()) {
		t.Errorf("after the cancelled restore: height %d AppHash %x, want %x", e.Height(), e.AppHash(), want.AppHash())
	}
	q := "SELECT COUNT(*) FROM " + e.Driver().Internal("blocks")
	if n := queryInts(t, e.Driver(), q); n != queryInts(t, want.Driver(), q) {
		t.Errorf("%d blocks logged after the cancelled restore at height %d", n, e.Height())
	}
}
