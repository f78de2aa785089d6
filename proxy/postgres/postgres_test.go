package postgres_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/blocksql/blocksql/consensus"
	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
	"github.com/blocksql/blocksql/proxy/postgres"
	"github.com/blocksql/blocksql/replay"
)

const adminDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// testDatabase creates a fresh blocksql_test_<random> database on the local
// PostgreSQL server and drops it when the test ends.
func testDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("PostgreSQL at 127.0.0.1:5432: %v", err)
		}
		t.Skipf("no PostgreSQL at 127.0.0.1:5432: %v", err)
	}
	name := "blocksql_test_" + hex.EncodeToString(randomBytes(6))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close(ctx)
	})
	return strings.Replace(adminDSN, "/postgres?", "/"+name+"?", 1)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// localChain orders every Submit as a block of its own, applied by the
// postgres apply engine, and keeps the blocks for replays.
type localChain struct {
	mu     sync.Mutex
	eng    *replay.PGEngine
	blocks []consensus.Block
	clock  time.Time
}

func (c *localChain) Submit(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clock = c.clock.Add(1500 * time.Millisecond)
	b := consensus.Block{Height: c.eng.Height() + 1, Time: c.clock, Hash: []byte{1}, Txs: [][]byte{tx.Marshal()}}
	if err := c.eng.Check(tx); err != nil {
		return nil, err
	}
	res, _, err := c.eng.ApplyBlock(ctx, b)
	if err != nil {
		return nil, err
	}
	c.blocks = append(c.blocks, b)
	return res[0], nil
}

func (c *localChain) WaitApplied(context.Context) error { return nil }

// SubmitGrouped submits alone: these tests look at one session's writes.
func (c *localChain) SubmitGrouped(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	return c.Submit(ctx, tx)
}

type node struct {
	chain *localChain
	drv   *pgdriver.Driver
	addr  string
}

func startNode(t *testing.T, auth string) *node {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	drv, err := pgdriver.Open(ctx, testDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	eng, err := replay.NewPG(ctx, drv)
	if err != nil {
		t.Fatal(err)
	}
	chain := &localChain{eng: eng, clock: time.Date(2026, 5, 6, 7, 8, 9, 250000000, time.UTC)}
	srv := postgres.New(postgres.Config{Users: map[string]string{"postgres": "secret"}, Auth: auth}, chain, drv.Pool(), nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done; drv.Close() })
	return &node{chain: chain, drv: drv, addr: ln.Addr().String()}
}

func (n *node) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), fmt.Sprintf("postgres://postgres:secret@%s/app?sslmode=prefer", n.addr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func mustExec(t *testing.T, c *pgx.Conn, sql string, args ...any) pgconn.CommandTag {
	t.Helper()
	tag, err := c.Exec(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return tag
}

func wantState(t *testing.T, err error, state string) {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != state {
		t.Fatalf("got %v, want SQLSTATE %s", err, state)
	}
}

// TestPGXWritesReadsAndReplay drives a node with pgx (extended protocol
// with binary parameters, and the simple protocol), then replays its
// chain into a fresh database and compares the state digests.
func TestPGXWritesReadsAndReplay(t *testing.T) {
	n := startNode(t, "md5")
	c := n.connect(t)
	ctx := context.Background()
	mustExec(t, c, "CREATE TABLE acct (id int PRIMARY KEY, name text NOT NULL, bal numeric(10,2), at timestamptz)")
	if tag := mustExec(t, c, "INSERT INTO acct (id, name, bal, at) VALUES ($1, $2, $3, now())", 1, "ann", "10.50"); tag.String() != "INSERT 0 1" {
		t.Fatalf("tag %q", tag)
	}
	mustExec(t, c, "INSERT INTO acct (id, name, bal, at) VALUES (2, 'bob', 3, current_timestamp), (3, 'cy', NULL, NULL)",
		pgx.QueryExecModeSimpleProtocol)
	if tag := mustExec(t, c, "UPDATE acct SET bal = bal + $1 WHERE id <= $2", 1, 2); tag.String() != "UPDATE 2" {
		t.Fatalf("tag %q", tag)
	}
	if tag := mustExec(t, c, "DELETE FROM acct WHERE id = 3"); tag.String() != "DELETE 1" {
		t.Fatalf("tag %q", tag)
	}
	_, err := c.Exec(ctx, "INSERT INTO acct (id, name) VALUES (1, 'dup')")
	wantState(t, err, "23505")
	_, err = c.Exec(ctx, "INSERT INTO acct (id, name, bal) VALUES (9, 'x', random())")
	wantState(t, err, "0A000")

	rows, _ := c.Query(ctx, "SELECT id, name, bal::text, at FROM acct WHERE id > $1 ORDER BY id", 0)
	type acct struct {
		ID   int32
		Name string
		Bal  string
		At   time.Time
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[acct])
	if err != nil {
		t.Fatal(err)
	}
	// Block 2 (first insert) is 2 ticks after the start, block 3 one more.
	start := time.Date(2026, 5, 6, 7, 8, 9, 250000000, time.UTC)
	want := []acct{{1, "ann", "11.50", start.Add(3 * time.Second)}, {2, "bob", "4.00", start.Add(4500 * time.Millisecond)}}
	if len(got) != len(want) {
		t.Fatalf("rows %+v", got)
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Name != want[i].Name || got[i].Bal != want[i].Bal || !got[i].At.Equal(want[i].At) {
			t.Errorf("row %d: got %+v, want %+v", i, got[i], want[i])
		}
	}

	replayed := replayInto(t, n.chain.blocks)
	a, err := n.drv.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, replayed) {
		t.Fatalf("replay digest %x differs from the node's %x", replayed, a)
	}
}

// replayInto applies blocks to a fresh database and returns its digest.
func replayInto(t *testing.T, blocks []consensus.Block) []byte {
	t.Helper()
	ctx := context.Background()
	drv, err := pgdriver.Open(ctx, testDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close()
	eng, err := replay.NewPG(ctx, drv)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if _, _, err := eng.ApplyBlock(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	d, err := drv.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPsql runs the psql client against a node (cleartext password).
func TestPsql(t *testing.T) {
	if _, err := exec.LookPath("psql"); err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatal("psql not found")
		}
		t.Skip("psql not found")
	}
	n := startNode(t, "cleartext")
	host, port, _ := net.SplitHostPort(n.addr)
	psql := func(sql string) (string, error) {
		cmd := exec.Command("psql", "-h", host, "-p", port, "-U", "postgres", "-d", "app", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql)
		cmd.Env = append(os.Environ(), "PGPASSWORD=secret", "PGSSLMODE=prefer")
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	for _, q := range []string{"CREATE TABLE kv (k text PRIMARY KEY, v int)", "INSERT INTO kv VALUES ('a', 1), ('b', 2)", "UPDATE kv SET v = v * 10 WHERE k = 'b'"} {
		if out, err := psql(q); err != nil {
			t.Fatalf("%s: %v: %s", q, err, out)
		}
	}
	out, err := psql("SELECT k, v FROM kv ORDER BY k")
	if err != nil || out != "a|1\nb|20" {
		t.Fatalf("select: %v: %q", err, out)
	}
	out, err = psql("INSERT INTO kv VALUES ('a', 5)")
	if err == nil || !strings.Contains(out, "duplicate key") {
		t.Fatalf("duplicate: %v: %q", err, out)
	}
}
