package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Tx is the MariaDB/MySQL transaction one block is applied in.
type Tx struct {
	d  *Driver
	tx *sql.Tx
	// savepoints are the open savepoints, outermost first: DDL commits
	// implicitly on MySQL, so they are re-created after one.
	savepoints []string
	// internal counts the uses of each internal statement with arguments
	// and holds those prepared on the server (see ExecInternal).
	internal internalStmts
	// aside, when set, writes the operation log on a second connection
	// (BeginAside).
	aside *aside
	// sole is set when tx runs on the writer's connection, which Commit
	// and Rollback give back.
	sole bool
}

// internalStmts are one connection's internal statements by text.
type internalStmts map[string]*internalStmt

type internalStmt struct {
	uses int
	st   *sql.Stmt
}

// preparedAfter is the use of one internal statement's text in a
// transaction from which it runs as a statement prepared on the server.
const preparedAfter = 2

var _ drivers.Tx = (*Tx)(nil)

// Exec implements drivers.Tx. It translates stmt in place.
func (t *Tx) Exec(ctx context.Context, stmt ast.StmtNode) (drivers.Result, error) {
	if err := drivers.CheckSupported(stmt); err != nil {
		return drivers.Result{}, err
	}
	if drop, ok := stmt.(*ast.DropTableStmt); ok && !drop.IfExists {
		if err := t.checkTablesExist(ctx, drop.Tables); err != nil {
			return drivers.Result{}, err
		}
	}
	q, err := t.d.translate(stmt)
	if err != nil {
		return drivers.Result{}, err
	}
	var matched int64
	if u, ok := stmt.(*ast.UpdateStmt); ok {
		if matched, err = t.countMatched(ctx, u); err != nil {
			return drivers.Result{AppliedSQL: q}, t.d.mapError(t.updateError(ctx, q, err))
		}
	}
	res, err := t.tx.ExecContext(noCancel(ctx), q)
	_, ddl := stmt.(ast.DDLNode)
	if ddl {
		// MySQL committed implicitly: start again so the rest of the block
		// is still one transaction, with the same savepoints.
		if rerr := t.restart(ctx); rerr != nil {
			return drivers.Result{AppliedSQL: q}, rerr
		}
	}
	if err != nil {
		return drivers.Result{AppliedSQL: q}, t.d.mapError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return drivers.Result{AppliedSQL: q}, err
	}
	if ddl && !countsRows(stmt) {
		// ALTER TABLE reports the rows it copied, which depends on the
		// algorithm MariaDB picks; every backend reports 0 instead.
		n = 0
	}
	out := drivers.Result{RowsAffected: n, RowsMatched: matched, AppliedSQL: q}
	if ins, ok := stmt.(*ast.InsertStmt); ok && len(ins.OnDuplicate) > 0 {
		id, err := res.LastInsertId()
		if err != nil {
			return out, err
		}
		out.InsertID = uint64(id)
	}
	return out, nil
}

// countMatched counts, before UPDATE u (already translated) runs, the rows
// it matches whether they change or not: MariaDB reports that count only
// to a CLIENT_FOUND_ROWS connection, and then not the rows changed.
func (t *Tx) countMatched(ctx context.Context, u *ast.UpdateStmt) (int64, error) {
	parts := []ast.Node{u.TableRefs}
	words := []string{"SELECT 1 FROM "}
	if u.Where != nil {
		parts, words = append(parts, u.Where), append(words, " WHERE ")
	}
	if u.Order != nil {
		parts, words = append(parts, u.Order), append(words, " ")
	}
	if u.Limit != nil {
		parts, words = append(parts, u.Limit), append(words, " ")
	}
	var q strings.Builder
	for i, p := range parts {
		txt, err := restore(p)
		if err != nil {
			return 0, err
		}
		q.WriteString(words[i] + txt)
	}
	var n int64
	err := t.tx.QueryRowContext(noCancel(ctx), "SELECT COUNT(*) FROM ("+q.String()+") AS blocksql_matched").Scan(&n)
	return n, err
}

// updateError is the error of UPDATE q, whose rows could not be counted
// (err): the count's SELECT reads the rows as the UPDATE does, but only
// warns where the UPDATE fails (a division by zero), so it can fail on a
// later row than the UPDATE, with another error. The UPDATE runs, undone,
// to tell its own; err stands if it does not fail.
func (t *Tx) updateError(ctx context.Context, q string, err error) error {
	const probe = "blocksql_update_error"
	if t.plain(ctx, "SAVEPOINT "+probe) != nil {
		return err
	}
	_, uerr := t.tx.ExecContext(noCancel(ctx), q)
	if rerr := t.plain(ctx, "ROLLBACK TO SAVEPOINT "+probe); rerr != nil {
		return rerr // the UPDATE may stand: not a statement's outcome
	}
	if rerr := t.plain(ctx, "RELEASE SAVEPOINT "+probe); rerr != nil {
		return rerr
	}
	if uerr != nil {
		return uerr
	}
	return err
}

func (t *Tx) restart(ctx context.Context) error {
	if _, err := t.tx.ExecContext(noCancel(ctx), "BEGIN"); err != nil {
		return fmt.Errorf("mysql restart transaction after DDL: %w", err)
	}
	for _, s := range t.savepoints {
		if _, err := t.tx.ExecContext(noCancel(ctx), "SAVEPOINT "+quoteIdent(s)); err != nil {
			return fmt.Errorf("mysql restore savepoint after DDL: %w", err)
		}
	}
	return nil
}

// ExecInternal implements drivers.Tx.
//
// The connection interpolates arguments into the text, so the server parses
// each execution; an internal statement whose text recurs in the transaction
// (the operation log's multi-row INSERTs of a restore, which shares one
// transaction among many blocks) is prepared on the server at its second use
// and executed with its arguments in the binary protocol from then on: the
// server parses it once (a 256-row INSERT of the log carries 4,352 values).
// A block of the live node rarely repeats a text, so it pays no extra round
// trip. The statements are closed with the transaction.
func (t *Tx) ExecInternal(ctx context.Context, query string, args ...any) error {
	if t.internal == nil {
		t.internal = internalStmts{}
	}
	return t.internal.exec(noCancel(ctx), t.tx, query, args)
}

// exec runs query in tx, prepared on the server from its second use.
func (m internalStmts) exec(ctx context.Context, tx *sql.Tx, query string, args []any) error {
	if len(args) > 0 && len(query) <= drivers.MaxCachedSQL {
		is := m[query]
		if is == nil {
			is = &internalStmt{}
			m[query] = is
		}
		if is.uses++; is.st == nil && is.uses >= preparedAfter {
			st, err := tx.PrepareContext(ctx, query)
			if err != nil {
				return err
			}
			is.st = st
		}
		if is.st != nil {
			_, err := is.st.ExecContext(ctx, args...)
			return err
		}
	}
	_, err := tx.ExecContext(ctx, query, args...)
	return err
}

// QueryInternal implements drivers.Tx.
func (t *Tx) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(noCancel(ctx), query, args...)
}

// Savepoint implements drivers.Tx.
func (t *Tx) Savepoint(ctx context.Context, name string) error {
	if err := t.plain(ctx, "SAVEPOINT "+quoteIdent(name)); err != nil {
		return err
	}
	t.savepoints = append(t.savepoints, name)
	return nil
}

// RollbackTo implements drivers.Tx.
func (t *Tx) RollbackTo(ctx context.Context, name string) error {
	return t.plain(ctx, "ROLLBACK TO SAVEPOINT "+quoteIdent(name))
}

// Release implements drivers.Tx.
func (t *Tx) Release(ctx context.Context, name string) error {
	if err := t.plain(ctx, "RELEASE SAVEPOINT "+quoteIdent(name)); err != nil {
		return err
	}
	for i := len(t.savepoints) - 1; i >= 0; i-- {
		if t.savepoints[i] == name {
			t.savepoints = t.savepoints[:i]
			break
		}
	}
	return nil
}

func (t *Tx) plain(ctx context.Context, q string) error {
	if _, err := t.tx.ExecContext(noCancel(ctx), q); err != nil {
		return fmt.Errorf("mysql %s: %w", q, err)
	}
	return nil
}

// Commit implements drivers.Tx. With a second connection, its writes are
// committed first; if they failed, neither is.
func (t *Tx) Commit() error {
	if t.aside != nil {
		if err := t.aside.end(true); err != nil {
			return t.done(err, t.tx.Rollback())
		}
	}
	err := t.tx.Commit()
	return t.done(err, err)
}

// Rollback implements drivers.Tx.
func (t *Tx) Rollback() error {
	if t.aside != nil {
		_ = t.aside.end(false)
	}
	err := t.tx.Rollback()
	return t.done(err, err)
}

// done gives the writer's connection back after the transaction ended
// with err; one whose end failed (ended) is not trusted again.
func (t *Tx) done(err, ended error) error {
	if t.sole {
		t.sole = false
		t.d.writer.Done(ended != nil)
	}
	return err
}

// countsRows reports the DDL whose rows affected MySQL defines: CREATE
// DATABASE (1, or 0 if it existed) and DROP DATABASE (tables dropped).
func countsRows(stmt ast.StmtNode) bool {
	switch stmt.(type) {
	case *ast.CreateDatabaseStmt, *ast.DropDatabaseStmt:
		return true
	}
	return false
}

// checkTablesExist refuses DROP TABLE a, b before MariaDB drops a and then
// reports b: a DDL cannot be rolled back, and the SQLite backend drops
// nothing in that case.
func (t *Tx) checkTablesExist(ctx context.Context, tables []*ast.TableName) error {
	var missing []string
	for _, tn := range tables {
		var n int
		err := t.tx.QueryRowContext(noCancel(ctx), "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
			t.d.prefix+tn.Schema.O, tn.Name.O).Scan(&n)
		if err != nil {
			return fmt.Errorf("mysql check tables: %w", err)
		}
		if n == 0 {
			missing = append(missing, tn.Schema.O+"."+tn.Name.O)
		}
	}
	if len(missing) > 0 {
		return drivers.Errorf(drivers.ErBadTable, "42S02", "Unknown table '%s'", strings.Join(missing, ","))
	}
	return nil
}

// noCancel is ctx without its cancellation, for the queries of the apply
// engine's transaction. go-sql-driver watches a cancellable context of
// every query on a goroutine of its own, two handoffs per query: on a
// restore into MariaDB (two queries per statement) that halved the
// statements applied per second. A block's queries are not cancelled half
// way anyway (a failed block halts the node); client reads, on the
// driver's pool, keep their context.
func noCancel(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
