package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/proxy/postgres"
)

// The node holds a bounded number and size of prepared statements and
// portals for all its connections (54000 past either); closing one, or
// disconnecting, gives its share back. A Parse or Bind that reuses the
// name of an open statement or portal fails as PostgreSQL's does.
func TestPreparedStatementLimits(t *testing.T) {
	n := startNodeWith(t, "sqlite", postgres.Config{Users: map[string]string{"postgres": "secret"},
		Prepared: drivers.NewPreparedBudget(3, 4096)})
	ctx := context.Background()
	c1, c2 := n.connect(t), n.connect(t)
	defer c2.Close(ctx)
	for _, name := range []string{"a", "b"} {
		if _, err := c1.PgConn().Prepare(ctx, name, "SELECT 1", nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c1.PgConn().Prepare(ctx, "a", "SELECT 2", nil)
	wantState(t, err, "42P05")
	if _, err := c2.PgConn().Prepare(ctx, "c", "SELECT 1", nil); err != nil {
		t.Fatal(err)
	}
	_, err = c2.PgConn().Prepare(ctx, "d", "SELECT 1", nil)
	wantState(t, err, "54000")
	if err := c1.PgConn().Deallocate(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.PgConn().Prepare(ctx, "d", "SELECT 1", nil); err != nil {
		t.Fatalf("after a statement was closed: %v", err)
	}
	c1.Close(ctx) // its statement "b" goes back, as the node's side of it ends
	_, err = c2.PgConn().Prepare(ctx, "e", "SELECT 1", nil)
	for deadline := time.Now().Add(5 * time.Second); err != nil && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		_, err = c2.PgConn().Prepare(ctx, "e", "SELECT 1", nil)
	}
	if err != nil {
		t.Fatalf("after the other connection closed: %v", err)
	}

	// Bytes: a statement's text, and a portal's parameters.
	c3 := startNodeWith(t, "sqlite", postgres.Config{Users: map[string]string{"postgres": "secret"},
		Prepared: drivers.NewPreparedBudget(0, 4096)}).connect(t)
	defer c3.Close(ctx)
	_, err = c3.PgConn().Prepare(ctx, "long", "SELECT '"+strings.Repeat("x", 5000)+"'", nil)
	wantState(t, err, "54000")
	var got string
	err = c3.QueryRow(ctx, "SELECT $1::text", strings.Repeat("y", 5000)).Scan(&got)
	wantState(t, err, "54000")
	if err := c3.QueryRow(ctx, "SELECT $1::text", "short").Scan(&got); err != nil || got != "short" {
		t.Fatalf("a short parameter after the refused one: %q, %v", got, err)
	}
}

// A portal lasts until the end of its transaction, as PostgreSQL's: outside
// BEGIN the Sync that ends the implicit transaction closes it, so the same
// name may be bound again and an Execute after it finds no portal (34000);
// inside BEGIN it lives until COMMIT. Before, portals were kept until the
// connection closed, and with the node's budget a client that relied on
// PostgreSQL's cleanup would have run out.
func TestPortalsEndWithTheirTransaction(t *testing.T) {
	n := startNodeWith(t, "sqlite", postgres.Config{Users: map[string]string{"postgres": "secret"},
		Prepared: drivers.NewPreparedBudget(3, 0)})
	ctx := context.Background()
	c := n.connect(t)
	defer c.Close(ctx)
	fe := c.PgConn().Frontend()
	// round sends msgs and a Sync (a Query alone) and returns the SQLSTATE
	// of the error among the answers ("" for none).
	round := func(msgs ...pgproto3.FrontendMessage) string {
		t.Helper()
		if _, simple := msgs[0].(*pgproto3.Query); !simple {
			msgs = append(msgs, &pgproto3.Sync{})
		}
		for _, m := range msgs {
			fe.Send(m)
		}
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
		state := ""
		for {
			msg, err := fe.Receive()
			if err != nil {
				t.Fatal(err)
			}
			switch m := msg.(type) {
			case *pgproto3.ErrorResponse:
				state = m.Code
			case *pgproto3.ReadyForQuery:
				return state
			}
		}
	}
	if st := round(&pgproto3.Parse{Name: "s", Query: "SELECT 1"}); st != "" {
		t.Fatalf("parse: %s", st)
	}
	for i := range 5 { // more than the budget holds, were portals kept
		if st := round(&pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "s"}); st != "" {
			t.Fatalf("bind %d of portal p: %s", i, st)
		}
	}
	if st := round(&pgproto3.Execute{Portal: "p"}); st != "34000" {
		t.Fatalf("execute after the Sync: %q, want 34000", st)
	}
	if st := round(&pgproto3.Query{String: "BEGIN"}); st != "" {
		t.Fatalf("begin: %s", st)
	}
	if st := round(&pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "s"}); st != "" {
		t.Fatalf("bind inside the transaction: %s", st)
	}
	if st := round(&pgproto3.Execute{Portal: "p"}); st != "" {
		t.Fatalf("execute inside the transaction: %s", st)
	}
	if st := round(&pgproto3.Query{String: "COMMIT"}); st != "" {
		t.Fatalf("commit: %s", st)
	}
	if st := round(&pgproto3.Execute{Portal: "p"}); st != "34000" {
		t.Fatalf("execute after COMMIT: %q, want 34000", st)
	}
}
