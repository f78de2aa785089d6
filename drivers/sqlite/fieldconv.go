package sqlite

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// FIELD, CONV and PI as MariaDB answers them (SQLite has none of them).

// fieldModes are how FIELD compares, chosen from its arguments' types
// (fieldCall): as strings in the text collation, as binary strings, as
// strings of a column declared COLLATE utf8mb4_bin, as exact numbers, or
// as DOUBLEs (any other mix).
const (
	fieldText    = "s"
	fieldBinary  = "b"
	fieldCased   = "c"
	fieldNumbers = "n"
	fieldDoubles = "d"
)

// fieldCollations are the collations of FIELD's string modes.
var fieldCollations = map[string]int64{fieldText: collGeneral, fieldBinary: collBinary, fieldCased: collBin}

// field is FIELD(args[0], args[1], ...): the place of the first argument
// among the others, 0 when it is NULL or not among them; a NULL among
// them equals nothing.
func field(mode string, args ...any) any {
	if len(args) == 0 || isNull(args[0]) {
		return int64(0)
	}
	for i, a := range args[1:] {
		if !isNull(a) && fieldEqual(mode, args[0], a) {
			return int64(i + 1)
		}
	}
	return int64(0)
}

func fieldEqual(mode string, a, b any) bool {
	switch mode {
	case fieldText, fieldBinary, fieldCased:
		x, _ := text(a)
		y, _ := text(b)
		return compareIn(fieldCollations[mode], x, y) == 0
	case fieldNumbers:
		x, ok := numericText(a)
		y, ok2 := numericText(b)
		return ok && ok2 && compareDecimalText(x, y) == 0
	}
	return fieldDouble(a) == fieldDouble(b)
}

// fieldDouble is v as MySQL reads it as a DOUBLE ('12abc' is 12).
func fieldDouble(v any) float64 {
	switch n := v.(type) {
	case int64:
		return float64(n)
	case float64:
		return n
	}
	f, _ := numberPrefix(v)
	return f
}

// fieldCall types FIELD and translates it to mysql_field with the mode its
// arguments' types give: strings (NULL and dates are, as in MariaDB)
// compare as strings, integers and DECIMALs as exact numbers, anything
// else as DOUBLEs.
func (t *typer) fieldCall(e *ast.FuncCallExpr, args []sqlType) (ast.ExprNode, sqlType) {
	texts, numbers := true, true
	for _, a := range args {
		texts = texts && (a.kind == kString || a.kind == kNull || temporalNumbered(a))
		numbers = numbers && (a.kind == kInt || a.kind == kDecimal)
	}
	if !texts && !numbers {
		// As DOUBLEs, a date or time is its digits (DATE '2024-01-15'
		// is 20240115), and a string that is not a number fails a
		// write (1292), as MariaDB converts each.
		for i, a := range args {
			if e.Args[i] = t.temporalNumber(e.Args[i], a); a.kind == kString {
				e.Args[i] = t.computedNumber(e.Args[i], "DOUBLE")
			}
		}
	}
	mode := fieldDoubles
	switch {
	case texts:
		mode = [...]string{collGeneral: fieldText, collBinary: fieldBinary, collBin: fieldCased}[textCollation(e.Args, args)]
	case numbers:
		mode = fieldNumbers
	}
	tp := sqlType{kind: kInt, prec: 3, name: "INT"}
	if !repeatable(e.Args[0]) {
		parts := []any{"mysql_field('" + mode + "'"}
		for _, a := range e.Args {
			parts = append(parts, ", ", a)
		}
		return raw(append(parts, ")")...), tp
	}
	// MariaDB evaluates the list only as far as the first match, and none
	// of it when the value is NULL (FIELD(NULL, 1, -2 * 9223372036854775807)
	// is 0, not 1690): a CASE, which SQLite evaluates arm by arm, each arm
	// comparing as mysql_field does.
	parts := []any{"(CASE WHEN (", e.Args[0], ") IS NULL THEN 0"}
	for i, a := range e.Args[1:] {
		parts = append(parts, " WHEN mysql_field('"+mode+"', ", e.Args[0], ", ", a, ") THEN ", strconv.Itoa(i+1))
	}
	return raw(append(parts, " ELSE 0 END)")...), tp
}

// repeatable tells whether e may be written more than once in a
// statement: the same value each time (not RAND, UUID or SYSDATE, as
// translated) and short enough to repeat.
func repeatable(e ast.ExprNode) bool {
	s, err := restore(e)
	if err != nil || len(s) > 256 {
		return false
	}
	s = strings.ToLower(s)
	return !strings.Contains(s, "random(") && !strings.Contains(s, "uuid") && !strings.Contains(s, "sysdate") && !strings.Contains(s, "'now'")
}

// conv is CONV(n, from, to): n read in base |from| (as a signed number
// when from is negative, else unsigned, a minus sign wrapping it around
// 2^64, too large a number the largest), written in base |to| (signed
// when to is negative). NULL for a base outside 2..36 and for an empty n.
func conv(n, from, to any) any {
	s, ok := text(n)
	f, fok := from.(int64)
	t, tok := to.(int64)
	if !ok || !fok || !tok || abs64(f) < 2 || abs64(f) > 36 || abs64(t) < 2 || abs64(t) > 36 {
		return nil
	}
	s = strings.TrimLeft(s, " \t\n")
	if s == "" {
		return nil
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg, s = s[0] == '-', s[1:]
	}
	base := uint64(abs64(f))
	var u uint64
	overflow := false
	for _, c := range strings.ToLower(s) {
		d := uint64(36)
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case c >= 'a' && c <= 'z':
			d = uint64(c-'a') + 10
		}
		if d >= base {
			break
		}
		hi, lo := bits.Mul64(u, base)
		sum, carry := bits.Add64(lo, d, 0)
		if hi != 0 || carry != 0 {
			overflow = true
		}
		u = sum
	}
	var v uint64
	switch {
	case f < 0 && overflow || f < 0 && !neg && u > math.MaxInt64:
		v = math.MaxInt64
		if neg {
			v = 1 << 63
		}
	case f < 0 && neg && u > 1<<63:
		v = 1 << 63
	case overflow:
		v = math.MaxUint64
	case neg:
		v = -u
	default:
		v = u
	}
	if t < 0 && int64(v) < 0 {
		return "-" + strings.ToUpper(strconv.FormatUint(-v, int(-t)))
	}
	return strings.ToUpper(strconv.FormatUint(v, int(abs64(t))))
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// piCall is PI(): the DOUBLE π, which MariaDB prints with 6 digits after
// the point.
func piCall() (ast.ExprNode, sqlType) {
	return raw(fmt.Sprintf("%.17g", math.Pi)), sqlType{kind: kDouble, fixed: true, scale: 6}
}
