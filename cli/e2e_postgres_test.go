package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pgTestDatabase creates a fresh blocksql_test_<n> database on the local
// PostgreSQL and drops it when the test ends.
func pgTestDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	if err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("PostgreSQL not reachable: %v", err)
		}
		t.Skipf("PostgreSQL not reachable at 127.0.0.1:5432: %v", err)
	}
	name := fmt.Sprintf("blocksql_test_%d", time.Now().UnixNano()%1e12)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close(ctx)
	})
	return "postgres://postgres@127.0.0.1:5432/" + name + "?sslmode=disable"
}

// initPostgresHome initializes a postgres-dialect home applying to a fresh
// database, and returns it with that database's DSN and its PostgreSQL port.
func initPostgresHome(t *testing.T) (home, dsn string, port int) {
	t.Helper()
	dsn = pgTestDatabase(t)
	home, port = t.TempDir(), freePort(t)
	out, err := exec.Command(blocksqlBin(t), "init", "--home", home, "--dialect", "postgres", "--driver", "postgres",
		"--dsn", dsn, "--postgres-listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--p2p", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)), "--metrics-listen", "").CombinedOutput()
	if err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	return home, dsn, port
}

// TestPostgresNode runs a postgres-dialect node (real CometBFT, real
// PostgreSQL) and talks to it with pgx; after a restart the chain goes on
// from the height the database recorded.
func TestPostgresNode(t *testing.T) {
	home, dsn, port := initPostgresHome(t)
	// A password written into [users] is replaced by its SCRAM-SHA-256
	// verifier at start, and alice logs in with SCRAM.
	cfgPath := filepath.Join(home, ConfigFile)
	cfg, err := os.ReadFile(cfgPath)
	if err != nil || !strings.Contains(string(cfg), "[users]\n") {
		t.Fatalf("config: %v\n%s", err, cfg)
	}
	cfg = []byte(strings.Replace(string(cfg), "[users]\n", "[users]\nalice = \"Al1ce-pw\"\n", 1))
	if err := os.WriteFile(cfgPath, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	url := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", port)
	n := start(t, home, port)
	if cfg, _ := os.ReadFile(cfgPath); strings.Contains(string(cfg), "Al1ce-pw") ||
		!strings.Contains(string(cfg), `alice = "SCRAM-SHA-256$4096:`) {
		t.Fatalf("config after start:\n%s", cfg)
	}
	// init made the frontend a certificate: a client verifies the node.
	cert := filepath.Join(home, "config", "postgres-cert.pem")
	for pw, ok := range map[string]bool{"Al1ce-pw": true, "wrong": false} {
		a, err := pgx.Connect(ctx, fmt.Sprintf("postgres://alice:%s@127.0.0.1:%d/app?sslmode=verify-full&sslrootcert=%s", pw, port, cert))
		if ok && err != nil {
			t.Fatalf("alice with her password: %v", err)
		}
		if !ok && (!errors.As(err, new(*pgconn.PgError)) || !strings.Contains(err.Error(), "28P01")) {
			t.Fatalf("alice with a wrong password: %v, want 28P01", err)
		}
		if a != nil {
			a.Close(ctx)
		}
	}
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE t (id int PRIMARY KEY, at timestamptz NOT NULL)", "INSERT INTO t VALUES (1, now())"} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, err = c.Exec(ctx, "INSERT INTO t VALUES ($1, now())", 1)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		t.Fatalf("duplicate: got %v, want 23505", err)
	}
	var at time.Time
	var logged string
	if err := c.QueryRow(ctx, "SELECT at FROM t WHERE id = 1").Scan(&at); err != nil {
		t.Fatal(err)
	}
	// The stored time is the block time, as the operation log recorded it.
	if err := c.QueryRow(ctx, "SELECT b.time FROM blocksql.blocks b JOIN blocksql.statements s USING (height) "+
		"WHERE s.original_sql LIKE 'INSERT INTO t VALUES (1%' AND s.outcome = 'ok'").Scan(&logged); err != nil {
		t.Fatal(err)
	}
	if want, _ := time.Parse("2006-01-02 15:04:05.000000", logged); !at.Equal(want.Truncate(time.Microsecond)) {
		t.Errorf("stored %v, block time %s", at, logged)
	}
	c.Close(ctx)
	n.stop()

	start(t, home, port)
	c, err = pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "INSERT INTO t VALUES (2, now())"); err != nil {
		t.Fatalf("write after restart: %v", err)
	}
	// An explicit transaction: one chain transaction at COMMIT.
	for _, q := range []string{"BEGIN", "INSERT INTO t VALUES (3, now())", "UPDATE t SET at = at WHERE id >= 2", "COMMIT"} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var count int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&count); err != nil || count != 3 {
		t.Fatalf("rows after restart and a transaction: %d, %v", count, err)
	}

	// blocksql log reads the node's operation log: the failed duplicate
	// insert, with its SQLSTATE.
	if stdout, stderr, code := runCLI(t, "log", "--home", home, "--failed"); code != 0 ||
		!strings.Contains(stdout, "INSERT INTO t VALUES ($1, now())") || !strings.Contains(stdout, "23505") ||
		strings.Contains(stdout, "INSERT INTO t VALUES (2") {
		t.Fatalf("log --failed: exit %d\n%s%s", code, stdout, stderr)
	}

	// A proof of the transaction that inserted row 3 verifies against the
	// genesis alone.
	var txHash string
	if err := c.QueryRow(ctx, "SELECT tx_hash FROM blocksql.statements WHERE original_sql LIKE 'INSERT INTO t VALUES (3%'").Scan(&txHash); err != nil {
		t.Fatal(err)
	}
	assertProof(t, home, txHash)

	// The chain replays into a new PostgreSQL database, verified block by
	// block; verify rebuilds the node's height and compares, and catches a
	// row edited behind the node's back.
	var tip int64
	if err := c.QueryRow(ctx, "SELECT max(height) FROM blocksql.blocks").Scan(&tip); err != nil {
		t.Fatal(err)
	}
	restored := pgTestDatabase(t)
	if stdout, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", fmt.Sprint(tip), "--output", "postgres:"+restored); code != 0 ||
		!strings.Contains(stdout, "state digest") {
		t.Fatalf("replay: exit %d\n%s%s", code, stdout, stderr)
	}
	replayed, err := pgx.Connect(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer replayed.Close(ctx)
	if err := replayed.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&count); err != nil || count != 3 {
		t.Fatalf("rows in the replay: %d, %v", count, err)
	}
	if stdout, stderr, code := runCLI(t, "verify", "--home", home); code != 0 || !strings.HasPrefix(stdout, "OK:") {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	direct, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close(ctx)
	if _, err := direct.Exec(ctx, "UPDATE t SET at = at + interval '1 second' WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	if stdout, _, code := runCLI(t, "verify", "--home", home); code != 1 || !strings.HasPrefix(stdout, "MISMATCH") {
		t.Fatalf("verify after an edit behind the node's back: exit %d\n%s", code, stdout)
	}
}

// assertProof proves transaction tx of the node at home and verifies the
// proof against the genesis alone.
func assertProof(t *testing.T, home, tx string) {
	t.Helper()
	proof := filepath.Join(t.TempDir(), "tx.proof.json")
	if stdout, stderr, code := runCLI(t, "prove", tx[:12], "--home", home, "--out", proof); code != 0 {
		t.Fatalf("prove: exit %d\n%s%s", code, stdout, stderr)
	}
	if stdout, stderr, code := runCLI(t, "verify-proof", proof, "--genesis", filepath.Join(home, "config", "genesis.json")); code != 0 ||
		!strings.HasPrefix(stdout, "OK: transaction "+tx) {
		t.Fatalf("verify-proof: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestPgbench runs pgbench against a postgres-dialect node: `pgbench -i`
// as it is (tables filled by the client with COPY inside a transaction,
// VACUUM, primary keys), then its TPC-B-like, select-only and
// simple-update scripts from 4 clients; every transaction commits, and
// after the TPC-B-like run the balances agree with the history as TPC-B
// requires.
func TestPgbench(t *testing.T) {
	if _, err := exec.LookPath("pgbench"); err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatal("pgbench not found")
		}
		t.Skip("pgbench not found (apt-get install -y postgresql-client)")
	}
	home, _, port := initPostgresHome(t)
	start(t, home, port)
	pgbench := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("pgbench", append([]string{"-h", "127.0.0.1", "-p", fmt.Sprint(port), "-U", "postgres"}, args...)...)
		cmd.Env = append(os.Environ(), "PGPASSWORD=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("pgbench %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	pgbench("-i", "-s", "1", "app")
	run := func(mode string) {
		t.Helper()
		res := pgbench(mode, "-c", "4", "-t", "10", "app")
		if !strings.Contains(res, "number of transactions actually processed: 40/40") ||
			!strings.Contains(res, "number of failed transactions: 0 ") {
			t.Fatalf("pgbench %s:\n%s", mode, res)
		}
	}
	run("--builtin=tpcb-like")
	ctx := context.Background()
	c, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var history, delta, accounts, branches, tellers int64
	if err := c.QueryRow(ctx, `SELECT (SELECT count(*) FROM pgbench_history), (SELECT coalesce(sum(delta), 0) FROM pgbench_history),
		(SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(bbalance) FROM pgbench_branches),
		(SELECT sum(tbalance) FROM pgbench_tellers)`).Scan(&history, &delta, &accounts, &branches, &tellers); err != nil {
		t.Fatal(err)
	}
	if history != 40 || accounts != delta || branches != delta || tellers != delta {
		t.Fatalf("history %d rows, deltas %d; balances: accounts %d, branches %d, tellers %d", history, delta, accounts, branches, tellers)
	}
	// Each run starts by emptying pgbench_history, so these come last.
	run("-S")
	run("-N")
}
