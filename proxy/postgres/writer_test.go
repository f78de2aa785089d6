package postgres_test

import (
	"context"
	"testing"
	"time"

	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
	"github.com/blocksql/blocksql/replay"
)

// TestSecondEngineWaitsForTheWriter: the engine of a node restarted after
// a crash must not read its PostgreSQL database while the dead process's
// session still runs (its last COMMIT may land after that read), and a
// second node on a database another one writes is refused. The engine
// holds an advisory lock for as long as its driver is open.
func TestSecondEngineWaitsForTheWriter(t *testing.T) {
	ctx := context.Background()
	dsn := testDatabase(t)
	d1, err := pgdriver.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d1.Close()
	if _, err := replay.NewPG(ctx, d1); err != nil {
		t.Fatal(err)
	}
	tx, err := d1.Begin(ctx) // the dead process's last transaction
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Exec(ctx, "INSERT INTO blocksql.meta (k, v) VALUES ('height', '7') ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v"); err != nil {
		t.Fatal(err)
	}
	opened := make(chan error, 1)
	var e2 *replay.PGEngine
	go func() {
		d2, err := pgdriver.Open(ctx, dsn)
		if err != nil {
			opened <- err
			return
		}
		t.Cleanup(func() { d2.Close() })
		e2, err = replay.NewPG(ctx, d2)
		opened <- err
	}()
	select {
	case err := <-opened:
		_ = tx.Rollback()
		t.Fatalf("a second engine opened (%v) while the first one's transaction was open", err)
	case <-time.After(500 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	d1.Close()
	if err := <-opened; err != nil {
		t.Fatal(err)
	}
	if e2.Height() != 7 {
		t.Errorf("the second engine opened at height %d, want 7 (what the first committed)", e2.Height())
	}

	d3, err := pgdriver.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d3.Close()
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := replay.NewPG(short, d3); err == nil {
		t.Fatal("a third engine opened beside the second")
	}
}
