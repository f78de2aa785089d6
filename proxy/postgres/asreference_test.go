package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// answers runs each statement on c in the extended protocol (binary
// results) and in the simple one, and describes each answer: its rows as
// pgx decodes them with their columns' type OIDs and its command tag, or
// its error's SQLSTATE.
func answers(t *testing.T, c *pgx.Conn, stmts []string) []string {
	t.Helper()
	var out []string
	for _, q := range stmts {
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
			out = append(out, fmt.Sprintf("%s (%s)\n%s", q, mode, answer(c, q, mode)))
		}
	}
	return out
}

func answer(c *pgx.Conn, q string, mode pgx.QueryExecMode) string {
	rows, err := c.Query(context.Background(), q, mode)
	if err != nil {
		return errorState(err)
	}
	defer rows.Close()
	var b strings.Builder
	for _, f := range rows.FieldDescriptions() {
		fmt.Fprintf(&b, "%s:%d ", f.Name, f.DataTypeOID)
	}
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			return errorState(err)
		}
		fmt.Fprintf(&b, "\n%#v", v)
	}
	if err := rows.Err(); err != nil {
		return errorState(err)
	}
	return b.String() + "\n" + rows.CommandTag().String()
}

func errorState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return "error " + pe.Code
	}
	return "error " + err.Error()
}

// sameAsPostgreSQL runs stmts on PostgreSQL itself (a scratch database)
// and on a fresh node of each backend, and fails where a node's answer
// differs from PostgreSQL's.
func sameAsPostgreSQL(t *testing.T, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	direct, err := pgx.Connect(ctx, testDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close(ctx)
	want := answers(t, direct, stmts)
	forBackends(t, func(t *testing.T, backend string) {
		for i, got := range answers(t, startNodeOn(t, backend, "").connect(t), stmts) {
			if got != want[i] {
				t.Errorf("got\n%s\nPostgreSQL gives\n%s", got, want[i])
			}
		}
	})
}
