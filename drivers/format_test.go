package drivers

import (
	"math"
	"testing"
)

// TestFormatDouble: DOUBLEs as MariaDB 10.11 converts them to strings
// (SELECT CONCAT(x)): an exponent only where the point falls more than 15
// digits from the digits, and not past 1e15 when digits follow the point.
func TestFormatDouble(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {-1234567890123446.8, "-1234567890123446.8"}, {1.2345678901234568e15, "1234567890123456.8"},
		{1.2345678901234468e16, "1.2345678901234468e16"}, {1e15, "1e15"}, {1.1e15, "1.1e15"}, {-9.5e15, "-9.5e15"},
		{1.0000000000000002e15, "1000000000000000.2"}, {1.234567890123456e15, "1.234567890123456e15"},
		{1.5e-15, "0.0000000000000015"}, {1.25e-14, "0.0000000000000125"}, {1e-16, "1e-16"}, {1.5e-5, "0.000015"},
		{1234560000000, "1234560000000"}, {123.456, "123.456"},
	} {
		if got := FormatDouble(c.f); got != c.want {
			t.Errorf("FormatDouble(%v) = %s, want %s", c.f, got, c.want)
		}
	}
}

// TestFormatFloat: FLOAT column values as MariaDB 10.11 shows them (SELECT
// f, CONCAT(f, ”)), each written as the number in the first field.
func TestFormatFloat(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0.1, "0.1"}, {33554473, "33554500"}, {1234567, "1234570"}, {123456789, "123457000"}, {1e-10, "0.0000000001"},
		{3.4e38, "3.4e38"}, {1e15, "1e15"}, {1e14, "100000000000000"}, {1.5e15, "1.5e15"}, {123456789012345678, "1.23457e17"},
		{1.5e-5, "0.000015"}, {1.2345678e-12, "0.00000000000123457"}, {-0.000123456, "-0.000123456"}, {1e-15, "0.000000000000001"},
		{1e-16, "1e-16"}, {999999.5, "1000000"}, {9999995, "10000000"}, {1e-45, "1.4013e-45"}, {math.Copysign(0, -1), "0"},
	} {
		if got := FormatFloat(c.f); got != c.want {
			t.Errorf("FormatFloat(%v) = %s, want %s", c.f, got, c.want)
		}
	}
}
