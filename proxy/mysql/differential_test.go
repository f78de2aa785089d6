package mysql_test

import (
	"context"
	"database/sql"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers/difftest"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/proxy/mysql/mysqltest"
)

// The fixed run of `make test`; a long run:
//
//	go test -timeout 0 ./proxy/mysql -run Differential -args -n 200000 -seed 7
//
// or, across every package (whose test binaries do not know -n):
//
//	DIFFTEST_N=200000 DIFFTEST_SEED=7 go test -timeout 0 ./... -run Differential
var diffCLI = difftest.Flags(1000)

// TestDifferential sends generated statement streams to a blocksql node
// on SQLite, a blocksql node on MariaDB and MariaDB itself, and fails on
// any difference that is not a documented deviation.
func TestDifferential(t *testing.T) {
	mysqltest.RequireMariaDB(t)
	ref := openDB(t, mysqltest.MariaDSN+"?sql_mode="+url.QueryEscape("'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")+
		"&time_zone="+url.QueryEscape("'+00:00'"))
	r := &difftest.Runner{
		Ref:        difftest.Target{Name: "mariadb-direct", DB: ref, Prefix: mysqltest.TestPrefix()},
		Subjects:   []difftest.Target{diffNode(t, "sqlite"), diffNode(t, "mariadb")},
		ShrinkRuns: 150,
	}
	diffCLI.Run(t, r)
}

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// diffNode starts a node on backend and describes it as a target whose
// digest covers one logical database.
func diffNode(t *testing.T, backend string) difftest.Target {
	n := mysqltest.StartNode(t, mysqlfront.Config{}, backend)
	digest := func(ctx context.Context, db string) (string, error) {
		d, err := n.Engine.DigestOf(ctx, func(name string) bool { return name == db })
		if err != nil {
			return "", err
		}
		var parts []string
		for _, td := range d.Tables {
			if td.DB == db {
				parts = append(parts, td.Name+":"+td.Hash)
			}
		}
		sort.Strings(parts)
		return strings.Join(parts, " "), nil
	}
	autoInc := func(_ context.Context, db, table string) (uint64, bool, error) {
		next, ok := n.Engine.NextAutoID(db, table)
		return next, ok, nil
	}
	return difftest.Target{Name: "blocksql-" + backend, DB: openDB(t, "root@tcp("+n.Addr+")/"), Digest: digest, AutoInc: autoInc}
}
