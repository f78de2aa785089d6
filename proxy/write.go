package proxy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// txBuffer holds the statements of an open transaction, each with the
// answer its client was given, until COMMIT submits them as one chain
// transaction. The context that gives them meaning is taken at the first
// statement, as a MySQL transaction's would be.
type txBuffer struct {
	database   string
	sqlMode    string
	timeZone   string
	statements []consensus.Statement
	savepoints []savepoint // in the order they were set (txn.go)
}

// write validates a write now, then submits it (autocommit) or answers it
// speculatively inside the open transaction (txn.go). DDL commits an open
// transaction first and then runs alone, exactly as MySQL's implicit
// commit does.
func (s *Session) write(ctx context.Context, stmt ast.StmtNode, sql string, params []consensus.Value) (*Result, error) {
	st, err := s.prepareWrite(stmt, sql, params)
	if err != nil {
		return nil, err
	}
	_, ddl := stmt.(ast.DDLNode)
	if ddl && s.tx != nil {
		if _, err := s.commit(ctx); err != nil {
			return nil, err
		}
	}
	if s.tx == nil && (s.autocommit || ddl) {
		return s.submitOne(ctx, stmt, st)
	}
	return s.writeInTx(ctx, stmt, st)
}

// writeResult is what MySQL reports for a write that changed affected
// rows (an UPDATE: of matched), and keeps LAST_INSERT_ID() and ROW_COUNT().
// A client that set CLIENT_FOUND_ROWS is told the rows an UPDATE matched
// instead of those it changed, as MySQL does; an UPDATE's OK packet also
// says both.
func (s *Session) writeResult(stmt ast.StmtNode, affected, matched, insertID uint64) *Result {
	res := &Result{RowsAffected: affected, LastInsertID: insertID}
	if _, ok := stmt.(*ast.UpdateStmt); ok {
		res.Info = fmt.Sprintf("Rows matched: %d  Changed: %d  Warnings: 0", matched, affected)
		if s.client.FoundRows {
			res.RowsAffected = matched
		}
	}
	if declaresForeignKey(stmt) {
		res.Warnings = []Warning{{Level: "Warning", Code: warnForeignKeyIgnored,
			Message: "FOREIGN KEY constraints are not kept: blocksql enforces no foreign key and cascades nothing in a MySQL database"}}
	}
	s.noteInsertID(insertID)
	s.rowCount = int64(res.RowsAffected)
	return res
}

// declaresForeignKey tells a CREATE or ALTER TABLE that declares a foreign
// key (a FOREIGN KEY constraint or a column's REFERENCES), which every
// backend's driver leaves out (drivers/mysql stripUnshared; the SQLite
// driver enforces none for the MySQL dialect), so no node diverges.
func declaresForeignKey(stmt ast.StmtNode) bool {
	cols, cons := drivers.DefinitionsOf(stmt)
	for _, c := range cons {
		if c.Tp == ast.ConstraintForeignKey {
			return true
		}
	}
	for _, c := range cols {
		for _, o := range c.Options {
			if o.Tp == ast.ColumnOptionReference {
				return true
			}
		}
	}
	return false
}

// prepareWrite runs the checks CheckTx will run, so a refused statement
// never reaches the chain, and builds the chain statement.
func (s *Session) prepareWrite(stmt ast.StmtNode, sql string, params []consensus.Value) (consensus.Statement, error) {
	if err := checkParamCount(len(paramMarkers(stmt)), len(params)); err != nil {
		return consensus.Statement{}, err
	}
	account := hashPasswords(stmt)
	canonical, bound, err := s.liftedCanonical(stmt, sql, params)
	if err != nil {
		return consensus.Statement{}, err
	}
	if account {
		sql = canonical // the text as sent may hold a password
	}
	if err := replay.Qualify(stmt, s.currentDB); err != nil {
		return consensus.Statement{}, err
	}
	if err := s.checkWriteTarget(stmt); err != nil {
		return consensus.Statement{}, err
	}
	// A USE between two writes of one transaction: the chain transaction
	// has one database, so this statement names its tables in full.
	if s.tx != nil && len(s.tx.statements) > 0 && s.tx.database != s.currentDB {
		if canonical, bound, err = replay.LiftedCanonical(stmt, sql, params); err != nil {
			return consensus.Statement{}, err
		}
	}
	// Parameters where the client sent none are the text's own literals,
	// lifted: the statement is inline.
	return consensus.Statement{SQL: sql, Params: append([]consensus.Value(nil), bound...), Canonical: canonical,
		Inline: len(params) == 0 && len(bound) > 0}, nil
}

// liftedCanonical is replay.LiftedCanonical(stmt, sql, params), which the
// session's text shapes know without lifting again for an INSERT text of
// a shape they took from a template (replay.ShapeCache.Lifted).
func (s *Session) liftedCanonical(stmt ast.StmtNode, sql string, params []consensus.Value) (string, []consensus.Value, error) {
	if len(params) == 0 {
		return s.shapes.Lifted(stmt, sql)
	}
	return replay.LiftedCanonical(stmt, sql, params)
}

func (s *Session) checkWriteTarget(stmt ast.StmtNode) error {
	if err := replay.CheckWrite(stmt); err != nil {
		return err
	}
	if err := replay.CheckValuesColumns(stmt); err != nil {
		return err
	}
	for _, t := range replay.TablesOf(stmt) {
		if strings.HasPrefix(strings.ToLower(t), infoSchema+".") {
			return drivers.Errorf(1044, "42000", "Access denied for user '%s'@'%s' to database '%s': it is read-only",
				s.client.User, s.clientHost(), infoSchema)
		}
	}
	return nil
}

// openTx returns the open transaction, opening one if needed, with its
// context taken before its first statement.
func (s *Session) openTx() *txBuffer {
	if s.tx == nil {
		s.tx = &txBuffer{}
	}
	if len(s.tx.statements) == 0 {
		s.tx.database, s.tx.sqlMode, s.tx.timeZone = s.currentDB, s.sqlMode(), s.timeZone()
	}
	return s.tx
}

// chainTx is the chain transaction of buf with stmts as its statements.
func (s *Session) chainTx(buf *txBuffer, stmts []consensus.Statement) *consensus.Tx {
	return &consensus.Tx{
		Statements: stmts, Database: buf.database, SQLMode: buf.sqlMode, TimeZone: buf.timeZone,
		User: s.client.User, ClientAddr: s.client.Addr,
	}
}

// submitOne runs an autocommit write as a one-statement chain transaction,
// or, for a data change, as one statement of a grouped transaction that
// carries other sessions' concurrent writes too (its outcome its own).
func (s *Session) submitOne(ctx context.Context, stmt ast.StmtNode, st consensus.Statement) (*Result, error) {
	release := func(bool) {}
	if ins, ok := stmt.(*ast.InsertStmt); ok {
		st.IDFloor, release = s.db.ReserveIDs(ins)
	}
	buf := &txBuffer{database: s.currentDB, sqlMode: s.sqlMode(), timeZone: s.timeZone(),
		statements: []consensus.Statement{st}}
	submit := s.chain.Submit
	if replay.Groupable(stmt) {
		submit = s.chain.SubmitGrouped
	}
	res, err := s.submitWith(ctx, buf, submit)
	// Only a statement the chain recorded as failed gives its ids back;
	// one whose outcome is unknown may still be applied with them.
	release(res != nil && !res.OK())
	if err != nil {
		return nil, err
	}
	out := res.Statements[0]
	return s.writeResult(stmt, out.RowsAffected, out.FoundRows(), out.LastInsertID), nil
}

// submit hands a transaction to the chain and waits until it is applied
// locally, turning a failed statement into that statement's MySQL error.
func (s *Session) submit(ctx context.Context, buf *txBuffer) (*consensus.TxResult, error) {
	return s.submitWith(ctx, buf, s.chain.Submit)
}

// submitWith is submit through the chain's submit; for a failed statement
// it returns the chain's result with the statement's error.
func (s *Session) submitWith(ctx context.Context, buf *txBuffer, submit consensus.SubmitFunc) (*consensus.TxResult, error) {
	tx := s.chainTx(buf, buf.statements)
	submitted := time.Now()
	res, err := submit(ctx, tx)
	global.ObserveWrite(time.Since(submitted))
	if err != nil {
		return nil, chainError(err)
	}
	s.writeHeight = res.Height
	if !res.OK() {
		return res, statementError(res, len(tx.Statements))
	}
	if len(res.Statements) != len(tx.Statements) {
		return nil, drivers.Errorf(drivers.ErUnknown, "HY000",
			"blocksql: the chain reported %d outcomes for %d statements", len(res.Statements), len(tx.Statements))
	}
	return res, nil
}

// ErLockWaitTimeout is MySQL's lock wait timeout, which blocksql answers
// when the network cannot decide a write in time.
const ErLockWaitTimeout = 1205

// RetryLater tells whether err says a write met no quorum in time (the
// write timeout, a node still catching up, a height not reached): the
// client should retry later, as after a lock wait timeout.
func RetryLater(err error) bool {
	return errors.Is(err, consensus.ErrWriteTimeout) || errors.Is(err, consensus.ErrCatchingUp) || errors.Is(err, consensus.ErrHeightTimeout)
}

// chainError explains a write whose outcome is unknown or that never
// reached a block.
func chainError(err error) error {
	var de *drivers.Error
	if errors.As(err, &de) {
		return de
	}
	if RetryLater(err) {
		// 1205 is what drivers and ORMs already treat as "retry later".
		return drivers.Errorf(ErLockWaitTimeout, "HY000", "Lock wait timeout exceeded; try restarting transaction: blocksql: %v", err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return drivers.Errorf(1317, "70100",
			"Query execution was interrupted: the write may still be committed; check before retrying (%v)", err)
	}
	if errors.Is(err, consensus.ErrTxTooLarge) {
		return drivers.Errorf(1197, "HY000",
			"Multi-statement transaction required more than the %d bytes a chain transaction can hold; split it into smaller transactions", consensus.MaxTxBytes)
	}
	if errors.Is(err, consensus.ErrRejected) {
		return drivers.Errorf(drivers.ErUnknown, "HY000", "blocksql: the node refused the write: %v", err)
	}
	return drivers.Errorf(drivers.ErUnknown, "HY000", "blocksql: the write was not applied: %v", err)
}

func statementError(res *consensus.TxResult, n int) error {
	if res.Failed >= len(res.Statements) {
		return drivers.Errorf(drivers.ErUnknown, "HY000", "blocksql: the transaction failed at statement %d", res.Failed+1)
	}
	f := res.Statements[res.Failed]
	state := f.State
	if state == "" {
		state = "HY000"
	}
	msg := f.Message
	if n > 1 {
		msg += fmt.Sprintf(" (statement %d of %d in the transaction; none of them was applied)", res.Failed+1, n)
	}
	return &drivers.Error{Code: f.Code, State: state, Message: msg}
}

// noteInsertID keeps LAST_INSERT_ID() as MySQL does: a statement that
// generates no id leaves the previous one.
func (s *Session) noteInsertID(id uint64) {
	if id != 0 {
		s.lastInsertID = id
	}
}

// begin opens an explicit transaction, committing an open one first as MySQL does.
func (s *Session) begin(ctx context.Context) (*Result, error) {
	if _, err := s.commit(ctx); err != nil {
		return nil, err
	}
	s.tx = &txBuffer{}
	return &Result{}, nil
}

// commit submits the transaction's statements and their answers as ONE
// chain transaction: the apply engine applies them all (leaving out those
// that failed, as the client saw) or, if an answer no longer holds, none,
// and COMMIT fails with 1213.
func (s *Session) commit(ctx context.Context) (*Result, error) {
	buf := s.tx
	s.tx = nil
	if buf == nil || !changesState(buf.statements) {
		return &Result{}, nil
	}
	if _, err := s.submit(ctx, buf); err != nil {
		return nil, err
	}
	return &Result{}, nil
}

// rollback discards the open transaction; nothing of it left the session.
func (s *Session) rollback() *Result {
	s.tx = nil
	return &Result{}
}
