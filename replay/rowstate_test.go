package replay_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// stateBlocks builds a chain over one table with a column of each kind the
// AppHash encodes by type. Block 5 sets r of the row with id 5; block 7
// is the first block after it to touch that row again.
func stateBlocks(c *chainBuilder) []consensus.Block {
	stmts := []string{
		// A FLOAT of more than 6 digits (stored 33554472, shown 33554500
		// by MariaDB), a FLOAT(7,2) rounded to its decimals when stored.
		"CREATE TABLE ev (id INT PRIMARY KEY, k VARCHAR(8), r DOUBLE, n INT, amt DECIMAL(10,2), at DATETIME, b VARBINARY(8), f FLOAT, g FLOAT(7,2))",
		"INSERT INTO ev VALUES (1,'a',0.5,0,1.1,'2026-03-01 10:00:00','x',1.1,12.345), (2,'b',2,0,2,NULL,NULL,NULL,NULL), " +
			"(3,'c',1e20,0,-3.25,'2026-03-02',x'00ff',33554473,0.125), (4,'é',0.1,0,0,NULL,'',2,2), (5,'d',7,0,5.5,NULL,NULL,NULL,NULL)",
		"UPDATE ev SET n = n + 1, r = r * 3 WHERE id < 4",
		"UPDATE ev SET r = 1 WHERE k = 'd'",
		"DELETE FROM ev WHERE id = 2",
		"UPDATE ev SET n = n + 1 WHERE id = 5",
	}
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE app"))}
	for _, s := range stmts {
		blocks = append(blocks, c.block(c.tx("app", s)))
	}
	return blocks
}

const (
	hookedHeight  = 5 // the block whose UPDATE the hook changes
	touchedHeight = 7 // the next block touching that row
)

// changeSetValue is a nondeterministic function: applied, it makes
// "UPDATE ev SET r = 1" write 2 instead.
func changeSetValue(stmt ast.StmtNode) {
	if u, ok := stmt.(*ast.UpdateStmt); ok && len(u.List) == 1 && u.List[0].Column.Name.L == "r" {
		u.List[0].Expr = ast.NewValueExpr(int64(2), "", "")
	}
}

// applyAll applies blocks and returns the AppHash after each height.
func applyAll(t *testing.T, e *replay.Engine, blocks []consensus.Block) map[int64][]byte {
	t.Helper()
	hashes := map[int64][]byte{}
	for _, b := range blocks {
		res, h, err := e.ApplyBlock(context.Background(), b)
		if err != nil {
			t.Fatalf("%s block %d: %v", e.Driver().Name(), b.Height, err)
		}
		for _, r := range res {
			if !r.OK() {
				t.Fatalf("%s block %d: %+v", e.Driver().Name(), b.Height, r)
			}
		}
		hashes[b.Height] = h
	}
	return hashes
}

// firstMismatch checks, block by block, e's AppHashes against the chain's
// (want) as a replay does, and returns the first failure.
func firstMismatch(t *testing.T, e *replay.Engine, blocks []consensus.Block, want map[int64][]byte) error {
	t.Helper()
	for _, b := range blocks {
		_, h, err := e.ApplyBlock(context.Background(), b)
		if err != nil {
			t.Fatalf("%s block %d: %v", e.Driver().Name(), b.Height, err)
		}
		if err := e.CheckApplied(b.Height, h, &cmttypes.Header{Height: b.Height + 1, AppHash: want[b.Height]}); err != nil {
			return err
		}
	}
	return nil
}

type backend struct {
	name string
	open func(t *testing.T) drivers.Driver
}

var backends = []backend{
	{"sqlite", func(t *testing.T) drivers.Driver { return openSQLite(t, filepath.Join(t.TempDir(), "a.db")) }},
	{"mariadb", openMariaDB},
}

// TestAppHashCoversRows: the same chain gives the same AppHashes on SQLite
// and MariaDB, with row history on or off; a statement that writes a
// different value on a second run (a nondeterministic function, injected
// here) makes the replay stop at that block naming the table and key.
func TestAppHashCoversRows(t *testing.T) {
	c := newChain(t)
	blocks := stateBlocks(c)
	chain := applyAll(t, newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "chain.db"))), blocks)
	for _, be := range backends {
		for _, history := range []bool{true, false} {
			t.Run(be.name+map[bool]string{true: "/history", false: "/no-history"}[history], func(t *testing.T) {
				e, err := replay.New(context.Background(), be.open(t), nil, replay.WithRowHistory(history))
				if err != nil {
					t.Fatal(err)
				}
				if err := firstMismatch(t, e, blocks[:hookedHeight-1], chain); err != nil {
					t.Fatalf("same chain, same rows: %v", err)
				}
				defer replay.SetBindHook(changeSetValue)()
				err = firstMismatch(t, e, blocks[hookedHeight-1:], chain)
				var te *replay.TamperError
				if !errors.As(err, &te) || te.Height != hookedHeight || !strings.Contains(err.Error(), "app.ev id=5 (update)") {
					t.Fatalf("replay writing r=2 instead of 1: %v, want a mismatch at block %d naming app.ev id=5", err, hookedHeight)
				}
				if n := queryInts(t, e.Driver(), "SELECT COUNT(*) FROM "+e.Driver().Internal("row_changes")); history != (n > 0) {
					t.Errorf("row history %v left %d row changes", history, n)
				}
			})
		}
	}
}

// TestAppHashCatchesEditedRow: a row changed behind the node's back is
// caught by the next block that touches it, whose before-image differs.
func TestAppHashCatchesEditedRow(t *testing.T) {
	c := newChain(t)
	blocks := stateBlocks(c)
	chain := applyAll(t, newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "chain.db"))), blocks)
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := newEngine(t, be.open(t))
			if err := firstMismatch(t, e, blocks[:hookedHeight], chain); err != nil {
				t.Fatal(err)
			}
			editBehindBack(t, e.Driver(), "UPDATE app.ev SET k = 'forged' WHERE id = 5")
			err := firstMismatch(t, e, blocks[hookedHeight:], chain)
			var te *replay.TamperError
			if !errors.As(err, &te) || te.Height != touchedHeight || !strings.Contains(err.Error(), "app.ev id=5 (update)") {
				t.Fatalf("after editing app.ev id=5: %v, want a mismatch at block %d naming app.ev id=5", err, touchedHeight)
			}
		})
	}
}

// editBehindBack changes the local database directly, as an operator
// with access to its file could, not through the chain.
func editBehindBack(t *testing.T, d drivers.Driver, sql string) {
	t.Helper()
	ctx := context.Background()
	dtx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dtx.Exec(ctx, mustParse(t, sql)); err != nil {
		t.Fatal(err)
	}
	if err := dtx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreStopsAtDivergentRows replays a real chain with a statement
// that writes another value than the node did: the restore stops at that
// block, naming the table and key of the row.
func TestRestoreStopsAtDivergentRows(t *testing.T) {
	lc := sharedChain(t)
	store, v := openStore(t, lc.home)
	defer replay.SetBindHook(func(stmt ast.StmtNode) {
		ins, ok := stmt.(*ast.InsertStmt)
		if !ok || len(ins.Lists) != 1 || len(ins.Lists[0]) != 2 {
			return
		}
		if name, ok := ins.Lists[0][0].(ast.ValueExpr); ok && name.GetValue() == "item-05" {
			ins.Lists[0][1] = ast.NewValueExpr(int64(55), "", "")
		}
	})()
	_, _, err := restoreTo(t, store, v, replay.Target{Height: lc.tip, Inclusive: true})
	var te *replay.TamperError
	want := lc.inserted[4].height
	if !errors.As(err, &te) || te.Height != want || !strings.Contains(err.Error(), "shop.items id=5 (insert)") {
		t.Fatalf("restore with item-05 inserted with qty 55: %v, want a mismatch at block %d naming shop.items id=5", err, want)
	}
	t.Log(err)
}

// TestAppHashSeesWholeFloat: two FLOATs MariaDB shows alike (33554472 and
// 33554476 are both 33554500) are different rows to the AppHash and the
// state digest, on each backend, and the same FLOAT hashes alike on both:
// MariaDB's row history and scans hand over the single-precision value,
// not the 6 digits it shows.
func TestAppHashSeesWholeFloat(t *testing.T) {
	chains := map[string][]consensus.Block{}
	for _, v := range []string{"33554472", "33554476"} {
		c := newChain(t)
		chains[v] = []consensus.Block{c.block(c.tx("", "CREATE DATABASE app")),
			c.block(c.tx("app", "CREATE TABLE fl (id INT PRIMARY KEY, f FLOAT)")),
			c.block(c.tx("app", "INSERT INTO fl VALUES (1, "+v+")"))}
	}
	ctx := context.Background()
	hashes := map[string][]byte{}
	digests := map[string]string{}
	for _, be := range backends {
		for v, blocks := range chains {
			e := newEngine(t, be.open(t))
			h := applyAll(t, e, blocks)
			d, err := e.Digest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want, ok := hashes[v]; ok && !bytes.Equal(h[3], want) {
				t.Errorf("%s: AppHash of f = %s differs from the other backend's", be.name, v)
			}
			if want, ok := digests[v]; ok && d.Hash != want {
				t.Errorf("%s: state digest of f = %s differs from the other backend's", be.name, v)
			}
			hashes[v], digests[v] = h[3], d.Hash
		}
		if bytes.Equal(hashes["33554472"], hashes["33554476"]) || digests["33554472"] == digests["33554476"] {
			t.Errorf("%s: FLOATs 33554472 and 33554476 hash alike", be.name)
		}
	}
}
