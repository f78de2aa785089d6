package sqlite

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// DECIMAL values are stored as text at the column's declared scale
// ("12.50") in a column whose collation (decimalCollation) compares them as
// numbers, and computed with the functions below, which MySQL's exact
// arithmetic becomes on SQLite (see typed.go). A value's scale is its
// exponent: 1.50 + 1 is 2.50 and 1.50 * 1.5 is 2.250, as in MySQL.

// decCtx is wide enough for MySQL's 65 digits times 65 digits.
var decCtx = &apd.Context{Precision: 160, MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent,
	Traps: apd.DefaultTraps, Rounding: apd.RoundHalfUp}

// divScale is MySQL's div_precision_increment: x / y has 4 more decimals than x.
const divScale = 4

// maxScale is the most decimals MariaDB keeps in a computed DECIMAL.
const maxScale = 38

// decArg is one argument of a decimal function: an exact decimal, a
// DOUBLE (which makes MySQL compute in floating point), or NULL.
type decArg struct {
	d     apd.Decimal
	f     float64
	float bool
	null  bool
}

// toDec reads a value SQLite hands to a function the way MySQL converts it
// to a number: integers and decimal text exactly, a REAL as a DOUBLE, other
// text by its numeric prefix.
func toDec(v any) decArg {
	var a decArg
	switch x := v.(type) {
	case nil:
		a.null = true
	case int64:
		a.d.SetInt64(x)
	case float64:
		a.f, a.float = x, true
	case []byte:
		if x == nil {
			a.null = true
		} else {
			parseDec(&a.d, string(x))
		}
	case string:
		parseDec(&a.d, x)
	case bool:
		if x {
			a.d.SetInt64(1)
		}
	}
	return a
}

// parseDec sets d to the number s starts with, 0 if none (MySQL's rule).
func parseDec(d *apd.Decimal, s string) bool {
	s = strings.TrimSpace(s)
	if _, _, err := d.SetString(s); err == nil && d.Form == apd.Finite {
		return true
	}
	d.SetInt64(0)
	if p := numericPrefix(s); p != "" {
		_, _, _ = d.SetString(p)
	}
	return false
}

// numericPrefix is the longest prefix of s that reads as a number.
func numericPrefix(s string) string {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i == start || (i == start+1 && s[start] == '.') {
		return ""
	}
	return strings.TrimSuffix(s[:i], ".")
}

func (a *decArg) float64() float64 {
	if a.float {
		return a.f
	}
	f, _ := a.d.Float64()
	return f
}

// scaleOf is the number of decimals d carries.
func scaleOf(d *apd.Decimal) int32 { return max(-d.Exponent, 0) }

// decText is d as MySQL prints a DECIMAL of its scale: no exponent, no
// negative zero.
func decText(d *apd.Decimal) string {
	if d.Exponent > 0 {
		_, _ = decCtx.Quantize(d, d, 0)
	}
	if d.IsZero() {
		d.Negative = false
	}
	return d.Text('f')
}

// decRound rounds d to scale decimals (half away from zero) and prints it.
func decRound(d *apd.Decimal, scale int32, r apd.Rounder) string {
	c := *decCtx
	c.Rounding = r
	var out apd.Decimal
	if _, err := c.Quantize(&out, d, -scale); err != nil {
		return decText(d)
	}
	return decText(&out)
}

// binaryDec applies an exact operation to two decimal arguments, or the
// floating point one when either is a DOUBLE; NULL gives NULL.
func binaryDec(x, y any, exact func(r, a, b *apd.Decimal) bool, float func(a, b float64) float64) any {
	a, b := toDec(x), toDec(y)
	if a.null || b.null {
		return nil
	}
	if a.float || b.float {
		r := float(a.float64(), b.float64())
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return nil
		}
		return r
	}
	var r apd.Decimal
	if !exact(&r, &a.d, &b.d) {
		return nil
	}
	return decText(&r)
}

// negativeZero is the text of a quotient or remainder that MariaDB keeps
// as a negative zero: a non-zero x divided by a y of the other sign, too
// small to show a digit at the quotient's precision (-1 / 3000000000), or
// a negative x that y divides (-2 % 0.1). MariaDB's division and
// remainder, unlike its other operators, keep the sign of such a zero: an UNSIGNED
// column refuses it (1264) and a string column stores "-0.000000000";
// shown or computed further, it is 0.
func negativeZero(q, x *apd.Decimal) bool {
	return q.IsZero() && q.Negative && !x.IsZero()
}

// zeroWithoutDigits makes r, a zero result, the bare 0 that MariaDB's
// decimal operators give where they compute a zero by taking magnitudes
// apart (1.5 - 1.5, -0.5 + 0.5), by a product of operands of other signs
// (0.000 * -2) or by dividing a zero (0.00 / 5): a string column then stores
// 0, where a zero sum of zeros keeps its digits (0.00 + 0.000 is 0.000).
func zeroWithoutDigits(r *apd.Decimal, when bool) {
	if when && r.IsZero() {
		r.SetInt64(0)
	}
}

func decAdd(x, y any) any {
	return binaryDec(x, y, func(r, a, b *apd.Decimal) bool {
		_, err := decCtx.Add(r, a, b)
		zeroWithoutDigits(r, a.Negative != b.Negative)
		return err == nil
	}, func(a, b float64) float64 { return a + b })
}

func decSub(x, y any) any {
	return binaryDec(x, y, func(r, a, b *apd.Decimal) bool {
		_, err := decCtx.Sub(r, a, b)
		zeroWithoutDigits(r, a.Negative == b.Negative)
		return err == nil
	}, func(a, b float64) float64 { return a - b })
}

func decMul(x, y any) any {
	return binaryDec(x, y, func(r, a, b *apd.Decimal) bool {
		_, err := decCtx.Mul(r, a, b)
		zeroWithoutDigits(r, a.Negative != b.Negative)
		return err == nil
	}, func(a, b float64) float64 { return a * b })
}

// decDiv is MySQL's x / y: NULL when y is 0, else rounded to x's scale
// plus div_precision_increment.
func decDiv(x, y any) any {
	negZero := false
	q := binaryDec(x, y, func(r, a, b *apd.Decimal) bool {
		if b.IsZero() {
			return false
		}
		if _, err := decCtx.Quo(r, a, b); err != nil {
			return false
		}
		// MariaDB divides to whole 9-digit words of fraction, truncated
		// (decimal.c, do_div_mod): each operand's fraction widened to
		// whole words, plus what div_precision_increment still asks for
		// beyond that widening; the words of leading zeros of a
		// quotient far below 1 come out of these, not on top, so
		// 2.50 / 9223372036854775807 is 0. The quotient shows its type's
		// scale (scale of x + 4) only when selected or compared as a
		// constant (see typer).
		words := func(s int32) int32 { return (s + 8) / 9 * 9 }
		fa, fb := words(scaleOf(a)), words(scaleOf(b))
		frac := words(fa + fb + max(0, divScale-(fa-scaleOf(a))-(fb-scaleOf(b))))
		c := *decCtx
		c.Rounding = apd.RoundDown
		_, err := c.Quantize(r, r, -min(frac, maxScale))
		if err == nil && negativeZero(r, a) {
			negZero = true
		}
		zeroWithoutDigits(r, a.IsZero())
		return err == nil
	}, func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return a / b
	})
	return signedZero(q, negZero)
}

// signedZero puts the sign back on q, a zero result's text that decText
// printed unsigned, when the operator keeps it (negZero).
func signedZero(q any, negZero bool) any {
	if text, ok := q.(string); ok && negZero {
		return "-" + text
	}
	return q
}

// decMod is MySQL's x % y, whose scale is the larger of the two. A zero
// remainder of a negative x keeps its sign, as MariaDB's does: -2 % 0.1 is
// -0.0, shown, cast to a string and stored in a string column so, refused
// by an UNSIGNED column (1264).
func decMod(x, y any) any {
	negZero := false
	q := binaryDec(x, y, func(r, a, b *apd.Decimal) bool {
		if b.IsZero() {
			return false
		}
		if _, err := decCtx.Rem(r, a, b); err != nil {
			return false
		}
		_, err := decCtx.Quantize(r, r, -max(scaleOf(a), scaleOf(b)))
		negZero = err == nil && negativeZero(r, a)
		zeroWithoutDigits(r, a.IsZero())
		return err == nil
	}, func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return math.Mod(a, b)
	})
	return signedZero(q, negZero)
}

// decIntDiv is MySQL's x DIV y of a DECIMAL or DOUBLE: the quotient
// truncated toward zero, NULL when y is 0, and an error (1690, see
// sqlError) when it does not fit a BIGINT, or is negative when unsigned
// (an UNSIGNED operand) is 1.
func decIntDiv(x, y any, unsigned ...int64) (any, error) {
	return intDivDec(x, y, false, unsigned...)
}

// decIntDivStrict is decIntDiv in a write: a DOUBLE operand too large for
// a DECIMAL (1e81 and more) fails with 1916, where a read computes with
// the largest DECIMAL (MySQL's warning), and so does a quotient out of
// the result's integer range, where a read fails with 1690.
func decIntDivStrict(x, y any, unsigned ...int64) (any, error) {
	return intDivDec(x, y, true, unsigned...)
}

// decimalOverflow is MySQL's error 1916, a DOUBLE too large for a DECIMAL.
const decimalOverflow = "Got overflow when converting '' to DECIMAL. Value truncated"

// intOverflowPrefix begins error 1916 for a DOUBLE or a DECIMAL too large
// for a 64-bit integer (doubleToIntStrict, decToIntStrict).
const intOverflowPrefix = "Got overflow when converting '"

// doubleToIntStrict is mysql_double_int_strict(v): v, a DOUBLE that ALTER
// TABLE copies into an integer column, as it is, or error 1916 when it
// rounds (half to even, as MariaDB's does) beyond the signed 64-bit range:
// MariaDB's copy reads the DOUBLE as such an integer first, whatever the
// column (1e19 made BIGINT UNSIGNED fails too), where a value inside that
// range but outside the column's fails with 1264 as before.
func doubleToIntStrict(x any) (any, error) {
	if f, ok := x.(float64); ok {
		if r := math.RoundToEven(f); r >= 9223372036854775808.0 || r < -9223372036854775808.0 {
			g := strings.Replace(strconv.FormatFloat(f, 'g', -1, 64), "e+", "e", 1)
			return nil, fmt.Errorf("%s%s' to INT. Value truncated", intOverflowPrefix, g)
		}
	}
	return x, nil
}

// largestDecimal is the largest DECIMAL: 65 nines.
var largestDecimal = strings.Repeat("9", 65)

// overflowsDecimal reports whether the DOUBLE f has more integer digits
// than MariaDB's DECIMAL arithmetic holds (81: nine words of nine digits),
// so that its conversion overflows (1916 in a write, the largest DECIMAL
// with a warning in a read), where a smaller one converts exactly
// (1e70 DIV 1e69 is 10).
func overflowsDecimal(f float64) bool { return math.Abs(f) >= 1e81 }

// intDivDec is x DIV y computed as MariaDB's DECIMALs. strict: in a write
// (strictValueFuncs), where MariaDB's conversion of the quotient to an
// integer refuses one beyond the signed range (unsigned: beyond 0 to
// 2^64 - 1) with 1916 naming it, before DIV's own 1690 of a read.
func intDivDec(x, y any, strict bool, unsigned ...int64) (any, error) {
	a, b := toDec(x), toDec(y)
	// As MySQL, a DOUBLE operand becomes the DECIMAL of its shortest
	// text (0.1 is 0.1, not 0.1000000000000000055…), and the quotient
	// is exact: 1440000 DIV 0.1 is 14400000, where float64 gives one less.
	// MariaDB converts x before it reads y, so 1e300 DIV NULL fails too.
	for _, v := range []*decArg{&a, &b} {
		if v.null {
			return nil, nil
		}
		if v.float {
			s := strconv.FormatFloat(v.f, 'g', -1, 64)
			if overflowsDecimal(v.f) {
				if strict {
					return nil, errors.New(decimalOverflow)
				}
				s = largestDecimal
				if v.f < 0 {
					s = "-" + s
				}
			}
			if _, _, err := v.d.SetString(s); err != nil {
				return nil, bigintRange(x, y)
			}
			v.float = false
		}
	}
	var q apd.Decimal
	if b.d.IsZero() {
		return nil, nil
	}
	if _, err := decCtx.QuoInteger(&q, &a.d, &b.d); err != nil {
		return nil, bigintRange(x, y)
	}
	isUnsigned := len(unsigned) > 0 && unsigned[0] != 0
	overflow := func() error {
		switch {
		case strict && isUnsigned:
			return fmt.Errorf("%s%s' to UNSIGNED INT. Value truncated", intOverflowPrefix, q.Text('f'))
		case strict:
			return fmt.Errorf("%s%s' to INT. Value truncated", intOverflowPrefix, q.Text('f'))
		case isUnsigned:
			return fmt.Errorf("%s'%v DIV %v'", bigintUnsignedRangePrefix, x, y)
		}
		return bigintRange(x, y)
	}
	if isUnsigned && q.Sign() < 0 && !q.IsZero() {
		return nil, overflow()
	}
	if n, err := q.Int64(); err == nil {
		return n, nil // -0.5 DIV u too
	}
	if isUnsigned {
		// An UNSIGNED quotient goes to 2^64 - 1, past SQLite's integers:
		// as SQLite gives such a BIGINT UNSIGNED (intOp).
		if u, err := strconv.ParseUint(q.Text('f'), 10, 64); err == nil {
			return float64(u), nil
		}
	}
	return nil, overflow()
}

func bigintRange(x, y any) error {
	return fmt.Errorf("%s'%v DIV %v'", bigintRangePrefix, x, y)
}

// intOp is MySQL's x + y, x - y, x * y or x DIV y of integers: an error
// (1690) when the result leaves BIGINT, or is negative with an UNSIGNED
// operand; DIV by 0 is NULL. Operands that are not integers are computed
// as SQLite would (DIV as decIntDiv).
func intOp(x, y any, op string, unsigned int64) (any, error) {
	if isNull(x) || isNull(y) {
		return nil, nil
	}
	a, ok1 := x.(int64)
	b, ok2 := y.(int64)
	if op == "DIV" && (!ok1 || !ok2) {
		return decIntDiv(x, y, unsigned)
	}
	if op == "DIV" && b == 0 {
		return nil, nil
	}
	if !ok1 || !ok2 {
		da, db := toDec(x), toDec(y)
		fa, fb := da.float64(), db.float64()
		switch op {
		case "+":
			return fa + fb, nil
		case "-":
			return fa - fb, nil
		}
		return fa * fb, nil
	}
	if op == "-" && unsigned == 0 && a == 0 && b == math.MinInt64 {
		// MariaDB checks a signed x - y for overflow only when x and y
		// have opposite signs, so 0 - -9223372036854775808 wraps to
		// -9223372036854775808 there instead of failing (1 - … fails).
		return b, nil
	}
	var r big.Int
	switch op {
	case "+":
		r.Add(big.NewInt(a), big.NewInt(b))
	case "-":
		r.Sub(big.NewInt(a), big.NewInt(b))
	case "DIV":
		r.Quo(big.NewInt(a), big.NewInt(b)) // truncated toward zero, as MySQL's
	default:
		r.Mul(big.NewInt(a), big.NewInt(b))
	}
	switch {
	case unsigned != 0 && r.Sign() < 0, unsigned != 0 && !r.IsUint64():
		return nil, fmt.Errorf("%s'%d %s %d'", bigintUnsignedRangePrefix, a, op, b)
	case unsigned != 0 && !r.IsInt64():
		// A BIGINT UNSIGNED above SQLite's integers, as SQLite gives it.
		f, _ := new(big.Float).SetInt(&r).Float64()
		return f, nil
	case !r.IsInt64():
		return nil, fmt.Errorf("%s'%d %s %d'", bigintRangePrefix, a, op, b)
	}
	return r.Int64(), nil
}

// intNeg is MySQL's -x of an integer that is not a constant: an error
// (1690) for -9223372036854775808, or for an UNSIGNED x (unsignedArg 1)
// above 9223372036854775808, where SQLite would go on in REAL. A value
// that is not an integer is negated as SQLite would.
func intNeg(x any, unsignedArg int64) (any, error) {
	if isNull(x) {
		return nil, nil
	}
	switch v := x.(type) {
	case int64:
		if v == math.MinInt64 {
			return nil, fmt.Errorf("%s'-(%d)'", bigintRangePrefix, v)
		}
		return -v, nil
	case float64:
		if unsignedArg != 0 && v > -float64(math.MinInt64) {
			return nil, fmt.Errorf("%s'-(%v)'", bigintRangePrefix, v)
		}
		return -v, nil
	}
	a := toDec(x)
	return -a.float64(), nil
}

// intAbs is MySQL's ABS of a value that is not a DECIMAL: an error (1690)
// for -9223372036854775808, where SQLite's abs() fails with its own
// "integer overflow"; a DOUBLE or a string gives a DOUBLE.
func intAbs(x any) (any, error) {
	switch v := x.(type) {
	case nil:
		return nil, nil
	case int64:
		if v == math.MinInt64 {
			return nil, fmt.Errorf("%s'abs(%d)'", bigintRangePrefix, v)
		}
		return max(v, -v), nil
	case float64:
		return math.Abs(v), nil
	}
	a := toDec(x)
	if a.null {
		return nil, nil
	}
	return math.Abs(a.float64()), nil
}

// realOp is MySQL's x + y, x - y, x * y or x / y computed as DOUBLEs (a
// DOUBLE or a string operand): an error (1690) when the result is past
// DOUBLE's range, where SQLite would give Inf; x / 0 is NULL.
func realOp(x, y any, op string) (any, error) {
	if isNull(x) || isNull(y) {
		return nil, nil
	}
	da, db := toDec(x), toDec(y)
	a, b := da.float64(), db.float64()
	var r float64
	switch op {
	case "+":
		r = a + b
	case "-":
		r = a - b
	case "*":
		r = a * b
	default:
		if b == 0 {
			return nil, nil
		}
		r = a / b
	}
	if math.IsInf(r, 0) {
		return nil, fmt.Errorf("%s'%v %s %v'", doubleRangePrefix, x, op, y)
	}
	return r, nil
}

// roundDouble is MySQL's ROUND(x, d) of a DOUBLE (my_double_round): to
// d digits, or to tens, hundreds… for a negative d, half to even (rint),
// where SQLite's round() goes half away from zero and takes a negative d
// as 0.
func roundDouble(x, digits any) any {
	d, ok := intArg(digits)
	if isNull(x) || !ok {
		return nil
	}
	a := toDec(x)
	v := a.float64()
	scale := math.Pow(10, math.Abs(float64(d)))
	var r float64
	switch {
	case d < 0 && math.IsInf(scale, 0):
		r = 0
	case d < 0:
		r = math.RoundToEven(v/scale) * scale
	case math.IsInf(v*scale, 0) || math.IsNaN(v*scale):
		r = v
	default:
		r = math.RoundToEven(v*scale) / scale
	}
	if r == 0 {
		r = 0 // no -0
	}
	return r
}

// doubleRangePrefix starts MySQL's 1690 for a DOUBLE.
const doubleRangePrefix = "DOUBLE value is out of range in "

// bigintUnsignedRangePrefix starts MySQL's 1690 for BIGINT UNSIGNED.
const bigintUnsignedRangePrefix = "BIGINT UNSIGNED value is out of range in "

// bigintRangePrefix starts the message of MySQL's error 1690.
const bigintRangePrefix = "BIGINT value is out of range in "

// unaryDec applies f to a decimal argument; a DOUBLE goes through g.
func unaryDec(x any, f func(d *apd.Decimal) any, g func(float64) any) any {
	a := toDec(x)
	switch {
	case a.null:
		return nil
	case a.float:
		return g(a.f)
	}
	return f(&a.d)
}

func decNeg(x any) any {
	return unaryDec(x, func(d *apd.Decimal) any { d.Neg(d); return decText(d) }, func(f float64) any { return -f })
}

func decAbs(x any) any {
	return unaryDec(x, func(d *apd.Decimal) any { d.Abs(d); return decText(d) }, func(f float64) any { return math.Abs(f) })
}

// decCmp compares two numbers exactly (-1, 0, 1), as doubles when either
// is one.
func decCmp(x, y any) any {
	a, b := toDec(x), toDec(y)
	switch {
	case a.null || b.null:
		return nil
	case a.float || b.float:
		fa, fb := a.float64(), b.float64()
		switch {
		case fa < fb:
			return int64(-1)
		case fa > fb:
			return int64(1)
		}
		return int64(0)
	}
	return int64(a.d.Cmp(&b.d))
}

// decRealCmp compares x and y as MariaDB compares two numbers in DOUBLEs
// when both have a fixed number of decimals, d the most of them
// (Arg_comparator::compare_real_fixed): equal within p = 5 / 10^(d+1),
// so a FLOAT(7,2) holding 12.35 in single precision (12.350000381…)
// equals 12.35.
func decRealCmp(x, y any, p float64) any {
	a, b := toDec(x), toDec(y)
	if a.null || b.null {
		return nil
	}
	fa, fb := a.float64(), b.float64()
	switch {
	case fa == fb || math.Abs(fa-fb) < p:
		return int64(0)
	case fa < fb:
		return int64(-1)
	}
	return int64(1)
}

// belowZero stands for a negative zero where it is compared exactly: a
// negative number nearer zero than any DECIMAL holds.
const belowZero = "-1E-100"

// decSignedZero is x as MariaDB's decimal_cmp orders it, which compares
// signs first: a negative zero that a remainder or a quotient kept
// (negativeZero: -1 % 0.1) is below every zero and above every negative
// number, and equal to another negative zero. The typer applies it to the
// computed DECIMAL sides of exact comparisons only: a string's or a
// literal's -0.0 is a plain zero there.
func decSignedZero(x any) any {
	if _, ok := negativeZeroText(x); ok {
		return belowZero
	}
	return x
}

// decRoundTo is ROUND(x, d) (rounder half away from zero) and TRUNCATE(x,
// d) (toward zero) of an exact number; an integer stays an integer.
func decRoundTo(r apd.Rounder) func(x any, places ...any) any {
	return func(x any, places ...any) any {
		d := int64(0)
		if len(places) > 0 {
			var ok bool
			if d, ok = intArg(places[0]); !ok {
				return nil
			}
		}
		d = min(max(d, -70), maxScale)
		return unaryDec(x, func(v *apd.Decimal) any {
			_, isInt := x.(int64)
			if d >= 0 {
				if isInt {
					return x
				}
				if digits, ok := negativeZeroText(x); ok && d > 0 && d >= digits {
					// MariaDB keeps a negative zero's sign when no digit
					// goes (-1 % 0.1 is -0.0; ROUND of it to 2 places
					// -0.00), where a value that rounds to zero is 0.00
					// and so is a negative zero cut shorter (TRUNCATE of
					// -1 / 9223372036854775807, -0.000000000, to 2 places;
					// MySQL seed 899).
					return "-" + decRound(v, int32(d), r)
				}
				return decRound(v, int32(d), r)
			}
			s := decRound(v, int32(d), r)
			if isInt {
				if n, err := strconv.ParseInt(s, 10, 64); err == nil {
					return n
				}
			}
			return s
		}, func(f float64) any { return roundFloat(f, d, r) })
	}
}

func roundFloat(f float64, d int64, r apd.Rounder) any {
	p := math.Pow(10, float64(d))
	if r == apd.RoundDown {
		return math.Trunc(f*p) / p
	}
	return math.RoundToEven(f*p) / p
}

// decIntegral is FLOOR/CEIL: an integer when it fits in one.
func decIntegral(r apd.Rounder, g func(float64) float64) func(x any) any {
	return func(x any) any {
		return unaryDec(x, func(v *apd.Decimal) any {
			// Not Quantize: it rounds -0.005 to 0 under RoundFloor.
			op := decCtx.Floor
			if r == apd.RoundCeiling {
				op = decCtx.Ceil
			}
			var out apd.Decimal
			if _, err := op(&out, v); err != nil {
				return decText(v)
			}
			s := decText(&out)
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n
			}
			return s
		}, func(f float64) any { return int64(g(f)) })
	}
}

// decFormat rounds a value to the scale of its expression's type: the
// branches of IFNULL(d, -1) are printed like d ("-1.00").
func decFormat(x any, scale int64) any {
	digits, negZero := negativeZeroText(x)
	return signedZero(unaryDec(x, func(d *apd.Decimal) any { return decRound(d, int32(scale), apd.RoundHalfUp) },
		func(f float64) any { return f }), negZero && digits <= scale)
}

// negativeZeroText reports x, a value of SQL, as the text of a negative
// zero (negativeZero), with its digits after the point. Shown or cast at a
// scale that keeps every digit, MariaDB keeps the sign: it pads -0.0 to
// -0.00 (IF(1, -2 % 0.1, 1.00), CAST(-2 % 0.1 AS DECIMAL(5,2))), but a zero
// rounded to fewer digits loses it (ROUND(-2 % 0.1, 0) is 0, and
// -1 / 3000000000 shows 0.0000).
func negativeZeroText(x any) (digits int64, ok bool) {
	var text string
	switch v := x.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return 0, false
	}
	if !strings.HasPrefix(text, "-") || !isZeroText(text) {
		return 0, false
	}
	if i := strings.IndexByte(text, '.'); i >= 0 {
		digits = int64(len(text) - i - 1)
	}
	return digits, true
}

// decPad is x with at least scale digits after the point: a choice's
// DECIMAL (IFNULL(d, 0) is 0.00) that keeps a quotient's further digits
// (IFNULL(0.1 / 12345678901234567.89, 1) is not 0), as MariaDB computes
// with it until it is selected.
func decPad(x any, scale int64) any {
	_, negZero := negativeZeroText(x)
	return signedZero(unaryDec(x, func(d *apd.Decimal) any {
		return decRound(d, max(int32(scale), scaleOf(d)), apd.RoundHalfUp)
	}, func(f float64) any { return f }), negZero)
}

// decCast is CAST(x AS DECIMAL(p,s)): rounded, and clamped to the largest
// value of the type as MySQL does outside strict writes. A negative zero
// keeps its sign only when x is a DECIMAL (exact is 1): MariaDB reads the
// string '-0.0' as a plain zero.
func decCast(x any, p, s int64, exact ...int64) any {
	a := toDec(x)
	if a.null {
		return nil
	}
	if a.float {
		parseDec(&a.d, strconv.FormatFloat(a.f, 'g', -1, 64))
	}
	// A value far past the type (1e300) cannot be rounded at all (the
	// context's precision refuses it, and decRound answers NaN): it is out
	// of range, as one that rounds past the type is.
	near, negative := a.d.NumDigits()+int64(a.d.Exponent) <= max(p-s, 0)+1, a.d.Negative
	out := decRound(&a.d, int32(s), apd.RoundHalfUp)
	if ok, _ := fitsDecimal(out, p, s); ok && near {
		digits, negZero := negativeZeroText(x)
		return signedZero(out, negZero && digits <= s && (len(exact) == 0 || exact[0] != 0))
	}
	limit := strings.Repeat("9", int(max(p-s, 0)))
	if limit == "" {
		limit = "0"
	}
	if s > 0 {
		limit += "." + strings.Repeat("9", int(s))
	}
	if negative {
		return "-" + limit
	}
	return limit
}

// decExtreme is GREATEST (want 1) or LEAST (want -1) over exact numbers;
// NULL if any argument is NULL, as in MySQL. A negative zero is below 0
// (GREATEST(-1 % 0.1, 0) is 0.0, LEAST(0, -1 % 0.1) is -0.0).
func decExtreme(want int) func(args ...any) any {
	return func(args ...any) any {
		var best any
		for _, v := range args {
			if isNull(v) {
				return nil
			}
			if best == nil {
				best = v
				continue
			}
			if c, _ := decCmp(decSignedZero(v), decSignedZero(best)).(int64); int(c) == want {
				best = v
			}
		}
		return best
	}
}

// decExtremeStrict is decExtreme in a write, where MariaDB converts each
// argument to a DECIMAL first: a DOUBLE too large for one fails with 1916,
// even when another argument is the result (LEAST(1e300, 1.5) DIV 2).
func decExtremeStrict(want int) func(args ...any) (any, error) {
	extreme := decExtreme(want)
	return func(args ...any) (any, error) {
		for _, v := range args {
			if f, ok := v.(float64); ok && overflowsDecimal(f) {
				return nil, errors.New(decimalOverflow)
			}
		}
		return extreme(args...), nil
	}
}

// readNumber is a string read as a number of MySQL type as (DECIMAL,
// DOUBLE) outside a write: the value itself, whose numeric prefix the
// comparison reads.
func readNumber(x any, _ string) any { return x }

// truncatedPrefix begins MySQL's error 1292 for a value read as a number
// or a date that is not one.
const truncatedPrefix = "Truncated incorrect "

// readNumberStrict is readNumber in a write, where MariaDB's strict mode
// refuses a string that is not a whole number (1292, "Truncated incorrect
// DECIMAL value: 'abc'"); surrounding spaces are allowed. Read as an
// INTEGER (ALTER TABLE's copy into an integer column), the number has no
// point or exponent either, and fits 64 signed bits, whatever the column:
// '1.5', '1e2' and '18446744073709551615' fail there. Read as a DOUBLE,
// the number is within DOUBLE's range ('1e400' fails, '1e-400' is 0).
func readNumberStrict(x any, as string) (any, error) {
	s, ok := x.(string)
	if b, isBytes := x.([]byte); isBytes {
		s, ok = string(b), true
	}
	if ok && !(as == "INTEGER" && int64Text(s) || as != "INTEGER" && numberText(s) && (as != "DOUBLE" || inDoubleRange(s))) {
		return nil, fmt.Errorf("%s%s value: '%s'", truncatedPrefix, as, s)
	}
	return x, nil
}

// inDoubleRange reports s, a number (numberText), as within DOUBLE's range.
func inDoubleRange(s string) bool {
	f, err := strconv.ParseFloat(strings.Trim(s, " \t\n\r\v\f"), 64)
	return err == nil || !math.IsInf(f, 0)
}

// int64Text reports s as a whole integer (wholeInteger) within 64 signed
// bits.
func int64Text(s string) bool {
	if !wholeInteger(s) {
		return false
	}
	_, err := strconv.ParseInt(strings.Trim(s, " \t\n\r\v\f"), 10, 64)
	return err == nil
}

// decToIntStrict is mysql_dec_int_strict(v): v, a DECIMAL that ALTER TABLE
// copies into a signed integer column, rounded to an integer, as it is,
// or error 1916 beyond the signed 64-bit range, as MariaDB's copy fails
// (an UNSIGNED column's range check gives 1264 instead).
func decToIntStrict(x any) (any, error) {
	if s, ok := text(x); ok {
		if _, err := strconv.ParseInt(s, 10, 64); err != nil && digits(strings.TrimPrefix(s, "-")) {
			return nil, fmt.Errorf("%s%s' to INT. Value truncated", intOverflowPrefix, s)
		}
	}
	return x, nil
}

// numberText reports s as MySQL reads a whole number: spaces, a sign,
// digits with at most one point (at least one digit), an exponent with
// digits, spaces.
func numberText(s string) bool {
	s = strings.Trim(s, " \t\n\r\v\f")
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	ip, fp, _ := strings.Cut(mant, ".")
	if ip+fp == "" || !digits(ip+fp) {
		return false
	}
	if !hasExp {
		return true
	}
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		exp = exp[1:]
	}
	return exp != "" && digits(exp)
}

// fitsDecimal reports whether canonical text fits DECIMAL(p,s): at most
// p-s integer digits.
func fitsDecimal(text string, p, s int64) (bool, bool) {
	ip, _, _ := strings.Cut(strings.TrimPrefix(text, "-"), ".")
	ip = strings.TrimLeft(ip, "0")
	return int64(len(ip)) <= p-s, strings.HasPrefix(text, "-")
}

// Verdicts of decimalCheck, which the columns' CHECK constraints test.
const (
	decOK         = 0
	decNotNumber  = 1
	decOutOfRange = 2
)

// decimalCheck judges a value stored in a DECIMAL(p,s) column: text that
// mysql_decimal could not read is not a number (1366), one with too many
// integer digits, or negative in an UNSIGNED column, is out of range (1264).
func decimalCheck(v any, p, s, unsigned int64) int64 {
	if isNull(v) {
		return decOK
	}
	t, ok := v.(string)
	if !ok || !isDecimalText(t) {
		return decNotNumber
	}
	fits, neg := fitsDecimal(t, p, s)
	if !fits || (neg && unsigned != 0) {
		return decOutOfRange
	}
	return decOK
}

// isDecimalText reports canonical decimal text: -?digits[.digits].
func isDecimalText(s string) bool {
	s = strings.TrimPrefix(s, "-")
	ip, fp, dot := strings.Cut(s, ".")
	return ip != "" && digits(ip) && (!dot || (fp != "" && digits(fp)))
}

// decIn is x IN (list) compared as numbers: 1 on a match, NULL when x or,
// failing a match, an element is NULL, as in MySQL.
func decIn(x any, list ...any) any {
	if isNull(x) {
		return nil
	}
	sawNull := false
	for _, v := range list {
		c := decCmp(x, v)
		if c == nil {
			sawNull = true
		} else if c.(int64) == 0 {
			return int64(1)
		}
	}
	if sawNull {
		return nil
	}
	return int64(0)
}
