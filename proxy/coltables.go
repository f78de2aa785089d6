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
	if !ok {
		return nil
	}
	_, tn := replay.SourceTable(sel)
	if tn == nil {
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

// joinedNotNull tells, for a read joining several tables, which result
// fields are a NOT NULL column of a table no outer join of the read can
// leave out: MariaDB describes those NOT NULL, as a single table's. nil
// for any other read, one with a wildcard, or one grouped WITH ROLLUP
// (whose total rows are NULL there). It is taken before the backend
// translates the statement in place.
func (s *Session) joinedNotNull(stmt ast.StmtNode) []bool {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.Fields == nil || sel.From == nil || sel.From.TableRefs == nil || sel.From.TableRefs.Right == nil ||
		sel.GroupBy != nil && sel.GroupBy.Rollup {
		return nil
	}
	tables := map[string]*replay.TableDef{}
	if !s.joinSources(sel.From.TableRefs, false, tables) {
		return nil
	}
	out := make([]bool, len(sel.Fields.Fields))
	for i, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			return nil
		}
		if c, ok := f.Expr.(*ast.ColumnNameExpr); ok {
			out[i] = notNullIn(tables, c.Name)
		}
	}
	return out
}

// joinSources records, by the name the FROM clause gives it, each table
// of join j: its definition, or nil where its rows may be NULL-extended
// (the inner side of an outer join) or it is no base table. false when
// two sources share a name.
func (s *Session) joinSources(j *ast.Join, nullable bool, into map[string]*replay.TableDef) bool {
	left, right := nullable, nullable
	switch j.Tp {
	case ast.LeftJoin:
		right = true
	case ast.RightJoin:
		left = true
	}
	if !s.joinSource(j.Left, left, into) {
		return false
	}
	return j.Right == nil || s.joinSource(j.Right, right, into)
}

func (s *Session) joinSource(n ast.ResultSetNode, nullable bool, into map[string]*replay.TableDef) bool {
	switch x := n.(type) {
	case *ast.Join:
		return s.joinSources(x, nullable, into)
	case *ast.TableSource:
		tn, isTable := x.Source.(*ast.TableName)
		name := x.AsName.L
		if name == "" && isTable {
			name = tn.Name.L
		}
		if _, dup := into[name]; name == "" || dup {
			return false
		}
		var def *replay.TableDef
		if isTable && !nullable {
			if def, _ = s.db.Catalog().Table(tn.Schema.O, tn.Name.O); def != nil && def.View != nil {
				def = nil
			}
		}
		into[name] = def
		return true
	}
	return false
}

// notNullIn tells whether column c of a join's tables is declared NOT
// NULL in a table recorded with its definition: c's qualifier names it,
// or an unqualified c is a column of exactly one table, all known.
func notNullIn(tables map[string]*replay.TableDef, c *ast.ColumnName) bool {
	if c.Table.L != "" {
		def := tables[c.Table.L]
		return def != nil && notNull(def.Column(c.Name.O))
	}
	var found *replay.ColumnDef
	for _, def := range tables {
		if def == nil {
			return false // a source whose columns are not known may have c too
		}
		if col := def.Column(c.Name.O); col != nil {
			if found != nil {
				return false
			}
			found = col
		}
	}
	return notNull(found)
}

func notNull(col *replay.ColumnDef) bool { return col != nil && !col.Nullable }
