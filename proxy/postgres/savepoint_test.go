package postgres_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// savepointScript is run by psql, statement by statement, against
// PostgreSQL and against a node: SAVEPOINT, ROLLBACK TO and RELEASE
// outside a transaction (25P01), after an error (only ROLLBACK TO is
// taken, and it ends the failed state), with a name set twice (the newer
// hides the older), with unknown names (3B001, which fails the
// transaction), and what reads see and COMMIT keeps.
const savepointScript = `
SAVEPOINT a;
ROLLBACK TO SAVEPOINT a;
RELEASE SAVEPOINT a;
CREATE TABLE sv (id int PRIMARY KEY, v int);
BEGIN;
INSERT INTO sv VALUES (1, 1);
SAVEPOINT a;
INSERT INTO sv VALUES (2, 2);
SAVEPOINT b;
INSERT INTO sv VALUES (1, 9);
SAVEPOINT c;
RELEASE SAVEPOINT b;
ROLLBACK TO SAVEPOINT b;
SELECT v FROM sv ORDER BY v;
ROLLBACK TO c;
ROLLBACK TO a;
SELECT v FROM sv ORDER BY v;
SAVEPOINT a;
INSERT INTO sv VALUES (3, 3);
ROLLBACK TO a;
INSERT INTO sv VALUES (4, 4);
RELEASE a;
SELECT v FROM sv ORDER BY v;
COMMIT;
BEGIN;
INSERT INTO sv VALUES (5, 5);
SAVEPOINT x;
UPDATE sv SET v = v * 10;
ROLLBACK TO x;
RELEASE x;
ROLLBACK TO x;
COMMIT;
BEGIN;
SAVEPOINT y;
INSERT INTO sv VALUES (6, 6);
RELEASE y;
COMMIT;
SELECT id, v FROM sv ORDER BY id;
`

// TestSavepointsAsPostgreSQL: psql gives the same output, SQLSTATEs and
// rows included, from a node on each backend as from PostgreSQL itself.
func TestSavepointsAsPostgreSQL(t *testing.T) {
	requirePsql(t)
	want := runPsqlScript(t, testDatabase(t), "", savepointScript)
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "cleartext")
		host, port, _ := net.SplitHostPort(n.addr)
		got := runPsqlScript(t, "postgres://postgres@"+host+":"+port+"/app?sslmode=disable", "secret", savepointScript)
		if got != want {
			t.Errorf("psql on the node:\n%s\nPostgreSQL:\n%s", got, want)
		}
	})
}

var psqlLine = regexp.MustCompile(`(?m)^psql:<stdin>:\d+: `)

// runPsqlScript runs script through psql against dsn, going on after
// errors, which it shows as their SQLSTATE only.
func runPsqlScript(t *testing.T, dsn, password, script string) string {
	t.Helper()
	cmd := exec.Command("psql", "-X", "-A", "-q", "-v", "VERBOSITY=sqlstate", "-d", dsn)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+password)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v: %s", err, out)
	}
	return psqlLine.ReplaceAllString(string(out), "")
}

// TestPgxNestedTransaction: pgx runs a transaction begun inside another as
// a savepoint, in the extended protocol; rolling the inner one back after
// its error keeps the outer one going, and COMMIT keeps the outer writes.
func TestPgxNestedTransaction(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		ctx := context.Background()
		c := startNodeOn(t, backend, "").connect(t)
		mustExec(t, c, "CREATE TABLE nest (id int PRIMARY KEY, v text)")
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO nest VALUES ($1, $2)", 1, "outer"); err != nil {
			t.Fatal(err)
		}
		inner, err := tx.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := inner.Exec(ctx, "INSERT INTO nest VALUES ($1, $2)", 2, "inner"); err != nil {
			t.Fatal(err)
		}
		if _, err := inner.Exec(ctx, "INSERT INTO nest VALUES ($1, $2)", 1, "duplicate"); err == nil {
			t.Fatal("a duplicate key was accepted")
		}
		if err := inner.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO nest VALUES ($1, $2)", 3, "after"); err != nil {
			t.Fatalf("the outer transaction after the inner one rolled back: %v", err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := c.Query(ctx, "SELECT id, v FROM nest ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var id int
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d %s", id, v))
		}
		if want := []string{"1 outer", "3 after"}; fmt.Sprint(got) != fmt.Sprint(want) || rows.Err() != nil {
			t.Fatalf("rows %q (%v), want %q", got, rows.Err(), want)
		}
	})
}
