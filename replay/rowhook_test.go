package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
)

// hookedSQLite opens SQLite, or skips when this build lacks the
// pre-update hook (the engine then uses capture triggers).
func hookedSQLite(t *testing.T) drivers.Driver {
	d := openSQLite(t, filepath.Join(t.TempDir(), "a.db"))
	if !d.(*sqlite.Driver).RowHookActive() {
		t.Skip("built without the sqlite_preupdate_hook tag")
	}
	return d
}

func triggerCount(t *testing.T, d drivers.Driver) int64 {
	return queryInts(t, d, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")
}

// TestRowHookReplacesTriggers: with the hook, SQLite runs no capture
// trigger, and row history holds the same changes as before (see
// TestRowHistoryRecordsChanges for their content).
func TestRowHookReplacesTriggers(t *testing.T) {
	d := hookedSQLite(t)
	e := newEngine(t, d)
	applyHistory(t, e, newChain(t))
	if n := triggerCount(t, d); n != 0 {
		t.Errorf("%d triggers installed; the hook needs none", n)
	}
	if n := len(rowChanges(t, d)); n != 15 {
		t.Errorf("%d row changes, want 15", n)
	}
}

// TestRowHookTakesOverTriggerDatabase opens a database whose tables carry
// capture triggers (as a build without the hook leaves them): the engine
// removes them, so no change is recorded twice, and the AppHash is the
// one a database captured by the hook throughout reaches.
func TestRowHookTakesOverTriggerDatabase(t *testing.T) {
	c := newChain(t)
	blocks := historyBlocks(t, c)
	ref := newEngine(t, hookedSQLite(t))
	for _, blk := range blocks {
		if _, _, err := ref.ApplyBlock(context.Background(), blk); err != nil {
			t.Fatal(err)
		}
	}
	d := hookedSQLite(t)
	e := newEngine(t, d)
	for _, blk := range blocks[:3] {
		if _, _, err := e.ApplyBlock(context.Background(), blk); err != nil {
			t.Fatal(err)
		}
	}
	installTriggers(t, d)
	e = newEngine(t, d)
	if n := triggerCount(t, d); n != 0 {
		t.Fatalf("%d triggers left after reopening", n)
	}
	var hash []byte
	for _, blk := range blocks[3:] {
		_, h, err := e.ApplyBlock(context.Background(), blk)
		if err != nil {
			t.Fatal(err)
		}
		hash = h
	}
	if string(hash) != string(ref.AppHash()) {
		t.Error("AppHash differs from the database captured by the hook throughout")
	}
	if got, want := fmt.Sprint(rowChanges(t, d)), fmt.Sprint(rowChanges(t, ref.Driver())); got != want {
		t.Errorf("row history:\n%s\nwant:\n%s", got, want)
	}
}

// installTriggers puts the capture triggers of shop.items in place and
// marks the database as captured by triggers.
func installTriggers(t *testing.T, d drivers.Driver) {
	ctx := context.Background()
	dtx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer dtx.Rollback()
	ct := drivers.CaptureTable{DB: "shop", Name: "items", PrimaryKey: []string{"id"}, Columns: []drivers.CaptureColumn{
		{Name: "id", Numeric: true}, {Name: "name"}, {Name: "price", Kind: drivers.KindDecimal, Scale: 2},
		{Name: "added"}, {Name: "code", Kind: drivers.KindBinary}, {Name: "qty", Numeric: true}}}
	if err := dtx.(drivers.RowCapture).InstallCapture(ctx, ct); err != nil {
		t.Fatal(err)
	}
	if err := dtx.ExecInternal(ctx, "REPLACE INTO "+d.Internal("meta")+" (k, v) VALUES ('row_capture', '1')"); err != nil {
		t.Fatal(err)
	}
	if err := dtx.Commit(); err != nil {
		t.Fatal(err)
	}
	if triggerCount(t, d) != 3 {
		t.Fatal("triggers not installed")
	}
}

// TestInteractiveFailedStatementLeavesNoHistory: in an interactive
// transaction a statement its client saw fail is left out while the
// transaction goes on; the rows it had inserted before failing must not
// reach row history.
func TestInteractiveFailedStatementLeavesNoHistory(t *testing.T) {
	c := newChain(t)
	d := openSQLite(t, filepath.Join(t.TempDir(), "a.db"))
	e := newEngine(t, d)
	apply(t, e, c.block(c.tx("", "CREATE DATABASE s"), c.tx("s", "CREATE TABLE t (id INT PRIMARY KEY)")))
	o := c.begin(e, "s")
	o.send("INSERT INTO t VALUES (1)")
	if a := o.send("INSERT INTO t VALUES (5), (1)"); a.Code != 1062 {
		t.Fatalf("duplicate insert answered %+v, want 1062", a)
	}
	o.send("INSERT INTO t VALUES (2)")
	if r := apply(t, e, c.block(o.commit(c))); !r[0].OK() {
		t.Fatalf("commit: %+v", r[0])
	}
	var keys []string
	for _, rc := range rowChanges(t, d) {
		keys = append(keys, rc.PK)
	}
	if fmt.Sprint(keys) != "[[1] [2]]" {
		t.Errorf("row history keys %v, want [[1] [2]]", keys)
	}
}
