package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// Division by zero in a write. MariaDB's default strict mode includes
// ERROR_FOR_DIVISION_BY_ZERO: x / 0, x DIV 0, x % 0 and MOD(x, 0) of a
// non-NULL x fail an INSERT, REPLACE or UPDATE with 1365, where a read, a
// DELETE, or a write with IGNORE gives NULL. The parts of a write where
// that holds are those strictValues makes strict (VALUES, ON DUPLICATE KEY
// UPDATE, an INSERT … SELECT's whole SELECT, an UPDATE's SET, and its WHERE
// unless it sets the primary key or has an ORDER BY, where MariaDB gathers
// the rows first and only warns), without IGNORE: strictDivision makes the
// divisions there their checking forms (the _zerr functions). An UPDATE's
// WHERE keeps the constants MariaDB computes while it plans, warning only
// (foldedDivisions).

// divisionByZero is MariaDB's message for 1365 (sqlError maps it).
const divisionByZero = "Division by 0"

var errDivisionByZero = errors.New(divisionByZero)

// zeroDivFuncs are the division functions the typer writes and their
// checking forms. dec_intdiv_strict is dec_intdiv in a write
// (strictValues); its checking form is strict that way too.
var zeroDivFuncs = map[string]string{"dec_div": "dec_div_zerr", "dec_mod": "dec_mod_zerr",
	"mysql_real_op": "mysql_real_op_zerr", "mysql_int_op": "mysql_int_op_zerr", "dec_intdiv": "dec_intdiv_zerr", "dec_intdiv_strict": "dec_intdiv_zerr"}

// strictDivision makes the divisions of n, a write's translated statement
// or part of one (see above), fail on a zero divisor: the typer's division
// functions by name, an integer % SQLite computes itself, and the divisions
// of operands the typer leaves to SQLite (divRaw). The translated nodes in
// folded (typer.lenient, of foldedDivisions) stay as they are.
func strictDivision[T ast.Node](n T, folded map[ast.Node]bool) T {
	out, _ := n.Accept(divisionVisitor(folded))
	return out.(T)
}

type divisionVisitor map[ast.Node]bool

func (v divisionVisitor) Enter(n ast.Node) (ast.Node, bool) { return n, v[n] }

func (v divisionVisitor) Leave(n ast.Node) (ast.Node, bool) {
	if v[n] {
		return n, true
	}
	switch x := n.(type) {
	case *ast.BinaryOperationExpr:
		if x.Op == opcode.Mod {
			return raw("mysql_mod_zerr(", x.L, ", ", x.R, ")"), true
		}
	case *rawExpr:
		if x.zeroDiv != "" {
			x.parts, x.zeroDiv = []any{x.zeroDiv + "(", x.parts[1], ", ", x.parts[3], ")"}, ""
		}
	}
	return renameForm(n, zeroDivFuncs), true
}

// foldedDivisions are the divisions of where, an UPDATE's WHERE, that
// MariaDB computes while it plans the statement, where a division by zero
// only warns (an INSERT … SELECT plans its SELECT strictly, and fails): those in a part of where that names no
// column and reads no table, when that part is a whole conjunct of where,
// or what a key column (isKey) is compared with (=, <, BETWEEN, IN …), the
// range MariaDB reads the key in. Elsewhere it computes them row by row,
// and fails (UPDATE t SET … WHERE a = 1 / 0, a no key: 1365).
// An UPDATE's WHERE that divides nowhere, most of them, costs one walk, and
// isKey (a read of the table's indexes) is asked only of a column compared
// with such a constant division.
func foldedDivisions(where ast.ExprNode, isKey func(*ast.ColumnNameExpr) bool) map[ast.Node]bool {
	if where == nil || len(divisionsIn(where)) == 0 {
		return nil
	}
	folded := map[ast.Node]bool{}
	// fold folds the divisions of e when it is constant and the column
	// (if any) it is compared with holds a key.
	fold := func(e, key ast.ExprNode) {
		if divs := divisionsIn(e); len(divs) > 0 && constantPart(e) {
			if c, ok := unparen(key).(*ast.ColumnNameExpr); key == nil || ok && isKey(c) {
				for _, d := range divs {
					folded[d] = true
				}
			}
		}
	}
	var conjunct func(e ast.ExprNode)
	conjunct = func(e ast.ExprNode) {
		e = unparen(e)
		if constantPart(e) {
			fold(e, nil)
			return
		}
		switch x := e.(type) {
		case *ast.BinaryOperationExpr:
			switch {
			case x.Op == opcode.LogicAnd:
				conjunct(x.L)
				conjunct(x.R)
			case comparisons[x.Op]:
				fold(x.R, x.L)
				fold(x.L, x.R)
			}
		case *ast.BetweenExpr:
			fold(x.Left, x.Expr)
			fold(x.Right, x.Expr)
			fold(x.Expr, x.Left)
			fold(x.Expr, x.Right)
		case *ast.PatternInExpr:
			for _, v := range x.List {
				fold(v, x.Expr)
			}
		}
	}
	conjunct(where)
	return folded
}

// divisionsIn are the divisions of e, an untranslated expression.
func divisionsIn(e ast.ExprNode) []ast.Node {
	var divs []ast.Node
	e.Accept(leaveFunc(func(n ast.Node) ast.Node {
		if isDivision(n) {
			divs = append(divs, n)
		}
		return n
	}))
	return divs
}

// keyColumns tells, for the UPDATE of refs, whether a column is part of a
// key: of the primary key or an index of the one table refs names (none
// for a join), read on the first question.
func (l *execLog) keyColumns(ctx context.Context, refs *ast.TableRefsClause) func(*ast.ColumnNameExpr) bool {
	var t *ast.TableName
	if refs != nil && refs.TableRefs != nil && refs.TableRefs.Right == nil {
		if src, ok := refs.TableRefs.Left.(*ast.TableSource); ok {
			t, _ = src.Source.(*ast.TableName)
		}
	}
	var keys map[string]bool
	return func(c *ast.ColumnNameExpr) bool {
		if t == nil {
			return false
		}
		if keys == nil {
			keys = map[string]bool{}
			phys := physical(t.Schema.O, t.Name.O)
			if info, err := l.tableInfo(ctx, phys); err == nil {
				for _, ci := range info {
					if ci.pk > 0 {
						keys[strings.ToLower(ci.name)] = true
					}
				}
			}
			if rows, err := l.query(ctx, "SELECT ii.name FROM pragma_index_list(?) il, pragma_index_info(il.name) ii", phys); err == nil {
				for rows.Next() {
					var name sql.NullString
					if rows.Scan(&name) == nil && name.Valid {
						keys[strings.ToLower(name.String)] = true
					}
				}
				rows.Close()
			}
		}
		return keys[c.Name.Name.L]
	}
}

// isDivision tells whether n, an untranslated node, divides.
func isDivision(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.BinaryOperationExpr:
		return x.Op == opcode.Div || x.Op == opcode.IntDiv || x.Op == opcode.Mod
	case *ast.FuncCallExpr:
		return x.FnName.L == "mod"
	}
	return false
}

// constantPart tells whether e names no column and reads nothing: MariaDB
// can compute it once, before reading a row.
func constantPart(e ast.ExprNode) bool {
	constant := true
	e.Accept(leaveFunc(func(n ast.Node) ast.Node {
		switch n.(type) {
		case *ast.ColumnNameExpr, *ast.SubqueryExpr, *ast.ExistsSubqueryExpr, *ast.VariableExpr,
			*ast.ValuesExpr, *ast.DefaultExpr, *ast.AggregateFuncExpr, *ast.WindowFuncExpr:
			constant = false
		}
		return n
	}))
	return constant
}

func unparen(e ast.ExprNode) ast.ExprNode {
	for {
		p, ok := e.(*ast.ParenthesesExpr)
		if !ok {
			return e
		}
		e = p.Expr
	}
}

// divRaw is parts, the SQLite form of a division whose operands are
// parts[1] and parts[3], marked so that strictDivision makes it fn(x, y).
func divRaw(fn string, parts ...any) *rawExpr {
	r := raw(parts...)
	r.zeroDiv = fn
	return r
}

// divisible tells whether x / y is computed: not when an operand is NULL
// (the quotient is NULL), and error 1365 for a zero y.
func divisible(x, y any) (bool, error) {
	if isNull(x) || isNull(y) {
		return false, nil
	}
	if zeroDivisor(x, y) {
		return false, errDivisionByZero
	}
	return true, nil
}

// zeroDivisor tells whether x / y divides a non-NULL x by zero (1 / 0.0,
// 1 / '0', 1 / FALSE too).
func zeroDivisor(x, y any) bool {
	if isNull(x) || isNull(y) {
		return false
	}
	d := toDec(y)
	if d.float {
		return d.f == 0
	}
	return !d.null && d.d.IsZero()
}

func decDivZerr(x, y any) (any, error) {
	if zeroDivisor(x, y) {
		return nil, errDivisionByZero
	}
	return decDiv(x, y), nil
}

func decModZerr(x, y any) (any, error) {
	if zeroDivisor(x, y) {
		return nil, errDivisionByZero
	}
	return decMod(x, y), nil
}

func realOpZerr(x, y any, op string) (any, error) {
	if op == "/" && zeroDivisor(x, y) {
		return nil, errDivisionByZero
	}
	return realOp(x, y, op)
}

func intOpZerr(x, y any, op string, unsigned int64) (any, error) {
	if op == "DIV" && zeroDivisor(x, y) {
		return nil, intDivByZero(x)
	}
	return intOp(x, y, op, unsigned)
}

func decIntDivZerr(x, y any, unsigned ...int64) (any, error) {
	if zeroDivisor(x, y) {
		return nil, intDivByZero(x)
	}
	return decIntDivStrict(x, y, unsigned...)
}

// intDivByZero is the error of x DIV 0 in a write. MariaDB's DIV makes
// its operands DECIMALs before it looks at the divisor, and its DECIMAL
// holds 81 digits: 1e300 DIV 0 fails converting 1e300 (1916), 1e80 DIV 0
// with 1365.
func intDivByZero(x any) error {
	if a := toDec(x); a.float && math.Abs(a.f) >= 1e81 || !a.float && !a.null && a.d.NumDigits()+int64(a.d.Exponent) > 81 {
		return errors.New(decimalOverflow)
	}
	return errDivisionByZero
}

// divZerr is (CAST(x AS REAL) / (y)), the division of operands the typer
// leaves to SQLite, failing on a zero y.
func divZerr(x, y any) (any, error) {
	if ok, err := divisible(x, y); !ok {
		return nil, err
	}
	return sqliteNumber(x).f / sqliteNumber(y).f, nil
}

// intDivZerr is CAST((x) / NULLIF((y), 0) AS INTEGER), x DIV y of operands
// the typer leaves to SQLite, failing on a zero y.
func intDivZerr(x, y any) (any, error) {
	if ok, err := divisible(x, y); !ok {
		return nil, err
	}
	a, b := sqliteNumber(x), sqliteNumber(y)
	if a.isInt && b.isInt && !(a.i == math.MinInt64 && b.i == -1) {
		return a.i / b.i, nil
	}
	if b.f == 0 {
		return nil, nil
	}
	return sqliteInt(a.f / b.f), nil
}

// modZerr is x % y as SQLite computes it (the remainder of integers; else
// that of the operands' integer values, as a REAL), failing on a zero y.
func modZerr(x, y any) (any, error) {
	if ok, err := divisible(x, y); !ok {
		return nil, err
	}
	a, b := sqliteNumber(x), sqliteNumber(y)
	ib := b.i
	switch ib {
	case 0:
		return nil, nil // 5 % 0.5: SQLite's NULL
	case -1:
		ib = 1
	}
	if a.isInt && b.isInt {
		return a.i % ib, nil
	}
	return float64(a.i % ib), nil
}

// sqliteNum is a value as SQLite's arithmetic reads it: its kind (an
// integer or a REAL), its integer value (of a REAL, truncated; of text, the
// digits it begins with) and its REAL value.
type sqliteNum struct {
	i     int64
	f     float64
	isInt bool
}

var (
	// sqliteNumberText is the number text begins with, after spaces,
	// as SQLite reads it.
	sqliteNumberText = regexp.MustCompile(`^[ \t\n\f\r]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`)
	// sqliteIntText is the integer text begins with.
	sqliteIntText = regexp.MustCompile(`^[ \t\n\f\r]*[+-]?\d+`)
)

func sqliteNumber(v any) sqliteNum {
	switch x := v.(type) {
	case int64:
		return sqliteNum{i: x, f: float64(x), isInt: true}
	case float64:
		return sqliteNum{i: sqliteInt(x), f: x}
	case []byte:
		return sqliteNumber(string(x))
	case string:
		p := strings.TrimLeft(sqliteNumberText.FindString(x), " \t\n\f\r")
		f, _ := strconv.ParseFloat(p, 64)
		n := sqliteNum{f: f, i: saturatedInt(strings.TrimLeft(sqliteIntText.FindString(x), " \t\n\f\r"))}
		if i, err := strconv.ParseInt(p, 10, 64); err == nil || p == "" {
			n.i, n.isInt = i, true
		}
		return n
	}
	return sqliteNum{isInt: true}
}

// saturatedInt is integer text as SQLite's atoi64 reads it: clamped to
// the 64-bit range.
func saturatedInt(s string) int64 {
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil && strings.HasPrefix(s, "-") {
		return math.MinInt64
	} else if err != nil && s != "" {
		return math.MaxInt64
	}
	return i
}

// sqliteInt is CAST(f AS INTEGER) of a REAL in SQLite: truncated, clamped
// to the 64-bit range.
func sqliteInt(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f <= math.MinInt64:
		return math.MinInt64
	case f >= math.MaxInt64:
		return math.MaxInt64
	}
	return int64(f)
}
