package proxy

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// Interactive transactions. Inside BEGIN ... COMMIT every statement is
// answered when it is sent: the local database runs the transaction so far
// plus the new statement and rolls it back (Database.Speculate), and the
// statement keeps the answer it gave. COMMIT submits the statements with
// their answers; the apply engine validates them (replay/validate.go).

// writeInTx answers a write inside the open transaction.
// It needs no read barrier: speculation runs on the newest state, the
// block being committed included.
func (s *Session) writeInTx(ctx context.Context, stmt ast.StmtNode, st consensus.Statement) (*Result, error) {
	buf := s.openTx()
	a, err := s.speculate(ctx, buf, &st, nil)
	if err != nil {
		return nil, err
	}
	if a.Code != 0 {
		return nil, a.err
	}
	return s.writeResult(stmt, a.RowsAffected, a.FoundRows(), a.InsertID), nil
}

// specAnswer is a new statement's answer, with the error the client sees
// when it failed.
type specAnswer struct {
	consensus.Answer
	err error
}

// speculate runs the open transaction plus st (nil for a plain read) and,
// when st is set, appends it with its answer to the transaction. If an
// earlier answer no longer holds, the transaction is over: it is discarded
// and the client gets 1213, as MySQL rolls back a deadlocked transaction.
func (s *Session) speculate(ctx context.Context, buf *txBuffer, st *consensus.Statement,
	read func(context.Context, replay.Querier) error) (specAnswer, error) {
	stmts := buf.statements
	if st != nil {
		stmts = append(stmts[:len(stmts):len(stmts)], *st)
	}
	sp, err := s.db.Speculate(ctx, s.chainTx(buf, stmts), read)
	if err != nil {
		return specAnswer{}, err
	}
	if sp.Aborted >= 0 {
		s.tx = nil
		r := sp.Results[sp.Aborted]
		return specAnswer{}, &drivers.Error{Code: r.Code, State: r.State, Message: r.Message + "; the transaction was rolled back"}
	}
	if st == nil {
		return specAnswer{}, nil
	}
	last := len(stmts) - 1
	out := specAnswer{Answer: sp.Answers[last]}
	st.Answer = &out.Answer
	buf.statements = append(buf.statements, *st)
	if r := sp.Results[last]; r.Code != 0 {
		out.err = &drivers.Error{Code: r.Code, State: r.State, Message: r.Message}
	}
	return out, nil
}

// inTx tells whether statements run inside a transaction: after BEGIN, or
// always with autocommit off.
func (s *Session) inTx() bool { return s.tx != nil || !s.autocommit }

// readsCommitted tells whether a read that locks nothing reads the local
// database's committed state (as readInTx answers it before the
// transaction's first write).
func (s *Session) readsCommitted() bool { return s.tx == nil || len(s.tx.statements) == 0 }

// readInTx answers a read inside a transaction so it sees the
// transaction's own writes. A locking read (FOR UPDATE, LOCK IN SHARE MODE)
// joins the transaction as a read whose rows are validated at COMMIT.
func (s *Session) readInTx(ctx context.Context, stmt ast.StmtNode, lockRead *consensus.Statement) (*Result, error) {
	if lockRead == nil && s.readsCommitted() {
		return s.queryLocal(ctx, stmt)
	}
	var res *Result
	read := func(ctx context.Context, q replay.Querier) (err error) {
		res, err = scanQuery(ctx, q, stmt)
		return err
	}
	if _, err := s.speculate(ctx, s.openTx(), lockRead, read); err != nil {
		return nil, err
	}
	return res, nil
}

// changesState tells whether a transaction has a statement to apply: one
// with only failed statements and reads has nothing to commit.
func changesState(stmts []consensus.Statement) bool {
	for _, st := range stmts {
		if !st.Read && (st.Answer == nil || st.Answer.Code == 0) {
			return true
		}
	}
	return false
}

// savepoint marks how many statements a transaction held when SAVEPOINT
// set it. The statements after it are only in the session until COMMIT,
// so ROLLBACK TO SAVEPOINT drops them from the transaction: the next
// statement is speculated without them, and COMMIT submits without them.
// The ids their INSERTs were told stay reserved, gaps as in InnoDB.
type savepoint struct {
	name string
	n    int
}

// find is the index of the savepoint named name (case-insensitive, as
// MySQL compares them), -1 if there is none.
func (b *txBuffer) find(name string) int {
	if b == nil {
		return -1
	}
	for i, sp := range b.savepoints {
		if strings.EqualFold(sp.name, name) {
			return i
		}
	}
	return -1
}

// setSavepoint is SAVEPOINT name: a name set again moves to the current
// statement. Outside a transaction it succeeds and marks nothing, as in
// MySQL, where it belongs to the statement's own transaction.
func (s *Session) setSavepoint(name string) *Result {
	if !s.inTx() {
		return &Result{}
	}
	buf := s.openTx()
	if i := buf.find(name); i >= 0 {
		buf.savepoints = append(buf.savepoints[:i], buf.savepoints[i+1:]...)
	}
	buf.savepoints = append(buf.savepoints, savepoint{name: name, n: len(buf.statements)})
	return &Result{}
}

// rollbackToSavepoint is ROLLBACK TO SAVEPOINT name: the statements after
// it leave the transaction, the savepoints set after it are released, and
// it stays set.
func (s *Session) rollbackToSavepoint(name string) (*Result, error) {
	i := s.tx.find(name)
	if i < 0 {
		return nil, noSavepoint(name)
	}
	n := s.tx.savepoints[i].n
	// Capped: the next statement is appended to a new array, not over
	// the dropped ones a speculation may still hold.
	s.tx.statements = s.tx.statements[:n:n]
	s.tx.savepoints = s.tx.savepoints[:i+1]
	return &Result{}, nil
}

// releaseSavepoint is RELEASE SAVEPOINT name: it and the savepoints set
// after it are gone; the statements stay.
func (s *Session) releaseSavepoint(name string) (*Result, error) {
	i := s.tx.find(name)
	if i < 0 {
		return nil, noSavepoint(name)
	}
	s.tx.savepoints = s.tx.savepoints[:i]
	return &Result{}, nil
}

func noSavepoint(name string) error {
	return drivers.Errorf(1305, "42000", "SAVEPOINT %s does not exist", name)
}
