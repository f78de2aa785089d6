package replay_test

import (
	"context"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// TestDottedNamesStayApart: `app.x`.y and app.`x.y` are two tables for
// the apply engine, the digest and row history, on SQLite and MariaDB, and
// DROP DATABASE d1 leaves the tables of `d1.z` alone.
func TestDottedNamesStayApart(t *testing.T) {
	c := newChain(t)
	var txs [][]byte
	for _, q := range []string{
		"CREATE DATABASE app", "CREATE DATABASE `app.x`", "CREATE DATABASE d1", "CREATE DATABASE `d1.z`",
		"CREATE TABLE `app.x`.y (id INT PRIMARY KEY, v VARCHAR(5))", "CREATE TABLE app.`x.y` (id INT PRIMARY KEY, v VARCHAR(5))",
		"INSERT INTO `app.x`.y VALUES (1, 'a')", "INSERT INTO app.`x.y` VALUES (1, 'b'), (2, 'c')",
		"CREATE TABLE `d1.z`.t (id INT PRIMARY KEY)", "INSERT INTO `d1.z`.t VALUES (5)",
		"CREATE TABLE d1.t (id INT PRIMARY KEY)", "DROP DATABASE d1",
	} {
		txs = append(txs, c.tx("", q))
	}
	blk := c.block(txs...)
	sqliteDigest := checkDottedNames(t, newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db"))), blk)
	t.Run("mariadb", func(t *testing.T) {
		if d := checkDottedNames(t, newEngine(t, openMariaDB(t)), blk); d != sqliteDigest {
			t.Errorf("digests differ: sqlite %s, mariadb %s", sqliteDigest, d)
		}
	})
}

func checkDottedNames(t *testing.T, e *replay.Engine, blk consensus.Block) string {
	t.Helper()
	res, _, err := e.ApplyBlock(context.Background(), blk)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.OK() {
			t.Fatalf("%s: tx %d failed: %+v", e.Driver().Name(), i, r.Statements)
		}
	}
	d, err := e.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, td := range d.Tables {
		got = append(got, drivers.QualifiedName(td.DB, td.Name)+"="+strconv.Itoa(td.Rows))
	}
	sort.Strings(got)
	if want := "`app.x`.y=1 `d1.z`.t=1 app.`x.y`=2"; strings.Join(got, " ") != want {
		t.Errorf("%s digest tables %q, want %q", e.Driver().Name(), strings.Join(got, " "), want)
	}
	var tables []string
	for _, rc := range rowChanges(t, e.Driver()) {
		tables = append(tables, rc.Table)
	}
	sort.Strings(tables)
	if want := "`app.x`.y `d1.z`.t app.`x.y` app.`x.y`"; strings.Join(tables, " ") != want {
		t.Errorf("%s row history tables %q, want %q", e.Driver().Name(), strings.Join(tables, " "), want)
	}
	return d.Hash
}
