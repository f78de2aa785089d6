package proxy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// read answers SELECT and UNION from the local database. Inside a
// transaction it sees the transaction's own writes (txn.go), and a locking
// read of one table joins the transaction's validated read set.
func (s *Session) read(ctx context.Context, stmt ast.StmtNode, params []consensus.Value) (*Result, error) {
	lockSQL, err := s.lockingReadSQL(stmt)
	if err != nil {
		return nil, err
	}
	warns, err := prepareRead(stmt)
	if err != nil {
		return nil, err
	}
	if lockSQL != "" {
		warns = nil // the lock is honored: its rows are validated at COMMIT
	}
	if err := s.literalize(stmt, params); err != nil {
		return nil, err
	}
	drivers.NameFields(stmt)
	if res, ok := constantSelect(stmt); ok {
		res.Warnings = warns
		return res, nil
	}
	if err := s.qualifyRead(stmt); err != nil {
		return nil, err
	}
	source, joined := s.sourceTable(stmt), s.joinedNotNull(stmt)
	res, handled, err := s.infoSchemaRead(ctx, stmt)
	if !handled {
		res, err = s.readData(ctx, stmt, lockSQL, params)
	}
	if err != nil {
		return nil, err
	}
	setColumnTables(stmt, res.Columns)
	describeFromCatalog(source, stmt, res.Columns)
	if len(joined) == len(res.Columns) {
		for i, notNull := range joined {
			if notNull {
				res.Columns[i].Flags |= uint16(mysql.NotNullFlag)
			}
		}
	}
	res.Warnings = warns
	s.rowCount = -1
	return res, nil
}

// prepareRead refuses SELECT ... INTO and drops row locks from the text
// the local database runs: reads never block writes, the chain orders
// them (a transaction's locking reads are validated at COMMIT instead).
func prepareRead(stmt ast.StmtNode) ([]Warning, error) {
	var f readFixer
	stmt.Accept(&f)
	return f.warnings, f.err
}

type readFixer struct {
	warnings []Warning
	err      error
}

func (f *readFixer) Enter(n ast.Node) (ast.Node, bool) {
	sel, ok := n.(*ast.SelectStmt)
	if !ok || f.err != nil {
		return n, f.err != nil
	}
	if sel.SelectIntoOpt != nil {
		f.err = notSupported("SELECT ... INTO writes to the node's files or variables; read the rows in the application")
	}
	if sel.SelectStmtOpts != nil && sel.SelectStmtOpts.CalcFoundRows {
		// FOUND_ROWS() would read the count on whichever of the node's
		// connections to its database ran the next query.
		f.err = notSupported("SQL_CALC_FOUND_ROWS is not supported; run a SELECT COUNT(*) instead")
	}
	if sel.LockInfo != nil && sel.LockInfo.LockType != ast.SelectLockNone {
		sel.LockInfo = nil
		f.warnings = []Warning{{Level: "Note", Code: warnIgnoredLock,
			Message: "row locks (FOR UPDATE, LOCK IN SHARE MODE) are ignored: the chain orders all writes"}}
	}
	return n, false
}

func (f *readFixer) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// constantSelect answers a SELECT without FROM whose fields are all
// literals (after literalize): the CLI's connect-time queries need no database.
func constantSelect(stmt ast.StmtNode) (*Result, bool) {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.From != nil || sel.Where != nil || sel.GroupBy != nil || sel.Having != nil || sel.Fields == nil {
		return nil, false
	}
	row := make([]any, 0, len(sel.Fields.Fields))
	cols := make([]Column, 0, len(sel.Fields.Fields))
	for _, f := range sel.Fields.Fields {
		v, ok := f.Expr.(*test_driver.ValueExpr)
		if !ok {
			return nil, false
		}
		val := literalValue(v)
		row = append(row, val)
		col := literalColumn(f.AsName.O, v, val)
		if val != nil {
			col.Flags |= uint16(mysql.NotNullFlag) // as MariaDB describes a literal
		}
		cols = append(cols, col)
	}
	rows := [][]any{row}
	if sel.Limit != nil && isZero(sel.Limit.Count) {
		rows = [][]any{}
	}
	return &Result{Columns: cols, Rows: rows}, true
}

// literalColumn types a literal field: a DECIMAL literal has as many
// digits as written (1.50 is DECIMAL(3,2)), as MySQL types it.
func literalColumn(name string, v *test_driver.ValueExpr, val any) Column {
	if n, ok := val.(int64); ok && len(strconv.FormatInt(n, 10)) <= 9 {
		// MariaDB types an integer literal of up to nine digits INT.
		return columnFor(name, "INT", nil)
	}
	if b, ok := val.([]byte); ok {
		// A hex or bit literal is a VARBINARY as long as its bytes.
		return columnFor(name, fmt.Sprintf("VARBINARY(%d)", len(b)), nil)
	}
	if v.Kind() != test_driver.KindMysqlDecimal {
		return columnForValue(name, val)
	}
	ip, fp, _ := strings.Cut(strings.TrimPrefix(fmt.Sprint(val), "-"), ".")
	return columnFor(name, fmt.Sprintf("DECIMAL(%d,%d)", len(ip)+len(fp), len(fp)), nil)
}

func isZero(e ast.ExprNode) bool {
	v, ok := e.(*test_driver.ValueExpr)
	return ok && fmt.Sprint(v.GetValue()) == "0"
}

// qualifyRead gives table names the session's database.
func (s *Session) qualifyRead(stmt ast.StmtNode) error {
	if err := replay.Qualify(stmt, s.currentDB); err != nil {
		return err
	}
	return replay.CheckRead(s.db, s.client.User, replay.TablesOf(stmt))
}

// lockingReadSQL returns, inside a transaction, the text of a locking read
// blocksql validates (see replay.LockingReadTable), or "".
func (s *Session) lockingReadSQL(stmt ast.StmtNode) (string, error) {
	if !s.inTx() {
		return "", nil
	}
	if _, ok := replay.LockingReadTable(stmt); !ok {
		return "", nil
	}
	return replay.Canonical(stmt)
}

// readData answers a qualified read of user data, inside the open
// transaction when there is one.
func (s *Session) readData(ctx context.Context, stmt ast.StmtNode, lockSQL string, params []consensus.Value) (*Result, error) {
	if !s.inTx() {
		return s.queryLocal(ctx, stmt)
	}
	var lock *consensus.Statement
	if lockSQL != "" {
		canonical, err := replay.Canonical(stmt)
		if err != nil {
			return nil, err
		}
		lock = &consensus.Statement{SQL: lockSQL, Params: append([]consensus.Value(nil), params...), Canonical: canonical, Read: true}
	}
	return s.readInTx(ctx, stmt, lock)
}

// query runs a qualified read and buffers its rows, inside the open
// transaction when there is one.
func (s *Session) query(ctx context.Context, stmt ast.StmtNode) (*Result, error) {
	if s.inTx() {
		return s.readInTx(ctx, stmt, nil)
	}
	return s.queryLocal(ctx, stmt)
}

// queryLocal runs a qualified read on the local database's committed state.
func (s *Session) queryLocal(ctx context.Context, stmt ast.StmtNode) (*Result, error) {
	return scanQuery(ctx, s.db, stmt)
}

// scanQuery runs a qualified read on q and reads every row, with the
// driver's types for computed columns.
func scanQuery(ctx context.Context, q interface {
	Query(context.Context, ast.StmtNode) (*sql.Rows, error)
}, stmt ast.StmtNode) (*Result, error) {
	var hints []string
	rows, err := q.Query(drivers.WithResultTypes(ctx, &hints), stmt)
	if err != nil {
		return nil, queryError(err)
	}
	return readAll(ctx, q, rows, hints)
}

// readAll reads every row of a query's rows and closes them; q maps the
// errors of the database they come from.
func readAll(ctx context.Context, q any, rows *sql.Rows, hints []string) (*Result, error) {
	defer rows.Close()
	res, err := readRows(rows, hints, drivers.ResultTallyOf(ctx))
	if err != nil {
		// The database can refuse a value while its rows are read.
		return nil, queryError(drivers.MapReadError(q, err))
	}
	return res, nil
}

// queryError keeps SQL errors as they are and explains anything else.
func queryError(err error) error {
	var de *drivers.Error
	if errors.As(err, &de) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return asDriverError(err)
	}
	return drivers.Errorf(drivers.ErUnknown, "HY000", "blocksql: the local database could not answer the query: %v", err)
}

// scanRows reads every row and converts values to the columns' MySQL
// types; hints are the driver's types for computed columns, if it gave any
// (see drivers.WithResultTypes).
func scanRows(rows *sql.Rows, hints ...string) (*Result, error) {
	res, err := readRows(rows, hints, nil)
	if err != nil {
		return nil, queryError(err)
	}
	return res, nil
}

// readRows reads every row, counting the bytes they hold on tally: a read
// larger than the node allows fails there, before it fills the memory.
func readRows(rows *sql.Rows, hints []string, tally *drivers.ResultTally) (*Result, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	var raw [][]any
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		if err := tally.Add(rowBytes(vals)); err != nil {
			return nil, err
		}
		raw = append(raw, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return buildResult(types, raw, hints), nil
}

// rowBytes is what a scanned row costs in memory.
func rowBytes(vals []any) int {
	n := 24 // the row's slice
	for _, v := range vals {
		n += drivers.ValueBytes(v)
	}
	return n
}

func buildResult(types []*sql.ColumnType, raw [][]any, hints []string) *Result {
	res := &Result{Columns: make([]Column, len(types)), Rows: make([][]any, len(raw))}
	for i, t := range types {
		hint := ""
		if len(hints) == len(types) {
			hint = hints[i]
		}
		hint, notNull := strings.CutSuffix(hint, drivers.NotNullHint)
		res.Columns[i] = columnFor(t.Name(), drivers.ColumnTypeName(t, hint), firstNonNull(raw, i))
		if nullable, ok := t.Nullable(); notNull || ok && !nullable {
			// The backend's own NOT NULL (MariaDB's, for computed columns
			// too); SQLite's driver calls every column nullable.
			res.Columns[i].Flags |= uint16(mysql.NotNullFlag)
		}
	}
	for r, vals := range raw {
		for i, v := range vals {
			vals[i] = convertValue(res.Columns[i], v)
		}
		res.Rows[r] = vals
	}
	return res
}

func firstNonNull(rows [][]any, col int) any {
	for _, r := range rows {
		if r[col] != nil {
			return r[col]
		}
	}
	return nil
}
