package sqlite

import (
	"math"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// MySQL's bit operators (&, |, ^, <<, >>, ~) work on 64-bit UNSIGNED
// integers and answer a BIGINT UNSIGNED; SQLite's work on signed ones: ~0
// was -1 where MariaDB answers 18446744073709551615, -1 >> 1 was -1 (an
// arithmetic shift) where MariaDB shifts in a zero, and 5.7 & 3 took 5
// where MySQL rounds to 6. A result past BIGINT's range, which SQLite
// cannot hold as an integer, is its decimal text; the operators read such
// text back, so ~4 & flags is exact.

// bitOps are the operators translated, by their mysql_bit_op name.
var bitOps = map[opcode.Op]string{opcode.And: "&", opcode.Or: "|", opcode.Xor: "^",
	opcode.LeftShift: "<<", opcode.RightShift: ">>"}

// bitType is the type of a bit operation: a BIGINT UNSIGNED.
var bitType = sqlType{kind: kInt, prec: 20, unsigned: true, name: "UNSIGNED BIGINT"}

// bitBinary translates a binary bit operator; ok is false for another one.
func bitBinary(e *ast.BinaryOperationExpr) (ast.ExprNode, bool) {
	op, ok := bitOps[e.Op]
	if !ok {
		return e, false
	}
	return raw("mysql_bit_op(", e.L, ", ", e.R, ", '"+op+"')"), true
}

// bitOperand reads v as MySQL's bit operators read an operand: an integer
// as its 64 bits, a number with a fraction rounded half away from zero, a
// string by its leading number; false for NULL.
func bitOperand(v any) (uint64, bool) {
	switch n := v.(type) {
	case nil:
		return 0, false
	case int64:
		return uint64(n), true
	case float64:
		return uintOfFloat(math.Round(n)), true
	}
	s, ok := text(v)
	if !ok {
		return 0, false
	}
	s = strings.TrimSpace(s)
	if u, err := strconv.ParseUint(s, 10, 64); err == nil {
		return u, true
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return uint64(i), true
	}
	f, _ := numberPrefix(s)
	return uintOfFloat(math.Round(f)), true
}

// uintOfFloat is an integral float as 64 bits, a negative one in two's
// complement, one past the range the nearest end.
func uintOfFloat(f float64) uint64 {
	switch {
	case f >= math.MaxUint64:
		return math.MaxUint64
	case f < math.MinInt64:
		return 1 << 63
	case f < 0:
		return uint64(int64(f))
	}
	return uint64(f)
}

// bitResult is an UNSIGNED result as SQLite can hold it: an integer below
// 2^63, else its decimal text.
func bitResult(u uint64) any {
	if u <= math.MaxInt64 {
		return int64(u)
	}
	return strconv.FormatUint(u, 10)
}

// bitOp is a op b; a shift by 64 or more (a negative count is one) is 0.
func bitOp(a, b any, op string) any {
	x, ok := bitOperand(a)
	y, ok2 := bitOperand(b)
	if !ok || !ok2 {
		return nil
	}
	switch op {
	case "&":
		return bitResult(x & y)
	case "|":
		return bitResult(x | y)
	case "^":
		return bitResult(x ^ y)
	case "<<", ">>":
		if y >= 64 {
			return int64(0)
		}
		if op == "<<" {
			return bitResult(x << y)
		}
		return bitResult(x >> y)
	}
	return nil
}

// bitNot is ~a.
func bitNot(a any) any {
	x, ok := bitOperand(a)
	if !ok {
		return nil
	}
	return bitResult(^x)
}

// castUnsigned is CAST(v AS UNSIGNED) as MariaDB computes it, by the
// operand's type (kind): an integer ('i') as its 64 bits (-1 is
// 18446744073709551615); a DECIMAL ('d') rounded half away from zero, a
// DOUBLE half to even, a negative one 0 and one past the range the
// largest; a string ('s') by its leading integer (the fraction cut), a
// negative one as its 64 bits.
func castUnsigned(v any, kind string) any {
	if isNull(v) {
		return nil
	}
	switch n := v.(type) {
	case int64:
		if kind != "d" {
			return bitResult(uint64(n))
		}
	case float64:
		r := math.RoundToEven(n) // CAST(2.5e0 AS UNSIGNED) is 2
		if r < 0 {
			return int64(0)
		}
		return bitResult(uintOfFloat(r))
	}
	s, _ := text(v)
	s = strings.TrimSpace(s)
	if kind == "d" {
		s = roundText(s, 0)
		if strings.HasPrefix(s, "-") {
			return int64(0)
		}
		return bitResult(saturatedUint(s))
	}
	u, neg := leadingInt(s)
	if neg {
		u = -u
	}
	return bitResult(u)
}

// leadingInt reads the integer s begins with (after its sign): its
// magnitude, the largest UNSIGNED past that range, and whether it is
// negative.
func leadingInt(s string) (uint64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	return saturatedUint(s[:end]), neg
}

// valInt reads v as MariaDB's val_int() reads a value of type kind ('i'
// an integer, 'd' a DECIMAL, 'f' a DOUBLE, 's' a string or other) where a
// function takes 64 bits (MAKE_SET, EXPORT_SET): an integer as its bits;
// a DECIMAL rounded half away from zero and a DOUBLE half to even, both
// clipped to BIGINT's range; a string by the integer it begins with,
// clipped to BIGINT UNSIGNED's largest above and BIGINT's smallest below;
// false for NULL.
func valInt(v any, kind string) (uint64, bool) {
	switch n := v.(type) {
	case nil:
		return 0, false
	case int64:
		return uint64(n), true
	case float64:
		switch kind {
		case "i": // an UNSIGNED literal past BIGINT
			return uintOfFloat(n), true
		case "d":
			return clippedInt(math.Round(n)), true
		}
		return clippedInt(math.RoundToEven(n)), true
	}
	s, ok := text(v)
	if !ok {
		return 0, false
	}
	s = strings.TrimLeft(s, " \t\n\r")
	switch kind {
	case "d":
		if i, err := strconv.ParseInt(roundText(s, 0), 10, 64); err == nil {
			return uint64(i), true
		}
		f, _ := strconv.ParseFloat(s, 64) // past BIGINT's range
		return clippedInt(f), true
	case "f":
		f, _ := strconv.ParseFloat(s, 64)
		return clippedInt(math.RoundToEven(f)), true
	}
	u, neg := leadingInt(s)
	switch {
	case neg && u > 1<<63:
		return 1 << 63, true
	case neg:
		return -u, true
	}
	return u, true
}

// clippedInt is an integral float as a BIGINT's 64 bits, one past its
// range the nearest end.
func clippedInt(f float64) uint64 {
	switch {
	case f >= 0x1p63:
		return math.MaxInt64
	case f < -0x1p63:
		return 1 << 63
	}
	return uint64(int64(f))
}

// saturatedUint reads decimal digits, the largest UNSIGNED past its range
// and 0 for none.
func saturatedUint(digits string) uint64 {
	if digits == "" {
		return 0
	}
	u, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return math.MaxUint64
	}
	return u
}

// bitAgg is BIT_AND, BIT_OR or BIT_XOR over a group's values, NULLs left
// out, as MariaDB's: of no value, BIT_AND is 18446744073709551615 and the
// others 0.
type bitAgg struct {
	op  string
	acc uint64
}

func newBitAgg(op string) func() *bitAgg {
	return func() *bitAgg {
		a := &bitAgg{op: op}
		if op == "&" {
			a.acc = math.MaxUint64
		}
		return a
	}
}

func (a *bitAgg) Step(v any) {
	var x uint64
	if f, isDouble := v.(float64); isDouble {
		// A DOUBLE rounds half to even here (BIT_AND of 2.5e0 is 2),
		// where the operators round it half away from zero.
		x = uintOfFloat(math.RoundToEven(f))
	} else if u, ok := bitOperand(v); ok {
		x = u
	} else {
		return // NULL
	}
	switch a.op {
	case "&":
		a.acc &= x
	case "|":
		a.acc |= x
	default:
		a.acc ^= x
	}
}

func (a *bitAgg) Done() any { return bitResult(a.acc) }
