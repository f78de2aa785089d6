package postgres_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/lib/pq"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
	"github.com/blocksql/blocksql/drivers/sqlite"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
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
	nonce  uint64
}

func (c *localChain) Submit(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clock = c.clock.Add(1500 * time.Millisecond)
	c.nonce++
	tx.Nonce = c.nonce // as the node's submitter does: the same statement twice is two transactions
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
	chain   *localChain
	drv     drivers.TextDriver
	addr    string
	backend string
}

// backends are the local databases a postgres-dialect node applies to.
var backends = []string{"postgres", "sqlite"}

// forBackends runs a test against a node on each backend.
func forBackends(t *testing.T, f func(t *testing.T, backend string)) {
	for _, b := range backends {
		t.Run(b, func(t *testing.T) { f(t, b) })
	}
}

func startNode(t *testing.T, auth string) *node {
	t.Helper()
	return startNodeOn(t, "postgres", auth)
}

func startNodeOn(t *testing.T, backend, auth string) *node {
	t.Helper()
	return startNodeWith(t, backend, postgres.Config{Users: map[string]string{"postgres": "secret"}, Auth: auth})
}

// openBackend opens a fresh local database of the backend; pool is the
// PostgreSQL one's read pool, nil for SQLite.
func openBackend(t *testing.T, backend string) (drivers.TextDriver, *pgxpool.Pool) {
	t.Helper()
	if backend == "sqlite" {
		drv, err := sqlite.OpenPG(filepath.Join(t.TempDir(), "node.db"))
		if err != nil {
			t.Fatal(err)
		}
		return drv, nil
	}
	drv, err := pgdriver.Open(context.Background(), testDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	return drv, drv.Pool()
}

func startNodeWith(t *testing.T, backend string, cfg postgres.Config) *node {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	drv, pool := openBackend(t, backend)
	if pool == nil {
		cfg.Reader = drv.(postgres.TextReader)
	}
	eng, err := replay.NewPG(ctx, drv)
	if err != nil {
		t.Fatal(err)
	}
	chain := &localChain{eng: eng, clock: time.Date(2026, 5, 6, 7, 8, 9, 250000000, time.UTC)}
	if cfg.Speculator == nil {
		cfg.Speculator = eng
	}
	srv := postgres.New(cfg, chain, pool, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done; drv.Close() })
	return &node{chain: chain, drv: drv, addr: ln.Addr().String(), backend: backend}
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
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "md5")
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

		n.assertReplaySame(t)
	})
}

// assertReplaySame replays the node's blocks into a fresh database of
// each backend (or of those given) and requires the node's state digest
// from every one.
func (n *node) assertReplaySame(t *testing.T, on ...string) {
	t.Helper()
	a, err := n.drv.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(on) == 0 {
		on = backends
	}
	for _, b := range on {
		if replayed := replayInto(t, b, n.chain.blocks); !bytes.Equal(a, replayed) {
			t.Fatalf("replay on %s: digest %x differs from the %s node's %x", b, replayed, n.backend, a)
		}
	}
}

// replayInto applies blocks to a fresh database and returns its digest.
func replayInto(t *testing.T, backend string, blocks []consensus.Block) []byte {
	t.Helper()
	ctx := context.Background()
	drv, _ := openBackend(t, backend)
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
	forBackends(t, func(t *testing.T, backend string) {
		requirePsql(t)
		n := startNodeOn(t, backend, "cleartext")
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
	})
}

// Hostile clients: a message longer than the limit closes only its
// connection (before its body is read); a client over MaxConnections gets
// 53300; one that never finishes its startup is closed after
// ConnectTimeout. The node keeps serving.
func TestLimits(t *testing.T) {
	n := startNodeWith(t, "postgres", postgres.Config{Users: map[string]string{"postgres": "secret"},
		// ConnectTimeout outlasts two SCRAM logins on a loaded machine, so
		// the raw client still holds its slot when the third one comes
		// (2 s did not, once, beside a differential run).
		MaxMessageBytes: 1 << 20, MaxConnections: 2, ConnectTimeout: 6 * time.Second})
	ctx := context.Background()
	c := n.connect(t)
	mustExec(t, c, "CREATE TABLE t (id int PRIMARY KEY, v text)")
	if _, err := c.Exec(ctx, "INSERT INTO t VALUES (1, $1)", strings.Repeat("x", 2<<20)); err == nil {
		t.Fatal("a 2 MiB message was accepted under a 1 MiB limit")
	}
	if !c.IsClosed() {
		if err := c.Ping(ctx); err == nil {
			t.Fatal("the connection that sent the long message is still open")
		}
	}

	// (sslmode=disable: with prefer, pgx's refused TLS attempt is a
	// connection of its own, which the node may not have closed yet.)
	connect := func() (*pgx.Conn, error) {
		c, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres:secret@%s/app?sslmode=disable", n.addr))
		if err == nil {
			t.Cleanup(func() { c.Close(ctx) })
		}
		return c, err
	}
	// The slot of the connection closed for its long message is freed as
	// its goroutine ends, which may be a moment after the client saw it.
	c2, err := connect()
	for deadline := time.Now().Add(5 * time.Second); err != nil && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		c2, err = connect()
	}
	if err != nil {
		t.Fatal(err)
	}
	// Two logged-in clients fill the node: a third is refused.
	other, err := connect()
	for deadline := time.Now().Add(5 * time.Second); err != nil && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		other, err = connect()
	}
	if err != nil {
		t.Fatal(err)
	}
	_, err = connect()
	wantState(t, err, "53300")
	other.Close(ctx)
	// A client that never sends its startup message holds a slot too, until
	// ConnectTimeout. A closed client's slot is freed when the node's side
	// of it ends, a moment after the client left; a raw client accepted
	// before that is itself refused (it holds no slot), so a client let in
	// beside it only means the raw one is dialed again. It fails if no raw
	// client ever counts.
	var raw net.Conn
	for attempt := 0; ; attempt++ {
		time.Sleep(100 * time.Millisecond)
		if raw, err = net.Dial("tcp", n.addr); err != nil {
			t.Fatal(err)
		}
		c4, err := connect()
		if err != nil {
			wantState(t, err, "53300")
			break
		}
		c4.Close(ctx)
		raw.Close()
		if attempt == 20 {
			t.Fatal("clients were let in beside one logged-in client and one that never started up")
		}
	}
	defer raw.Close()
	_ = raw.SetReadDeadline(time.Now().Add(12 * time.Second))
	if _, err := raw.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a client that never sent its startup message: read %v, want the node to close it", err)
	}
	c3, err := connect()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, c3, "INSERT INTO t VALUES (2, 'y')")
	var count int
	if err := c2.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&count); err != nil || count != 1 {
		t.Fatalf("rows: %d, %v", count, err)
	}
}

// Logins with every method: SCRAM-SHA-256 against a stored verifier (the
// default, also asked for md5), md5 against a stored md5 hash, cleartext
// against either; a wrong password is 28P01. The configuration holds
// hashes only.
func TestAuthMethods(t *testing.T) {
	users := map[string]string{
		"alice": postgres.PasswordHash("alice", "Al1ce-pw", postgres.AuthSCRAM),
		"bob":   postgres.PasswordHash("bob", "B0b-pw", postgres.AuthMD5),
	}
	if !strings.HasPrefix(users["alice"], "SCRAM-SHA-256$4096:") || !strings.HasPrefix(users["bob"], "md5") {
		t.Fatalf("hashes: %v", users)
	}
	ctx := context.Background()
	for _, auth := range []string{"", postgres.AuthMD5, postgres.AuthCleartext} {
		t.Run("auth="+auth, func(t *testing.T) {
			n := startNodeWith(t, "postgres", postgres.Config{Users: users, Auth: auth})
			for _, c := range []struct {
				user, pw string
				ok       bool
			}{{"alice", "Al1ce-pw", true}, {"alice", "B0b-pw", false}, {"bob", "B0b-pw", true}, {"bob", "b0b-pw", false}, {"carol", "x", false}} {
				conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://%s:%s@%s/app?sslmode=disable", c.user, c.pw, n.addr))
				if c.ok && err != nil {
					t.Errorf("%s with the right password: %v", c.user, err)
				}
				if !c.ok {
					wantState(t, err, "28P01")
				}
				if conn != nil {
					conn.Close(ctx)
				}
			}
		})
	}
	// psql (libpq) speaks SCRAM too.
	n := startNodeWith(t, "postgres", postgres.Config{Users: users})
	host, port, _ := net.SplitHostPort(n.addr)
	cmd := exec.Command("psql", "-h", host, "-p", port, "-U", "alice", "-d", "app", "-tA", "-c", "SELECT 6 * 7")
	cmd.Env = append(os.Environ(), "PGPASSWORD=Al1ce-pw", "PGSSLMODE=disable")
	if out, err := cmd.CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "42" {
		t.Fatalf("psql with SCRAM: %v: %s", err, out)
	}
}

// TLS: a client that asks gets it and verifies the node's certificate
// (pgx with verify-full, psql with verify-ca); with RequireTLS a plain
// connection is refused with 28000.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := dir+"/cert.pem", dir+"/key.pem"
	if err := mysqlfront.EnsureCertificate(cert, key); err != nil {
		t.Fatal(err)
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	n := startNodeWith(t, "postgres", postgres.Config{Users: map[string]string{"postgres": "secret"},
		TLS: &tls.Config{Certificates: []tls.Certificate{pair}}, RequireTLS: true})
	ctx := context.Background()
	c, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres:secret@%s/app?sslmode=verify-full&sslrootcert=%s", n.addr, cert))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, ok := c.PgConn().Conn().(*tls.Conn); !ok {
		t.Fatalf("connection is %T, want TLS", c.PgConn().Conn())
	}
	mustExec(t, c, "CREATE TABLE t (id int PRIMARY KEY)")
	mustExec(t, c, "INSERT INTO t VALUES (1)")
	_, err = pgx.Connect(ctx, fmt.Sprintf("postgres://postgres:secret@%s/app?sslmode=disable", n.addr))
	wantState(t, err, "28000")
	host, port, _ := net.SplitHostPort(n.addr)
	cmd := exec.Command("psql", "-h", host, "-p", port, "-U", "postgres", "-d", "app", "-tA", "-c", "SELECT count(*) FROM t")
	cmd.Env = append(os.Environ(), "PGPASSWORD=secret", "PGSSLMODE=verify-ca", "PGSSLROOTCERT="+cert)
	if out, err := cmd.CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Fatalf("psql over TLS: %v: %s", err, out)
	}
}

// A client's cancel request (psql sends one on ^C; pgx with
// PgConn.CancelRequest) stops the statement with 57014, and the connection
// goes on.
func TestCancelRequest(t *testing.T) {
	n := startNode(t, "")
	c := n.connect(t)
	ctx := context.Background()
	sent := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		sent <- c.PgConn().CancelRequest(ctx)
	}()
	_, err := c.Exec(ctx, "SELECT pg_sleep(20)")
	wantState(t, err, "57014")
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	var x int
	if err := c.QueryRow(ctx, "SELECT 6 * 7").Scan(&x); err != nil || x != 42 {
		t.Fatalf("after the cancel: %d, %v", x, err)
	}
}

// Explicit transactions: statements answer when sent (row counts, errors,
// reads that see the transaction's own writes), nothing is visible to
// others before COMMIT, COMMIT is one chain transaction, an error aborts
// the transaction (25P02, COMMIT rolls back), and a transaction whose rows
// changed meanwhile aborts with 40001 as a whole. A replay reaches the
// same state.
func TestTransactions(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c, other := n.connect(t), n.connect(t)
		ctx := context.Background()
		count := func(conn *pgx.Conn, q string) int {
			t.Helper()
			var k int
			if err := conn.QueryRow(ctx, q).Scan(&k); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return k
		}
		mustExec(t, c, "CREATE TABLE t (id int PRIMARY KEY, v text)")
		blocks := len(n.chain.blocks)
		mustExec(t, c, "BEGIN")
		if tag := mustExec(t, c, "INSERT INTO t VALUES ($1, 'a'), (2, 'b')", 1); tag.String() != "INSERT 0 2" {
			t.Fatalf("tag %q", tag)
		}
		if tag := mustExec(t, c, "UPDATE t SET v = v || '!' WHERE id < 10"); tag.String() != "UPDATE 2" {
			t.Fatalf("tag %q", tag)
		}
		if k := count(c, "SELECT count(*) FROM t WHERE v LIKE '%!'"); k != 2 {
			t.Fatalf("the transaction sees %d of its rows", k)
		}
		if k := count(other, "SELECT count(*) FROM t"); k != 0 {
			t.Fatalf("another session sees %d uncommitted rows", k)
		}
		if len(n.chain.blocks) != blocks {
			t.Fatal("a statement inside the transaction reached the chain before COMMIT")
		}
		mustExec(t, c, "COMMIT")
		if len(n.chain.blocks) != blocks+1 {
			t.Fatalf("COMMIT made %d blocks, want 1", len(n.chain.blocks)-blocks)
		}
		if k := count(other, "SELECT count(*) FROM t WHERE v LIKE '%!'"); k != 2 {
			t.Fatalf("after COMMIT another session sees %d rows", k)
		}

		// An error aborts the transaction. START TRANSACTION is answered
		// with its own tag, as PostgreSQL answers it.
		if tag := mustExec(t, c, "START TRANSACTION"); tag.String() != "START TRANSACTION" {
			t.Fatalf("tag %q, want START TRANSACTION", tag)
		}
		mustExec(t, c, "INSERT INTO t VALUES (3, 'c')")
		_, err := c.Exec(ctx, "INSERT INTO t VALUES (1, 'dup')")
		wantState(t, err, "23505")
		_, err = c.Exec(ctx, "SELECT 1")
		wantState(t, err, "25P02")
		if tag := mustExec(t, c, "COMMIT"); tag.String() != "ROLLBACK" {
			t.Fatalf("COMMIT of a failed transaction: %q, want ROLLBACK", tag)
		}
		if k := count(other, "SELECT count(*) FROM t"); k != 2 {
			t.Fatalf("rows after the failed transaction: %d", k)
		}

		// The rows a transaction was told about change before it commits.
		mustExec(t, c, "BEGIN")
		mustExec(t, c, "UPDATE t SET v = 'mine' WHERE id = 1")
		mustExec(t, c, "INSERT INTO t VALUES (4, 'd')")
		mustExec(t, other, "DELETE FROM t WHERE id = 1")
		_, err = c.Exec(ctx, "COMMIT")
		wantState(t, err, "40001")
		if k := count(other, "SELECT count(*) FROM t WHERE id IN (1, 4) OR v = 'mine'"); k != 0 {
			t.Fatalf("an aborted transaction left %d rows", k)
		}
		var outcomes string
		if err := other.QueryRow(ctx, "SELECT string_agg(outcome, ',' ORDER BY stmt_index) FROM blocksql.statements "+
			"WHERE height = (SELECT max(height) FROM blocksql.statements)").Scan(&outcomes); err != nil || outcomes != "error,skipped" {
			t.Fatalf("logged outcomes of the aborted transaction: %q, %v", outcomes, err)
		}
		mustExec(t, c, "ROLLBACK") // none open: a warning, as in PostgreSQL

		n.assertReplaySame(t)
	})
}

// A read cannot change the local database behind the chain: a CTE holding
// a DELETE is refused (25006, read-only) and the rows stay, on the node and
// in a replay alike.
func TestReadsCannotWrite(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		ctx := context.Background()
		mustExec(t, c, "CREATE TABLE t (id int PRIMARY KEY)")
		mustExec(t, c, "INSERT INTO t VALUES (1), (2)")
		_, err := c.Exec(ctx, "WITH d AS (DELETE FROM t RETURNING id) SELECT count(*) FROM d")
		// PostgreSQL's read-only session refuses it; SQLite's reads take no WITH.
		wantState(t, err, map[string]string{"postgres": "25006", "sqlite": "0A000"}[backend])
		var k int
		if err := c.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&k); err != nil || k != 2 {
			t.Fatalf("rows after a refused read: %d, %v", k, err)
		}
	})
}

// SERIAL and IDENTITY keys are assigned by the apply engine in chain order:
// autocommit inserts, a failed insert (which uses up a value, on every
// node alike) and an explicit transaction, whose statements are run again
// at every statement it sends, leave the node and a replay with the same
// ids; a speculation uses up none.
func TestSequences(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		ctx := context.Background()
		mustExec(t, c, "CREATE TABLE u (id serial PRIMARY KEY, name text UNIQUE)")
		mustExec(t, c, "CREATE TABLE v (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)")
		mustExec(t, c, "INSERT INTO u (name) VALUES ('ann'), ('bob')")
		_, err := c.Exec(ctx, "INSERT INTO u (name) VALUES ('ann')")
		wantState(t, err, "23505")
		mustExec(t, c, "BEGIN")
		mustExec(t, c, "INSERT INTO u (name) VALUES ('cy')")
		mustExec(t, c, "INSERT INTO v (note) VALUES ('x')")
		mustExec(t, c, "INSERT INTO u (name) VALUES ('dee')")
		var inTx string
		if err := c.QueryRow(ctx, "SELECT string_agg(id || name, ',' ORDER BY id) FROM u").Scan(&inTx); err != nil {
			t.Fatal(err)
		}
		mustExec(t, c, "COMMIT")
		mustExec(t, c, "INSERT INTO u (name) VALUES ('eve')")
		var ids string
		if err := c.QueryRow(ctx, "SELECT string_agg(id || name, ',' ORDER BY id) FROM u").Scan(&ids); err != nil {
			t.Fatal(err)
		}
		// 3 went to the failed insert, on every node.
		if inTx != "1ann,2bob,4cy,5dee" || ids != "1ann,2bob,4cy,5dee,6eve" {
			t.Fatalf("ids inside the transaction %q, after %q", inTx, ids)
		}
		n.assertReplaySame(t)
		_, err = c.Exec(ctx, "INSERT INTO u (id, name) VALUES (currval('u_id_seq'), 'zed')")
		wantState(t, err, "0A000")
	})
}

// COPY … FROM STDIN in text and CSV formats is one chain transaction of
// INSERTs (all or nothing); COPY … TO STDOUT reads; a COPY from a server
// file is refused; psql's \copy works.
func TestCopy(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		ctx := context.Background()
		mustExec(t, c, "CREATE TABLE t (id int PRIMARY KEY, name text, note text)")
		blocks := len(n.chain.blocks)
		text := "1\tann\t\\N\n2\tb\\tob\tx\\\\y\n3\tcy\t\\101\\x42\n"
		tag, err := c.PgConn().CopyFrom(ctx, strings.NewReader(text), "COPY t FROM STDIN")
		if err != nil || tag.String() != "COPY 3" {
			t.Fatalf("COPY text: %v %v", tag, err)
		}
		csv := "id,name,note\n4,\"d,ee\",\"\"\n5,\"say \"\"hi\"\"\",\n"
		tag, err = c.PgConn().CopyFrom(ctx, strings.NewReader(csv), "COPY t (id, name, note) FROM STDIN WITH (FORMAT csv, HEADER true)")
		if err != nil || tag.String() != "COPY 2" {
			t.Fatalf("COPY csv: %v %v", tag, err)
		}
		if len(n.chain.blocks) != blocks+2 {
			t.Fatalf("two COPYs made %d blocks", len(n.chain.blocks)-blocks)
		}
		// A duplicate key in the third row: nothing of that COPY is stored.
		_, err = c.PgConn().CopyFrom(ctx, strings.NewReader("6\tf\tx\n7\tg\tx\n1\tdup\tx\n"), "COPY t FROM STDIN")
		wantState(t, err, "23505")
		var buf bytes.Buffer
		if _, err := c.PgConn().CopyTo(ctx, &buf, "COPY (SELECT id, name, note FROM t ORDER BY id) TO STDOUT"); err != nil {
			t.Fatal(err)
		}
		want := "1\tann\t\\N\n2\tb\\tob\tx\\\\y\n3\tcy\tAB\n4\td,ee\t\n5\tsay \"hi\"\t\\N\n"
		if buf.String() != want {
			t.Fatalf("COPY TO:\n%q\nwant\n%q", buf.String(), want)
		}
		var stored string
		if err := c.QueryRow(ctx, "SELECT string_agg(id || '|' || name || '|' || coalesce(note, 'NULL'), ';' ORDER BY id) FROM t").Scan(&stored); err != nil ||
			stored != "1|ann|NULL;2|b\tob|x\\y;3|cy|AB;4|d,ee|;5|say \"hi\"|NULL" {
			t.Fatalf("rows COPY stored: %q %v", stored, err)
		}
		_, err = c.Exec(ctx, "COPY t FROM '/etc/passwd'")
		wantState(t, err, "0A000")

		// pgx's CopyFrom sends the binary format.
		mustExec(t, c, "CREATE TABLE m (id bigint PRIMARY KEY, amount numeric(12,2), at timestamptz, ok boolean)")
		at := time.Date(2026, 5, 6, 7, 8, 9, 123456000, time.UTC)
		copied, err := c.CopyFrom(ctx, pgx.Identifier{"m"}, []string{"id", "amount", "at", "ok"}, pgx.CopyFromRows([][]any{
			{int64(1), "12.50", at, true}, {int64(2), nil, nil, false}}))
		if err != nil || copied != 2 {
			t.Fatalf("pgx CopyFrom: %d %v", copied, err)
		}
		var amount string
		var gotAt time.Time
		if err := c.QueryRow(ctx, "SELECT amount::text, at FROM m WHERE id = 1").Scan(&amount, &gotAt); err != nil || amount != "12.50" || !gotAt.Equal(at) {
			t.Fatalf("binary COPY stored %q %v (%v)", amount, gotAt, err)
		}
		// A batch: several statements in one round trip.
		b := &pgx.Batch{}
		b.Queue("INSERT INTO m (id, ok) VALUES ($1, true)", 3)
		b.Queue("UPDATE m SET ok = NOT ok WHERE id = $1", 2)
		b.Queue("SELECT count(*) FROM m WHERE ok")
		br := c.SendBatch(ctx, b)
		if _, err := br.Exec(); err != nil {
			t.Fatal(err)
		}
		if tag, err := br.Exec(); err != nil || tag.RowsAffected() != 1 {
			t.Fatalf("batch update: %v %v", tag, err)
		}
		var ok int
		if err := br.QueryRow().Scan(&ok); err != nil || ok != 3 {
			t.Fatalf("batch read: %d %v", ok, err)
		}
		if err := br.Close(); err != nil {
			t.Fatal(err)
		}

		// Inside a transaction the COPY's rows join it.
		mustExec(t, c, "BEGIN")
		if _, err := c.PgConn().CopyFrom(ctx, strings.NewReader("8\th\tx\n"), "COPY t FROM STDIN"); err != nil {
			t.Fatal(err)
		}
		mustExec(t, c, "ROLLBACK")

		dir := t.TempDir()
		if err := os.WriteFile(dir+"/rows.csv", []byte("9,psql,\"a\nb\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		host, port, _ := net.SplitHostPort(n.addr)
		cmd := exec.Command("psql", "-h", host, "-p", port, "-U", "postgres", "-d", "app", "-v", "ON_ERROR_STOP=1",
			"-c", `\copy t FROM '`+dir+`/rows.csv' CSV`)
		cmd.Env = append(os.Environ(), "PGPASSWORD=secret", "PGSSLMODE=disable")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "COPY 1") {
			t.Fatalf("psql \\copy: %v: %s", err, out)
		}
		var count int
		var note string
		if err := c.QueryRow(ctx, "SELECT count(*), (SELECT note FROM t WHERE id = 9) FROM t").Scan(&count, &note); err != nil || count != 6 || note != "a\nb" {
			t.Fatalf("rows: %d, note %q, %v", count, note, err)
		}
		n.assertReplaySame(t)
	})
}

// RETURNING answers with the rows as stored: a SERIAL key generated by the
// engine, in both protocols (binary and text results) and inside a
// transaction, where the key told must be the key stored (else 40001).
func TestReturning(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c, other := n.connect(t), n.connect(t)
		ctx := context.Background()
		mustExec(t, c, "CREATE TABLE u (id serial PRIMARY KEY, name text, at timestamptz DEFAULT now())")
		var id int32
		var name string
		if err := c.QueryRow(ctx, "INSERT INTO u (name) VALUES ($1) RETURNING id, upper(name)", "ann").Scan(&id, &name); err != nil || id != 1 || name != "ANN" {
			t.Fatalf("extended protocol: %d %q %v", id, name, err)
		}
		rows, err := c.Query(ctx, "INSERT INTO u (name) VALUES ('bob'), ('cy') RETURNING id", pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil || len(ids) != 2 || ids[0] != 2 || ids[1] != 3 {
			t.Fatalf("simple protocol: %v %v", ids, err)
		}
		var at time.Time
		if err := c.QueryRow(ctx, "UPDATE u SET name = 'b2' WHERE id = 2 RETURNING at").Scan(&at); err != nil || at.IsZero() {
			t.Fatalf("UPDATE RETURNING: %v %v", at, err)
		}

		mustExec(t, c, "BEGIN")
		if err := c.QueryRow(ctx, "INSERT INTO u (name) VALUES ('dee') RETURNING id").Scan(&id); err != nil || id != 4 {
			t.Fatalf("in a transaction: %d %v", id, err)
		}
		mustExec(t, c, "COMMIT")
		if err := other.QueryRow(ctx, "SELECT name FROM u WHERE id = 4").Scan(&name); err != nil || name != "dee" {
			t.Fatalf("row 4: %q %v", name, err)
		}
		// Another session takes the next key first: the key told is not the
		// one the row would get, so COMMIT aborts.
		mustExec(t, c, "BEGIN")
		if err := c.QueryRow(ctx, "INSERT INTO u (name) VALUES ('eve') RETURNING id").Scan(&id); err != nil || id != 5 {
			t.Fatalf("in a transaction: %d %v", id, err)
		}
		mustExec(t, other, "INSERT INTO u (name) VALUES ('fay')")
		_, err = c.Exec(ctx, "COMMIT")
		wantState(t, err, "40001")
		var names string
		if err := other.QueryRow(ctx, "SELECT string_agg(id || name, ',' ORDER BY id) FROM u").Scan(&names); err != nil || names != "1ann,2b2,3cy,4dee,5fay" {
			t.Fatalf("rows: %q %v", names, err)
		}
		n.assertReplaySame(t)
	})
}

// ON CONFLICT DO NOTHING / DO UPDATE and data-modifying CTEs are chain
// writes like any other.
func TestUpsertAndCTE(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		ctx := context.Background()
		mustExec(t, c, "CREATE TABLE kv (k text PRIMARY KEY, v int)")
		mustExec(t, c, "CREATE TABLE old (k text, v int)")
		mustExec(t, c, "INSERT INTO kv VALUES ('a', 1), ('b', 2)")
		if tag := mustExec(t, c, "INSERT INTO kv VALUES ('a', 9) ON CONFLICT DO NOTHING"); tag.String() != "INSERT 0 0" {
			t.Fatalf("DO NOTHING: %q", tag)
		}
		var v int
		if err := c.QueryRow(ctx, "INSERT INTO kv VALUES ($1, 5) ON CONFLICT (k) DO UPDATE SET v = kv.v + EXCLUDED.v RETURNING v", "b").Scan(&v); err != nil || v != 7 {
			t.Fatalf("DO UPDATE: %d %v", v, err)
		}
		if backend == "sqlite" {
			// The SQLite backend refuses data-modifying CTEs (0A000); a chain
			// that uses them is applied on PostgreSQL nodes only.
			_, err := c.Exec(ctx, "WITH moved AS (DELETE FROM kv WHERE v > 5 RETURNING k, v) INSERT INTO old SELECT k, v FROM moved")
			wantState(t, err, "0A000")
			n.assertReplaySame(t)
			return
		}
		if tag := mustExec(t, c, "WITH moved AS (DELETE FROM kv WHERE v > 5 RETURNING k, v) INSERT INTO old SELECT k, v FROM moved"); tag.String() != "INSERT 0 1" {
			t.Fatalf("CTE: %q", tag)
		}
		var kv, old string
		if err := c.QueryRow(ctx, "SELECT (SELECT string_agg(k || v, ',' ORDER BY k) FROM kv), (SELECT string_agg(k || v, ',') FROM old)").Scan(&kv, &old); err != nil ||
			kv != "a1" || old != "b7" {
			t.Fatalf("kv %q, old %q, %v", kv, old, err)
		}
		n.assertReplaySame(t, "postgres")
	})
}

// lib/pq through database/sql: SCRAM login, parameters, RETURNING, a
// transaction, a unique violation.
func TestLibPQ(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeWith(t, backend, postgres.Config{Users: map[string]string{"app": postgres.PasswordHash("app", "S3cret-pw", postgres.AuthSCRAM)}})
		db, err := sql.Open("postgres", fmt.Sprintf("postgres://app:S3cret-pw@%s/app?sslmode=disable", n.addr))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("CREATE TABLE p (id serial PRIMARY KEY, name text UNIQUE)"); err != nil {
			t.Fatal(err)
		}
		var id int
		if err := db.QueryRow("INSERT INTO p (name) VALUES ($1) RETURNING id", "ann").Scan(&id); err != nil || id != 1 {
			t.Fatalf("RETURNING: %d %v", id, err)
		}
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO p (name) VALUES ($1), ($2)", "bob", "cy"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec("INSERT INTO p (name) VALUES ($1)", "ann")
		var pe *pq.Error
		if !errors.As(err, &pe) || pe.Code != "23505" {
			t.Fatalf("duplicate: %v, want 23505", err)
		}
		var names string
		if err := db.QueryRow("SELECT string_agg(name, ',' ORDER BY id) FROM p WHERE id > $1", 0).Scan(&names); err != nil || names != "ann,bob,cy" {
			t.Fatalf("rows: %q %v", names, err)
		}
	})
}

// A chain transaction runs exactly once: a block that carries one the log
// already holds (a faulty proposer, or the same bytes twice in a block)
// gets 1180 for it and changes nothing; the transaction is logged once.
func TestExactlyOnce(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		ctx := context.Background()
		mustExec(t, c, "CREATE TABLE t (id serial PRIMARY KEY, v text)")
		mustExec(t, c, "INSERT INTO t (v) VALUES ('once')")
		n.chain.mu.Lock()
		last := n.chain.blocks[len(n.chain.blocks)-1]
		again := consensus.Block{Height: n.chain.eng.Height() + 1, Time: last.Time.Add(time.Second), Hash: []byte{2},
			Txs: [][]byte{last.Txs[0], last.Txs[0]}}
		res, _, err := n.chain.eng.ApplyBlock(ctx, again)
		if err == nil {
			n.chain.blocks = append(n.chain.blocks, again)
		}
		n.chain.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.OK() || r.Statements[0].Code != replay.ErDuplicateTx {
				t.Fatalf("copy %d of an applied transaction: %+v", i, r)
			}
		}
		var rows, logged int
		if err := c.QueryRow(ctx, "SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM blocksql.transactions WHERE height = $1)",
			last.Height).Scan(&rows, &logged); err != nil || rows != 1 || logged != 1 {
			t.Fatalf("rows %d, logged %d, %v", rows, logged, err)
		}
		n.assertReplaySame(t)
	})
}

// TestBinaryValuesAsPostgreSQL: values sent in the binary format decode
// in pgx as PostgreSQL's do: an empty bytea or text is empty (not NULL),
// and a numeric zero keeps what PostgreSQL's encoding gives.
func TestBinaryValuesAsPostgreSQL(t *testing.T) {
	ctx := context.Background()
	setup := []string{"CREATE TABLE bv (id int PRIMARY KEY, b bytea, n numeric(8,3), s text)",
		`INSERT INTO bv VALUES (1, '\x', 0, ''), (2, NULL, 1.5, NULL), (3, '\x00', -0.000, 'x')`}
	query := "SELECT b, n, s FROM bv ORDER BY id"
	values := func(t *testing.T, c *pgx.Conn) string {
		t.Helper()
		for _, q := range setup {
			mustExec(t, c, q)
		}
		rows, err := c.Query(ctx, query) // extended protocol: binary results
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			v, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%#v", v))
		}
		return strings.Join(out, "\n")
	}
	direct, err := pgx.Connect(ctx, testDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close(ctx)
	want := values(t, direct)
	forBackends(t, func(t *testing.T, backend string) {
		if got := values(t, startNodeOn(t, backend, "").connect(t)); got != want {
			t.Errorf("binary values:\n%s\nPostgreSQL gives:\n%s", got, want)
		}
	})
}
