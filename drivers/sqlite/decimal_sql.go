package sqlite

import (
	"fmt"
	"math"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/mattn/go-sqlite3"
)

// decimalCollation orders DECIMAL columns, their indexes and unique keys
// numerically: '9.50' < '10.00', and '1.5' equals '1.50'.
const decimalCollation = "decimal"

// registerDecimal adds the DECIMAL functions, aggregates and collation.
func registerDecimal(c *sqlite3.SQLiteConn) error {
	funcs := map[string]any{
		"dec_add": decAdd, "dec_sub": decSub, "dec_mul": decMul, "dec_div": decDiv, "dec_mod": decMod, "dec_intdiv": decIntDiv, "dec_intdiv_strict": decIntDivStrict,
		// divisions in a write (divzero.go)
		"dec_div_zerr": decDivZerr, "dec_mod_zerr": decModZerr, "dec_intdiv_zerr": decIntDivZerr, "mysql_real_op_zerr": realOpZerr,
		"mysql_int_op_zerr": intOpZerr, "mysql_div_zerr": divZerr, "mysql_intdiv_zerr": intDivZerr, "mysql_mod_zerr": modZerr,
		"dec_neg": decNeg, "dec_abs": decAbs, "dec_cmp": decCmp, "dec_real_cmp": decRealCmp, "dec_in": decIn, "dec_signed_zero": decSignedZero,
		"dec_round": decRoundTo(apd.RoundHalfUp), "dec_truncate": decRoundTo(apd.RoundDown),
		"dec_floor": decIntegral(apd.RoundFloor, math.Floor), "dec_ceil": decIntegral(apd.RoundCeiling, math.Ceil),
		"dec_fmt": decFormat, "dec_pad": decPad, "dec_cast": decCast,
		"dec_greatest": decExtreme(1), "dec_least": decExtreme(-1),
		"dec_greatest_strict": decExtremeStrict(1), "dec_least_strict": decExtremeStrict(-1),
		"mysql_decimal_check": decimalCheck, "mysql_num": readNumber, "mysql_num_strict": readNumberStrict,
		"mysql_num_lit": readNumber, "mysql_double_int_strict": doubleToIntStrict,
		"mysql_dec_int_strict": decToIntStrict,
		// a string literal compared with a number, as it is (typer.comparedNumber)
		"mysql_num_chk": func(x any, _ string) any { return x },
	}
	for name, f := range funcs {
		if err := registerFunc(c, name, f, true); err != nil {
			return err
		}
	}
	// Its argument is a constant: not deterministic to SQLite, so that it
	// is evaluated for each row written (SQLite computes a deterministic
	// constant once before the first row), and an UPDATE that matches no
	// row fails nothing, as on MariaDB.
	if err := registerFunc(c, "mysql_num_lit_strict", readNumberStrict, false); err != nil {
		return err
	}
	if err := registerFunc(c, "mysql_cast_char_num_strict", castCharNumberStrict, false); err != nil {
		return err
	}
	if err := c.RegisterAggregator("dec_sum", newDecSum, true); err != nil {
		return fmt.Errorf("register dec_sum: %w", err)
	}
	if err := c.RegisterAggregator("dec_avg", newDecAvg, true); err != nil {
		return fmt.Errorf("register dec_avg: %w", err)
	}
	return c.RegisterCollation(decimalCollation, compareDecimalText)
}

// spread is MySQL's VARIANCE (VAR_POP), VAR_SAMP, STDDEV (STD,
// STDDEV_POP) and STDDEV_SAMP, which the parser names as SQLite calls
// them: a DOUBLE from the running mean and sum of squared differences
// (Welford), NULL without rows (and for a sample, with one row).
type spread struct {
	n            int64
	mean, m2     float64
	sample, root bool
}

// realSum is MariaDB's SUM (avg: AVG) of DOUBLEs: added one by one in the
// order the rows come, where SQLite's sum() compensates the rounding
// (SUM of 1.1, 0.3333 and 1e-10 is 1.4333333331000002 on MariaDB, and
// 1.4333333331 in SQLite); NULL without a value.
type realSum struct {
	sum float64
	n   int64
	avg bool
}

func newRealSum(avg bool) func() *realSum {
	return func() *realSum { return &realSum{avg: avg} }
}

func (r *realSum) Step(v any) {
	a := toDec(v)
	if a.null {
		return
	}
	r.sum += a.float64()
	r.n++
}

func (r *realSum) Done() any {
	switch {
	case r.n == 0:
		return nil
	case r.avg:
		return r.sum / float64(r.n)
	}
	return r.sum
}

func newSpread(sample, root bool) func() *spread {
	return func() *spread { return &spread{sample: sample, root: root} }
}

func (s *spread) Step(v any) {
	a := toDec(v)
	if a.null {
		return
	}
	x := a.float64()
	s.n++
	d := x - s.mean
	s.mean += d / float64(s.n)
	s.m2 += d * (x - s.mean)
}

func (s *spread) Done() any {
	n := s.n
	if s.sample {
		n--
	}
	if n <= 0 {
		return nil
	}
	v := s.m2 / float64(n)
	if s.root {
		return math.Sqrt(v)
	}
	return v
}

// decSum is SUM over exact numbers; DOUBLE inputs make it a DOUBLE sum.
type decSum struct {
	sum   apd.Decimal
	f     float64
	float bool
	n     int64
	scale int32
}

func newDecSum() *decSum { return &decSum{} }

func (s *decSum) Step(v any) {
	a := toDec(v)
	switch {
	case a.null:
		return
	case a.float:
		s.float = true
		s.f += a.f
	default:
		s.scale = max(s.scale, scaleOf(&a.d))
		_, _ = decCtx.Add(&s.sum, &s.sum, &a.d)
		f, _ := a.d.Float64()
		s.f += f
	}
	s.n++
}

func (s *decSum) Done() any {
	switch {
	case s.n == 0:
		return nil
	case s.float:
		return s.f
	}
	return decRound(&s.sum, s.scale, apd.RoundHalfUp)
}

// decAvg is AVG over exact numbers, with div_precision_increment more
// decimals than its input, as MySQL computes it.
type decAvg struct{ decSum }

func newDecAvg() *decAvg { return &decAvg{} }

func (a *decAvg) Done() any {
	switch {
	case a.n == 0:
		return nil
	case a.float:
		return a.f / float64(a.n)
	}
	var q apd.Decimal
	_, _ = decCtx.Quo(&q, &a.sum, apd.New(a.n, 0))
	return decRound(&q, min(a.scale+divScale, maxScale), apd.RoundHalfUp)
}

// compareDecimalText compares two stored values as numbers. Canonical
// text (what mysql_decimal stores) is compared digit by digit without
// parsing; anything else goes through apd.
func compareDecimalText(a, b string) int {
	if a == b {
		return 0
	}
	if isDecimalText(a) && isDecimalText(b) {
		return compareCanonical(a, b)
	}
	var x, y apd.Decimal
	parseDec(&x, a)
	parseDec(&y, b)
	return x.Cmp(&y)
}

func compareCanonical(a, b string) int {
	na, nb := strings.HasPrefix(a, "-") && !isZeroText(a), strings.HasPrefix(b, "-") && !isZeroText(b)
	switch {
	case na && !nb:
		return -1
	case nb && !na:
		return 1
	case na:
		return compareMagnitude(b[1:], a[1:])
	}
	return compareMagnitude(strings.TrimPrefix(a, "-"), strings.TrimPrefix(b, "-"))
}

func isZeroText(s string) bool { return strings.Trim(s, "-0.") == "" }

// compareMagnitude compares unsigned decimal texts: integer parts by
// length then digits, then fractions digit by digit.
func compareMagnitude(a, b string) int {
	ai, af, _ := strings.Cut(a, ".")
	bi, bf, _ := strings.Cut(b, ".")
	ai, bi = strings.TrimLeft(ai, "0"), strings.TrimLeft(bi, "0")
	if len(ai) != len(bi) {
		if len(ai) < len(bi) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(ai, bi); c != 0 {
		return c
	}
	af, bf = strings.TrimRight(af, "0"), strings.TrimRight(bf, "0")
	return strings.Compare(af, bf)
}
