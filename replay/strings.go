package replay

import (
	"strings"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/drivers"
)

// checkStrings refuses a literal that is not valid UTF-8 written to a
// character column, as MariaDB does in strict mode (1366), before any
// backend sees it: SQLite would store the bytes. Literals are checked as
// written (and as bound, after parameters are substituted) in INSERT
// VALUES, ON DUPLICATE KEY UPDATE and UPDATE ... SET.
func (s *schema) checkStrings(stmt ast.StmtNode) error {
	switch x := stmt.(type) {
	case *ast.InsertStmt:
		tn := insertTarget(x)
		t := s.table(tn.Schema.O, tn.Name.O)
		if t == nil {
			return nil
		}
		var cols []string // looked up at the first invalid literal
		for i, row := range x.Lists {
			for j, e := range row {
				if _, bad := invalidLiteral(e); !bad {
					continue
				}
				if cols == nil {
					cols = insertColumnNames(x, t)
				}
				if j < len(cols) {
					if err := checkString(t, cols[j], e, i+1); err != nil {
						return err
					}
				}
			}
		}
		return checkAssignments(t, x.OnDuplicate)
	case *ast.UpdateStmt:
		if t := s.updateTarget(x); t != nil {
			return checkAssignments(t, x.List)
		}
	}
	return nil
}

func insertColumnNames(x *ast.InsertStmt, t *TableDef) []string {
	var cols []string
	for _, c := range x.Columns {
		cols = append(cols, c.Name.O)
	}
	if len(cols) == 0 {
		for _, c := range t.Columns {
			cols = append(cols, c.Name)
		}
	}
	return cols
}

func (s *schema) updateTarget(x *ast.UpdateStmt) *TableDef {
	if x.TableRefs == nil || x.TableRefs.TableRefs == nil {
		return nil
	}
	if ts, ok := x.TableRefs.TableRefs.Left.(*ast.TableSource); ok {
		if tn, ok := ts.Source.(*ast.TableName); ok {
			return s.table(tn.Schema.O, tn.Name.O)
		}
	}
	return nil
}

func checkAssignments(t *TableDef, list []*ast.Assignment) error {
	for _, a := range list {
		if err := checkString(t, a.Column.Name.O, a.Expr, 1); err != nil {
			return err
		}
	}
	return nil
}

func checkString(t *TableDef, col string, e ast.ExprNode, row int) error {
	b, ok := invalidLiteral(e) // first: a value's column is looked up only when it matters
	if !ok {
		return nil
	}
	c := t.Column(col)
	if c == nil || !isCharacterType(c.Type) {
		return nil
	}
	return drivers.Errorf(drivers.ErTruncatedWrong, "22007", "Incorrect string value: '%s' for column `%s`.`%s`.`%s` at row %d",
		drivers.InvalidUTF8Part(b), t.DB, t.Name, c.Name, row)
}

// isCharacterType reports a column type that holds utf8mb4 text.
func isCharacterType(typ string) bool {
	if strings.Contains(typ, "binary") {
		return false
	}
	for _, p := range []string{"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"} {
		if typ == p || strings.HasPrefix(typ, p+"(") {
			return true
		}
	}
	return false
}

// invalidLiteral is the bytes of a string, binary or hex literal that is
// not valid UTF-8.
func invalidLiteral(e ast.ExprNode) ([]byte, bool) {
	v, ok := e.(*test_driver.ValueExpr)
	if !ok {
		return nil, false
	}
	switch v.Kind() {
	case test_driver.KindString, test_driver.KindBytes:
		if s := v.GetString(); !utf8.ValidString(s) {
			return []byte(s), true
		}
	case test_driver.KindBinaryLiteral:
		if b := v.GetBinaryLiteral(); !utf8.Valid(b) {
			return b, true
		}
	}
	return nil, false
}
