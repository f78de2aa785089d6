package proxy

import (
	"context"
	"errors"
	"math"
	"strings"
	"unsafe"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// A prepared point read (SELECT c FROM t WHERE id = ?) runs through a read
// plan: the statement translated once for every value of its parameters
// (drivers.ReadPlanner), so an execution neither parses nor translates it,
// and the local database runs one statement prepared once. A read
// qualifies when its translation cannot depend on the values: one table of
// the catalog (not a view), columns of it as the fields and the ORDER BY, a
// LIMIT written out if any, and a WHERE made only of comparisons (=, <>, <,
// <=, >, >=, BETWEEN, IN) of an integer column with parameters, joined by
// AND. It runs through its plan when it reads the committed state (outside
// a transaction, or in one before its first write) and every value is a
// non-negative integer; any other execution takes the ordinary path. The
// planner checks the translation itself too (drivers/sqlite/readplan.go).
// A plan is made again when the session's database, the table's columns or
// keys, or the local database's schema changed; privileges are checked at
// every execution, as for any read.

// readPlan is a prepared statement's plan and what the session checks
// before it runs it.
type readPlan struct {
	db     string           // the session database the statement was qualified in
	def    *replay.TableDef // the table read, as the plan was made
	tables []string         // the qualified tables, for the privilege check
	stmt   ast.StmtNode     // the translated statement's fields and FROM, for the result's columns
	plan   drivers.ReadPlan
}

// planEntry is what a session knows of the plan of one point read's text.
type planEntry struct {
	plan     *readPlan
	planless bool // the read cannot be planned
}

// maxPlans bounds the texts a session keeps plans for; past it they are
// all forgotten.
const maxPlans = 64

// executePlanned runs a prepared point read through its plan, making the
// plan first when there is none or it is out of date. A text is planned
// at its second execution in the session, so a client that prepares each
// statement for one execution (go-sql-driver's default for a query with
// arguments) does not pay for a plan at every statement; the plan is kept
// by text for the session. done is false when the statement runs without
// a plan; the caller then runs it as any statement.
func (s *Session) executePlanned(ctx context.Context, p *Prepared, vals []int64) (res *Result, done bool, err error) {
	planner, ok := s.db.(drivers.ReadPlanner)
	if !ok {
		return nil, false, nil
	}
	e := s.plans[p.SQL]
	if e == nil {
		if len(s.plans) >= maxPlans {
			clear(s.plans)
		}
		if s.plans == nil {
			s.plans = map[string]*planEntry{}
		}
		s.plans[p.SQL] = &planEntry{}
		return nil, false, nil
	}
	if e.planless {
		return nil, false, nil
	}
	if err := s.synced(ctx); err != nil {
		return nil, true, err
	}
	for attempt := 0; attempt < 2; attempt++ {
		if !s.planCurrent(e.plan) {
			pl, err := s.makeReadPlan(ctx, planner, p)
			if err != nil {
				// A read that cannot be planned never is; any other
				// failure (a table not there yet) is the ordinary
				// path's to report.
				e.planless = errors.Is(err, drivers.ErrNoPlan)
				e.plan = nil
				return nil, false, nil
			}
			e.plan = pl
		}
		if err := replay.CheckRead(s.db, s.client.User, e.plan.tables); err != nil {
			return nil, true, err
		}
		var hints []string
		rows, err := planner.QueryPlan(drivers.WithResultTypes(ctx, &hints), e.plan.plan, vals)
		if errors.Is(err, drivers.ErrStalePlan) {
			e.plan = nil
			continue
		}
		if err != nil {
			return nil, true, queryError(err)
		}
		res, err := readAll(ctx, s.db, rows, hints)
		if err != nil {
			return nil, true, err
		}
		setColumnTables(e.plan.stmt, res.Columns)
		describeFromCatalog(e.plan.def, e.plan.stmt, res.Columns)
		s.rowCount = -1
		global.planned.Add(1)
		return res, true, nil
	}
	return nil, false, nil
}

// planValues are an execution's values as a plan binds them: non-negative
// integers, or false.
func planValues(params []consensus.Value) ([]int64, bool) {
	vals := make([]int64, len(params))
	for i, v := range params {
		switch {
		case v.Kind == consensus.KindInt && v.Int >= 0:
			vals[i] = v.Int
		case v.Kind == consensus.KindUint && v.Uint <= math.MaxInt64:
			vals[i] = int64(v.Uint)
		default:
			return nil, false
		}
	}
	return vals, true
}

// planCurrent tells whether pl still describes the statement: the same
// session database, and the table with the same columns and keys (an
// AUTO_INCREMENT change copies the definition but shares them).
func (s *Session) planCurrent(pl *readPlan) bool {
	if pl == nil || pl.db != s.currentDB {
		return false
	}
	def, ok := s.db.Catalog().Table(pl.def.DB, pl.def.Name)
	if !ok || def.View != nil {
		return false
	}
	if def != pl.def {
		if !sameArray(def.Columns, pl.def.Columns) || !sameArray(def.PrimaryKey, pl.def.PrimaryKey) {
			return false
		}
		pl.def = def
	}
	return true
}

// sameArray tells whether a and b are the same elements of one array.
func sameArray[T any](a, b []T) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

// makeReadPlan plans p for the session's database, or returns
// drivers.ErrNoPlan when p is not a point read a plan can serve.
func (s *Session) makeReadPlan(ctx context.Context, planner drivers.ReadPlanner, p *Prepared) (*readPlan, error) {
	stmt, err := s.parseOne(p.SQL)
	if err != nil {
		return nil, err
	}
	cols, ok := plannableRead(stmt, p.ParamCount)
	if !ok {
		return nil, drivers.ErrNoPlan
	}
	if err := replay.Qualify(stmt, s.currentDB); err != nil {
		return nil, err
	}
	def := s.sourceTable(stmt)
	if def == nil {
		return nil, errNoTable
	}
	if def.View != nil {
		return nil, drivers.ErrNoPlan
	}
	for _, c := range cols {
		if !integerColumn(def, c) {
			return nil, drivers.ErrNoPlan
		}
	}
	var first ast.StmtNode
	build := func(vals []int64) (ast.StmtNode, error) {
		stmt, err := s.parseOne(p.SQL)
		if err != nil {
			return nil, err
		}
		params := make([]consensus.Value, len(vals))
		for i, v := range vals {
			params[i] = consensus.Value{Kind: consensus.KindInt, Int: v}
		}
		if err := s.literalize(stmt, params); err != nil {
			return nil, err
		}
		drivers.NameFields(stmt)
		if err := replay.Qualify(stmt, s.currentDB); err != nil {
			return nil, err
		}
		if first == nil {
			first = stmt
		}
		return stmt, nil
	}
	plan, err := planner.PlanRead(ctx, build, p.ParamCount)
	if err != nil {
		return nil, err
	}
	// The result's columns need only the translated fields and FROM: the
	// rest of the tree (the WHERE, the typer's rewrites) is not kept.
	sel, ok := first.(*ast.SelectStmt)
	if !ok {
		return nil, drivers.ErrNoPlan
	}
	fields := &ast.SelectStmt{Kind: sel.Kind, From: sel.From, Fields: sel.Fields}
	return &readPlan{db: s.currentDB, def: def, tables: replay.TablesOf(stmt), stmt: fields, plan: plan}, nil
}

var errNoTable = errors.New("the table a read plan reads is not in the catalog")

// plannableRead tells whether stmt, prepared with n parameters, has the
// form of a point read (see above), and returns the columns its
// parameters are compared with.
func plannableRead(stmt ast.StmtNode, n int) ([]string, bool) {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.Kind != ast.SelectStmtKindSelect || sel.With != nil || sel.GroupBy != nil || sel.Having != nil ||
		len(sel.WindowSpecs) > 0 || len(sel.TableHints) > 0 || sel.SelectIntoOpt != nil || sel.Fields == nil ||
		sel.SelectStmtOpts != nil && sel.SelectStmtOpts.CalcFoundRows ||
		sel.LockInfo != nil && sel.LockInfo.LockType != ast.SelectLockNone ||
		sel.From == nil || sel.From.TableRefs == nil || sel.From.TableRefs.Right != nil {
		return nil, false
	}
	ts, ok := sel.From.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return nil, false
	}
	tn, ok := ts.Source.(*ast.TableName)
	if !ok || len(tn.PartitionNames) > 0 || tn.TableSample != nil || tn.AsOf != nil {
		return nil, false
	}
	table := tn.Name.L
	if ts.AsName.L != "" {
		table = ts.AsName.L
	}
	for _, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			if f.WildCard.Schema.L != "" || f.WildCard.Table.L != "" && f.WildCard.Table.L != table {
				return nil, false
			}
			continue
		}
		if _, ok := ownColumn(f.Expr, table); !ok {
			return nil, false
		}
	}
	if sel.OrderBy != nil {
		for _, by := range sel.OrderBy.Items {
			if _, ok := ownColumn(by.Expr, table); !ok {
				return nil, false
			}
		}
	}
	if sel.Limit != nil && (!isValue(sel.Limit.Count) || sel.Limit.Offset != nil && !isValue(sel.Limit.Offset)) {
		return nil, false
	}
	var cols []string
	if sel.Where != nil && !paramComparisons(sel.Where, table, &cols) {
		return nil, false
	}
	return cols, n > 0 && len(cols) == n
}

// paramComparisons collects, from a WHERE of comparisons of a column with
// parameters joined by AND, the column of each parameter in order; it
// fails on anything else.
func paramComparisons(e ast.ExprNode, table string, cols *[]string) bool {
	switch x := e.(type) {
	case *ast.ParenthesesExpr:
		return paramComparisons(x.Expr, table, cols)
	case *ast.BinaryOperationExpr:
		switch x.Op {
		case opcode.LogicAnd:
			return paramComparisons(x.L, table, cols) && paramComparisons(x.R, table, cols)
		case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE:
			col, ok := ownColumn(x.L, table)
			if ok && isParam(x.R) {
				*cols = append(*cols, col)
				return true
			}
			col, ok = ownColumn(x.R, table)
			if ok && isParam(x.L) {
				*cols = append(*cols, col)
				return true
			}
		}
	case *ast.BetweenExpr:
		col, ok := ownColumn(x.Expr, table)
		if ok && isParam(x.Left) && isParam(x.Right) {
			*cols = append(*cols, col, col)
			return true
		}
	case *ast.PatternInExpr:
		col, ok := ownColumn(x.Expr, table)
		if !ok || x.Sel != nil || len(x.List) == 0 {
			return false
		}
		for _, v := range x.List {
			if !isParam(v) {
				return false
			}
			*cols = append(*cols, col)
		}
		return true
	}
	return false
}

// ownColumn is e's column name when e names a column of the one table
// read (unqualified, or qualified with its name or alias).
func ownColumn(e ast.ExprNode, table string) (string, bool) {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok || c.Name.Schema.L != "" || c.Name.Table.L != "" && c.Name.Table.L != table {
		return "", false
	}
	return c.Name.Name.L, true
}

func isParam(e ast.ExprNode) bool { _, ok := e.(*test_driver.ParamMarkerExpr); return ok }

func isValue(e ast.ExprNode) bool { _, ok := e.(*test_driver.ValueExpr); return ok }

// integerColumn tells whether def has a column name of an integer type.
func integerColumn(def *replay.TableDef, name string) bool {
	for _, c := range def.Columns {
		if !strings.EqualFold(c.Name, name) {
			continue
		}
		base := strings.ToLower(c.Type)
		if i := strings.IndexAny(base, "( "); i >= 0 {
			base = base[:i]
		}
		switch base {
		case "tinyint", "smallint", "mediumint", "int", "integer", "bigint":
			return true
		}
		return false
	}
	return false
}
