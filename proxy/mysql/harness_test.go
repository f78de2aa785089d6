package mysql_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
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

	_ "github.com/go-sql-driver/mysql"
)

// The node wires these two into proxy.NewSession.
var (
	_ proxy.Chain    = (*consensus.Node)(nil)
	_ proxy.Database = (*replay.Engine)(nil)
)

// localChain orders each submitted transaction into its own block and
// applies it with the real apply engine, as a single-validator node does,
// without CometBFT in between.
type localChain struct {
	mu    sync.Mutex
	eng   *replay.Engine
	key   ed25519.PrivateKey
	nonce uint64
	// blocks and results are every block applied and its outcome, for
	// replays.
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

// WaitApplied: ApplyBlock commits before Submit returns.
func (c *localChain) WaitApplied(context.Context) error { return nil }

// testNode is a frontend serving a SQLite-backed engine on 127.0.0.1:0.
type testNode struct {
	addr  string
	port  string
	eng   *replay.Engine
	chain *localChain
}

// backends are the local databases the wire tests run against. MariaDB
// is used when it answers on 127.0.0.1:3306, under a fresh name prefix.
var backends = []string{"sqlite", "mariadb"}

const mariaDSN = "root@tcp(127.0.0.1:3306)/"

// forEachBackend runs f as a subtest per backend.
func forEachBackend(t *testing.T, f func(t *testing.T, backend string)) {
	for _, b := range backends {
		t.Run(b, func(t *testing.T) { f(t, b) })
	}
}

func openDriver(t *testing.T, backend string) drivers.Driver {
	t.Helper()
	if backend == "sqlite" {
		drv, err := sqlite.Open(filepath.Join(t.TempDir(), "node.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { drv.Close() })
		return drv
	}
	if db, err := sql.Open("mysql", mariaDSN); err != nil || db.Ping() != nil {
		t.Skip("MariaDB is not reachable at 127.0.0.1:3306")
	} else {
		db.Close()
	}
	prefix := fmt.Sprintf("blocksql_test_%d_", time.Now().UnixNano()%1e9)
	drv, err := mysqldrv.Open(mariaDSN, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		drv.Close()
		_ = mysqldrv.DropPrefix(context.Background(), mariaDSN, prefix)
	})
	return drv
}

func startNode(t *testing.T, cfg mysqlfront.Config) *testNode {
	return startNodeOn(t, cfg, "sqlite")
}

func startNodeOn(t *testing.T, cfg mysqlfront.Config, backend string) *testNode {
	t.Helper()
	return startNodeWith(t, cfg, backend, nil)
}

func startNodeLogged(t *testing.T, cfg mysqlfront.Config, log *slog.Logger) *testNode {
	t.Helper()
	return startNodeWith(t, cfg, "sqlite", log)
}

func startNodeWith(t *testing.T, cfg mysqlfront.Config, backend string, log *slog.Logger) *testNode {
	t.Helper()
	drv := openDriver(t, backend)
	ctx, cancel := context.WithCancel(context.Background())
	eng, err := replay.New(ctx, drv, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	chain := &localChain{eng: eng, key: key}
	if cfg.Accounts == nil {
		cfg.Accounts = eng
	}
	srv, err := mysqlfront.New(cfg, func(c proxy.Client) *proxy.Session {
		return proxy.NewSession(chain, eng, c)
	}, log)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
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
	return &testNode{addr: l.Addr().String(), port: port, eng: eng, chain: chain}
}

// open connects with go-sql-driver/mysql; extra is appended to the DSN query.
func (n *testNode) open(t *testing.T, userPass, db, extra string) *sql.DB {
	t.Helper()
	dsn := fmt.Sprintf("%s@tcp(%s)/%s?%s", userPass, n.addr, db, extra)
	conn, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func mustExec(t *testing.T, db interface {
	Exec(string, ...any) (sql.Result, error)
}, query string, args ...any) sql.Result {
	t.Helper()
	res, err := db.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// queryStrings returns every row of a query as strings ("NULL" for NULL).
func queryStrings(t *testing.T, db interface {
	Query(string, ...any) (*sql.Rows, error)
}, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return scanStrings(t, query, rows)
}

// scanStrings reads every row as strings and closes rows.
func scanStrings(t *testing.T, query string, rows *sql.Rows) [][]string {
	t.Helper()
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: scan: %v", query, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
			if !v.Valid {
				row[i] = "NULL"
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}
