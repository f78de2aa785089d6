package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// initPGSQLiteHome makes the home of a postgres-dialect node on the
// embedded SQLite default, on free ports and without metrics.
func initPGSQLiteHome(t *testing.T) (home string, port int) {
	t.Helper()
	home, port = t.TempDir(), freePort(t)
	if out, stderr, code := runCLI(t, "init", "--home", home, "--dialect", "postgres", "--postgres-listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--p2p", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)), "--metrics-listen", ""); code != 0 {
		t.Fatalf("init: %s%s", out, stderr)
	}
	return home, port
}

// TestPostgresDialectOnSQLite runs a postgres-dialect node on the embedded
// SQLite default (real CometBFT) and talks to it with pgx; blocksql digest
// prints the digest a PostgreSQL replay of the same chain computes;
// verify passes, and catches a row edited behind the node's back.
func TestPostgresDialectOnSQLite(t *testing.T) {
	home, port := initPGSQLiteHome(t)
	ctx := context.Background()
	n := start(t, home, port)
	c, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", port))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE TABLE acct (id serial PRIMARY KEY, name varchar(20) UNIQUE NOT NULL, bal numeric(10,2) DEFAULT 0, at timestamptz DEFAULT now())",
		"INSERT INTO acct (name, bal) VALUES ('ann', 10.005), ('bob', 3)",
		"UPDATE acct SET bal = bal * 1.1 WHERE name = 'bob'",
	} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var id int32
	if err := c.QueryRow(ctx, "INSERT INTO acct (name, bal) VALUES ($1, $2) RETURNING id", "cy", "1.5").Scan(&id); err != nil || id != 3 {
		t.Fatalf("RETURNING: %d %v", id, err)
	}
	if _, err := c.Exec(ctx, "INSERT INTO acct (name) VALUES ($1)", "ann"); err == nil || !strings.Contains(err.Error(), "23505") {
		t.Fatalf("duplicate: %v, want 23505", err)
	}
	var sum string
	var n2 int64
	if err := c.QueryRow(ctx, "SELECT sum(bal)::text, count(*) FROM acct WHERE bal > $1", 0).Scan(&sum, &n2); err != nil || sum != "14.81" || n2 != 3 {
		t.Fatalf("read: %q %d %v", sum, n2, err)
	}
	c.Close(ctx)
	n.stop()

	// After a restart the sequence goes on where the chain left it.
	n = start(t, home, port)
	c, err = pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", port))
	if err != nil {
		t.Fatal(err)
	}
	// The failed insert drew 4, as on PostgreSQL.
	if err := c.QueryRow(ctx, "INSERT INTO acct (name) VALUES ('dee') RETURNING id").Scan(&id); err != nil || id != 5 {
		t.Fatalf("RETURNING after a restart: %d %v", id, err)
	}
	c.Close(ctx)
	n.stop()

	// blocksql log reads the operation log in the SQLite file; a proof of a
	// transaction verifies against the genesis alone.
	stdout, stderr, code := runCLI(t, "log", "--home", home, "--failed", "--json")
	if code != 0 || !strings.Contains(stdout, "23505") || !strings.Contains(stdout, `"tx_hash": "`) {
		t.Fatalf("log --failed: exit %d\n%s%s", code, stdout, stderr)
	}
	tx := strings.SplitN(strings.SplitN(stdout, `"tx_hash": "`, 2)[1], `"`, 2)[0]
	assertProof(t, home, tx)

	stdout, stderr, code = runCLI(t, "digest", "--home", home)
	if code != 0 || !strings.Contains(stdout, "digest") {
		t.Fatalf("digest: exit %d\n%s%s", code, stdout, stderr)
	}
	digest := strings.Fields(strings.Split(stdout, "\n")[1])[1]
	height := strings.Fields(strings.Split(stdout, "\n")[0])[1]
	restored := pgTestDatabase(t)
	if stdout, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", height, "--output", "postgres:"+restored); code != 0 ||
		!strings.Contains(stdout, digest) {
		t.Fatalf("replay into PostgreSQL: exit %d, want digest %s\n%s%s", code, digest, stdout, stderr)
	}
	lite := filepath.Join(t.TempDir(), "restored.db")
	if stdout, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", height, "--output", "sqlite:"+lite); code != 0 ||
		!strings.Contains(stdout, digest) {
		t.Fatalf("replay into SQLite: exit %d, want digest %s\n%s%s", code, digest, stdout, stderr)
	}
	if stdout, stderr, code := runCLI(t, "verify", "--home", home); code != 0 || !strings.HasPrefix(stdout, "OK:") {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	db, err := sql.Open("sqlite3", filepath.Join(home, "data", "blocksql.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE acct SET bal = '99.00' WHERE name = 'ann'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if stdout, _, code := runCLI(t, "verify", "--home", home); code != 1 || !strings.HasPrefix(stdout, "MISMATCH") {
		t.Fatalf("verify after an edit behind the node's back: exit %d\n%s", code, stdout)
	}
}
