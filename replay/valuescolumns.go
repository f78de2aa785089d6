package replay

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// CheckValuesColumns refuses an INSERT whose VALUES or SET name a column of
// the row (INSERT INTO t (a, b) VALUES (1, a + 1)): MariaDB reads the value
// the row gave that column earlier, or its default, where a SQLite node
// knows no such column (1054), so nodes of the two backends would store
// different rows. The session refuses it before it reaches the chain; the
// engine applies what a chain holds as before. A subquery's columns and the
// ON DUPLICATE KEY UPDATE list are not the row's values and stay allowed.
func CheckValuesColumns(stmt ast.StmtNode) error {
	ins, ok := stmt.(*ast.InsertStmt)
	if !ok || ins.Select != nil {
		return nil
	}
	// The parser writes INSERT ... SET as its columns and one row.
	v := &rowColumn{}
	for _, row := range ins.Lists {
		for _, e := range row {
			switch e.(type) {
			case *test_driver.ValueExpr, *test_driver.ParamMarkerExpr:
				continue // most values: nothing to walk
			}
			if e.Accept(v); v.name != "" {
				return notSupported("a column (%s) in the values of an INSERT is not supported: nodes of different "+
					"backends would read it differently; give the value itself", v.name)
			}
		}
	}
	return nil
}

// rowColumn finds a column named outside any subquery.
type rowColumn struct{ name string }

func (v *rowColumn) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.SubqueryExpr:
		return n, true
	case *ast.ColumnNameExpr:
		if v.name == "" {
			v.name = n.Name.Name.O
		}
		return n, true
	}
	return n, v.name != ""
}

func (v *rowColumn) Leave(n ast.Node) (ast.Node, bool) { return n, true }
