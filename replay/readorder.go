package replay

import (
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// An INSERT ... SELECT whose SELECT names no order writes the rows in the
// order the database reads them, and what it stores can depend on that
// order: INSERT IGNORE keeps the first of two rows with the same key,
// REPLACE and ON DUPLICATE KEY UPDATE the last, a LIMIT takes the first
// rows, and the first row that fails names the error. Each backend reads in
// an order of its own: MariaDB a whole table in its clustered index's order
// (the primary key's), SQLite in rowid order (the primary key's only for an
// integer key), so a SQLite node and a MariaDB node stored different rows
// from the same block. The engine gives such a SELECT the order MariaDB
// reads a whole table in: by the primary key, else by the first unique key
// whose columns are all NOT NULL (InnoDB's clustered index). A SELECT that
// reads several tables, groups or aggregates, or reads a table without such
// a key, is ordered by every column it selects instead (rows alike in every
// column are written alike in any order). A SELECT of `*` from several
// tables keeps the database's order.

// An UPDATE or DELETE with LIMIT and no ORDER BY changes the first rows it
// reads, which are MariaDB's plan's (MySQL calls the statement unsafe for
// replication): MariaDB nodes whose statistics differ, and a SQLite node,
// could change different rows. The engine gives it the same order: by the
// clustered key, else by every column of the table. That makes it an
// ordered UPDATE, whose WHERE MariaDB evaluates while it sorts, where a
// division by zero only warns (README, known deviations).

// orderLimited gives stmt, an UPDATE or DELETE of one table with LIMIT and
// no ORDER BY, its order.
func (a *txApply) orderLimited(stmt ast.StmtNode) {
	var refs *ast.TableRefsClause
	var order **ast.OrderByClause
	switch s := stmt.(type) {
	case *ast.UpdateStmt:
		if s.Limit == nil || s.MultipleTable {
			return
		}
		refs, order = s.TableRefs, &s.Order
	case *ast.DeleteStmt:
		if s.Limit == nil || s.IsMultiTable {
			return
		}
		refs, order = s.TableRefs, &s.Order
	default:
		return
	}
	ts, tn := tableOf(refs)
	if *order != nil || tn == nil {
		return
	}
	t := a.sch.table(tn.Schema.O, tn.Name.O)
	if t == nil || t.View != nil {
		return
	}
	cols := clusteredKey(t)
	if cols == nil {
		for _, c := range t.Columns {
			cols = append(cols, c.Name)
		}
	}
	*order = &ast.OrderByClause{Items: columnItems(ts, tn, cols)}
}

// columnItems orders by cols of the table tn that source ts reads,
// qualified with its alias or name.
func columnItems(ts *ast.TableSource, tn *ast.TableName, cols []string) []*ast.ByItem {
	qualifier := ast.NewCIStr(tn.Name.O)
	if ts.AsName.O != "" {
		qualifier = ts.AsName
	}
	items := make([]*ast.ByItem, len(cols))
	for i, c := range cols {
		items[i] = &ast.ByItem{Expr: &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: qualifier, Name: ast.NewCIStr(c)}}}
	}
	return items
}

// orderInsertSelect gives ins's SELECT, if it has no ORDER BY, its order.
func (a *txApply) orderInsertSelect(ins *ast.InsertStmt) {
	switch sel := ins.Select.(type) {
	case *ast.SelectStmt:
		// An ORDER BY of names MariaDB reads as literals of the select
		// list orders nothing (drivers.DropLiteralOrder): the SELECT
		// names no order then. MariaDB refuses an ORDER BY beside WITH
		// ROLLUP (1221), whose rows come in the grouping's order.
		drivers.DropLiteralOrder(sel)
		if sel.OrderBy != nil || sel.From == nil || sel.GroupBy != nil && sel.GroupBy.Rollup {
			return
		}
		if items := a.keyOrder(sel); items != nil {
			sel.OrderBy = &ast.OrderByClause{Items: items}
		} else if items := positionOrder(sel.Fields); items != nil {
			sel.OrderBy = &ast.OrderByClause{Items: items}
		}
	case *ast.SetOprStmt:
		if sel.OrderBy != nil || sel.SelectList == nil || len(sel.SelectList.Selects) == 0 {
			return
		}
		if first, ok := sel.SelectList.Selects[0].(*ast.SelectStmt); ok {
			if items := positionOrder(first.Fields); items != nil {
				sel.OrderBy = &ast.OrderByClause{Items: items}
			}
		}
	}
}

// keyOrder is the order of the key that orders sel's one table, nil where
// sel reads several tables, groups or aggregates, or its table has no key
// of NOT NULL columns.
func (a *txApply) keyOrder(sel *ast.SelectStmt) []*ast.ByItem {
	if sel.Distinct || sel.GroupBy != nil || sel.Having != nil || hasAggregate(sel.Fields) {
		return nil
	}
	ts, tn := SourceTable(sel)
	if tn == nil {
		return nil
	}
	t := a.sch.table(tn.Schema.O, tn.Name.O)
	if t == nil || t.View != nil {
		return nil
	}
	key := clusteredKey(t)
	if key == nil {
		return nil
	}
	return columnItems(ts, tn, key)
}

// clusteredKey is the key InnoDB orders t's rows by: the primary key, else
// the first unique key whose columns are all NOT NULL; nil if none.
func clusteredKey(t *TableDef) []string {
	if len(t.PrimaryKey) > 0 {
		return t.PrimaryKey
	}
	for _, ix := range t.Indexes {
		if !ix.Unique || len(ix.Columns) == 0 {
			continue
		}
		notNull := true
		for _, name := range ix.Columns {
			if c := t.Column(name); c == nil || c.Nullable {
				notNull = false
			}
		}
		if notNull {
			return ix.Columns
		}
	}
	return nil
}

// positionOrder orders by every selected column, by position (ORDER BY 1,
// 2, …); nil for a `*`, whose columns are not counted here.
func positionOrder(fields *ast.FieldList) []*ast.ByItem {
	if fields == nil || len(fields.Fields) == 0 {
		return nil
	}
	items := make([]*ast.ByItem, len(fields.Fields))
	for i, f := range fields.Fields {
		if f.WildCard != nil {
			return nil
		}
		items[i] = &ast.ByItem{Expr: &ast.PositionExpr{N: i + 1}}
	}
	return items
}

// hasAggregate tells whether a selected column aggregates (or holds a
// subquery that does).
func hasAggregate(fields *ast.FieldList) bool {
	found := false
	if fields == nil {
		return false
	}
	for _, f := range fields.Fields {
		if f.Expr == nil {
			continue
		}
		f.Expr.Accept(leaveFunc(func(n ast.Node) {
			if _, ok := n.(*ast.AggregateFuncExpr); ok {
				found = true
			}
		}))
	}
	return found
}

// SourceTable is the one table sel reads, and its source (with its alias),
// or nils where it reads several, a subquery, or none.
func SourceTable(sel *ast.SelectStmt) (*ast.TableSource, *ast.TableName) { return tableOf(sel.From) }

// tableOf is the one table refs names, and its source, or nils.
func tableOf(refs *ast.TableRefsClause) (*ast.TableSource, *ast.TableName) {
	if refs == nil || refs.TableRefs == nil || refs.TableRefs.Right != nil {
		return nil, nil
	}
	ts, ok := refs.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return nil, nil
	}
	tn, ok := ts.Source.(*ast.TableName)
	if !ok {
		return nil, nil
	}
	return ts, tn
}
