package replay

import (
	"context"
	"errors"
	"math"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

const txSavepoint = "blocksql_tx"

// txApply applies one chain transaction inside the block's local
// transaction: all of its statements, or none.
type txApply struct {
	e     *Engine
	dtx   drivers.Tx
	block *consensus.Block
	index int
	raw   []byte
	hash  [32]byte
	sch   *schema
	tx    *consensus.Tx
	logs  []stmtLog
	oplog *oplogBatch       // the block's operation-log rows
	seen  map[[32]byte]bool // transactions logged already (see alreadyApplied)
	rows  *blockRows        // the block's row changes, for the AppHash
	// stmtIndex is the statement being applied.
	stmtIndex int
	// parsed is statement parsedAt's tree, untouched, when needSavepoint
	// or an insert run parsed it already (see parseStmt).
	parsed   ast.StmtNode
	parsedAt int
	// pre is the transaction as a restore readied it (parsecache.go), or
	// nil; preBound is the statement whose tree parseStmt took from it
	// bound already (bindStmt then only authorizes it), or -1.
	pre      *preparedTx
	preBound int
	// runFailedTo: the statements before it belong to an insert run
	// that failed, and are applied one by one (insertrun.go).
	runFailedTo int
	// ids, for interactive transactions, fixes or reserves the
	// AUTO_INCREMENT ids of an INSERT and records the first one generated
	// (see validate.go); nil for autocommit transactions.
	ids *idPlan
}

// stmtLog is what the operation log records for one statement.
type stmtLog struct {
	applied string
	tables  []string
	outcome string
}

func (a *txApply) run(ctx context.Context) (*consensus.TxResult, error) {
	res := &consensus.TxResult{Height: a.block.Height, Failed: -1}
	tx, err := a.tx, error(nil)
	if tx == nil {
		tx, err = consensus.UnmarshalTx(a.raw)
	}
	if err != nil {
		res.Failed = 0
		res.Statements = []consensus.StmtResult{{Code: drivers.ErUnknown, State: "HY000", Message: err.Error()}}
		return res, nil
	}
	a.tx = tx
	if a.seen[a.hash] {
		res.Failed = 0
		res.Statements = []consensus.StmtResult{{Code: ErDuplicateTx, State: "HY000",
			Message: "transaction already applied; a chain transaction runs exactly once"}}
		return res, nil
	}
	if tx.Membership != nil {
		return a.runMembership(res), nil
	}
	if tx.Interactive() {
		return a.runInteractive(ctx, res)
	}
	if tx.Grouped() {
		return a.runGroup(ctx, res)
	}
	failed, err := a.atomic(ctx, res, 0, len(tx.Statements))
	if err != nil {
		return nil, err
	}
	if res.Failed = failed; failed >= 0 {
		a.markFailed(res)
	}
	writeTx(a, res)
	return res, nil
}

// runGroup applies a grouped transaction: each statement is one session's
// autocommit write, applied in order, alone (its own savepoint) and with
// its own context, exactly as if it were its own transaction; one that
// fails leaves the others as they are. res.Failed stays -1: each
// statement's outcome is its own.
func (a *txApply) runGroup(ctx context.Context, res *consensus.TxResult) (*consensus.TxResult, error) {
	group := a.tx
	member := func(j int) *consensus.Tx { return memberOf(group, j) }
	for j := 0; j < len(group.Statements); {
		n, err := a.runInserts(ctx, res, j, len(group.Statements), member)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			j += n
			continue
		}
		a.tx = member(j)
		if _, err := a.atomic(ctx, res, j, j+1); err != nil {
			return nil, err
		}
		a.tx = group
		j++
	}
	writeTx(a, res)
	return res, nil
}

// memberOf is how statement j of a grouped transaction is applied: the
// group's statements (the index j keeps its meaning), with statement j's
// context.
func memberOf(group *consensus.Tx, j int) *consensus.Tx {
	m := *group
	c := group.ContextOf(j)
	m.Database, m.SQLMode, m.TimeZone, m.User, m.ClientAddr = c.Database, c.SQLMode, c.TimeZone, c.User, c.ClientAddr
	m.Group = nil
	return &m
}

// atomic applies statements [from, to) of a.tx all or nothing, appending
// their results to res, and returns the index of the one that failed (-1
// if none did): the changes of those before it are rolled back.
func (a *txApply) atomic(ctx context.Context, res *consensus.TxResult, from, to int) (int, error) {
	savepoint := a.needSavepoint(from, to)
	if savepoint {
		if err := a.dtx.Savepoint(ctx, txSavepoint); err != nil {
			return 0, err
		}
	}
	saved, mark := a.sch.clone(), a.rows.mark()
	failed := -1
	same := func(int) *consensus.Tx { return a.tx }
	for j := from; j < to; j++ {
		n, err := a.runInserts(ctx, res, j, to, same)
		if err != nil {
			return 0, err
		}
		if n > 0 {
			j += n - 1
			continue
		}
		sr, lg, err := a.statement(ctx, j)
		if err != nil {
			return 0, err
		}
		res.Statements = append(res.Statements, sr)
		a.logs = append(a.logs, lg)
		if sr.Code != 0 {
			failed = j
			break
		}
	}
	if failed >= 0 {
		if savepoint {
			if err := a.dtx.RollbackTo(ctx, txSavepoint); err != nil {
				return 0, err
			}
		}
		*a.sch = *saved
		a.rows.rollbackTo(mark)
	}
	if savepoint {
		if err := a.dtx.Release(ctx, txSavepoint); err != nil {
			return 0, err
		}
	}
	return failed, nil
}

// ErDuplicateTx is the result code of a transaction whose hash was already
// applied in an earlier block: it is not applied again.
const ErDuplicateTx = 1180

// markFailed records, for a transaction that failed as a whole, that the
// statements before the failing one were rolled back and those after it
// never ran.
func (a *txApply) markFailed(res *consensus.TxResult) {
	for j := range a.logs {
		if j < res.Failed {
			a.logs[j].outcome = "rolled back"
		}
	}
	for j := len(res.Statements); j < len(a.tx.Statements); j++ {
		res.Statements = append(res.Statements, consensus.StmtResult{})
		a.logs = append(a.logs, stmtLog{outcome: "skipped"})
	}
}

// statement applies statement j. A SQL error becomes the statement's
// result; any other error is returned and halts the node.
func (a *txApply) statement(ctx context.Context, j int) (consensus.StmtResult, stmtLog, error) {
	lg := stmtLog{outcome: "ok"}
	res, err := a.execute(ctx, j, &lg)
	var sqlErr *drivers.Error
	switch {
	case errors.As(err, &sqlErr):
		lg.outcome = "error"
		return consensus.StmtResult{Code: sqlErr.Code, State: sqlErr.State, Message: sqlErr.Message}, lg, nil
	case err != nil:
		return res, lg, err
	}
	return res, lg, nil
}

// needSavepoint reports whether statements [from, to) need a savepoint
// to be all or nothing. One plain INSERT ... VALUES does not: the backend
// runs it as one statement, which a failure undoes by itself (the
// engine's own state, catalog and captured rows, is restored apart).
// It is parsed here once, for execute.
func (a *txApply) needSavepoint(from, to int) bool {
	if to-from != 1 {
		return true
	}
	stmt, err := a.parseStmt(from)
	if err != nil {
		return false // it fails before anything runs
	}
	a.setAside(from, stmt)
	ins, ok := stmt.(*ast.InsertStmt)
	return !ok || ins.IsReplace || ins.IgnoreErr || ins.Select != nil || len(ins.OnDuplicate) > 0
}

// parseStmt returns statement j's tree: the one set aside for it, or a
// new parse (or one parsed ahead, parseApply). The tree is the caller's.
func (a *txApply) parseStmt(j int) (ast.StmtNode, error) {
	if stmt := a.parsed; stmt != nil && a.parsedAt == j {
		a.parsed = nil
		return stmt, nil
	}
	a.parsed = nil
	a.preBound = -1
	if stmt, bound := a.pre.take(j); stmt != nil {
		if bound {
			a.preBound = j
		}
		return stmt, nil
	}
	return a.e.parseApply(a.tx.Statements[j].Canonical)
}

// setAside keeps statement j's untouched tree for the next parseStmt(j).
func (a *txApply) setAside(j int, stmt ast.StmtNode) { a.parsed, a.parsedAt = stmt, j }

func (a *txApply) execute(ctx context.Context, j int, lg *stmtLog) (consensus.StmtResult, error) {
	var res consensus.StmtResult
	stmt, err := a.parseStmt(j)
	if err != nil {
		return res, err
	}
	if IsAccountStmt(stmt) {
		return a.account(ctx, stmt)
	}
	if lg.tables, err = a.bindStmt(j, stmt); err != nil {
		return res, err
	}
	a.rows.note(a.index, j, lg.tables, a.sch)
	if isDDL(stmt) {
		return a.ddl(ctx, stmt, lg)
	}
	return a.dml(ctx, stmt, lg)
}

// bindStmt makes statement j's tree what the database runs: names
// qualified with the database, parameters bound, nondeterminism pinned;
// and checks its user may run it. It returns the tables it touches.
func (a *txApply) bindStmt(j int, stmt ast.StmtNode) ([]string, error) {
	a.stmtIndex = j
	var tables []string
	if a.preBound == j { // bindAhead did the rest
		a.preBound = -1
		tables = a.pre.stmts[j].tables
	} else {
		if err := Qualify(stmt, a.tx.Database); err != nil {
			return nil, err
		}
		env := newStmtEnv(a.block, a.hash, a.index, j, a.tx, &a.tx.Statements[j])
		if err := a.keyRand(stmt, env); err != nil {
			return nil, err
		}
		if err := env.bind(stmt); err != nil {
			return nil, err
		}
		tables = TablesOf(stmt)
	}
	if bindHook != nil {
		bindHook(stmt)
	}
	return tables, a.authorize(stmt, tables)
}

func isDDL(stmt ast.StmtNode) bool {
	_, ok := stmt.(ast.DDLNode)
	return ok
}

func (a *txApply) ddl(ctx context.Context, stmt ast.StmtNode, lg *stmtLog) (consensus.StmtResult, error) {
	stmt, err := a.sch.expandDDL(stmt)
	if err != nil {
		return consensus.StmtResult{}, err
	}
	next := a.sch.clone()
	if err := next.applyDDL(stmt); err != nil {
		return consensus.StmtResult{}, err
	}
	capture, err := a.prepareDDLCapture(ctx, stmt, next)
	if err != nil {
		return consensus.StmtResult{}, err
	}
	r, err := a.dtx.Exec(ctx, stmt)
	if cerr := a.endCapture(ctx); cerr != nil {
		return consensus.StmtResult{}, cerr
	}
	if cerr := capture.done(ctx, err != nil); cerr != nil {
		return consensus.StmtResult{}, cerr
	}
	if err != nil {
		return consensus.StmtResult{}, err
	}
	// A dropped, re-created or changed table's reservations are
	// meaningless; other tables keep theirs.
	a.e.spec.reset(changedTables(a.sch, next))
	*a.sch = *next
	lg.applied = r.AppliedSQL
	return consensus.StmtResult{RowsAffected: uint64(r.RowsAffected)}, nil
}

func (a *txApply) dml(ctx context.Context, stmt ast.StmtNode, lg *stmtLog) (consensus.StmtResult, error) {
	if err := a.checkDML(stmt, lg.tables); err != nil {
		return consensus.StmtResult{}, err
	}
	var fill *insertFill
	if ins, ok := stmt.(*ast.InsertStmt); ok {
		var err error
		if fill, err = a.fillInsert(ins); err != nil {
			return consensus.StmtResult{}, err
		}
		if fill.skipped > 0 && len(ins.Lists) == 0 {
			return consensus.StmtResult{}, nil // every row left out
		}
		a.orderInsertSelect(ins)
	}
	a.orderLimited(stmt)
	if err := a.setDefaults(stmt); err != nil {
		return consensus.StmtResult{}, err
	}
	if err := a.captureContext(ctx, a.stmtIndex); err != nil {
		return consensus.StmtResult{}, err
	}
	touch, err := a.prepareOnUpdate(ctx, stmt)
	if err != nil {
		return consensus.StmtResult{}, err
	}
	skipped := a.skippedUpdates(stmt)
	var r drivers.Result
	if ins, ok := stmt.(*ast.InsertStmt); ok && fill.givesIDsBack(ins) {
		r, err = a.insertGivingIDsBack(ctx, ins, fill)
	} else {
		r, err = a.dtx.Exec(ctx, stmt)
	}
	if err == nil {
		err = touch.touch(ctx, a)
	}
	if err == nil && skipped != nil {
		err = skipped(ctx)
	} else if err != nil && fill != nil {
		err = fill.outOfRange(err)
		a.ids.failed(fill)
	}
	if cerr := a.endCapture(ctx); cerr != nil {
		return consensus.StmtResult{}, cerr
	}
	if err != nil {
		return consensus.StmtResult{}, err
	}
	lg.applied = r.AppliedSQL
	res := consensus.StmtResult{RowsAffected: uint64(r.RowsAffected), RowsMatched: uint64(r.RowsMatched)}
	if fill != nil {
		fill.selected(res.RowsAffected)
		res.LastInsertID = fill.lastID
		if ins := stmt.(*ast.InsertStmt); skipsRows(ins) {
			if res.LastInsertID, err = a.skippingInsertID(ctx, ins, fill, r); err != nil {
				return consensus.StmtResult{}, err
			}
			if fill.next, err = a.storedNext(ctx, fill); err != nil {
				return consensus.StmtResult{}, err
			}
		}
		a.ids.done(fill)
		// An id a client was told may lie below the counter (an earlier
		// transaction took higher ones): the counter never moves back.
		if fill.next > fill.table.AutoIncrement {
			a.sch.put(fill.table.withAutoInc(fill.next))
		}
	}
	return res, nil
}

// skippedUpdates is what forgets, after an UPDATE IGNORE, the updates
// the capture triggers recorded for rows it left out for a duplicate key
// (drivers.SkippedUpdates; nil for any other statement): without it
// MariaDB's row history held updates that never happened, and the block's
// row digest the rows they named. It is taken before the statement runs:
// the driver qualifies the tree's names in place.
func (a *txApply) skippedUpdates(stmt ast.StmtNode) func(context.Context) error {
	u, ok := stmt.(*ast.UpdateStmt)
	if !ok || !u.IgnoreErr || a.rows.hook != nil {
		return nil
	}
	su, ok := a.dtx.(drivers.SkippedUpdates)
	if !ok {
		return nil
	}
	t, _ := a.updateTarget(stmt)
	if t == nil || len(t.PrimaryKey) == 0 {
		return nil
	}
	ct := captureTable(t)
	return func(ctx context.Context) error { return su.DropSkippedUpdates(ctx, ct) }
}

// insertGivingIDsBack runs an INSERT that givesIDsBack: an ON DUPLICATE KEY
// UPDATE in one statement on a driver that applies it row by row anyway
// and gives the ids itself (drivers.UpsertIDsGiver: SQLite, where a
// statement of its own per row made a 500-row upsert 3.5 times slower);
// anything else one row per statement.
func (a *txApply) insertGivingIDsBack(ctx context.Context, ins *ast.InsertStmt, fill *insertFill) (drivers.Result, error) {
	first, last := fill.generated[0], fill.generated[len(fill.generated)-1]
	if _, ok := a.dtx.(drivers.UpsertIDsGiver); ok && len(ins.OnDuplicate) > 0 && last <= math.MaxInt64 {
		return a.dtx.Exec(drivers.WithIDsGivenBack(ctx, fill.table.AutoIncColumn().Name, int64(first)), ins)
	}
	return a.insertRowByRow(ctx, ins, fill)
}

// insertRowByRow runs an INSERT that givesIDsBack one row at a time, each
// row with the id after the last one inserted: MariaDB gives the id of a
// row it ignores or updates for a duplicate key back, and the next row
// takes it ('a', 'a', 'b' into a table holding none of them are stored as 1
// and 2, not 1 and 3). The counter still moves past every row (fill.next),
// as InnoDB reserves an id for each. A row that fails fails the statement,
// whose savepoint undoes the rows before it, as the database undoes a
// failed statement. The result's insert id is the last one the driver
// reported (an updated row's, which skippingInsertID uses when no row was
// inserted).
func (a *txApply) insertRowByRow(ctx context.Context, ins *ast.InsertStmt, fill *insertFill) (drivers.Result, error) {
	col := ensureColumn(ins, fill.table.AutoIncColumn().Name)
	// Each row gets a statement of its own, made before any runs: a
	// driver rewrites the tree it runs (table names, for one).
	stmts := make([]*ast.InsertStmt, len(ins.Lists))
	for i, row := range ins.Lists {
		stmts[i] = oneRowInsert(ins, row)
	}
	_, gives := a.dtx.(drivers.UpsertIDsGiver)
	found := !gives && len(ins.OnDuplicate) > 0 && !ins.IgnoreErr
	if found {
		for _, one := range stmts {
			one.OnDuplicate = append(one.OnDuplicate, lastRowID(fill.table.AutoIncColumn().Name))
		}
	}
	id := fill.generated[0]
	var out drivers.Result
	var applied []string
	for _, one := range stmts {
		one.Lists[0][col] = ast.NewValueExpr(id, "", "")
		r, err := a.dtx.Exec(ctx, one)
		if err != nil {
			return drivers.Result{}, err
		}
		if found && r.RowsAffected == 0 && r.InsertID == 0 {
			// A duplicate left as it was: MariaDB reports 0 for it when
			// the table's capture triggers ran, but LAST_INSERT_ID() holds
			// its id (lastRowID).
			if r.InsertID, err = a.lastInsertID(ctx); err != nil {
				return drivers.Result{}, err
			}
		}
		out.RowsAffected += r.RowsAffected
		applied = append(applied, r.AppliedSQL)
		if r.InsertID != 0 {
			out.InsertID = r.InsertID
		}
		// 1: inserted; 2: a duplicate updated; 0: ignored or left as it was.
		if r.RowsAffected == 1 {
			id++
		}
	}
	out.AppliedSQL = strings.Join(applied, "; ")
	return out, nil
}

// lastRowID is the assignment `col = LAST_INSERT_ID(col)`, which makes
// MariaDB keep the id of the row an ON DUPLICATE KEY UPDATE found even
// where the update leaves it unchanged (its OK packet says 0 then, and
// LAST_INSERT_ID() holds the id), without changing it. A multi-row upsert that inserts no row with a generated id
// reports the id of the last row it went through, changed or not, and
// run row by row the last of those ids is what the client is told: a
// MariaDB node told 1 where MariaDB and a SQLite node tell 10 (the row
// ('😀', …) found the row with id 10 and left it as it was; differential
// seed 633).
func lastRowID(col string) *ast.Assignment {
	name := func() *ast.ColumnName { return &ast.ColumnName{Name: ast.NewCIStr(col)} }
	return &ast.Assignment{Column: name(), Expr: &ast.FuncCallExpr{FnName: ast.NewCIStr(ast.LastInsertId),
		Args: []ast.ExprNode{&ast.ColumnNameExpr{Name: name()}}}}
}

// oneRowInsert is ins inserting row alone, with a table reference, column
// list and ON DUPLICATE KEY UPDATE list of its own (insertTarget's shape,
// which givesIDsBack checks).
func oneRowInsert(ins *ast.InsertStmt, row []ast.ExprNode) *ast.InsertStmt {
	one := *ins
	one.Lists = [][]ast.ExprNode{row}
	one.Columns = make([]*ast.ColumnName, len(ins.Columns))
	for i, c := range ins.Columns {
		cp := *c
		one.Columns[i] = &cp
	}
	one.OnDuplicate = copyAssignments(ins.OnDuplicate)
	ts := *ins.Table.TableRefs.Left.(*ast.TableSource)
	tn := *ts.Source.(*ast.TableName)
	ts.Source = &tn
	one.Table = &ast.TableRefsClause{TableRefs: &ast.Join{Left: &ts}}
	return &one
}

// checkDML refuses a write the database must not see: into a view, into
// a table that does not exist, or of a string its column cannot hold.
func (a *txApply) checkDML(stmt ast.StmtNode, tables []string) error {
	if err := notWritableView(stmt, a.sch); err != nil {
		return err
	}
	for _, name := range tables {
		db, table := splitQualified(name)
		if !a.sch.exists(db, table) {
			return noSuchTable(db, table)
		}
	}
	return a.sch.checkStrings(stmt)
}

// fillInsert gives an INSERT its AUTO_INCREMENT ids and DEFAULT
// CURRENT_TIMESTAMP values (autoinc.go).
func (a *txApply) fillInsert(ins *ast.InsertStmt) (*insertFill, error) {
	tn := insertTarget(ins)
	t := a.sch.table(tn.Schema.O, tn.Name.O)
	fill := &insertFill{table: t, blockTime: a.block.Time.UTC(), next: t.AutoIncrement, lookup: a.sch.table}
	a.planIDs(fill)
	return fill, fill.apply(ins)
}

// splitQualified reads a name TablesOf wrote.
func splitQualified(name string) (string, string) {
	db, table, _ := drivers.SplitQualified(name)
	return db, table
}

// setDefaults writes each c = DEFAULT of an UPDATE's SET or an INSERT's
// ON DUPLICATE KEY UPDATE as column c's default from the catalog
// (defaultLiteral; the block's time for DEFAULT CURRENT_TIMESTAMP): SQLite
// has no DEFAULT there, and a driver is never given one.
func (a *txApply) setDefaults(stmt ast.StmtNode) error {
	var list []*ast.Assignment
	var tn *ast.TableName
	switch s := stmt.(type) {
	case *ast.UpdateStmt:
		list = s.List
		if s.TableRefs != nil && s.TableRefs.TableRefs != nil {
			if ts, ok := s.TableRefs.TableRefs.Left.(*ast.TableSource); ok {
				tn, _ = ts.Source.(*ast.TableName)
			}
		}
	case *ast.InsertStmt:
		list, tn = s.OnDuplicate, insertTarget(s)
	}
	for _, as := range list {
		if _, ok := as.Expr.(*ast.DefaultExpr); !ok || tn == nil {
			continue
		}
		t := a.sch.table(tn.Schema.O, tn.Name.O)
		if t == nil {
			continue
		}
		c := t.Column(as.Column.Name.O)
		switch {
		case c == nil:
			continue // the database reports the unknown column
		case c.AutoInc:
			return notSupported("DEFAULT as the value of the AUTO_INCREMENT column %s", c.Name)
		case c.DefaultNow:
			as.Expr = stringExpr(blockDatetime(a.block.Time))
		default:
			v, err := defaultLiteral(c)
			if err != nil {
				return err
			}
			as.Expr = v
		}
	}
	return nil
}

func insertTarget(ins *ast.InsertStmt) *ast.TableName {
	if ts, ok := ins.Table.TableRefs.Left.(*ast.TableSource); ok {
		if tn, ok := ts.Source.(*ast.TableName); ok {
			return tn
		}
	}
	return &ast.TableName{}
}
