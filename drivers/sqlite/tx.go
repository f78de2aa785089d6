package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Tx is the SQLite transaction one block is applied in.
type Tx struct {
	d     *Driver
	tx    *sql.Tx
	cache *cache
	// stmts are the writer connection's prepared statements. They run on
	// the connection, not through tx, so mu and done make sure none runs
	// once the transaction has ended: it would commit on its own.
	stmts   *stmtCache
	unwatch func() bool
	mu      sync.Mutex
	done    bool
	// ddl is set once a DDL statement ran in this transaction.
	ddl bool
}

var _ drivers.Tx = (*Tx)(nil)

// exec runs the statements a translation produced and records them.
type execLog struct {
	tx    *sql.Tx
	cache *cache
	// stmts, when set, runs the statements that have arguments: their
	// values are parameters, so the same text recurs.
	stmts   *stmtCache
	applied []string
	// insertID is drivers.Result.InsertID.
	insertID uint64
	// matched is the rows an UPDATE matched (see drivers.Result).
	matched int64
	// hook is the driver's row capture, nil without one.
	hook *rowHook
}

func (l *execLog) exec(ctx context.Context, q string, args ...any) (int64, error) {
	return l.run(ctx, bound{sql: q, text: q, args: args})
}

// run executes b and records it with its values written out.
func (l *execLog) run(ctx context.Context, b bound) (int64, error) {
	l.applied = append(l.applied, b.text)
	if l.stmts != nil && len(b.args) > 0 {
		return l.stmts.execChanges(ctx, l.tx, b.sql, b.args...)
	}
	res, err := l.tx.ExecContext(ctx, b.sql, b.args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (l *execLog) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return l.tx.QueryContext(ctx, q, args...)
}

// GivesUpsertIDsBack implements drivers.UpsertIDsGiver (upsert.go).
func (t *Tx) GivesUpsertIDsBack() {}

// Exec implements drivers.Tx. It translates stmt in place.
func (t *Tx) Exec(ctx context.Context, stmt ast.StmtNode) (drivers.Result, error) {
	if err := drivers.CheckSupported(stmt); err != nil {
		return drivers.Result{}, err
	}
	if err := t.lock(); err != nil {
		return drivers.Result{}, err
	}
	defer t.mu.Unlock()
	l := &execLog{tx: t.tx, cache: t.cache, stmts: t.stmts, hook: t.d.hook}
	if _, ddl := stmt.(ast.DDLNode); ddl {
		l.stmts = nil
		t.ddl = true
		defer t.forgetSchema()
	}
	n, err := l.dispatch(ctx, stmt)
	res := drivers.Result{RowsAffected: n, RowsMatched: l.matched, AppliedSQL: strings.Join(l.applied, "; "), InsertID: l.insertID}
	if err != nil {
		return res, mapError(err, l)
	}
	return res, nil
}

func (l *execLog) dispatch(ctx context.Context, stmt ast.StmtNode) (int64, error) {
	switch s := stmt.(type) {
	case *ast.InsertStmt:
		return l.insert(ctx, s)
	case *ast.UpdateStmt:
		return l.update(ctx, s)
	case *ast.DeleteStmt:
		return l.delete(ctx, s)
	case *ast.CreateDatabaseStmt:
		return l.createDatabase(ctx, s)
	case *ast.DropDatabaseStmt:
		return l.dropDatabase(ctx, s)
	case *ast.CreateTableStmt:
		return 0, l.createTable(ctx, s)
	case *ast.DropTableStmt:
		if s.IsView {
			return 0, l.dropViews(ctx, s)
		}
		return 0, l.dropTable(ctx, s)
	case *ast.CreateViewStmt:
		return 0, l.createView(ctx, s)
	case *ast.TruncateTableStmt:
		_, err := l.exec(ctx, "DELETE FROM "+tableIdent(s.Table))
		return 0, err
	case *ast.RenameTableStmt:
		return 0, l.renameTables(ctx, s)
	case *ast.AlterTableStmt:
		return 0, l.alterTable(ctx, s)
	case *ast.CreateIndexStmt:
		return 0, l.createIndex(ctx, s)
	case *ast.DropIndexStmt:
		return 0, l.dropIndex(ctx, s)
	}
	return 0, drivers.Errorf(drivers.ErNotSupported, "42000", "This version of blocksql doesn't yet support '%T' on SQLite", stmt)
}

// ExecInternal implements drivers.Tx.
func (t *Tx) ExecInternal(ctx context.Context, query string, args ...any) error {
	if err := t.lock(); err != nil {
		return err
	}
	defer t.mu.Unlock()
	return t.stmts.execInternal(ctx, t.tx, query, args...)
}

// QueryInternal implements drivers.Tx.
func (t *Tx) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.lock(); err != nil {
		return nil, err
	}
	defer t.mu.Unlock()
	return t.stmts.query(ctx, t.tx, query, args...)
}

// Savepoint implements drivers.Tx.
func (t *Tx) Savepoint(ctx context.Context, name string) error {
	return t.plain(ctx, "SAVEPOINT "+quoteIdent(name), false)
}

// RollbackTo implements drivers.Tx.
func (t *Tx) RollbackTo(ctx context.Context, name string) error {
	return t.plain(ctx, "ROLLBACK TO "+quoteIdent(name), true)
}

// Release implements drivers.Tx.
func (t *Tx) Release(ctx context.Context, name string) error {
	return t.plain(ctx, "RELEASE "+quoteIdent(name), false)
}

// plain runs a savepoint statement q. A rollback empties the schema caches
// if the block has run DDL: nothing else changes what they hold.
func (t *Tx) plain(ctx context.Context, q string, rollback bool) error {
	if err := t.lock(); err != nil {
		return err
	}
	defer t.mu.Unlock()
	if rollback && t.ddl {
		t.forgetSchema()
	}
	if _, err := t.stmts.exec(ctx, t.tx, q); err != nil {
		return fmt.Errorf("sqlite %s: %w", q, err)
	}
	return nil
}

// Commit implements drivers.Tx.
func (t *Tx) Commit() error {
	t.unwatch()
	return t.end(func() error {
		if err := t.tx.Commit(); err != nil {
			// A failed COMMIT is rolled back.
			t.forgetSchema()
			return err
		}
		t.d.ckpt.committed()
		return nil
	})
}

// Rollback implements drivers.Tx.
func (t *Tx) Rollback() error {
	t.unwatch()
	return t.rollback()
}

// rollback also runs when the context Begin was given ends.
func (t *Tx) rollback() error {
	return t.end(func() error {
		t.forgetSchema()
		return t.tx.Rollback()
	})
}

// lock holds the transaction for one operation, if it has not ended.
func (t *Tx) lock() error {
	t.mu.Lock()
	if t.done {
		t.mu.Unlock()
		return sql.ErrTxDone
	}
	return nil
}

// end ends the transaction with finish and frees the writer.
func (t *Tx) end(finish func() error) error {
	if err := t.lock(); err != nil {
		return err
	}
	defer t.mu.Unlock()
	t.done = true
	defer t.d.ended(t)
	return finish()
}

// forgetSchema empties the caches that depend on the schema.
func (t *Tx) forgetSchema() {
	t.cache.forgetSchema()
	t.d.readInfo.forgetSchema()
	t.stmts.clear()
}
