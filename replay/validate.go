package replay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// Interactive transactions. Inside BEGIN ... COMMIT the proxy answers each
// statement at once from a speculative run (speculate.go) and the chain
// transaction carries those answers. Applying it re-executes every
// statement through the same path as any other, each in its own savepoint,
// and compares: a statement the client saw fail is rolled back and the
// transaction goes on, as in MySQL; if any answer (rows affected, insert
// id, error number, the digest of a locking read) no longer holds, the
// whole transaction is rolled back with 1213, an outcome every node
// computes identically.

// ErDeadlock is MySQL's ER_LOCK_DEADLOCK, the error drivers and ORMs retry.
const ErDeadlock = 1213

const (
	stmtSavepoint = "blocksql_stmt"
	deadlockMsg   = "Deadlock found when trying to get lock; try restarting transaction"
)

// idPlan decides the AUTO_INCREMENT ids of the INSERT being applied in an
// interactive transaction: the ids its client was told (start), or, while
// speculating a new statement, ids drawn from the node's reservations so
// concurrent open transactions are not told the same ones.
type idPlan struct {
	start   uint64
	reserve *reservations // nil when applying a block
	first   uint64        // out: the first id generated
}

// planIDs sets where the INSERT being applied starts generating ids: its
// IDFloor for an autocommit INSERT, its plan in an interactive transaction.
func (a *txApply) planIDs(f *insertFill) {
	if floor := a.tx.Statements[a.stmtIndex].IDFloor; floor > f.next {
		f.next = floor
	}
	a.ids.plan(f)
}

func (p *idPlan) plan(f *insertFill) {
	if p == nil {
		return
	}
	p.first = 0
	if p.start != 0 {
		f.start = p.start
	} else if p.reserve != nil {
		f.next = p.reserve.floor(f.table)
	}
}

// failed records, for an INSERT that failed, the first id it generated,
// when its ids were planned: drawn from the node's reservations while
// speculating, or the start an apply was given. The failure may depend on
// them (an id past the column's range, a duplicate key), so the apply must
// generate the same ones, and the client's answer carries them for that.
// An apply of an answer recorded without them (start 0, as every failed
// INSERT's was before) draws from the counter as it always did.
func (p *idPlan) failed(f *insertFill) {
	if p != nil && (p.start != 0 || p.reserve != nil) {
		p.first = f.first
	}
}

func (p *idPlan) done(f *insertFill) {
	if p == nil {
		return
	}
	p.first = f.first
	if p.reserve != nil {
		p.reserve.advance(f.table, f.next)
	}
}

// runInteractive applies an interactive transaction: all of it, with the
// statements its client saw fail left out, or none of it (1213).
func (a *txApply) runInteractive(ctx context.Context, res *consensus.TxResult) (*consensus.TxResult, error) {
	if err := a.dtx.Savepoint(ctx, txSavepoint); err != nil {
		return nil, err
	}
	saved, mark := a.sch.clone(), a.rows.mark()
	a.ids = &idPlan{}
	if _, err := a.answerAll(ctx, res); err != nil {
		return nil, err
	}
	if res.Failed >= 0 {
		if err := a.dtx.RollbackTo(ctx, txSavepoint); err != nil {
			return nil, err
		}
		*a.sch = *saved
		a.rows.rollbackTo(mark)
		a.markFailed(res)
	}
	if err := a.dtx.Release(ctx, txSavepoint); err != nil {
		return nil, err
	}
	writeTx(a, res)
	return res, nil
}

// answerAll runs every statement of an interactive transaction and returns
// what each answers now. It stops at the first statement whose recorded
// answer no longer holds, making its result 1213 and res.Failed its index.
func (a *txApply) answerAll(ctx context.Context, res *consensus.TxResult) ([]consensus.Answer, error) {
	return a.answerFrom(ctx, res, 0, nil)
}

// answerFrom is answerAll for statements from on, the earlier ones applied
// already, with answers, their answers.
func (a *txApply) answerFrom(ctx context.Context, res *consensus.TxResult, from int, answers []consensus.Answer) ([]consensus.Answer, error) {
	for j := from; j < len(a.tx.Statements); j++ {
		got, sr, lg, err := a.answerOne(ctx, j)
		if err != nil {
			return nil, err
		}
		answers = append(answers, got)
		res.Statements = append(res.Statements, sr)
		a.logs = append(a.logs, lg)
		if want := a.tx.Statements[j].Answer; want != nil && !sameAnswer(*want, got) {
			res.Failed = j
			res.Statements[j] = consensus.StmtResult{Code: ErDeadlock, State: "40001",
				Message: deadlockMsg + " (" + answerChange(*want, got) + ")"}
			a.logs[j].outcome = "aborted"
			break
		}
	}
	return answers, nil
}

// answerOne applies statement j in its own savepoint; a statement that
// fails leaves no change, and the transaction goes on.
func (a *txApply) answerOne(ctx context.Context, j int) (consensus.Answer, consensus.StmtResult, stmtLog, error) {
	st := &a.tx.Statements[j]
	if st.Read {
		d, lg, err := a.readDigest(ctx, j)
		return consensus.Answer{ReadDigest: d}, consensus.StmtResult{}, lg, err
	}
	a.ids.start = 0
	if st.Answer != nil {
		a.ids.start = st.Answer.AutoID
	}
	a.ids.first = 0
	// Only a statement that may fail while the transaction goes on needs
	// its own savepoint: one whose client saw it fail, or a new one. If a
	// statement told "ok" fails now, the whole transaction aborts anyway,
	// and a failed statement leaves no change of its own.
	guard := st.Answer == nil || st.Answer.Code != 0
	var sr consensus.StmtResult
	var lg stmtLog
	var err error
	if guard {
		err = a.dtx.Savepoint(ctx, stmtSavepoint)
	}
	mark := a.rows.mark()
	if err == nil {
		sr, lg, err = a.statement(ctx, j)
	}
	if sr.Code != 0 {
		a.rows.rollbackTo(mark) // its captured rows, as its changes
	}
	if guard && err == nil && sr.Code != 0 {
		err = a.dtx.RollbackTo(ctx, stmtSavepoint)
	}
	if guard && err == nil {
		err = a.dtx.Release(ctx, stmtSavepoint)
	}
	got := consensus.Answer{Code: sr.Code, RowsAffected: sr.RowsAffected, RowsMatched: sr.RowsMatched, InsertID: sr.LastInsertID, AutoID: a.ids.first}
	return got, sr, lg, err
}

func sameAnswer(want, got consensus.Answer) bool {
	return want.Code == got.Code && want.RowsAffected == got.RowsAffected && want.FoundRows() == got.FoundRows() &&
		want.InsertID == got.InsertID && want.AutoID == got.AutoID && bytes.Equal(want.ReadDigest, got.ReadDigest)
}

// answerChange says what changed, for the client and the operation log.
func answerChange(want, got consensus.Answer) string {
	switch {
	case want.Code != got.Code:
		return fmt.Sprintf("a statement answered error %d, now %d", want.Code, got.Code)
	case !bytes.Equal(want.ReadDigest, got.ReadDigest):
		return "rows read with FOR UPDATE / LOCK IN SHARE MODE changed"
	case want.InsertID != got.InsertID || want.AutoID != got.AutoID:
		return fmt.Sprintf("insert id %d is no longer available", want.InsertID)
	case want.RowsAffected == got.RowsAffected:
		return fmt.Sprintf("a statement matched %d rows, now %d", want.FoundRows(), got.FoundRows())
	}
	return fmt.Sprintf("a statement affected %d rows, now %d", want.RowsAffected, got.RowsAffected)
}

// Querier reads inside a local transaction (both drivers' Tx implement it).
type Querier interface {
	Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error)
}

// readDigest hashes the rows a locking read covers: every column of every
// row of its table its WHERE (and LIMIT) selects, encoded by column type
// as the state digest encodes them, so every backend computes the same
// digest. A read that fails hashes its error number.
func (a *txApply) readDigest(ctx context.Context, j int) ([]byte, stmtLog, error) {
	st := &a.tx.Statements[j]
	lg := stmtLog{outcome: "read"}
	sel, t, err := a.lockedRows(j, st)
	if err == nil {
		lg.tables = []string{t.DB + "." + t.Name}
		var enc []encodedRow
		enc, err = a.queryEncoded(ctx, sel, t)
		if err == nil {
			return hashEncoded(enc), lg, nil
		}
	}
	var sqlErr *drivers.Error
	if !errors.As(err, &sqlErr) {
		return nil, lg, err
	}
	lg.outcome = "error"
	d := sha256.Sum256([]byte("error " + strconv.Itoa(int(sqlErr.Code))))
	return d[:], lg, nil
}

func (a *txApply) queryEncoded(ctx context.Context, sel *ast.SelectStmt, t *TableDef) ([]encodedRow, error) {
	q, ok := a.dtx.(Querier)
	if !ok {
		return nil, fmt.Errorf("the %s driver cannot read inside a transaction", a.e.drv.Name())
	}
	rows, err := q.Query(ctx, sel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return encodeRows(rows, t)
}

func hashEncoded(enc []encodedRow) []byte {
	sort.Slice(enc, func(i, j int) bool { return bytes.Compare(enc[i].row, enc[j].row) < 0 })
	h := sha256.New()
	for _, r := range enc {
		h.Write(r.row)
	}
	return h.Sum(nil)
}

// lockedRows turns a locking read into SELECT * over the rows it covers,
// with its time functions, RAND and parameters pinned as for a write.
func (a *txApply) lockedRows(j int, st *consensus.Statement) (*ast.SelectStmt, *TableDef, error) {
	sel, tn, err := parseLockingRead(st.Canonical)
	if err != nil {
		return nil, nil, err
	}
	if err := Qualify(sel, a.tx.Database); err != nil {
		return nil, nil, err
	}
	t := a.sch.table(tn.Schema.O, tn.Name.O)
	if t == nil {
		return nil, nil, noSuchTable(tn.Schema.O, tn.Name.O)
	}
	// The proxy records a locking read with its parameters already in the
	// text (Params are kept for the operation log only).
	literal := *st
	literal.Params = nil
	env := newStmtEnv(a.block, a.hash, a.index, j, a.tx, &literal)
	if err := env.bind(sel); err != nil {
		return nil, nil, err
	}
	sel.Fields = &ast.FieldList{Fields: []*ast.SelectField{{WildCard: &ast.WildCardField{}}}}
	sel.LockInfo = nil
	if sel.GroupBy != nil || sel.Having != nil || sel.Limit == nil {
		// Every row the WHERE matches is read; order and grouping do not
		// change which rows those are.
		sel.GroupBy, sel.Having, sel.OrderBy, sel.Limit = nil, nil, nil, nil
	}
	return sel, t, nil
}

// parseLockingRead parses a locking read: one SELECT from one table.
func parseLockingRead(sql string) (*ast.SelectStmt, *ast.TableName, error) {
	stmt, err := drivers.Parse(sql)
	if err != nil {
		return nil, nil, err
	}
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok {
		return nil, nil, notSupported("a locking read in the chain must be a SELECT from one table")
	}
	tn, ok := singleTable(sel)
	if !ok {
		return nil, nil, notSupported("a locking read in the chain must be a SELECT from one table")
	}
	return sel, tn, nil
}

// LockingReadTable returns the table a SELECT ... FOR UPDATE / LOCK IN
// SHARE MODE reads, when blocksql can validate it (one table, no join).
func LockingReadTable(stmt ast.StmtNode) (*ast.TableName, bool) {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.LockInfo == nil || sel.LockInfo.LockType == ast.SelectLockNone {
		return nil, false
	}
	return singleTable(sel)
}

func singleTable(sel *ast.SelectStmt) (*ast.TableName, bool) {
	_, tn := SourceTable(sel)
	return tn, tn != nil
}
