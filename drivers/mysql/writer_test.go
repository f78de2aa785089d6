package mysql

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
)

// TestWriterTakesTheLockAgain: when the writer's connection is no longer
// trusted (a transaction failed to end), it is closed, not given back to
// the pool, where an idle connection would keep holding the lock and make
// the next Begin wait it out and fail; that Begin takes the lock again on
// a new connection at once. A second Begin while a transaction is open is
// refused.
func TestWriterTakesTheLockAgain(t *testing.T) {
	d := openTest(t).(*Driver)
	if err := d.LockWriter(context.Background(), time.Second); err != nil {
		t.Fatal(err)
	}
	tx, err := d.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Begin(context.Background()); !errors.Is(err, drivers.ErrWriterBusy) {
		t.Errorf("a second Begin while one is open: %v, want ErrWriterBusy", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	d.writer.Done(true) // as a transaction whose end failed leaves it
	// Another user of the pool (a read) takes an idle connection.
	other, err := d.db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	start := time.Now()
	tx, err = d.Begin(context.Background())
	if err != nil {
		t.Fatalf("Begin once the connection was dropped: %v (after %v)", err, time.Since(start))
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
