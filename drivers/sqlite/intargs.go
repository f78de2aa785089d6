package sqlite

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// intArgs are the arguments MariaDB reads as integers (val_int) in the
// functions blocksql translates: a length, a position, a count, a base,
// a number of places, a mode. Their implementations (funcs.go) take an
// INTEGER or NULL, so an argument of another type is read as MariaDB
// reads it first (intArgument): LEFT(s, LENGTH(s) / 2), whose count is a
// DECIMAL, failed with 1105, and SUBSTRING_INDEX(s, ',', 3 / 2) was NULL.
func intArgs(name string, n int) []int {
	switch name {
	case "left", "right", "repeat", "lpad", "rpad", "format", "round", "truncate", "week", "yearweek", "sha2":
		return []int{1}
	case "space", "elt", "from_days":
		return []int{0}
	case "makedate", "maketime":
		return []int{0, 1}
	case "substring", "substr", "mid", "insert_func", "conv":
		return []int{1, 2}
	case "substring_index", "locate":
		return []int{2}
	case "char_func":
		all := make([]int, max(n-1, 0)) // the last is the USING charset
		for i := range all {
			all[i] = i
		}
		return all
	}
	return nil
}

// intArgument is x, an integer argument of type tp, as MariaDB's val_int
// reads it (valInt): a DECIMAL rounded half away from zero, a DOUBLE half
// to even, a string by the integer it begins with. A literal is read here
// (so ROUND(x, 2.6) is typed with 3 places), any other value by
// mysql_val_int as it is computed; so is a string literal that is not a
// whole integer ('2abc'), whose strict form (strictLiteralFuncs,
// strictComputedInts) fails where MariaDB's strict mode refuses it. In
// a call of literals alone (constant) it is mysql_val_int_lit, which an
// UPDATE's WHERE leaves lenient, as MariaDB folds such a call with a
// warning. Integers, binary strings (a hex literal is a number there),
// dates and values of no known type are left as they are.
func (t *typer) intArgument(x ast.ExprNode, tp sqlType, constant bool) (ast.ExprNode, sqlType) {
	kind := map[kind]string{kDecimal: "d", kDouble: "f", kString: "s"}[tp.kind]
	if kind == "" || tp.binary || tp.enum != nil {
		return x, tp
	}
	if v, ok := t.decimalLiteralValue(x); ok {
		x = v // the typer wrote it as its text already
	}
	if v, ok := x.(*test_driver.ValueExpr); ok {
		var val any
		switch v.Kind() {
		case test_driver.KindMysqlDecimal:
			val = v.GetMysqlDecimal().String()
		case test_driver.KindFloat64:
			val = v.GetFloat64()
		case test_driver.KindString:
			if wholeInteger(v.GetString()) {
				val = v.GetString()
			}
		}
		if val != nil {
			u, _ := valInt(val, kind)
			return ast.NewValueExpr(int64(u), "", ""), sqlType{kind: kInt, prec: 20, literal: true}
		}
	}
	fn := "mysql_val_int"
	if constant {
		fn = "mysql_val_int_lit"
	}
	return raw(fn+"('"+kind+"', ", x, ")"), sqlType{kind: kInt, prec: 20}
}

// constantCall reports a call whose arguments are all literals.
func constantCall(e *ast.FuncCallExpr, args []sqlType) bool {
	for i, a := range e.Args {
		if _, lit := a.(*test_driver.ValueExpr); !lit && !args[i].literal {
			return false
		}
	}
	return true
}

// strictComputedInts makes the integer arguments an UPDATE's WHERE
// computes strict: MariaDB refuses UPDATE … WHERE LEFT(c, s) = …, s '1x',
// with 1292, but folds a literal's (LEFT(c, '1x')) with a warning.
func strictComputedInts[T ast.Node](n T) T {
	return strictForms(n, map[string]string{"mysql_val_int": "mysql_val_int_strict"})
}

// valIntOf is mysql_val_int(kind, v): v read as an integer argument.
func valIntOf(kind string, v any) any {
	u, ok := valInt(v, kind)
	if !ok {
		return nil
	}
	return int64(u)
}

// valIntStrict is mysql_val_int_strict(kind, v), valIntOf where MariaDB's
// strict mode stores the result (an INSERT's values, an UPDATE): a string
// that is not a whole integer, spaces and a sign allowed, fails with
// 1292 (LEFT(c, '2.6') is "Truncated incorrect INTEGER value: '2.6'").
func valIntStrict(kind string, v any) (any, error) {
	if s, ok := text(v); ok && kind == "s" && !wholeInteger(s) {
		return nil, fmt.Errorf("%sINTEGER value: '%s'", truncatedPrefix, s)
	}
	return valIntOf(kind, v), nil
}

// wholeInteger reports s as MariaDB reads an integer without truncating
// it: spaces, a sign, digits, spaces.
func wholeInteger(s string) bool {
	s = strings.Trim(s, " \t\n\r\v\f")
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return s != "" && digits(s)
}
