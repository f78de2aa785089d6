package proxy

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/drivers"
)

// filterShow applies SHOW ... LIKE (to the first column, as MySQL does)
// and SHOW ... WHERE (comparisons, LIKE, IN, AND/OR/NOT on the columns).
func filterShow(res *Result, sh *ast.ShowStmt) (*Result, error) {
	if sh.Pattern == nil && sh.Where == nil {
		return res, nil
	}
	kept := res.Rows[:0]
	for _, row := range res.Rows {
		ok, err := showRowMatches(res, row, sh)
		if err != nil {
			return nil, err
		}
		if ok {
			kept = append(kept, row)
		}
	}
	res.Rows = kept
	return res, nil
}

func showRowMatches(res *Result, row []any, sh *ast.ShowStmt) (bool, error) {
	if sh.Pattern != nil {
		pat, ok := sh.Pattern.Pattern.(*test_driver.ValueExpr)
		if !ok {
			return false, notSupported("SHOW ... LIKE needs a quoted pattern")
		}
		if likeMatch(valueString(literalValue(pat)), valueString(row[0]), sh.Pattern.Escape) == sh.Pattern.Not {
			return false, nil
		}
	}
	if sh.Where == nil {
		return true, nil
	}
	e := rowEval{res: res, row: row}
	v := e.eval(sh.Where)
	return truthy(v), e.err
}

// likeMatch is SQL LIKE, case-insensitive as SHOW's utf8 columns compare.
func likeMatch(pattern, s string, escape byte) bool {
	esc := rune(escape)
	if escape == 0 {
		esc = '\\'
	}
	return likeRunes([]rune(strings.ToLower(pattern)), []rune(strings.ToLower(s)), esc)
}

func likeRunes(p, t []rune, esc rune) bool {
	for len(p) > 0 {
		switch {
		case p[0] == '%':
			for k := 0; k <= len(t); k++ {
				if likeRunes(p[1:], t[k:], esc) {
					return true
				}
			}
			return false
		case p[0] == '_':
			if len(t) == 0 {
				return false
			}
		case p[0] == esc && len(p) > 1:
			p = p[1:]
			if len(t) == 0 || t[0] != p[0] {
				return false
			}
		default:
			if len(t) == 0 || t[0] != p[0] {
				return false
			}
		}
		p, t = p[1:], t[1:]
	}
	return len(t) == 0
}

func unknownColumn(name string) error {
	return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in 'where clause'", name)
}

// rowEval evaluates a SHOW ... WHERE condition against one row.
type rowEval struct {
	res *Result
	row []any
	err error
}

func (e *rowEval) eval(n ast.ExprNode) any {
	switch x := n.(type) {
	case *test_driver.ValueExpr:
		return literalValue(x)
	case *ast.ColumnNameExpr:
		return e.column(x.Name.Name.O)
	case *ast.ParenthesesExpr:
		return e.eval(x.Expr)
	case *ast.UnaryOperationExpr:
		if x.Op == opcode.Not || x.Op == opcode.Not2 {
			return !truthy(e.eval(x.V))
		}
	case *ast.BinaryOperationExpr:
		return e.binary(x)
	case *ast.PatternLikeOrIlikeExpr:
		pat := valueString(e.eval(x.Pattern))
		return likeMatch(pat, valueString(e.eval(x.Expr)), x.Escape) != x.Not
	case *ast.PatternInExpr:
		return e.in(x)
	case *ast.IsNullExpr:
		return (e.eval(x.Expr) == nil) != x.Not
	}
	if e.err == nil {
		e.err = notSupported("this SHOW ... WHERE condition is too complex; use =, <>, LIKE, IN, AND, OR, NOT")
	}
	return nil
}

func (e *rowEval) column(name string) any {
	for i, c := range e.res.Columns {
		if strings.EqualFold(c.Name, name) {
			return e.row[i]
		}
	}
	if e.err == nil {
		e.err = unknownColumn(name)
	}
	return nil
}

func (e *rowEval) binary(x *ast.BinaryOperationExpr) any {
	l, r := e.eval(x.L), e.eval(x.R)
	switch x.Op {
	case opcode.LogicAnd:
		return truthy(l) && truthy(r)
	case opcode.LogicOr:
		return truthy(l) || truthy(r)
	}
	c := compare(l, r)
	switch x.Op {
	case opcode.EQ:
		return c == 0
	case opcode.NE:
		return c != 0
	case opcode.LT:
		return c < 0
	case opcode.LE:
		return c <= 0
	case opcode.GT:
		return c > 0
	case opcode.GE:
		return c >= 0
	}
	if e.err == nil {
		e.err = notSupported("operator %s in SHOW ... WHERE is not supported", x.Op)
	}
	return nil
}

func (e *rowEval) in(x *ast.PatternInExpr) any {
	v := e.eval(x.Expr)
	for _, item := range x.List {
		if compare(v, e.eval(item)) == 0 {
			return !x.Not
		}
	}
	return x.Not
}

// compare orders two values numerically when both are numbers, else as
// case-insensitive text.
func compare(a, b any) int {
	as, bs := valueString(a), valueString(b)
	af, aerr := strconv.ParseFloat(as, 64)
	bf, berr := strconv.ParseFloat(bs, 64)
	if aerr == nil && berr == nil {
		switch {
		case af < bf:
			return -1
		case af > bf:
			return 1
		}
		return 0
	}
	return strings.Compare(strings.ToLower(as), strings.ToLower(bs))
}

func truthy(v any) bool {
	if b, ok := v.(bool); ok {
		return b
	}
	on, _ := parseBool(v)
	return on
}
