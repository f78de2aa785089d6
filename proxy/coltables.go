package proxy

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/replay"
)

// setColumnTables names, in a result read from one table or derived table,
// the table (its alias when it has one) of each column that is a column
// of it, as MySQL does in column definitions; drivers show "alias.column"
// with it (go-sql-driver's columnsWithAlias). Computed columns and reads
// joining several sources keep no table name.
func setColumnTables(stmt ast.StmtNode, cols []Column) {
	table, sources := columnSources(stmt, cols)
	for i, src := range sources {
		if src != "" {
			cols[i].Table = table
		}
	}
}

// sourceTable is the catalog definition of the one table a SELECT reads
// from, or nil. It is taken before the backend translates the statement
// in place.
func (s *Session) sourceTable(stmt ast.StmtNode) *replay.TableDef {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.From == nil || sel.From.TableRefs == nil || sel.From.TableRefs.Right != nil {
		return nil
	}
	ts, ok := sel.From.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return nil
	}
	tn, ok := ts.Source.(*ast.TableName)
	if !ok {
		return nil
	}
	def, _ := s.db.Catalog().Table(tn.Schema.O, tn.Name.O)
	return def
}

// describeFromCatalog completes, in a result read from table def, the
// definitions of the columns that are columns of it with what the catalog
// knows and the backend does not report: NOT NULL, key and auto-increment
// flags, FLOAT(m,d) scale and fractional seconds of DATETIME(n).
func describeFromCatalog(def *replay.TableDef, stmt ast.StmtNode, cols []Column) {
	if def == nil {
		return
	}
	_, sources := columnSources(stmt, cols)
	for i, src := range sources {
		for _, c := range def.Columns {
			if src != "" && strings.EqualFold(c.Name, src) {
				applyCatalogColumn(&cols[i], c, inKey(def.PrimaryKey, c.Name))
			}
		}
	}
}

func applyCatalogColumn(col *Column, c replay.ColumnDef, primary bool) {
	if decl := columnFor(col.Name, c.Type, nil); decl.Type == col.Type {
		col.Length, col.Decimals = decl.Length, decl.Decimals
		col.Flags |= decl.Flags
	}
	if !c.Nullable {
		col.Flags |= uint16(mysql.NotNullFlag)
	}
	if primary {
		col.Flags |= uint16(mysql.PriKeyFlag)
	}
	if c.AutoInc {
		col.Flags |= uint16(mysql.AutoIncrementFlag)
	}
}

func inKey(key []string, name string) bool {
	for _, k := range key {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// columnSources is, for a read from one table or derived table, the name
// the FROM clause gives it and, per result column, the name of the column
// of it the result column is ("" for a computed column).
func columnSources(stmt ast.StmtNode, cols []Column) (string, []string) {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.Fields == nil {
		return "", nil
	}
	table := singleSourceName(sel.From)
	if table == "" {
		return "", nil
	}
	wildcards := 0
	for _, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			wildcards++
		}
	}
	if wildcards > 1 {
		return "", nil
	}
	sources := make([]string, len(cols))
	expanded := len(cols) - (len(sel.Fields.Fields) - wildcards)
	i := 0
	for _, f := range sel.Fields.Fields {
		n := 1
		if f.WildCard != nil {
			n = expanded
		}
		col, isColumn := f.Expr.(*ast.ColumnNameExpr)
		for ; n > 0 && i < len(cols); n-- {
			switch {
			case f.WildCard != nil:
				sources[i] = cols[i].Name
			case isColumn:
				sources[i] = col.Name.Name.O
			}
			i++
		}
	}
	return table, sources
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
