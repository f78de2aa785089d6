package replay_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/replay"
)

// TestRestartWaitsForTheDeadWritersCommit: a node killed right after it
// sent a block's COMMIT leaves the server committing it. The next process
// must not read the applied height (and catalog) before that COMMIT is
// done, or it applies the block again on top of it. The engine opening
// the same MariaDB databases waits until the first one's connection ends,
// and then sees the block.
func TestRestartWaitsForTheDeadWritersCommit(t *testing.T) {
	d1 := openMariaDB(t).(*mysql.Driver)
	e1 := newEngine(t, d1)
	c := newChain(t)
	ctx := context.Background()
	if _, _, err := e1.ApplyBlock(ctx, c.block(c.tx("", "CREATE DATABASE app"), c.tx("app", "CREATE TABLE t (id INT PRIMARY KEY)"))); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e1.StageBlock(ctx, c.block(c.tx("app", "INSERT INTO t VALUES (1)"))); err != nil {
		t.Fatal(err)
	}
	type opened struct {
		e   *replay.Engine
		err error
	}
	second := make(chan opened, 1)
	go func() {
		d2, err := mysql.Open(mariaDSN, d1.Prefix())
		if err != nil {
			second <- opened{err: err}
			return
		}
		t.Cleanup(func() { d2.Close() })
		e2, err := replay.New(ctx, d2, nil)
		second <- opened{e2, err}
	}()
	select {
	case o := <-second:
		_ = e1.AbortStaged(ctx) // or the test's cleanup waits for its locks
		t.Fatalf("a second engine opened (height %d, %v) while the first had a block staged", height(o.e), o.err)
	case <-time.After(500 * time.Millisecond):
	}
	if err := e1.CommitStaged(ctx); err != nil {
		t.Fatal(err)
	}
	d1.Close() // the dead process's connection ends after its COMMIT
	o := <-second
	if o.err != nil {
		t.Fatal(o.err)
	}
	if o.e.Height() != 2 {
		t.Errorf("the second engine opened at height %d, want 2 (the block the first committed)", o.e.Height())
	}
}

// TestSecondWriterRefused: a second node started on a database another
// one writes is refused with a message that says so, once it waited.
func TestSecondWriterRefused(t *testing.T) {
	defer replay.SetWriterWait(200 * time.Millisecond)()
	d1 := openMariaDB(t).(*mysql.Driver)
	newEngine(t, d1)
	d2, err := mysql.Open(mariaDSN, d1.Prefix())
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if _, err := replay.New(context.Background(), d2, nil); err == nil || !strings.Contains(err.Error(), "another process writes") {
		t.Fatalf("second writer: %v, want refused", err)
	}
}

func height(e *replay.Engine) int64 {
	if e == nil {
		return -1
	}
	return e.Height()
}
