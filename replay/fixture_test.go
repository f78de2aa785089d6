package replay_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/consensus/consensustest"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// liveChain is a real one-validator chain made by a CometBFT node applying
// to SQLite, then stopped: its home holds the pebble block store and the
// node's own database.
type liveChain struct {
	home   string
	dbPath string
	// inserted[k] is the tx that inserted item k+1 (one tx per block).
	inserted []placed
	// batch holds the txs of a block with several transactions.
	batch  []placed
	tip    int64
	digest string // the node's state digest at the tip
}

type placed struct {
	hash   []byte
	height int64
}

var (
	fixtureOnce sync.Once
	fixture     *liveChain
	fixtureErr  error
)

// sharedChain builds the chain once per test binary. Tests must not write
// to its home; copyHome gives a private copy.
func sharedChain(t *testing.T) *liveChain {
	t.Helper()
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "blocksql-replay-chain")
		if err == nil {
			fixture, err = buildChain(dir)
		}
		fixtureErr = err
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixture
}

const fixtureItems = 12

func buildChain(home string) (*liveChain, error) {
	p2p, err := consensustest.P2P()
	if err != nil {
		return nil, err
	}
	if err := consensus.Init(home, consensus.InitOptions{P2PListen: p2p}); err != nil {
		return nil, err
	}
	lc := &liveChain{home: home, dbPath: filepath.Join(home, "data", "blocksql.db")}
	drv, err := sqlite.Open(lc.dbPath)
	if err != nil {
		return nil, err
	}
	defer drv.Close()
	e, err := replay.New(context.Background(), drv, nil)
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	n, err := consensus.NewNode(home, consensus.NewApp(e, quiet), quiet)
	if err != nil {
		return nil, err
	}
	if err := n.Start(context.Background()); err != nil {
		return nil, err
	}
	err = lc.write(n)
	if stopErr := n.Stop(); err == nil {
		err = stopErr
	}
	if err != nil {
		return nil, err
	}
	d, err := e.Digest(context.Background())
	if err != nil {
		return nil, err
	}
	lc.tip, lc.digest = e.Height(), d.Hash
	return lc, nil
}

// write runs the workload: schema, one insert per block, then updates
// submitted together until one block holds several of them.
func (lc *liveChain) write(n *consensus.Node) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, s := range []string{"CREATE DATABASE shop",
		"CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL, qty INT, updated DATETIME DEFAULT CURRENT_TIMESTAMP)"} {
		if _, err := submit(ctx, n, s); err != nil {
			return err
		}
	}
	for i := 1; i <= fixtureItems; i++ {
		pl, err := submit(ctx, n, fmt.Sprintf("INSERT INTO items (name, qty) VALUES ('item-%02d', %d)", i, i))
		if err != nil {
			return err
		}
		lc.inserted = append(lc.inserted, pl)
	}
	for round := 0; len(lc.batch) == 0 && round < 20; round++ {
		if err := lc.updateTogether(ctx, n, round); err != nil {
			return err
		}
	}
	if len(lc.batch) == 0 {
		return fmt.Errorf("no block held several transactions")
	}
	return nil
}

// updateTogether submits concurrent updates; lc.batch gets the txs of a
// block that holds at least three of them.
func (lc *liveChain) updateTogether(ctx context.Context, n *consensus.Node, round int) error {
	const k = 8
	var wg sync.WaitGroup
	res := make([]placed, k)
	errs := make([]error, k)
	for i := range k {
		wg.Go(func() {
			res[i], errs[i] = submit(ctx, n, fmt.Sprintf("UPDATE items SET qty = qty + 100 WHERE id = %d", i%fixtureItems+1))
		})
	}
	wg.Wait()
	byHeight := map[int64][]placed{}
	for i := range k {
		if errs[i] != nil {
			return errs[i]
		}
		byHeight[res[i].height] = append(byHeight[res[i].height], res[i])
	}
	for _, txs := range byHeight {
		if len(txs) >= 3 {
			lc.batch = txs
		}
	}
	return nil
}

func submit(ctx context.Context, n *consensus.Node, sql string) (placed, error) {
	nodes, err := replay.Parse(replay.NewParser(), sql)
	if err != nil {
		return placed{}, err
	}
	canon, err := replay.Canonical(nodes[0])
	if err != nil {
		return placed{}, err
	}
	tx := &consensus.Tx{Database: "shop", User: "app", ClientAddr: "127.0.0.1:5000",
		Statements: []consensus.Statement{{SQL: sql, Canonical: canon}}}
	if sql == "CREATE DATABASE shop" {
		tx.Database = ""
	}
	r, err := n.Submit(ctx, tx)
	if err != nil {
		return placed{}, fmt.Errorf("%s: %w", sql, err)
	}
	if !r.OK() {
		return placed{}, fmt.Errorf("%s: failed: %+v", sql, r.Statements)
	}
	h := consensus.Hash(tx.Marshal())
	return placed{hash: h[:], height: r.Height}, nil
}

// copyHome copies a chain home so a test can damage it.
func copyHome(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture != nil {
		os.RemoveAll(fixture.home)
	}
	os.Exit(code)
}
