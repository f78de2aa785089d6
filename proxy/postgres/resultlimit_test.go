package postgres_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/proxy/postgres"
)

// TestResultLimit: on a node whose reads may hold 256 KiB, a cross join
// of 64,000 rows (about 13 MB) fails with 54000 (program_limit_exceeded)
// where the node would hold it (SELECT and COPY … TO on SQLite), and
// streams to the client where the local PostgreSQL hands its rows over
// one by one; either way the connection reads on as before.
func TestResultLimit(t *testing.T) { forBackends(t, testResultLimit) }

func testResultLimit(t *testing.T, backend string) {
	n := startNodeWith(t, backend, postgres.Config{Users: map[string]string{"postgres": "secret"},
		Results: drivers.NewResultBudget(256<<10, 0)})
	ctx := context.Background()
	c := n.connect(t)
	mustExec(t, c, "CREATE TABLE t (id int PRIMARY KEY, x text)")
	vals := make([]string, 40)
	for i := range vals {
		vals[i] = fmt.Sprintf("(%d, '%s')", i+1, strings.Repeat("x", 100))
	}
	mustExec(t, c, "INSERT INTO t VALUES "+strings.Join(vals, ", "))

	const huge = "SELECT a.*, b.*, c.* FROM t a, t b, t c"
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		got, err := countPGRows(c, huge, mode)
		switch backend {
		case "sqlite":
			wantState(t, err, "54000")
		default:
			if err != nil || got != 64000 {
				t.Fatalf("%s streamed from PostgreSQL: %d rows, %v; want 64000", huge, got, err)
			}
		}
	}
	tag, err := c.PgConn().CopyTo(ctx, io.Discard, "COPY ("+huge+") TO STDOUT")
	switch backend {
	case "sqlite":
		wantState(t, err, "54000")
	default:
		if err != nil || tag.String() != "COPY 64000" {
			t.Fatalf("COPY streamed from PostgreSQL: %s, %v; want COPY 64000", tag, err)
		}
	}
	// A COPY failing after some of its rows were sent ends with its error.
	_, err = c.PgConn().CopyTo(ctx, io.Discard, "COPY (SELECT 1 / (id - 20) FROM t ORDER BY id) TO STDOUT")
	wantState(t, err, "22012")

	// The connection goes on: ordinary reads and COPY answer as before.
	var count, width int
	if err := c.QueryRow(ctx, "SELECT count(*), max(length(a.x)) FROM t a, t b, t c").Scan(&count, &width); err != nil || count != 64000 || width != 100 {
		t.Fatalf("count over the cross join: %d %d, %v", count, width, err)
	}
	if got, err := countPGRows(c, "SELECT a.id, b.id FROM t a, t b WHERE a.id < 3 AND b.id < 3", pgx.QueryExecModeCacheStatement); err != nil || got != 4 {
		t.Fatalf("small join: %d rows, %v", got, err)
	}
	var out strings.Builder
	if tag, err := c.PgConn().CopyTo(ctx, &out, "COPY (SELECT id FROM t WHERE id <= 3 ORDER BY id) TO STDOUT"); err != nil ||
		tag.String() != "COPY 3" || out.String() != "1\n2\n3\n" {
		t.Fatalf("small COPY: %s %q, %v", tag, out.String(), err)
	}
}

// countPGRows reads every row of q in the given protocol mode.
func countPGRows(c *pgx.Conn, q string, mode pgx.QueryExecMode) (int, error) {
	rows, err := c.Query(context.Background(), q, mode)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
