package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/blocksql/blocksql/drivers"
)

var _ drivers.SoleWriter = (*Driver)(nil)

// LockWriter implements drivers.SoleWriter with a named lock (GET_LOCK)
// per prefix: MariaDB releases a connection's named locks when it ends
// the connection, after it rolled back the connection's open transaction,
// and a connection whose client died ends only once its running statement
// (a COMMIT) is done.
func (d *Driver) LockWriter(ctx context.Context, wait time.Duration) error {
	name := writerLockName(d.prefix)
	return d.writer.Lock(ctx, func(ctx context.Context) (*sql.Conn, error) {
		conn, err := d.db.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("mysql writer lock: %w", err)
		}
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", name, wait.Seconds()).Scan(&got); err != nil {
			conn.Close()
			return nil, fmt.Errorf("mysql writer lock: %w", err)
		}
		if got.Int64 == 1 {
			return conn, nil
		}
		var holder sql.NullInt64
		_ = conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&holder)
		conn.Close()
		return nil, fmt.Errorf("another process writes the databases of prefix %q: connection %d has held the lock %q for %v "+
			"(a second node on this database, or a dead node's connection the server has not ended: KILL %d ends it)",
			d.prefix, holder.Int64, name, wait, holder.Int64)
	}, func(conn *sql.Conn) {
		// Closed, not given back to the pool: an idle pooled connection
		// would keep holding the lock.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		_ = conn.Close()
	})
}

// writerLockName fits MariaDB's 64 characters whatever the prefix.
func writerLockName(prefix string) string {
	name := "blocksql/" + prefix
	if len(name) > 64 {
		h := sha256.Sum256([]byte(prefix))
		name = "blocksql/" + hex.EncodeToString(h[:20])
	}
	return name
}

// beginWriter begins a local transaction on the writer's connection.
func (d *Driver) beginWriter(ctx context.Context) (*sql.Tx, error) {
	var tx *sql.Tx
	err := d.writer.Begin(ctx, func(conn *sql.Conn) error {
		var err error
		tx, err = conn.BeginTx(ctx, nil)
		return err
	})
	return tx, err
}
