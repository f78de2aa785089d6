package postgres_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/blocksql/blocksql/drivers/difftest"
	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
)

// The fixed run of `make test`; a long run:
//
//	go test -timeout 0 ./proxy/postgres -run Differential -args -n 20000 -seed 7
//
// or, across every package (whose test binaries do not know -n):
//
//	DIFFTEST_N=20000 DIFFTEST_SEED=7 go test -timeout 0 ./... -run Differential
var diffCLI = difftest.Flags(3000)

// TestDifferential sends generated PostgreSQL statement streams through
// pgx to a blocksql node on SQLite, a blocksql node on PostgreSQL and
// PostgreSQL itself (a scratch database), and fails on any difference
// that is not a documented deviation. The nodes hold one database each,
// so segments run one at a time.
func TestDifferential(t *testing.T) {
	r := &difftest.Runner{
		Dialect:    difftest.PostgreSQL,
		Ref:        difftest.Target{Name: "postgres-direct", DB: openPGX(t, testDatabase(t))},
		Subjects:   []difftest.Target{diffNode(t, "sqlite"), diffNode(t, "postgres")},
		ShrinkRuns: 150,
	}
	diffCLI.Run(t, r)
}

func openPGX(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// diffNode starts a node on backend and describes it as a target: its
// digest is its whole database's (a segment's tables are the only
// ones), and the PostgreSQL-backed node's sequences are read from its
// database to realign the reference's.
func diffNode(t *testing.T, backend string) difftest.Target {
	n := startNodeOn(t, backend, "")
	tg := difftest.Target{Name: "blocksql-" + backend,
		DB: openPGX(t, fmt.Sprintf("postgres://postgres:secret@%s/app?sslmode=disable", n.addr)),
		Digest: func(ctx context.Context, _ string) (string, error) {
			d, err := n.drv.Digest(ctx)
			return hex.EncodeToString(d), err
		}}
	if native, ok := n.drv.(*pgdriver.Driver); ok {
		local := stdlib.OpenDBFromPool(native.Pool())
		t.Cleanup(func() { local.Close() })
		tg.AutoInc = func(ctx context.Context, _, table string) (uint64, bool, error) {
			next, ok, err := difftest.PGNextID(ctx, local, table)
			return uint64(next), ok, err
		}
	}
	return tg
}
