package sqlite

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"
)

// The writer's automatic checkpoint is off: SQLite runs it inside COMMIT
// every 1000 WAL pages, which made some block commits take 15-20 ms.
// A goroutine copies the WAL into the database file instead, on a
// connection of its own, after blocks commit and at most every
// checkpointEvery. A PASSIVE checkpoint waits for no reader or writer, and
// no writer waits for it.
//
// SQLite starts the WAL over when a write transaction begins with every
// frame of it copied, which a background checkpoint seldom leaves true
// under a steady stream of blocks: the next block has usually begun by the
// time it finishes. So once a checkpoint finds the WAL longer than
// walRestartFrames, the writer copies the few frames left itself before
// its next block, and that block starts the WAL over.
//
// Durability does not depend on checkpoints: a block is durable once its
// COMMIT is in the WAL (synchronous=NORMAL survives a killed process, and
// the WAL is replayed when the file is opened again). When the driver
// closes, the writer is the last connection to close, and SQLite then
// checkpoints the whole WAL and removes it.

const (
	checkpointEvery  = 200 * time.Millisecond
	walRestartFrames = 8192 // 32 MiB of 4 KiB pages
)

// checkpointer runs the background checkpoints.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	quit chan struct{}
	done chan struct{}
	// long is set when the WAL was found past walRestartFrames.
	long atomic.Bool
}

// startCheckpointer checkpoints with db, which must be a connection of its
// own to the database file.
func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// committed tells the checkpointer a block was committed.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.quit:
			return
		case <-c.kick:
		}
		c.checkpoint()
		select {
		case <-c.quit:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// checkpoint copies what it can of the WAL. When the WAL has grown long, it
// copies again what was committed meanwhile, leaving little to the writer,
// and then asks the writer to restart the WAL. A failure leaves the work to
// the next checkpoint: a failing disk fails the writer's own statements,
// which is where the node must halt.
func (c *checkpointer) checkpoint() {
	long := false
	for range 2 {
		var busy, frames, copied int
		if err := c.db.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied); err != nil {
			return
		}
		if frames <= walRestartFrames {
			break
		}
		long = true
	}
	c.long.Store(long)
}

// restartWAL runs on the writer connection between blocks: when the WAL
// has grown long, it copies the frames the background checkpoints have
// not, so that the next write transaction starts the WAL over. Like any
// checkpoint it only moves committed data, so a failure is left to the
// background checkpoints.
func (c *checkpointer) restartWAL(ctx context.Context, conn *sql.Conn) {
	if c.long.Swap(false) {
		_, _ = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
	}
}

// stop ends the goroutine and closes its connection.
func (c *checkpointer) stop() error {
	close(c.quit)
	<-c.done
	return c.db.Close()
}
