package sqlite

// The C library's functions, which MariaDB computes with: Go's own math
// package differs from them in the last digit here and there (Go's
// math.Tan(π/4) is 1, the C library's 0.9999999999999999, which MariaDB
// answers for TAN(PI()/4); COT(1) is 0.6420926159343308 against
// MariaDB's 0.6420926159343306), and a read must answer MariaDB's digits.

/*
#cgo LDFLAGS: -lm
#include <math.h>
*/
import "C"

func cLog(x float64) float64   { return float64(C.log(C.double(x))) }
func cLog2(x float64) float64  { return float64(C.log2(C.double(x))) }
func cLog10(x float64) float64 { return float64(C.log10(C.double(x))) }
func cExp(x float64) float64   { return float64(C.exp(C.double(x))) }
func cSin(x float64) float64   { return float64(C.sin(C.double(x))) }
func cCos(x float64) float64   { return float64(C.cos(C.double(x))) }
func cTan(x float64) float64   { return float64(C.tan(C.double(x))) }
func cAsin(x float64) float64  { return float64(C.asin(C.double(x))) }
func cAcos(x float64) float64  { return float64(C.acos(C.double(x))) }
func cAtan(x float64) float64  { return float64(C.atan(C.double(x))) }
func cAtan2(y, x float64) float64 {
	return float64(C.atan2(C.double(y), C.double(x)))
}
