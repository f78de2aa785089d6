package drivers

import (
	"math"
	"strconv"
	"strings"
)

// FormatDouble writes a DOUBLE as MariaDB prints it in a result or
// converts it to a string: the shortest digits that read back the same
// value, plain between 1e-15 and 1e15 (0.00001, 10000000000), with an
// exponent outside (1e-16, 1e15, 1.2345678901234568e17).
func FormatDouble(f float64) string {
	if abs := math.Abs(f); abs != 0 && (abs < 1e-15 || abs >= 1e15) {
		return strings.Replace(strconv.FormatFloat(f, 'g', -1, 64), "e+", "e", 1)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
