package proxy

import "github.com/pingcap/tidb/pkg/parser/ast"

// setColumnTables names, in a result read from one table or derived table,
// the table (its alias when it has one) of each column that is a column
// of it, as MySQL does in column definitions; drivers show "alias.column"
// with it (go-sql-driver's columnsWithAlias). Computed columns and reads
// joining several sources keep no table name.
func setColumnTables(stmt ast.StmtNode, cols []Column) {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.Fields == nil {
		return
	}
	table := singleSourceName(sel.From)
	if table == "" {
		return
	}
	wildcards := 0
	for _, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			wildcards++
		}
	}
	if wildcards > 1 {
		return
	}
	expanded := len(cols) - (len(sel.Fields.Fields) - wildcards)
	i := 0
	for _, f := range sel.Fields.Fields {
		n := 1
		if f.WildCard != nil {
			n = expanded
		}
		_, isColumn := f.Expr.(*ast.ColumnNameExpr)
		for ; n > 0 && i < len(cols); n-- {
			if f.WildCard != nil || isColumn {
				cols[i].Table = table
			}
			i++
		}
	}
}

// singleSourceName is the name a FROM clause of exactly one table or
// derived table gives its columns, or "".
func singleSourceName(from *ast.TableRefsClause) string {
	if from == nil || from.TableRefs == nil || from.TableRefs.Right != nil {
		return ""
	}
	ts, ok := from.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return ""
	}
	if ts.AsName.O != "" {
		return ts.AsName.O
	}
	if tn, ok := ts.Source.(*ast.TableName); ok {
		return tn.Name.O
	}
	return ""
}
