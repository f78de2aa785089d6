package replay

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// Insert runs: consecutive plain INSERT ... VALUES statements into the
// same table with the same columns are applied as ONE multi-row INSERT:
// the statements of one chain transaction, the members of one group, or
// consecutive autocommit transactions of one statement each. Each
// statement goes through every apply step of its own first (its context,
// parameters, determinism, privileges, catalog checks, AUTO_INCREMENT),
// so its result is the one it would have alone: a plain INSERT of
// constants either inserts all of its rows or fails, its rows affected
// are its rows, its insert id is the engine's. The captured row changes
// split among the statements by row count: the driver's hook reports them
// in VALUES order; capture triggers stamp the run's first statement on
// each, and attributeRun sets each row's own by id. If the multi-row
// INSERT fails (a duplicate key, a value out of range, anything), the
// database has undone it as one statement; the engine puts its own state
// back (catalog, captured rows) and applies the run's statements one by
// one as before, which finds the failing statement and its exact error.
// So a run changes nothing a client, the operation log's outcomes or the
// AppHash can tell, only how many statements the database executes (and
// the applied_sql the log shows for the second and later ones).

// insertRunValues and insertRunStmts bound a run: values stay within what
// the SQLite driver binds as parameters (drivers/sqlite maxParams),
// statements within a power of two the drivers' statement caches keep.
const (
	insertRunValues = 999
	insertRunStmts  = 256
)

// disableInsertRuns turns runs off (tests compare both ways).
var disableInsertRuns bool

// insertCand is one statement of a run, prepared up to the database.
type insertCand struct {
	a    *txApply // the statement's transaction
	j    int
	ins  *ast.InsertStmt
	fill *insertFill
	log  stmtLog
}

// runInserts applies a run of plain INSERTs that starts at statement
// from (before to), each statement in the context txOf gives it (a
// group's member, or the transaction). It returns how many statements
// it applied, all successfully, appending their results; 0 means none
// was applied and nothing changed: the caller applies statement from
// as usual.
func (a *txApply) runInserts(ctx context.Context, res *consensus.TxResult, from, to int, txOf func(int) *consensus.Tx) (int, error) {
	if disableInsertRuns || a.ids != nil || to-from < 2 || from < a.runFailedTo ||
		!sameInsertHead(a.tx.Statements[from].Canonical, a.tx.Statements[from+1].Canonical) {
		return 0, nil
	}
	saved, mark, tx := a.sch.clone(), a.rows.mark(), a.tx
	head := a.tx.Statements[from].Canonical
	cands := collectRun(to-from, head, func(k int) (*txApply, int, bool) {
		a.tx = txOf(from + k)
		return a, from + k, true
	})
	a.tx = tx
	if len(cands) == 0 {
		return 0, nil
	}
	results, err := execRun(ctx, cands, saved, mark)
	if err != nil {
		return 0, err
	}
	if results == nil {
		// The run failed: its statements go one by one, which finds the
		// failing one, and no run starts again inside it.
		a.runFailedTo = cands[len(cands)-1].j + 1
		return 0, nil
	}
	for i, c := range cands {
		res.Statements = append(res.Statements, results[i])
		a.logs = append(a.logs, c.log)
	}
	return len(cands), nil
}

// runTxInserts applies a run of autocommit transactions of one plain
// INSERT each, from the block's transaction i: txAt(k) is transaction k's
// apply, decoded. It returns their results, or none when no run starts
// at i or the run failed (then *failedTo is past it: its transactions are
// applied one by one, as usual).
func runTxInserts(ctx context.Context, txAt func(k int) *txApply, n, i int, failedTo *int) ([]*consensus.TxResult, error) {
	if disableInsertRuns || i < *failedTo || i+1 >= n {
		return nil, nil
	}
	first := txAt(i)
	if !first.lone() || !txAt(i+1).lone() ||
		!sameInsertHead(first.tx.Statements[0].Canonical, txAt(i + 1).tx.Statements[0].Canonical) {
		return nil, nil
	}
	saved, mark := first.sch.clone(), first.rows.mark()
	inRun := map[[32]byte]bool{}
	cands := collectRun(n-i, first.tx.Statements[0].Canonical, func(k int) (*txApply, int, bool) {
		a := txAt(i + k)
		if !a.lone() || inRun[a.hash] {
			return nil, 0, false // a second copy of a transaction is refused when it comes
		}
		inRun[a.hash] = true
		return a, 0, true
	})
	if len(cands) == 0 {
		*failedTo = i + 1
		return nil, nil
	}
	results, err := execRun(ctx, cands, saved, mark)
	if err != nil || results == nil {
		*failedTo = cands[len(cands)-1].a.index + 1
		return nil, err
	}
	out := make([]*consensus.TxResult, len(cands))
	for k, c := range cands {
		out[k] = &consensus.TxResult{Height: c.a.block.Height, Failed: -1, Statements: results[k : k+1]}
		c.a.logs = []stmtLog{c.log}
		writeTx(c.a, out[k])
	}
	return out, nil
}

// collectRun prepares the statements of a run of at most n: step(k)
// sets up the k-th (its apply and statement index), or ends the run.
// Each statement's AUTO_INCREMENT ids are taken before the next is
// prepared.
func collectRun(n int, head string, step func(k int) (*txApply, int, bool)) []insertCand {
	limit := insertRunStmts
	var cands []insertCand
	values := 0
	for k := 0; k < n && len(cands) < limit; k++ {
		a, j, ok := step(k)
		if !ok || k > 0 && !sameInsertHead(head, a.tx.Statements[j].Canonical) {
			break
		}
		c, ok := a.prepInsert(j, cands, insertRunValues-values)
		if !ok {
			break
		}
		v := len(c.ins.Lists) * len(c.ins.Columns)
		if values+v > insertRunValues {
			break // columns the fill added; its tree is spent
		}
		if k == 0 {
			// Powers of two keep the number of distinct texts small.
			limit = batchSize(n, min(insertRunStmts, insertRunValues/max(v, 1)))
		}
		values += v
		c.advance(a.sch)
		cands = append(cands, c)
	}
	return cands
}

// lone reports whether the transaction is an autocommit one of a single
// statement, new in this block: one a run may hold.
func (a *txApply) lone() bool {
	tx := a.tx
	return tx != nil && len(tx.Statements) == 1 && !a.seen[a.hash] && tx.Membership == nil &&
		!tx.Interactive() && !tx.Grouped()
}

// execRun executes the prepared statements as one INSERT and returns
// their results, or none when it failed: the database undid it, and the
// engine's catalog and captured rows are put back to saved and mark.
func execRun(ctx context.Context, cands []insertCand, saved *schema, mark int) ([]consensus.StmtResult, error) {
	a := cands[0].a
	merged := *cands[0].ins
	merged.Lists = nil
	rows := 0
	for _, c := range cands {
		merged.Lists = append(merged.Lists, c.ins.Lists...)
		rows += len(c.ins.Lists)
	}
	hook := a.rows.hook
	var before int64
	r, ran, err := uncapturedRun(ctx, cands, &merged, rows)
	if !ran {
		if err != nil {
			return nil, err
		}
		if hook != nil {
			hook.CaptureRows(true)
		} else {
			if err := a.captureContext(ctx, cands[0].j); err != nil {
				return nil, err
			}
			if len(cands) > 1 {
				if before, err = lastRowChange(ctx, a.dtx, a.e.drv); err != nil {
					return nil, err
				}
			}
		}
		r, err = a.dtx.Exec(ctx, &merged)
	}
	var got []drivers.RowChange
	if hook != nil {
		hook.CaptureRows(false)
		var terr error
		if got, terr = hook.TakeRowChanges(ctx); terr != nil {
			return nil, terr
		}
	}
	var sqlErr *drivers.Error
	switch {
	case errors.As(err, &sqlErr):
		// Undone by the database as one statement.
		*a.sch = *saved
		a.rows.rollbackTo(mark)
		return nil, nil
	case err != nil:
		return nil, err
	case r.RowsAffected != int64(rows) || hook != nil && len(got) != rows:
		return nil, fmt.Errorf("an INSERT of %d rows affected %d and reported %d row changes", rows, r.RowsAffected, len(got))
	case hook == nil && !ran: // a run that ran uncaptured recorded its rows
		if err := attributeRun(ctx, before, rows, cands); err != nil {
			return nil, err
		}
	}
	out := make([]consensus.StmtResult, len(cands))
	var inFirst string // what each statement after the first applied: the first's INSERT
	if len(cands) > 1 {
		inFirst = fmt.Sprintf("/* in the INSERT of transaction %d, statement %d */", a.index, cands[0].j)
	}
	for i := range cands {
		c := &cands[i]
		if hook != nil {
			for _, ch := range got[:len(c.ins.Lists)] {
				a.rows.changes = append(a.rows.changes, hookChange{tx: c.a.index, stmt: c.j, RowChange: ch})
			}
			got = got[len(c.ins.Lists):]
		}
		c.log.applied = r.AppliedSQL
		if i > 0 {
			c.log.applied = inFirst
		}
		out[i] = consensus.StmtResult{RowsAffected: uint64(len(c.ins.Lists)), LastInsertID: c.fill.lastID}
	}
	return out, nil
}

// uncapturedRun runs merged, the run's INSERT, with the capture triggers
// skipping its rows and records them with one statement, when the driver
// can (drivers.InsertCapture) and the run's keys allow (sequenceKeys):
// ran is false otherwise, and nothing was run. ran with no error means
// the rows are recorded. A trigger per row was most of such an INSERT's
// time on MariaDB (replay/DESIGN.md).
func uncapturedRun(ctx context.Context, cands []insertCand, merged *ast.InsertStmt, rows int) (drivers.Result, bool, error) {
	a := cands[0].a
	ic, ok := a.dtx.(drivers.InsertCapture)
	if !ok || a.rows.hook != nil {
		return drivers.Result{}, false, nil
	}
	keys := sequenceKeys(cands)
	if !keys.ok {
		return drivers.Result{}, false, nil
	}
	ct := captureTable(cands[0].fill.table)
	r, ran, err := ic.ExecUncaptured(ctx, merged, ct)
	if !ran || err != nil {
		return r, ran, err
	}
	if r.RowsAffected != int64(rows) {
		return r, true, fmt.Errorf("an INSERT of %d rows affected %d", rows, r.RowsAffected)
	}
	// Not a *drivers.Error if it fails: the block fails.
	return r, true, ic.CaptureInserted(ctx, ct, keys.column, keys.low, keys.low+int64(rows)-1, a.block.Height,
		hex.EncodeToString(a.hash[:]), cands[0].j)
}

// runKeys describes a run whose rows a driver can record itself
// (drivers.InsertCapture): single-row INSERTs of one transaction at
// consecutive statement indexes, into a table keyed by one integer
// column, with consecutive increasing keys from low.
type runKeys struct {
	ok     bool
	column string
	low    int64
}

func sequenceKeys(cands []insertCand) runKeys {
	first := cands[0]
	key := integerKey(first.fill.table)
	if len(cands) < 2 || len(key) != 1 {
		return runKeys{}
	}
	col := -1
	for i, c := range first.ins.Columns {
		if strings.EqualFold(c.Name.O, key[0]) {
			col = i
		}
	}
	if col < 0 {
		return runKeys{}
	}
	var low int64
	for k, c := range cands {
		if c.a != first.a || c.j != first.j+k || len(c.ins.Lists) != 1 || len(c.ins.Lists[0]) <= col {
			return runKeys{}
		}
		v, ok := c.ins.Lists[0][col].(*test_driver.ValueExpr)
		if !ok || v.Kind() != test_driver.KindInt64 && v.Kind() != test_driver.KindUint64 {
			return runKeys{}
		}
		n := v.GetInt64()
		if v.Kind() == test_driver.KindUint64 && n < 0 {
			return runKeys{}
		}
		if k == 0 {
			low = n
		} else if n != low+int64(k) {
			return runKeys{}
		}
	}
	return runKeys{ok: true, column: key[0], low: low}
}

// advance moves the table's AUTO_INCREMENT counter past the statement's
// ids, as dml does after it ran.
func (c *insertCand) advance(s *schema) {
	if c.fill.next > c.fill.table.AutoIncrement {
		s.put(c.fill.table.withAutoInc(c.fill.next))
	}
}

// prepInsert runs statement j's apply steps up to the database (the steps
// of execute and dml) when it can join the run cands: a plain INSERT of
// at most room constant values into the table, with the columns, of the
// run's first statement. ok is false otherwise; the engine's state is
// then as before, and a statement refused on its shape alone keeps its
// tree for the usual path (a large INSERT is not parsed twice).
func (a *txApply) prepInsert(j int, cands []insertCand, room int) (insertCand, bool) {
	c := insertCand{a: a, j: j, log: stmtLog{outcome: "ok"}}
	stmt, err := a.parseStmt(j)
	if err != nil {
		return c, false
	}
	ins, ok := stmt.(*ast.InsertStmt)
	if !ok || ins.IsReplace || ins.IgnoreErr || ins.Select != nil || len(ins.OnDuplicate) > 0 ||
		ins.Setlist || len(ins.Lists) == 0 || len(ins.PartitionNames) > 0 || drivers.ValueCount(ins.Lists) > room {
		a.setAside(j, stmt)
		return c, false
	}
	// The steps of execute and dml, up to the database.
	if c.log.tables, err = a.bindStmt(j, stmt); err != nil || !constantRows(ins.Lists) ||
		a.checkDML(stmt, c.log.tables) != nil {
		return c, false
	}
	if c.fill, err = a.fillInsert(ins); err != nil || c.fill.skipped > 0 || len(ins.Lists) == 0 {
		return c, false
	}
	if len(cands) > 0 && !sameTarget(cands[0].ins, ins) {
		return c, false
	}
	a.rows.note(a.index, j, c.log.tables, a.sch)
	c.ins = ins
	return c, true
}

// sameInsertHead is a cheap first test that two canonical texts may be
// INSERTs into one table with one column list: same text up to VALUES,
// and neither reads a table.
func sameInsertHead(a, b string) bool {
	i := strings.Index(a, " VALUES ")
	return i > 0 && strings.HasPrefix(a, "INSERT INTO ") && len(b) >= i+8 && b[:i+8] == a[:i+8] &&
		!strings.Contains(a, "SELECT") && !strings.Contains(b, "SELECT")
}

// sameTarget: the same table and the same columns in the same order.
func sameTarget(a, b *ast.InsertStmt) bool {
	ta, tb := insertTarget(a), insertTarget(b)
	if ta.Schema.L != tb.Schema.L || ta.Name.L != tb.Name.L || len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		if a.Columns[i].Name.L != b.Columns[i].Name.L {
			return false
		}
	}
	return true
}

// constantRows: every value is a literal (a bound parameter or a pinned
// function is one by now), so a row means the same wherever it stands.
func constantRows(lists [][]ast.ExprNode) bool {
	for _, row := range lists {
		for _, e := range row {
			if u, ok := e.(*ast.UnaryOperationExpr); ok && u.Op == opcode.Minus {
				e = u.V
			}
			if _, ok := e.(*test_driver.ValueExpr); !ok {
				return false
			}
		}
	}
	return true
}

// attributeRun gives each row change the run's triggers wrote (after id
// before, in row order) the transaction and statement whose row it is:
// the triggers copied the run's first statement from capture_context
// into all of them.
func attributeRun(ctx context.Context, before int64, rows int, cands []insertCand) error {
	if len(cands) < 2 {
		return nil
	}
	a := cands[0].a
	table := a.e.drv.Internal("row_changes")
	q, err := a.dtx.QueryInternal(ctx, "SELECT id FROM "+table+" WHERE id > ? ORDER BY id", before)
	if err != nil {
		return fmt.Errorf("row changes: %w", err)
	}
	var ids []int64
	for q.Next() {
		var id int64
		if err := q.Scan(&id); err != nil {
			q.Close()
			return fmt.Errorf("row changes: %w", err)
		}
		ids = append(ids, id)
	}
	q.Close()
	if err := q.Err(); err != nil {
		return fmt.Errorf("row changes: %w", err)
	}
	if len(ids) != rows {
		return fmt.Errorf("an INSERT of %d rows wrote %d row changes", rows, len(ids))
	}
	if q, args, ok := attributeSequence(table, before, ids, cands); ok {
		if err := a.dtx.ExecInternal(ctx, q, args...); err != nil {
			return fmt.Errorf("row changes: %w", err)
		}
		return nil
	}
	// One CASE per column, on the last id of each statement's rows.
	var stmts, hashes strings.Builder
	var stmtArgs, hashArgs []any
	seen := 0
	for _, c := range cands[:len(cands)-1] {
		seen += len(c.ins.Lists)
		stmts.WriteString(" WHEN id <= ? THEN ?")
		hashes.WriteString(" WHEN id <= ? THEN ?")
		stmtArgs = append(stmtArgs, ids[seen-1], c.j)
		hashArgs = append(hashArgs, ids[seen-1], hex.EncodeToString(c.a.hash[:]))
	}
	last := cands[len(cands)-1]
	q2 := "UPDATE " + table + " SET stmt_index = CASE" + stmts.String() + " ELSE ? END"
	args := append(stmtArgs, last.j)
	if last.a != a {
		q2 += ", tx_hash = CASE" + hashes.String() + " ELSE ? END"
		args = append(append(args, hashArgs...), hex.EncodeToString(last.a.hash[:]))
	}
	if err := a.dtx.ExecInternal(ctx, q2+" WHERE id > ?", append(args, before)...); err != nil {
		return fmt.Errorf("row changes: %w", err)
	}
	return nil
}

// attributeSequence is the UPDATE attributeRun makes when the run is the
// common one, single-row INSERTs of one transaction at consecutive
// statement indexes whose rows got consecutive ids: statement index and id
// then advance together, and the UPDATE is arithmetic instead of a CASE of
// one branch per statement, which MariaDB evaluates branch by branch for
// every row. ok is false otherwise.
func attributeSequence(table string, before int64, ids []int64, cands []insertCand) (string, []any, bool) {
	first := cands[0]
	if len(ids) != len(cands) {
		return "", nil, false
	}
	for k, c := range cands {
		if c.a != first.a || len(c.ins.Lists) != 1 || c.j != first.j+k || ids[k] != ids[0]+int64(k) {
			return "", nil, false
		}
	}
	return "UPDATE " + table + " SET stmt_index = ? + (id - ?) WHERE id > ?", []any{first.j, ids[0], before}, true
}
