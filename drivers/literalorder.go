package drivers

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// MariaDB resolves an unqualified name in a SELECT's ORDER BY against the
// names of its select list first, and an item that is not a column wins
// over a column of that name, wherever it stands (find_item_in_list). A
// string literal's name is its value, so SELECT a, 'A' FROM t ORDER BY a
// orders by the constant 'A' (MariaDB's plan's order), not by the column
// a; SQLite names such a literal by its text and orders by the column.
// DropLiteralOrder takes those items out of the ORDER BY, where they order
// nothing, so that the apply engine orders an INSERT ... SELECT left
// without an order as it orders any other (replay/readorder.go) and a
// SQLite node does not order a read by the column.

// DropLiteralOrder removes from the ORDER BY of each SELECT in n the items
// MariaDB resolves to a literal of that SELECT's list, and reports whether
// it removed any.
func DropLiteralOrder(n ast.Node) bool {
	v := &literalOrder{}
	n.Accept(v)
	return v.dropped
}

type literalOrder struct{ dropped bool }

func (v *literalOrder) Enter(n ast.Node) (ast.Node, bool) { return n, false }

func (v *literalOrder) Leave(n ast.Node) (ast.Node, bool) {
	if sel, ok := n.(*ast.SelectStmt); ok && DropSelectLiteralOrder(sel) {
		v.dropped = true
	}
	return n, true
}

// DropSelectLiteralOrder is DropLiteralOrder for sel alone, not the
// SELECTs inside it: for a walk that visits each SELECT anyway.
func DropSelectLiteralOrder(sel *ast.SelectStmt) bool {
	if sel.OrderBy == nil || sel.Fields == nil {
		return false
	}
	kept := sel.OrderBy.Items[:0:0]
	for _, it := range sel.OrderBy.Items {
		if !orderedByLiteral(sel.Fields.Fields, it.Expr) {
			kept = append(kept, it)
		}
	}
	if len(kept) == len(sel.OrderBy.Items) {
		return false
	}
	if sel.OrderBy.Items = kept; len(kept) == 0 {
		sel.OrderBy = nil
	}
	return true
}

// orderedByLiteral reports whether e, an ORDER BY item, is a name MariaDB
// resolves to a literal of fields: the first item that is not a column and
// is named e (its alias, or a string literal's value) is what e orders by.
func orderedByLiteral(fields []*ast.SelectField, e ast.ExprNode) bool {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok || c.Name.Table.L != "" || c.Name.Schema.L != "" {
		return false
	}
	for _, f := range fields {
		if f.WildCard != nil {
			continue
		}
		if _, column := f.Expr.(*ast.ColumnNameExpr); column {
			continue
		}
		lit, isLit := f.Expr.(*test_driver.ValueExpr)
		name := f.AsName.O
		if name == "" && isLit && lit.Kind() == test_driver.KindString {
			name = lit.GetString()
		}
		if name != "" && strings.EqualFold(name, c.Name.Name.O) {
			return isLit
		}
	}
	return false
}
