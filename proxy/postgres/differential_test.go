package postgres_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strconv"
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
var (
	diffN      = flag.Int("n", 3000, "differential test: statements to generate")
	diffSeed   = flag.Uint64("seed", 1, "differential test: seed")
	diffStream = flag.Bool("stream", false, "differential test: print every statement and answer")
	diffFrom   = flag.Int("segment", 0, "differential test: first segment to run (with -stream and -n 150: the one a report names)")
	diffAll    = flag.String("unexpected", "", "differential test: file that receives every unexpected difference, not only each class's first")
)

// TestDifferential sends generated PostgreSQL statement streams through
// pgx to a blocksql node on SQLite, a blocksql node on PostgreSQL and
// PostgreSQL itself (a scratch database), and fails on any difference
// that is not a documented deviation. The nodes hold one database each,
// so segments run one at a time.
func TestDifferential(t *testing.T) {
	n, seed := *diffN, *diffSeed
	if v, err := strconv.Atoi(os.Getenv("DIFFTEST_N")); err == nil {
		n = v
	}
	if v, err := strconv.ParseUint(os.Getenv("DIFFTEST_SEED"), 10, 64); err == nil {
		seed = v
	}
	r := &difftest.Runner{
		Dialect:    difftest.PostgreSQL,
		Ref:        difftest.Target{Name: "postgres-direct", DB: openPGX(t, testDatabase(t))},
		Subjects:   []difftest.Target{diffNode(t, "sqlite"), diffNode(t, "postgres")},
		ShrinkRuns: 150,
	}
	if *diffStream {
		r.Log = os.Stdout
	}
	if *diffAll != "" {
		f, err := os.Create(*diffAll)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r.Unexpected = f
	}
	rep, err := r.Run(context.Background(), difftest.Options{Seed: seed, Statements: n, SegmentSize: 150, MaxFailures: 5, Parallel: 1,
		FirstSegment: *diffFrom})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	for _, f := range rep.Failures {
		t.Errorf("difference outside the documented deviations, %s", f)
	}
	if len(rep.Unexpected) > len(rep.Failures) {
		t.Errorf("%d more unexpected difference classes not shrunk; see the counts above", len(rep.Unexpected)-len(rep.Failures))
	}
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
