package sqlite

import (
	"fmt"
	"math"
)

// MySQL's logarithms, exponential and trigonometry, which this build of
// SQLite lacks (they were 1305): DOUBLEs, NULL where the function has no
// real value (LN(0), ASIN(2), LOG(1, 8)), error 1690 where the value is
// past a DOUBLE's range (EXP(1000), COT(0)), as MariaDB answers.

// mathFuncs are the functions of one argument, by their registered name.
var mathFuncs = map[string]func(float64) float64{
	"ln": cLog, "log2": cLog2, "log10": cLog10, "exp": cExp,
	"sin": cSin, "cos": cCos, "tan": cTan, "asin": cAsin, "acos": cAcos,
	"cot":     func(x float64) float64 { return 1 / cTan(x) },
	"degrees": func(x float64) float64 { return x * degreesPerRadian },
	"radians": func(x float64) float64 { return x * radiansPerDegree },
}

// MariaDB's DEGREES and RADIANS multiply by one factor computed in doubles
// (Item_func_units: 180 / M_PI, M_PI / 180); x * 180 / pi can differ from
// it in the last bit (RADIANS of a FLOAT 12.35). Variables, so that Go
// computes them in doubles too, not as exact constants.
var (
	piDouble         = math.Pi
	degreesPerRadian = 180 / piDouble
	radiansPerDegree = piDouble / 180
)

// mathFunc is MySQL's name applied to x.
func mathFunc(name string, f func(float64) float64) func(x any) (any, error) {
	return func(x any) (any, error) {
		if isNull(x) {
			return nil, nil
		}
		return mathResult(name, f(floatOf(x)), x)
	}
}

// mathResult is r as MySQL answers it: NULL for NaN (and for the
// logarithm of 0), 1690 past a DOUBLE's range.
func mathResult(name string, r float64, args ...any) (any, error) {
	switch {
	case math.IsNaN(r):
		return nil, nil
	case math.IsInf(r, -1) && (name == "ln" || name == "log" || name == "log2" || name == "log10"):
		return nil, nil
	case math.IsInf(r, 0):
		list := ""
		for i, a := range args {
			if i > 0 {
				list += ","
			}
			list += fmt.Sprint(a)
		}
		return nil, fmt.Errorf("%s'%s(%s)'", doubleRangePrefix, name, list)
	}
	return r, nil
}

// logOf is LOG(x), or LOG(b, x): the logarithm of x in base b, NULL for
// b <= 0 or b = 1.
func logOf(args ...any) (any, error) {
	if anyNull(args) {
		return nil, nil
	}
	switch len(args) {
	case 1:
		return mathResult("log", cLog(floatOf(args[0])), args...)
	case 2:
		b, x := floatOf(args[0]), floatOf(args[1])
		if b <= 0 || b == 1 || x <= 0 {
			return nil, nil
		}
		return mathResult("log", cLog(x)/cLog(b), args...)
	}
	return nil, fmt.Errorf("wrong number of arguments to LOG")
}

// atanOf is ATAN(x) or ATAN(y, x) (ATAN2).
func atanOf(args ...any) (any, error) {
	if anyNull(args) {
		return nil, nil
	}
	switch len(args) {
	case 1:
		return cAtan(floatOf(args[0])), nil
	case 2:
		return cAtan2(floatOf(args[0]), floatOf(args[1])), nil
	}
	return nil, fmt.Errorf("wrong number of arguments to ATAN")
}

// floatOf is a number, or the number a string starts with, as a DOUBLE.
func floatOf(v any) float64 {
	d := toDec(v)
	return d.float64()
}

// anyNull reports whether one of args is NULL.
func anyNull(args []any) bool {
	for _, a := range args {
		if isNull(a) {
			return true
		}
	}
	return false
}
