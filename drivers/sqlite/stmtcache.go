package sqlite

import (
	"context"
	"database/sql"
	"sync"

	"github.com/blocksql/blocksql/drivers"
)

// stmtCache keeps statements prepared on the writer connection by their
// text, so a statement that recurs (the operation log's, savepoints, an
// INSERT whose values are parameters) is compiled once, row-history
// triggers included, instead of once per execution. The writer is a single
// connection that every block's transaction runs on, so a statement
// prepared on it runs inside whichever transaction is open.
//
// The cache is bounded and emptied when full, and emptied whenever the
// schema may have changed (a DDL statement, a rolled back block): SQLite
// would re-prepare a stale statement by itself, but a dropped table must
// not keep statements alive. Rows read from a cached statement must be
// closed before the next statement runs, as emptying the cache closes them.
type stmtCache struct {
	conn  preparer
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	c     *cstmts // the writer's internal writes (cexec.go); nil for readers
}

const (
	// stmtCacheSize bounds the statements kept.
	stmtCacheSize = 512
	// maxCachedSQL bounds the text of a statement worth keeping; a longer
	// one (a many-row INSERT) is prepared for one execution only.
	maxCachedSQL = drivers.MaxCachedSQL
)

// preparer is the writer's connection, or the reader pool for the
// statements of read plans (readplan.go).
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

func newStmtCache(conn preparer) *stmtCache {
	return &stmtCache{conn: conn, stmts: map[string]*sql.Stmt{}}
}

// get returns query prepared on the writer connection.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(c.stmts) >= stmtCacheSize {
		c.clearLocked()
	}
	c.stmts[query] = st
	return st, nil
}

// exec runs query with args in tx, as a cached statement unless it is too
// long to keep. It runs without ctx's cancellation: go-sqlite3 runs a
// statement whose context can be cancelled on a goroutine of its own, a
// handoff per statement (a restore, whose context a signal cancels, paid
// it for every write); a block's writes are not interrupted half way
// anyway. Reads (query) keep their context, so a client that goes away
// interrupts its read.
func (c *stmtCache) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	ctx = noCancel(ctx)
	if len(query) > maxCachedSQL {
		return tx.ExecContext(ctx, query, args...)
	}
	st, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// execInternal runs an internal write: in one call into C where its
// values allow (cexec.go), else as exec does.
func (c *stmtCache) execInternal(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	_, err := c.execChanges(ctx, tx, query, args...)
	return err
}

// execChanges runs a write and returns the rows it changed: in one call
// into C where its values allow (cexec.go), else as exec does. A write
// SQLite refuses in C (and undoes) runs again through database/sql, which
// reports go-sqlite3's error; every SQL function the driver registers is
// a function of its arguments alone, so the second run fails as the first.
func (c *stmtCache) execChanges(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	if c.c != nil && len(query) <= maxCachedSQL {
		c.mu.Lock()
		n, done := c.c.exec(query, args)
		c.mu.Unlock()
		if done {
			return n, nil
		}
	}
	res, err := c.exec(ctx, tx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// query reads with query and args in tx, as a cached statement unless it
// is too long to keep.
func (c *stmtCache) query(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	if len(query) > maxCachedSQL {
		return tx.QueryContext(ctx, query, args...)
	}
	st, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// clear closes every cached statement.
func (c *stmtCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearLocked()
}

func (c *stmtCache) clearLocked() {
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
	if c.c != nil {
		c.c.finalize()
	}
}

// size is the number of cached statements.
func (c *stmtCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.stmts)
}

// noCancel is ctx without its cancellation, for writes (see exec).
func noCancel(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
