package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/blocksql/blocksql/drivers"
)

var _ drivers.SoleWriter = (*Driver)(nil)

// writerLockKey is the session advisory lock the writer holds in its
// database ("blocksql" in ASCII). PostgreSQL releases a session's advisory
// locks when the session ends, after it rolled back the open transaction,
// and a backend whose client died ends only once its running statement (a
// COMMIT) is done.
const writerLockKey int64 = 0x626c6f636b73716c

// LockWriter implements drivers.SoleWriter.
func (d *Driver) LockWriter(ctx context.Context, wait time.Duration) error {
	return d.writer.Lock(ctx, func(ctx context.Context) (*pgxpool.Conn, error) {
		conn, err := d.pool.Acquire(ctx)
		if err != nil {
			return nil, fmt.Errorf("postgres writer lock: %w", err)
		}
		deadline := time.Now().Add(wait)
		for {
			var got bool
			if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", writerLockKey).Scan(&got); err != nil {
				conn.Release()
				return nil, fmt.Errorf("postgres writer lock: %w", err)
			}
			if got {
				return conn, nil
			}
			if time.Now().After(deadline) {
				var pid int64
				_ = conn.QueryRow(ctx, "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 "+
					"AND objid = $2 AND objsubid = 1", uint32(writerLockKey>>32), uint32(writerLockKey&0xffffffff)).Scan(&pid)
				conn.Release()
				return nil, fmt.Errorf("another process writes this database: backend %d has held blocksql's writer lock for %v "+
					"(a second node on this database, or a dead node's session the server has not ended: "+
					"SELECT pg_terminate_backend(%d) ends it)", pid, wait, pid)
			}
			select {
			case <-ctx.Done():
				conn.Release()
				return nil, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}, func(conn *pgxpool.Conn) {
		// Out of the pool, or the lock would stay with the session.
		_ = conn.Hijack().Close(context.Background())
	})
}

// beginWriter begins a local transaction on the writer's connection.
func (d *Driver) beginWriter(ctx context.Context) (pgx.Tx, error) {
	var tx pgx.Tx
	err := d.writer.Begin(ctx, func(conn *pgxpool.Conn) error {
		var err error
		tx, err = conn.Begin(ctx)
		return err
	})
	return tx, err
}
