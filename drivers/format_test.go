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
