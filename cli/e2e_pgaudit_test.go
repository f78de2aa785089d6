package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// pgAuditNode initializes and starts a postgres-dialect node on backend
// (sqlite or postgres) and returns its home and a pgx connection to it.
func pgAuditNode(t *testing.T, backend string) (string, *pgx.Conn) {
	t.Helper()
	var home string
	var port int
	if backend == "postgres" {
		home, _, port = initPostgresHome(t)
	} else {
		home, port = t.TempDir(), freePort(t)
		if out, stderr, code := runCLI(t, "init", "--home", home, "--dialect", "postgres", "--postgres-listen", fmt.Sprintf("127.0.0.1:%d", port),
			"--p2p", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)), "--metrics-listen", ""); code != 0 {
			t.Fatalf("init: %s%s", out, stderr)
		}
	}
	start(t, home, port)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", port))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(ctx) })
	return home, c
}

// pgAuditWorkload is what TestPostgresAudit writes: every type the SQLite
// backend stores, an ALTER TABLE between changes, a composite key and a
// TRUNCATE. It returns the height of the INSERT into acct.
func pgAuditWorkload(t *testing.T, c *pgx.Conn) int64 {
	t.Helper()
	ctx := context.Background()
	steps := []struct {
		sql  string
		args []any
	}{
		{sql: "CREATE TABLE acct (id serial PRIMARY KEY, name varchar(20) NOT NULL, bal numeric(10,2), ok boolean, " +
			"at timestamptz DEFAULT now(), f float8, b bytea, c char(3))"},
		{sql: "INSERT INTO acct (name, bal, ok, f, b, c) VALUES ('ann', 10.005, true, 0.5, '\\x0102', 'ab'), ($1, 3, false, 1e20, NULL, NULL)",
			args: []any{"bob\n\"b\"\t\\"}},
		{sql: "UPDATE acct SET bal = bal + 1 WHERE id = 1"},
		{sql: "ALTER TABLE acct ADD COLUMN note text DEFAULT 'x'"},
		{sql: "UPDATE acct SET note = 'y' WHERE id = 1"},
		{sql: "UPDATE acct SET note = '', b = '\\x' WHERE id = 2"},
		{sql: "DELETE FROM acct WHERE id = 2"},
		{sql: "CREATE TABLE line (o int, n int, qty int, PRIMARY KEY (o, n))"},
		{sql: "INSERT INTO line VALUES (1, 1, 5), (1, 2, 6)"},
		{sql: "UPDATE line SET qty = 7 WHERE o = 1 AND n = 2"},
		{sql: "TRUNCATE line"},
	}
	for _, s := range steps {
		if _, err := c.Exec(ctx, s.sql, s.args...); err != nil {
			t.Fatalf("%s: %v", s.sql, err)
		}
	}
	var h int64
	if err := c.QueryRow(ctx, "SELECT height FROM blocksql.statements WHERE original_sql LIKE 'INSERT INTO acct%'").Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// pgRowChange is one row of blocksql.row_changes, without its id.
type pgRowChange struct {
	Table, PK, Op, Before, After, TxHash string
	Height                               int64
	Stmt                                 int
}

const pgRowChangesQuery = `SELECT table_name, coalesce(pk, ''), op, coalesce(row_before, ''), coalesce(row_after, ''),
	tx_hash, height, stmt_index FROM %s ORDER BY id`

func pgRowChangesOf(t *testing.T, rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}) []pgRowChange {
	t.Helper()
	var out []pgRowChange
	for rows.Next() {
		var r pgRowChange
		if err := rows.Scan(&r.Table, &r.PK, &r.Op, &r.Before, &r.After, &r.TxHash, &r.Height, &r.Stmt); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPostgresAudit runs the audit commands on a postgres-dialect node on
// each backend: row history as users read it through psql's protocol
// (schema blocksql) and with history and diff; log, prove/verify-proof,
// replay into PostgreSQL and SQLite, and verify. The row history a
// replay into the other backend writes is the node's, byte for byte.
func TestPostgresAudit(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) { testPostgresAudit(t, backend) })
	}
}

func testPostgresAudit(t *testing.T, backend string) {
	home, c := pgAuditNode(t, backend)
	ctx := context.Background()
	h1 := pgAuditWorkload(t, c)

	var nodeChanges []pgRowChange
	t.Run("schema", func(t *testing.T) {
		rows, err := c.Query(ctx, fmt.Sprintf(pgRowChangesQuery, "blocksql.row_changes"))
		if err != nil {
			t.Fatal(err)
		}
		nodeChanges = pgRowChangesOf(t, rows)
		var ops []string
		for _, r := range nodeChanges {
			ops = append(ops, r.Table+" "+r.Op+" "+r.PK)
		}
		want := []string{"acct insert [1]", "acct insert [2]", "acct update [1]", "acct update [1]", "acct update [2]", "acct delete [2]",
			"line insert [1,1]", "line insert [1,2]", "line update [1,2]", "line delete [1,1]", "line delete [1,2]"}
		if !reflect.DeepEqual(ops, want) {
			t.Fatalf("row changes:\n%s\nwant\n%s", strings.Join(ops, "\n"), strings.Join(want, "\n"))
		}
		ann := regexp.MustCompile(`^\{"id":1,"name":"ann","bal":10\.01,"ok":true,"at":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00","f":0\.5,"b":"\\\\x0102","c":"ab "\}$`)
		if !ann.MatchString(nodeChanges[0].After) {
			t.Errorf("ann inserted: %s", nodeChanges[0].After)
		}
		bob := regexp.MustCompile(`^\{"id":2,"name":"bob\\n\\"b\\"\\t\\\\","bal":3\.00,"ok":false,"at":"[^"]+","f":1e\+20,"b":null,"c":null\}$`)
		if !bob.MatchString(nodeChanges[1].After) {
			t.Errorf("bob inserted: %s", nodeChanges[1].After)
		}
		if a := nodeChanges[3].After; !strings.HasSuffix(a, `"bal":11.01,"ok":true,`+a[strings.Index(a, `"at"`):strings.Index(a, `"f"`)]+`"f":0.5,"b":"\\x0102","c":"ab ","note":"y"}`) {
			t.Errorf("ann after the ALTER: %s", a)
		}
		for _, q := range []string{"SELECT count(*) FROM blocksql.transactions", "SELECT count(*) FROM blocksql.statements WHERE outcome = 'ok'",
			"SELECT count(*) FROM blocksql.blocks"} {
			var n int64
			if err := c.QueryRow(ctx, q).Scan(&n); err != nil || n < 10 {
				t.Errorf("%s: %d, %v", q, n, err)
			}
		}
		if _, err := c.Exec(ctx, "DELETE FROM blocksql.row_changes"); err == nil {
			t.Error("a client deleted row history")
		}
	})

	t.Run("history", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "history", "acct", "1", "--home", home, "--json")
		var changes []struct {
			Op, SQL string
			Height  int64
			After   map[string]any
		}
		if code != 0 || json.Unmarshal([]byte(stdout), &changes) != nil {
			t.Fatalf("history: exit %d\n%s%s", code, stdout, stderr)
		}
		if len(changes) != 3 || changes[0].Op != "insert" || changes[0].Height != h1 || changes[2].Op != "update" ||
			changes[2].After["note"] != "y" || changes[2].SQL != "UPDATE acct SET note = 'y' WHERE id = 1" {
			t.Fatalf("history acct 1:\n%s", stdout)
		}
		stdout, stderr, code = runCLI(t, "history", "public.line", "1,2", "--home", home)
		if code != 0 || !strings.Contains(stdout, "TRUNCATE line") || strings.Count(stdout, "\n") != 4 {
			t.Fatalf("history public.line 1,2: exit %d\n%s%s", code, stdout, stderr)
		}
		if _, stderr, code := runCLI(t, "history", "line", "1", "--home", home); code != 2 || !strings.Contains(stderr, "key of 2 columns") {
			t.Fatalf("history with half a key: exit %d\n%s", code, stderr)
		}
	})

	t.Run("diff", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "diff", "acct", "--from", fmt.Sprint(h1), "--json", "--home", home)
		var diffs []struct {
			Op      string
			PK      []int
			Changes int
		}
		if code != 0 || json.Unmarshal([]byte(stdout), &diffs) != nil {
			t.Fatalf("diff: exit %d\n%s%s", code, stdout, stderr)
		}
		want := fmt.Sprint([]any{"update", []int{1}, 2, "delete", []int{2}, 2})
		got := []any{}
		for _, d := range diffs {
			got = append(got, d.Op, d.PK, d.Changes)
		}
		if fmt.Sprint(got) != want {
			t.Fatalf("diff acct --from %d: %v, want %s\n%s", h1, got, want, stdout)
		}
	})

	t.Run("log", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "log", "--home", home, "--from", fmt.Sprint(h1), "--to", fmt.Sprint(h1))
		if code != 0 || !strings.Contains(stdout, "INSERT INTO acct") || strings.Contains(stdout, "UPDATE acct") {
			t.Fatalf("log at %d: exit %d\n%s%s", h1, code, stdout, stderr)
		}
		// --table lists the statements naming the table, DDL and TRUNCATE included.
		stdout, stderr, code = runCLI(t, "log", "--home", home, "--table", "public.line", "--json")
		var stmts []struct{ SQL string }
		if code != 0 || json.Unmarshal([]byte(stdout), &stmts) != nil {
			t.Fatalf("log --table: exit %d\n%s%s", code, stdout, stderr)
		}
		var sqls []string
		for _, s := range stmts {
			sqls = append(sqls, s.SQL)
		}
		want := []string{"CREATE TABLE line (o int, n int, qty int, PRIMARY KEY (o, n))", "INSERT INTO line VALUES (1, 1, 5), (1, 2, 6)",
			"UPDATE line SET qty = 7 WHERE o = 1 AND n = 2", "TRUNCATE line"}
		if !reflect.DeepEqual(sqls, want) {
			t.Fatalf("log --table public.line: %q, want %q", sqls, want)
		}
	})

	var txHash string
	if err := c.QueryRow(ctx, "SELECT tx_hash FROM blocksql.statements WHERE original_sql = 'TRUNCATE line'").Scan(&txHash); err != nil {
		t.Fatal(err)
	}
	t.Run("prove", func(t *testing.T) { assertProof(t, home, txHash) })

	var tip string
	if err := c.QueryRow(ctx, "SELECT max(height)::text FROM blocksql.blocks").Scan(&tip); err != nil {
		t.Fatal(err)
	}
	t.Run("replay-postgres", func(t *testing.T) {
		restored := pgTestDatabase(t)
		if stdout, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", tip, "--output", "postgres:"+restored); code != 0 {
			t.Fatalf("replay: exit %d\n%s%s", code, stdout, stderr)
		}
		r, err := pgx.Connect(ctx, restored)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close(ctx)
		rows, err := r.Query(ctx, fmt.Sprintf(pgRowChangesQuery, "blocksql.row_changes"))
		if err != nil {
			t.Fatal(err)
		}
		if got := pgRowChangesOf(t, rows); !reflect.DeepEqual(got, nodeChanges) {
			t.Fatalf("row history replayed into PostgreSQL:\n%v\nthe node's:\n%v", got, nodeChanges)
		}
	})
	t.Run("replay-sqlite", func(t *testing.T) {
		lite := filepath.Join(t.TempDir(), "restored.db")
		if stdout, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", tip, "--output", "sqlite:"+lite); code != 0 {
			t.Fatalf("replay: exit %d\n%s%s", code, stdout, stderr)
		}
		db, err := sql.Open("sqlite3", lite)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query(fmt.Sprintf(pgRowChangesQuery, `"blocksql.row_changes"`))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if got := pgRowChangesOf(t, rows); !reflect.DeepEqual(got, nodeChanges) {
			t.Fatalf("row history replayed into SQLite:\n%v\nthe node's:\n%v", got, nodeChanges)
		}
	})
	t.Run("verify", func(t *testing.T) {
		if stdout, stderr, code := runCLI(t, "verify", "--home", home); code != 0 || !strings.HasPrefix(stdout, "OK:") {
			t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
		}
	})
}
