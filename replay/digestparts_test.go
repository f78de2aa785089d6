package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// wholeScans hides a driver's PartScanner: its digests read each table in
// one scan.
type wholeScans struct{ drivers.Driver }

// TestDigestInParts: a state digest that reads a table in parts, at once
// (SQLite: rowid ranges, the far ends of int64 included), is the digest
// that reads it whole.
func TestDigestInParts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	drv := openSQLite(t, path)
	e := newEngine(t, drv)
	c := newChain(t)
	var vals []string
	for i := range 300 {
		vals = append(vals, fmt.Sprintf("(%d, 'v%d', %d.25)", (i-150)*30_000_000_000_000_007, i, i))
	}
	for _, blk := range []consensus.Block{
		c.block(c.tx("", "CREATE DATABASE app"),
			c.tx("app", "CREATE TABLE wide (id BIGINT PRIMARY KEY, v VARCHAR(8), d DECIMAL(6,2))"),
			c.tx("app", "CREATE TABLE named (k VARCHAR(8) PRIMARY KEY, n INT)"),
			c.tx("app", "CREATE TABLE empty (id INT PRIMARY KEY)"),
			c.tx("app", "CREATE TABLE one (id INT PRIMARY KEY)")),
		c.block(c.tx("app", "INSERT INTO wide VALUES "+strings.Join(vals, ", ")),
			c.tx("app", "INSERT INTO wide VALUES (-9223372036854775808, 'min', 0), (9223372036854775807, 'max', 1)"),
			c.tx("app", "INSERT INTO named VALUES ('b', 2), ('a', 1), ('C', 3)"),
			c.tx("app", "INSERT INTO one VALUES (7)")),
	} {
		if _, _, err := e.ApplyBlock(ctx, blk); err != nil {
			t.Fatal(err)
		}
	}
	parts, err := e.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := newEngine(t, wholeScans{openSQLite(t, path)}).Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if parts.Hash != whole.Hash || len(parts.Tables) != 4 {
		t.Fatalf("in parts %+v, whole %+v", parts, whole)
	}
	if parts.Tables[3].Rows != 302 {
		t.Fatalf("wide table: %d rows digested, want 302", parts.Tables[3].Rows)
	}
}
