package sqlite

import (
	"math"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// The literal values of an INSERT ... VALUES are bound as parameters, so
// every INSERT of the same shape has the same SQL text and runs as one
// statement prepared once (see stmtcache.go). A literal is lifted only
// when the bound value is exactly what SQLite makes of the literal's text:
// the same value with the same type, so it converts, coerces and is checked
// the same way. Anything else stays written out.

// maxParams bounds the parameters of one statement; past it every value is
// written out, as such a statement is too long to be worth keeping.
const maxParams = 999

// bound is a statement whose literal values may be parameters: sql runs
// with args, and text is the same statement with the values written out,
// which is what AppliedSQL shows.
type bound struct {
	sql, text string
	args      []any
	// cells are a VALUES list's values, row by row, as text converted to
	// their columns (insertSource), for the error path (errorder.go).
	cells [][]string
}

// plain is a statement without parameters.
func plain(q string) bound { return bound{sql: q, text: q} }

// around adds prefix and suffix to both texts.
func (b bound) around(prefix, suffix string) bound {
	return bound{sql: prefix + b.sql + suffix, text: prefix + b.text + suffix, args: b.args}
}

// parameter returns the value literal e binds as, if it can be bound.
func parameter(e ast.ExprNode) (any, bool) {
	if u, ok := e.(*ast.UnaryOperationExpr); ok && u.Op == opcode.Minus {
		if v, ok := u.V.(*test_driver.ValueExpr); ok {
			return negative(v)
		}
		return nil, false
	}
	v, ok := e.(*test_driver.ValueExpr)
	if !ok {
		return nil, false
	}
	switch v.Kind() {
	case test_driver.KindNull:
		return nil, true
	case test_driver.KindInt64:
		// TRUE and FALSE are written as keywords.
		if !mysql.HasIsBooleanFlag(v.Type.GetFlag()) {
			return v.GetInt64(), true
		}
	case test_driver.KindUint64:
		// Past int64 SQLite reads the literal as a REAL.
		if u := v.GetUint64(); u <= math.MaxInt64 {
			return int64(u), true
		}
	case test_driver.KindString, test_driver.KindBytes:
		return v.GetString(), true
	case test_driver.KindMysqlDecimal:
		return decimal(v.GetMysqlDecimal().String())
	}
	// Floats are written in exponent form, and bit strings, hex and
	// temporal literals in syntax of their own: they stay written out.
	return nil, false
}

// negative is the value of -v, as SQLite computes it from "-literal".
func negative(v *test_driver.ValueExpr) (any, bool) {
	switch v.Kind() {
	case test_driver.KindInt64:
		if mysql.HasIsBooleanFlag(v.Type.GetFlag()) || v.GetInt64() < 0 {
			return nil, false
		}
		return -v.GetInt64(), true
	case test_driver.KindUint64:
		// -9223372036854775808 is the one uint64 literal whose negation
		// is an integer.
		if v.GetUint64() == 1<<63 {
			return int64(math.MinInt64), true
		}
	case test_driver.KindMysqlDecimal:
		return "-" + v.GetMysqlDecimal().String(), !strings.HasPrefix(v.GetMysqlDecimal().String(), "-")
	}
	return nil, false
}

// decimal binds a decimal literal as the exact text it is translated to
// (see typed.go): a DECIMAL is never a REAL on the way to its column.
func decimal(s string) (any, bool) { return s, true }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
