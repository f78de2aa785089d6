package replay

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	"github.com/blocksql/blocksql/drivers"
)

// INSERT ... SELECT into a table with AUTO_INCREMENT or DEFAULT
// CURRENT_TIMESTAMP columns. The engine cannot see the selected rows, so
// it lets the database number them: the SELECT gains
// next-1 + ROW_NUMBER() OVER (ORDER BY <its ORDER BY>) for the id (and the
// block time for DEFAULT CURRENT_TIMESTAMP columns). The ids are the same
// on every backend only if the order is: the SELECT must read one table
// and order by columns that include all of a unique key of it whose
// columns are NOT NULL and not text (collations order text differently).

// fillSelect makes an INSERT ... SELECT carry the ids and times.
func (f *insertFill) fillSelect(ins *ast.InsertStmt, auto *ColumnDef, nows []string) error {
	sel, ok := ins.Select.(*ast.SelectStmt)
	if !ok || len(ins.Columns) == 0 {
		return selectRefused(f.table, "name the inserted columns and SELECT from one table")
	}
	if auto != nil {
		if err := f.checkNumbering(ins, sel, auto); err != nil {
			return err
		}
		field, err := rowNumberField(sel, f.next-1)
		if err != nil {
			return err
		}
		ins.Columns = append(ins.Columns, &ast.ColumnName{Name: ast.NewCIStr(auto.Name)})
		sel.Fields.Fields = append(sel.Fields.Fields, field)
		f.selectIDs = true
	}
	now := stringExpr(blockDatetime(f.blockTime))
	for _, c := range nows {
		if hasColumn(ins, c) {
			continue
		}
		ins.Columns = append(ins.Columns, &ast.ColumnName{Name: ast.NewCIStr(c)})
		sel.Fields.Fields = append(sel.Fields.Fields, &ast.SelectField{Expr: now})
	}
	return nil
}

// selected records the ids an INSERT ... SELECT used: n rows numbered
// from the counter.
func (f *insertFill) selected(n uint64) {
	if !f.selectIDs || n == 0 {
		return
	}
	f.lastID = f.next
	f.next += n
}

func (f *insertFill) checkNumbering(ins *ast.InsertStmt, sel *ast.SelectStmt, auto *ColumnDef) error {
	switch {
	case hasColumn(ins, auto.Name):
		return selectRefused(f.table, "leave the AUTO_INCREMENT column out of the column list")
	case ins.IsReplace || ins.IgnoreErr || len(ins.OnDuplicate) > 0:
		return selectRefused(f.table, "REPLACE, IGNORE and ON DUPLICATE KEY UPDATE would skip ids; use a plain INSERT")
	case sel.Distinct || sel.GroupBy != nil || sel.Having != nil || sel.WindowSpecs != nil:
		return selectRefused(f.table, "DISTINCT, GROUP BY and window clauses are not supported there")
	case sel.Limit != nil && sel.Limit.Offset != nil:
		return selectRefused(f.table, "LIMIT with an offset is not supported there")
	}
	src := f.source(sel)
	if src == nil || sel.OrderBy == nil || !orderedByUniqueKey(src, sel.OrderBy) {
		return selectRefused(f.table, "the SELECT must read one table and ORDER BY columns covering a unique key "+
			"of it (NOT NULL, not text), so the ids are the same on every node")
	}
	return nil
}

func selectRefused(t *TableDef, why string) error {
	return drivers.Errorf(drivers.ErNotSupported, "42000",
		"blocksql: INSERT ... SELECT into `%s`, which has AUTO_INCREMENT or DEFAULT CURRENT_TIMESTAMP columns: %s", t.Name, why)
}

func hasColumn(ins *ast.InsertStmt, name string) bool {
	for _, c := range ins.Columns {
		if strings.EqualFold(c.Name.O, name) {
			return true
		}
	}
	return false
}

// source is the one table a SELECT reads, or nil.
func (f *insertFill) source(sel *ast.SelectStmt) *TableDef {
	if _, tn := SourceTable(sel); tn != nil && f.lookup != nil {
		return f.lookup(tn.Schema.O, tn.Name.O)
	}
	return nil
}

// orderedByUniqueKey: the ORDER BY names every column of a unique key of
// t whose columns are NOT NULL and not text, so it orders rows totally and
// alike on every backend.
func orderedByUniqueKey(t *TableDef, order *ast.OrderByClause) bool {
	named := map[string]bool{}
	for _, it := range order.Items {
		if c, ok := it.Expr.(*ast.ColumnNameExpr); ok {
			named[c.Name.Name.L] = true
		}
	}
	keys := [][]string{t.PrimaryKey}
	for _, ix := range t.Indexes {
		if ix.Unique {
			keys = append(keys, ix.Columns)
		}
	}
	for _, k := range keys {
		if len(k) > 0 && coversKey(t, k, named) {
			return true
		}
	}
	return false
}

func coversKey(t *TableDef, key []string, named map[string]bool) bool {
	for _, name := range key {
		c := t.Column(name)
		if c == nil || c.Nullable || !named[strings.ToLower(name)] || isTextColumn(*c) {
			return false
		}
	}
	return true
}

func isTextColumn(c ColumnDef) bool {
	base, _ := splitType(c.Type)
	switch base {
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
		return true
	}
	return false
}

// rowNumberField is `base + ROW_NUMBER() OVER (ORDER BY ...)`, parsed from
// text so it shares no node with the SELECT's own ORDER BY.
func rowNumberField(sel *ast.SelectStmt, base uint64) (*ast.SelectField, error) {
	var b strings.Builder
	if err := sel.OrderBy.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &b)); err != nil {
		return nil, err
	}
	stmt, err := drivers.Parse("SELECT " + strconv.FormatUint(base, 10) + " + ROW_NUMBER() OVER (" + b.String() + ")")
	if err != nil {
		return nil, err
	}
	return stmt.(*ast.SelectStmt).Fields.Fields[0], nil
}
