package sqlite

import (
	"sort"

	"github.com/cockroachdb/apd/v3"
	"strings"
	"testing"
)

// TestDecimalCollation checks the order the decimal collation gives
// stored values: numeric, with equal numbers equal whatever their text.
func TestDecimalCollation(t *testing.T) {
	vals := []string{"10.00", "9.50", "-0.01", "0.00", "-10.5", "100", "0.5", "-0.00", "1e2", "abc"}
	sort.SliceStable(vals, func(i, j int) bool { return compareDecimalText(vals[i], vals[j]) < 0 })
	if got := strings.Join(vals, " "); got != "-10.5 -0.01 0.00 -0.00 abc 0.5 9.50 10.00 100 1e2" {
		t.Errorf("order: %s", got)
	}
	for _, p := range [][2]string{{"1.5", "1.50"}, {"-0", "0.0"}, {"007", "7"}} {
		if compareDecimalText(p[0], p[1]) != 0 {
			t.Errorf("%s and %s differ", p[0], p[1])
		}
	}
}

// TestDecimalFunctions checks the exact operations against what MariaDB
// prints for them.
func TestDecimalFunctions(t *testing.T) {
	cases := []struct {
		got  any
		want any
	}{
		{decAdd("0.10", "0.20"), "0.30"},
		// A zero that MariaDB computes by taking magnitudes apart is a
		// bare 0 (a string column stores it so); selected, it shows its
		// type's scale (dec_fmt).
		{decSub("0.10", "0.10"), "0"},
		{decAdd("0.10", "0.00"), "0.10"},
		{decAdd("0.00", "0.000"), "0.000"},
		{decMul("1.50", "-1.5"), "-2.250"},
		// A quotient keeps whole 9-digit words (truncated) until selected
		// at its type's scale (dec_fmt), as MariaDB computes it.
		{decDiv(int64(7), int64(2)), "3.500000000"},
		{decDiv(int64(2), int64(3)), "0.666666666"},
		// Both fractions widen to a word each: 18 digits.
		{decDiv("1.0", "3.0"), "0.333333333333333333"},
		{decDiv("0.1", "12345678901234567.89"), "0.000000000000000008"},
		// Leading zero words count among the quotient's words.
		{decDiv("2.50", int64(9223372036854775807)), "0.000000000"},
		{decFormat("0.666666666", 4), "0.6667"},
		{decDiv("1.25", int64(3)), "0.416666666"},
		{decDiv("1.00", int64(0)), nil},
		{decNeg("0.00"), "0.00"},
		{decRoundTo(apd.RoundHalfUp)("-2.5"), "-3"},
		{decRoundTo(apd.RoundHalfUp)("1.255", int64(2)), "1.26"},
		{decRoundTo(apd.RoundHalfUp)("123.45", int64(-1)), "120"},
		{decRoundTo(apd.RoundDown)("-1.99", int64(1)), "-1.9"},
		{decCast("abc", 5, 2), "0.00"},
		{decCast("123456", 5, 1), "9999.9"},
		{decAdd("0.5", 0.25), 0.75},
		{coerceDecimal("1.005", 2), "1.01"},
		{coerceDecimal(int64(5), 2), "5.00"},
		{coerceDecimal("-0.001", 2), "0.00"},
		{decimalCheck("1000.00", 5, 2, 0), int64(decOutOfRange)},
		{decimalCheck("999.99", 5, 2, 0), int64(decOK)},
		{decimalCheck("-1.0", 4, 1, 1), int64(decOutOfRange)},
		{decimalCheck("x", 4, 1, 0), int64(decNotNumber)},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %#v, want %#v", i, c.got, c.want)
		}
	}
}
