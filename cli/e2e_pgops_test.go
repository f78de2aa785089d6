package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	dto "github.com/prometheus/client_model/go"
)

// pgOpsNode starts a postgres-dialect node on backend (sqlite or
// postgres) with /metrics on a free port and a snapshot every 3 blocks.
// It returns the home, the metrics address and the client DSN.
func pgOpsNode(t *testing.T, backend string) (home, metrics, dsn string) {
	t.Helper()
	home, metrics = t.TempDir(), fmt.Sprintf("127.0.0.1:%d", freePort(t))
	port := freePort(t)
	args := []string{"init", "--home", home, "--dialect", "postgres", "--postgres-listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--p2p", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)), "--metrics-listen", metrics}
	if backend == "postgres" {
		args = append(args, "--driver", "postgres", "--dsn", pgTestDatabase(t))
	}
	if out, stderr, code := runCLI(t, args...); code != 0 {
		t.Fatalf("init: %s%s", out, stderr)
	}
	cfgPath := filepath.Join(home, ConfigFile)
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte(strings.Replace(string(cfg), "interval = 1000", "interval = 3", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	start(t, home, port)
	return home, metrics, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", port)
}

func pgConnect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func pgExec(t *testing.T, c *pgx.Conn, q string, args ...any) {
	t.Helper()
	if _, err := c.Exec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func pgString(t *testing.T, c *pgx.Conn, q string, args ...any) string {
	t.Helper()
	var s string
	if err := c.QueryRow(context.Background(), q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

// insertConcurrently inserts ids from..from+n*each-1 from n clients at
// once, so blocks carry several transactions.
func insertConcurrently(t *testing.T, dsn string, from, n, each int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		c := pgConnect(t, dsn)
		wg.Go(func() {
			for j := range each {
				if _, err := c.Exec(context.Background(), "INSERT INTO t VALUES ($1, 'c')", from+i*each+j); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestPostgresPointInTime restores a postgres-dialect chain to a
// transaction (--to-tx, also inside a block), from a snapshot, into
// PostgreSQL and SQLite, verifies the restored databases, and reads the
// node's /metrics, on each backend.
func TestPostgresPointInTime(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) { testPostgresPointInTime(t, backend) })
	}
}

func testPostgresPointInTime(t *testing.T, backend string) {
	pgTestDatabase(t) // skips unless PostgreSQL is reachable: the restores below write into it
	home, metrics, dsn := pgOpsNode(t, backend)
	c := pgConnect(t, dsn)
	pgExec(t, c, "CREATE TABLE t (id int PRIMARY KEY, v text)")
	before := scrape(t, metrics)
	for i := 1; i <= 6; i++ {
		pgExec(t, c, "INSERT INTO t VALUES ($1, $2)", i, fmt.Sprintf("v%d", i))
	}
	if _, err := c.Exec(context.Background(), "INSERT INTO t VALUES (1, 'again')"); err == nil {
		t.Fatal("duplicate key accepted")
	}
	if got := pgString(t, c, "SELECT count(*)::text FROM t"); got != "6" {
		t.Fatalf("rows: %s", got)
	}
	t.Run("metrics", func(t *testing.T) { checkPostgresMetrics(t, metrics, before, backend) })

	tx4 := pgString(t, c, "SELECT tx_hash FROM blocksql.statements WHERE original_sql LIKE 'INSERT%' AND params LIKE '[\"4\"%'")
	dir := t.TempDir()
	t.Run("to-tx", func(t *testing.T) {
		out := filepath.Join(dir, "before4.db")
		rep := replayJSON(t, "--home", home, "--to-tx", tx4, "--inclusive=false", "--output", "sqlite:"+out)
		if got := sqliteQuery(t, out, `SELECT count(*) || ',' || max(id) FROM t`); got != "3,3" {
			t.Errorf("restored before the INSERT of 4: count,max = %s, want 3,3 (report %+v)", got, rep)
		}
		restored := pgTestDatabase(t)
		replayJSON(t, "--home", home, "--to-tx", tx4, "--output", "postgres:"+restored)
		r := pgConnect(t, restored)
		if got := pgString(t, r, "SELECT count(*) || ',' || max(id) FROM t"); got != "4,4" {
			t.Errorf("restored into PostgreSQL through the INSERT of 4: count,max = %s, want 4,4", got)
		}
		stdout, stderr, code := runCLI(t, "replay", "--home", home, "--to-tx", tx4, "--dry-run")
		if code != 0 || !strings.Contains(stdout, "reach:   height") {
			t.Errorf("dry run: exit %d\n%s%s", code, stdout, stderr)
		}
		// The output now holds data: refused, skipped, or replaced.
		if _, stderr, code := runCLI(t, "replay", "--home", home, "--to-tx", tx4, "--output", "postgres:"+restored); code != 2 || !strings.Contains(stderr, "--force") {
			t.Errorf("replay into a database with data: exit %d\n%s", code, stderr)
		}
		if stdout, _, code := runCLI(t, "replay", "--home", home, "--to-tx", tx4, "--output", "postgres:"+restored, "--if-not-exists"); code != 0 || !strings.Contains(stdout, "nothing done") {
			t.Errorf("--if-not-exists: exit %d\n%s", code, stdout)
		}
		replayJSON(t, "--home", home, "--to-tx", tx4, "--inclusive=false", "--output", "postgres:"+restored, "--force")
		if got := pgString(t, r, "SELECT count(*) || ',' || max(id) FROM t"); got != "3,3" {
			t.Errorf("replaced with --force: count,max = %s, want 3,3", got)
		}
		if _, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", "1", "--output", "mysql:root@tcp(127.0.0.1:3306)/#x_"); code != 2 || !strings.Contains(stderr, "PostgreSQL or SQLite") {
			t.Errorf("replay of a postgres-dialect chain into MySQL: exit %d\n%s", code, stderr)
		}
	})

	t.Run("inside a block", func(t *testing.T) { checkPartialRestore(t, home, c, dsn) })

	t.Run("snapshot", func(t *testing.T) {
		if backend != "sqlite" {
			t.Skip("snapshots are taken of SQLite databases only")
		}
		waitSnapshot(t, home)
		tip := chainTip(t, home)
		out := filepath.Join(dir, "tip.db")
		rep := replayJSON(t, "--home", home, "--to-height", tip, "--output", "sqlite:"+out)
		if rep.Snapshot == "" || rep.StartHeight < 3 {
			t.Errorf("restore to the tip did not start from a snapshot: %+v", rep)
		}
		if stdout, stderr, code := runCLI(t, "verify", "--home", home, "--dsn", "sqlite:"+out); code != 0 || !strings.HasPrefix(stdout, "OK:") {
			t.Errorf("verify the restore from a snapshot: exit %d\n%s%s", code, stdout, stderr)
		}
		full := replayJSON(t, "--home", home, "--to-height", tip, "--no-snapshots", "--output", "sqlite:"+filepath.Join(dir, "genesis.db"))
		if full.StartHeight != 0 || full.Digest.Hash != rep.Digest.Hash || full.AppHash != rep.AppHash {
			t.Errorf("from genesis %+v, from a snapshot %+v", full, rep)
		}
	})
}

// checkPostgresMetrics compares /metrics after the writes of
// testPostgresPointInTime with before: six inserts and a duplicate.
func checkPostgresMetrics(t *testing.T, addr string, before map[string]*dto.MetricFamily, backend string) {
	after := scrape(t, addr)
	delta := func(name string, labels ...string) float64 {
		return metricValue(after, name, labels...) - metricValue(before, name, labels...)
	}
	if d := delta("blocksql_statements_total", "kind", "insert", "outcome", "ok"); d != 6 {
		t.Errorf("inserts counted ok: %v, want 6", d)
	}
	if d := delta("blocksql_statements_total", "kind", "insert", "outcome", "error"); d != 1 {
		t.Errorf("inserts counted failed: %v, want 1", d)
	}
	if d := delta("blocksql_write_seconds"); d != 7 {
		t.Errorf("writes timed: %v, want 7", d)
	}
	if d := delta("blocksql_block_apply_seconds"); d < 6 {
		t.Errorf("blocks applied: %v, want at least 6", d)
	}
	if v := metricValue(after, "blocksql_connections"); v < 1 {
		t.Errorf("blocksql_connections = %v with a client connected", v)
	}
	// The node stores a block before it applies it: the chain may be one
	// block ahead while the scrape runs.
	if v, chain := metricValue(after, "blocksql_applied_height"), metricValue(after, "blocksql_chain_height"); v < 7 || chain < v || chain > v+1 {
		t.Errorf("applied height %v, chain height %v", v, chain)
	}
	for _, f := range []string{"blocksql_halted", "blocksql_oplog_lag_blocks"} {
		if v := metricValue(after, f); v != 0 {
			t.Errorf("%s = %v", f, v)
		}
	}
	if after["blocksql_snapshot_age_blocks"] == nil || after["cometbft_consensus_height"] == nil {
		t.Error("snapshot age or CometBFT's metrics not exported")
	}
	if code, body := httpGet(t, "http://"+addr+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz: %d %s", code, body)
	}
	_, body := httpGet(t, "http://"+addr+"/status")
	var st statusReport
	if err := json.Unmarshal([]byte(body), &st); err != nil || !st.Running || st.AppliedHeight < 7 || (backend == "sqlite") != (st.DatabaseBytes > 0) {
		t.Errorf("/status: %v %s", err, body)
	}
}

// checkPartialRestore restores to the middle of a block carrying several
// transactions: the rows of the transactions before the stop and no
// other, and verify checks the restored database at that point.
func checkPartialRestore(t *testing.T, home string, c *pgx.Conn, dsn string) {
	var height, tx string
	for round := 0; round < 3 && tx == ""; round++ {
		insertConcurrently(t, dsn, 100+round*100, 8, 3)
		rows, err := c.Query(context.Background(), `SELECT height::text, tx_hash FROM blocksql.transactions
			WHERE tx_index = 1 AND height IN (SELECT height FROM blocksql.blocks WHERE tx_count > 1) ORDER BY height LIMIT 1`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			if err := rows.Scan(&height, &tx); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if tx == "" {
		t.Fatal("no block carried two transactions after 72 concurrent inserts")
	}
	want := pgString(t, c, `SELECT count(*)::text FROM blocksql.row_changes r JOIN blocksql.transactions x ON x.tx_hash = r.tx_hash
		WHERE r.table_name = 't' AND (x.height < $1 OR x.height = $1 AND x.tx_index < 1)`, height)
	out := filepath.Join(t.TempDir(), "partial.db")
	rep := replayJSON(t, "--home", home, "--to-tx", tx, "--inclusive=false", "--output", "sqlite:"+out)
	if fmt.Sprint(rep.Height) != height || rep.Txs != 1 {
		t.Errorf("stop: height %d, first %d transactions; want height %s, 1", rep.Height, rep.Txs, height)
	}
	if got := sqliteQuery(t, out, "SELECT count(*) FROM t"); got != want {
		t.Errorf("rows restored to the first transaction of block %s: %s, want %s", height, got, want)
	}
	stdout, stderr, code := runCLI(t, "verify", "--home", home, "--dsn", "sqlite:"+out)
	if code != 0 || !strings.Contains(stdout, "OK:") || !strings.Contains(stdout, "first 1 transactions") {
		t.Errorf("verify a restore inside block %s: exit %d\n%s%s", height, code, stdout, stderr)
	}
}

// TestPostgresWriteWithoutQuorum: a postgres-dialect validator holding half
// the voting power (its peer never starts) answers a write with 55P03, as
// PostgreSQL answers a lock timeout, once its [network] write_timeout has
// passed, and acknowledges nothing.
func TestPostgresWriteWithoutQuorum(t *testing.T) {
	home, port := initPGSQLiteHome(t)
	peer := t.TempDir()
	if out, stderr, code := runCLI(t, "init", "--home", peer, "--p2p", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t))); code != 0 {
		t.Fatalf("init peer: %s%s", out, stderr)
	}
	show, _ := blocksqlCLI(t, "genesis", "show", "--home", peer)
	key := regexp.MustCompile(`(?m)^validator key +([0-9a-f]{64})$`).FindStringSubmatch(show)
	if key == nil {
		t.Fatalf("no validator key in:\n%s", show)
	}
	if out, err := blocksqlCLI(t, "genesis", "add-validator", "--home", home, "--key", key[1], "--name", "absent"); err != nil {
		t.Fatalf("add-validator: %v\n%s", err, out)
	}
	cfgPath := filepath.Join(home, ConfigFile)
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte(strings.Replace(string(cfg), `write_timeout = "30s"`, `write_timeout = "2s"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	start(t, home, port)
	c := pgConnect(t, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", port))
	began := time.Now()
	_, err = c.Exec(context.Background(), "CREATE TABLE t (id int PRIMARY KEY)")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "55P03" {
		t.Fatalf("write without a quorum: %v, want 55P03", err)
	}
	if took := time.Since(began); took > 20*time.Second {
		t.Errorf("the write answered after %v, past its 2s write timeout", took)
	}
	var n int
	err = c.QueryRow(context.Background(), "SELECT count(*) FROM t").Scan(&n)
	if !errors.As(err, &pe) || pe.Code != "42P01" {
		t.Errorf("reading the table of the refused CREATE TABLE: %v, want 42P01", err)
	}
}
