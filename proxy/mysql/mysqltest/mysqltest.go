// Package mysqltest starts blocksql nodes for tests: the real MySQL
// frontend, session and apply engine on 127.0.0.1:0, over SQLite or a
// MariaDB server, with each transaction ordered into its own block by an
// in-process chain instead of CometBFT.
package mysqltest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	mysqldrv "github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/proxy"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/replay"

	_ "github.com/go-sql-driver/mysql" // the client every test connects with
)

// MariaDSN is the MariaDB server the tests use as a backend and as a reference.
const MariaDSN = "root@tcp(127.0.0.1:3306)/"

// The node wires these two into proxy.NewSession.
var (
	_ proxy.Chain    = (*consensus.Node)(nil)
	_ proxy.Database = (*replay.Engine)(nil)
)

// localChain orders each submitted transaction into its own block and
// applies it with the real apply engine, as a single-validator node does,
// without CometBFT in between.
type localChain struct {
	mu      sync.Mutex
	grouper *consensus.Grouper // SubmitGrouped, in front of Submit
	eng     *replay.Engine
	key     ed25519.PrivateKey
	nonce   uint64
	// blocks and results are every block applied and its outcome.
	blocks  []consensus.Block
	results []*consensus.TxResult
}

func (c *localChain) Submit(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nonce++
	tx.Nonce = c.nonce
	tx.Sign(c.key)
	if err := c.eng.Check(tx); err != nil {
		return nil, &consensus.RejectedError{Code: consensus.CodeMalformed, Log: err.Error()}
	}
	h := c.eng.Height() + 1
	b := consensus.Block{Height: h, Time: time.Now().UTC(), Hash: []byte(fmt.Sprintf("block-%d", h)),
		Txs: [][]byte{tx.Marshal()}}
	res, _, err := c.eng.ApplyBlock(ctx, b)
	if err != nil {
		return nil, err
	}
	c.blocks, c.results = append(c.blocks, b), append(c.results, res[0])
	return res[0], nil
}

// SubmitGrouped groups concurrent writes as a node does.
func (c *localChain) SubmitGrouped(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	return c.grouper.Submit(ctx, tx)
}

// WaitApplied: ApplyBlock commits before Submit returns.
func (c *localChain) WaitApplied(context.Context) error { return nil }

// Node is a frontend serving an engine on 127.0.0.1:0.
type Node struct {
	Addr   string
	Port   string
	Engine *replay.Engine
	chain  *localChain
}

// Blocks returns the blocks the node applied so far and each one's
// (single) transaction result, for replays.
func (n *Node) Blocks() ([]consensus.Block, []*consensus.TxResult) {
	n.chain.mu.Lock()
	defer n.chain.mu.Unlock()
	return slices.Clone(n.chain.blocks), slices.Clone(n.chain.results)
}

// RequireMariaDB skips t when MariaDB does not answer at MariaDSN, or
// fails it when BLOCKSQL_REQUIRE_BACKENDS=1.
func RequireMariaDB(t testing.TB) {
	t.Helper()
	db, err := sql.Open("mysql", MariaDSN)
	if err == nil {
		err = db.Ping()
		db.Close()
	}
	if err == nil {
		return
	}
	if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
		t.Fatalf("MariaDB not reachable at %s: %v", MariaDSN, err)
	}
	t.Skipf("MariaDB is not reachable at 127.0.0.1:3306 (BLOCKSQL_REQUIRE_BACKENDS=1 makes this fail): %v", err)
}

// TestPrefix is a fresh `blocksql_test_<random>_` name prefix.
func TestPrefix() string {
	return fmt.Sprintf("blocksql_test_%d_", time.Now().UnixNano()%1e9)
}

// OpenDriver opens a fresh local database: "sqlite" in t's temporary
// directory, or "mariadb" under a fresh prefix dropped when t ends.
func OpenDriver(t testing.TB, backend string) drivers.Driver {
	t.Helper()
	if backend == "sqlite" {
		drv, err := sqlite.Open(filepath.Join(t.TempDir(), "node.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { drv.Close() })
		return drv
	}
	RequireMariaDB(t)
	prefix := TestPrefix()
	drv, err := mysqldrv.Open(MariaDSN, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		drv.Close()
		_ = mysqldrv.DropPrefix(context.Background(), MariaDSN, prefix)
	})
	return drv
}

// StartNode serves a fresh engine on backend ("sqlite" or "mariadb")
// until t ends. The engine's accounts log in unless cfg.Accounts is set.
func StartNode(t testing.TB, cfg mysqlfront.Config, backend string) *Node {
	t.Helper()
	return StartNodeLogged(t, cfg, backend, nil)
}

// StartNodeLogged is StartNode with the frontend logging to log.
func StartNodeLogged(t testing.TB, cfg mysqlfront.Config, backend string, log *slog.Logger) *Node {
	t.Helper()
	return StartNodeAt(t, cfg, backend, log, "127.0.0.1:0")
}

// StartNodeAt is StartNodeLogged listening on addr.
func StartNodeAt(t testing.TB, cfg mysqlfront.Config, backend string, log *slog.Logger, addr string) *Node {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return StartNodeOn(t, cfg, backend, log, l)
}

// StartNodeOn is StartNodeLogged serving the connections l accepts.
func StartNodeOn(t testing.TB, cfg mysqlfront.Config, backend string, log *slog.Logger, l net.Listener) *Node {
	t.Helper()
	drv := OpenDriver(t, backend)
	ctx, cancel := context.WithCancel(context.Background())
	eng, err := replay.New(ctx, drv, nil)
	if err != nil {
		cancel()
		l.Close()
		t.Fatal(err)
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	chain := &localChain{eng: eng, key: key}
	chain.grouper = consensus.NewGrouper(chain.Submit)
	if cfg.Accounts == nil {
		cfg.Accounts = eng
	}
	srv, err := mysqlfront.New(cfg, func(c proxy.Client) *proxy.Session {
		return proxy.NewSession(chain, eng, c)
	}, log)
	if err != nil {
		cancel()
		l.Close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return &Node{Addr: l.Addr().String(), Port: port, Engine: eng, chain: chain}
}
