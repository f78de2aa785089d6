package proxy

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// Prepared is a server-side prepared statement. It keeps the text: an
// execution substitutes its values into its tree in place, so every
// execution needs a fresh parse. The first takes the tree Prepare parsed
// (fresh), so a client that prepares, executes once and closes (database/sql
// drivers without client-side interpolation, for every statement with
// arguments) parses the text once, not twice.
type Prepared struct {
	SQL        string
	ParamCount int
	// Columns are the result columns when they are known before execution
	// (names only for SELECT; nil for statements without a result set or
	// when a wildcard cannot be expanded).
	Columns []Column
	fresh   ast.StmtNode
	// point is set when the statement has the form of a point read
	// (readplan.go).
	point bool
}

// freshMax bounds the text whose tree a prepared statement keeps for its
// first execution (a large statement's tree is many times its text).
const freshMax = 4096

// Prepare parses a statement for COM_STMT_PREPARE. Syntax errors and
// statements blocksql never runs fail now, as they would in MySQL.
func (s *Session) Prepare(ctx context.Context, sql string) (*Prepared, error) {
	stmt, err := s.parseOne(sql)
	if err != nil {
		return nil, s.fail(err)
	}
	p := &Prepared{SQL: sql, ParamCount: len(paramMarkers(stmt))}
	kind := replay.Classify(stmt)
	if readsLocal(kind) { // result columns come from the catalog
		if err := s.synced(ctx); err != nil {
			return nil, s.fail(err)
		}
	}
	switch kind {
	case replay.KindUnsupported:
		switch stmt.(type) {
		case *ast.DoStmt, *ast.UnlockTablesStmt, *ast.SavepointStmt, *ast.ReleaseSavepointStmt, *ast.RollbackStmt:
		default:
			return nil, s.fail(unsupported(stmt))
		}
	case replay.KindWrite:
		if err := replay.CheckWrite(stmt); err != nil {
			return nil, s.fail(err)
		}
		p.keep(stmt)
	case replay.KindRead:
		p.Columns = s.selectColumns(stmt)
		if _, ok := plannableRead(stmt, p.ParamCount); ok {
			p.point = true
		}
		p.keep(stmt)
	case replay.KindShow:
		if res, err := s.show(ctx, stmt); err == nil {
			p.Columns = res.Columns
		}
	}
	return p, nil
}

// ExecutePrepared runs a prepared statement with the values bound for
// this execution (COM_STMT_EXECUTE).
func (s *Session) ExecutePrepared(ctx context.Context, p *Prepared, params []consensus.Value) (*Result, error) {
	s.ReleaseResults()
	if p.point && s.readsCommitted() {
		if vals, ok := planValues(params); ok {
			return s.exec(ctx, pointRead, p.SQL, func(ctx context.Context) (*Result, error) {
				if res, done, err := s.executePlanned(ctx, p, vals); done {
					return res, err
				}
				stmt, err := s.preparedTree(p)
				if err != nil {
					return nil, err
				}
				return s.dispatch(ctx, stmt, p.SQL, params)
			})
		}
	}
	stmt, err := s.preparedTree(p)
	if err != nil {
		return nil, s.fail(err)
	}
	return s.execStmt(ctx, stmt, p.SQL, params)
}

// preparedTree is p's statement parsed: the tree Prepare kept for the
// first execution, or a new one.
func (s *Session) preparedTree(p *Prepared) (ast.StmtNode, error) {
	stmt := p.fresh
	p.fresh = nil
	if stmt != nil {
		return stmt, nil
	}
	return s.parseOne(p.SQL)
}

// pointRead stands for a point read run through its plan (readplan.go)
// where a statement is needed only for its kind (the statistics).
var pointRead ast.StmtNode = &ast.SelectStmt{Kind: ast.SelectStmtKindSelect}

// keep holds stmt, which Prepare only read, for the first execution.
func (p *Prepared) keep(stmt ast.StmtNode) {
	if len(p.SQL) <= freshMax {
		p.fresh = stmt
	}
}

// selectColumns names a SELECT's result columns without running it.
func (s *Session) selectColumns(stmt ast.StmtNode) []Column {
	sel := drivers.FirstSelect(stmt)
	if sel == nil || sel.Fields == nil {
		return nil
	}
	var cols []Column
	for _, f := range sel.Fields.Fields {
		if f.WildCard == nil {
			cols = append(cols, varcharColumn(fieldName(f)))
			continue
		}
		expanded := s.expandWildcard(sel, f.WildCard)
		if expanded == nil {
			return nil
		}
		cols = append(cols, expanded...)
	}
	return cols
}

func fieldName(f *ast.SelectField) string {
	if f.AsName.O != "" {
		return f.AsName.O
	}
	if c, ok := f.Expr.(*ast.ColumnNameExpr); ok {
		return c.Name.Name.O
	}
	return f.Text()
}

// expandWildcard lists the columns of `*` over a single catalog table.
func (s *Session) expandWildcard(sel *ast.SelectStmt, _ *ast.WildCardField) []Column {
	if sel.From == nil || sel.From.TableRefs == nil || sel.From.TableRefs.Right != nil {
		return nil
	}
	src, ok := sel.From.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return nil
	}
	tn, ok := src.Source.(*ast.TableName)
	if !ok {
		return nil
	}
	db := tn.Schema.O
	if db == "" {
		db = s.currentDB
	}
	cols, err := s.catalogColumns(db, tn.Name.O)
	if err != nil {
		return nil
	}
	return cols
}

// FieldList answers COM_FIELD_LIST, which the mariadb CLI sends for every
// table after USE to build its completion list.
func (s *Session) FieldList(table, wildcard string) ([]Column, error) {
	if s.currentDB == "" {
		return nil, s.fail(drivers.Errorf(drivers.ErNoDB, "3D000", "No database selected"))
	}
	if err := s.synced(context.Background()); err != nil {
		return nil, s.fail(err)
	}
	cols, err := s.catalogColumns(s.currentDB, table)
	if err != nil {
		return nil, s.fail(err)
	}
	if wildcard == "" {
		return cols, nil
	}
	kept := cols[:0]
	for _, c := range cols {
		if likeMatch(wildcard, c.Name, 0) {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// catalogColumns describes a user table's columns as result columns.
func (s *Session) catalogColumns(db, table string) ([]Column, error) {
	t, ok := s.db.Catalog().Table(db, table)
	if !ok {
		return nil, drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s.%s' doesn't exist", db, table)
	}
	cols := make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		col := columnFor(c.Name, c.Type, nil)
		col.Schema, col.Table = t.DB, t.Name
		col.Flags |= columnFlags(t, c)
		cols[i] = col
	}
	return cols, nil
}

func columnFlags(t *replay.TableDef, c replay.ColumnDef) uint16 {
	var f uint
	if !c.Nullable {
		f |= mysql.NotNullFlag
	}
	if c.AutoInc {
		f |= mysql.AutoIncrementFlag
	}
	if c.Unsigned || strings.Contains(strings.ToLower(c.Type), "unsigned") {
		f |= mysql.UnsignedFlag
	}
	switch columnKey(t, c.Name) {
	case "PRI":
		f |= mysql.PriKeyFlag
	case "UNI":
		f |= mysql.UniqueKeyFlag
	case "MUL":
		f |= mysql.MultipleKeyFlag
	}
	return uint16(f)
}
