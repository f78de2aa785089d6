package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Tx is the SQLite transaction one block is applied in.
type Tx struct {
	tx    *sql.Tx
	cache *cache
	// stmts holds the internal statements prepared in this transaction: a
	// block writes the same operation-log statements for each of its
	// transactions.
	stmts map[string]*sql.Stmt
}

var _ drivers.Tx = (*Tx)(nil)

// exec runs the statements a translation produced and records them.
type execLog struct {
	tx      *sql.Tx
	cache   *cache
	applied []string
}

func (l *execLog) exec(ctx context.Context, q string, args ...any) (int64, error) {
	l.applied = append(l.applied, q)
	res, err := l.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (l *execLog) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return l.tx.QueryContext(ctx, q, args...)
}

// Exec implements drivers.Tx.
func (t *Tx) Exec(ctx context.Context, stmt ast.StmtNode) (drivers.Result, error) {
	if err := drivers.CheckSupported(stmt); err != nil {
		return drivers.Result{}, err
	}
	l := &execLog{tx: t.tx, cache: t.cache}
	if _, ddl := stmt.(ast.DDLNode); ddl {
		defer t.cache.forgetSchema()
	}
	stmt, err := drivers.Clone(stmt)
	if err != nil {
		return drivers.Result{}, err
	}
	n, err := l.dispatch(ctx, stmt)
	res := drivers.Result{RowsAffected: n, AppliedSQL: strings.Join(l.applied, "; ")}
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
		return 0, l.dropTable(ctx, s)
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
	st, err := t.prepared(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// QueryInternal implements drivers.Tx.
func (t *Tx) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// prepared returns query prepared once per block transaction.
func (t *Tx) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

// Savepoint implements drivers.Tx.
func (t *Tx) Savepoint(ctx context.Context, name string) error {
	return t.plain(ctx, "SAVEPOINT "+quoteIdent(name))
}

// RollbackTo implements drivers.Tx.
func (t *Tx) RollbackTo(ctx context.Context, name string) error {
	t.cache.forgetSchema()
	return t.plain(ctx, "ROLLBACK TO "+quoteIdent(name))
}

// Release implements drivers.Tx.
func (t *Tx) Release(ctx context.Context, name string) error {
	return t.plain(ctx, "RELEASE "+quoteIdent(name))
}

func (t *Tx) plain(ctx context.Context, q string) error {
	if _, err := t.tx.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("sqlite %s: %w", q, err)
	}
	return nil
}

// Commit implements drivers.Tx.
func (t *Tx) Commit() error { return t.tx.Commit() }

// Rollback implements drivers.Tx.
func (t *Tx) Rollback() error {
	t.cache.forgetSchema()
	return t.tx.Rollback()
}
