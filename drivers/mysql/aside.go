package mysql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/blocksql/blocksql/drivers"
)

// A restore into MariaDB spends about as long in the server as in the
// engine, and on one connection the two take turns: the engine waits for
// each INSERT of the operation log, the server for the engine's next
// statement. BeginAside gives the log a second connection, written by a
// goroutine of its own in a transaction of its own, so the server writes
// a block's log while the engine applies the next block (see
// replay/DESIGN.md). A restore's output is read by nobody until it ends and
// is removed if it fails, so the log and the data need not share a server
// transaction; they are committed together, the log first.

var _ drivers.AsideBeginner = (*Driver)(nil)
var _ drivers.AsideTx = (*Tx)(nil)

// asideQueue is how many writes may wait for the second connection: a
// block's log is a few multi-row INSERTs, so the engine is at most a few
// blocks ahead of the server.
const asideQueue = 256

// aside is the second connection's transaction and the goroutine that
// writes it.
type aside struct {
	tx   *sql.Tx
	jobs chan asideJob
	// err is the first failed write; only the goroutine touches it until
	// it answers a sync job, whose receiver then reads it.
	err error
}

// asideJob is a write, or (done set) a request to report once every
// earlier write ran.
type asideJob struct {
	query string
	args  []any
	done  chan error
}

// BeginAside implements drivers.AsideBeginner.
func (d *Driver) BeginAside(ctx context.Context) (drivers.Tx, error) {
	t, err := d.Begin(ctx)
	if err != nil {
		return nil, err
	}
	tx := t.(*Tx)
	log, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		_ = tx.Rollback()
		return nil, fmt.Errorf("mysql begin the operation log's connection: %w", err)
	}
	tx.aside = &aside{tx: log, jobs: make(chan asideJob, asideQueue)}
	go tx.aside.run()
	return tx, nil
}

func (a *aside) run() {
	stmts := internalStmts{}
	ctx := context.Background()
	for j := range a.jobs {
		switch {
		case j.done != nil:
			j.done <- a.err
		case a.err == nil:
			if err := stmts.exec(ctx, a.tx, j.query, j.args); err != nil {
				a.err = fmt.Errorf("operation log connection: %w", err)
			}
		}
	}
}

// sync waits until every queued write ran and returns the first error.
func (a *aside) sync() error {
	done := make(chan error, 1)
	a.jobs <- asideJob{done: done}
	return <-done
}

// end waits for the queued writes, stops the goroutine, and commits the
// second transaction (or rolls it back: commit false, or a write failed).
func (a *aside) end(commit bool) error {
	err := a.sync()
	close(a.jobs)
	if commit && err == nil {
		if err := a.tx.Commit(); err != nil {
			return fmt.Errorf("commit the operation log's connection: %w", err)
		}
		return nil
	}
	_ = a.tx.Rollback()
	return err
}

// ExecAside implements drivers.AsideTx; without a second connection it is
// ExecInternal.
func (t *Tx) ExecAside(ctx context.Context, query string, args ...any) error {
	if t.aside == nil {
		return t.ExecInternal(ctx, query, args...)
	}
	t.aside.jobs <- asideJob{query: query, args: args}
	return nil
}

// QueryAside implements drivers.AsideTx.
func (t *Tx) QueryAside(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if t.aside == nil {
		return t.QueryInternal(ctx, query, args...)
	}
	if err := t.aside.sync(); err != nil {
		return nil, err
	}
	return t.aside.tx.QueryContext(noCancel(ctx), query, args...)
}
