package sqlite

import (
	"fmt"
	"math"
	"math/big"
)

// MySQL computes +, -, *, DIV and unary minus of two integers in 64 bits
// and fails with 1690 when the result leaves BIGINT's range (BIGINT
// UNSIGNED's when an operand is unsigned); SQLite goes on in float64. The
// typer (typer.go) writes integer arithmetic as the functions below, which
// compute it as MySQL does. An operand that is not a 64-bit integer (a
// literal past int64, which SQLite reads as a REAL) is computed as SQLite
// would, in float64.

// bigintUnsignedRangePrefix starts 1690's message for an unsigned result.
const bigintUnsignedRangePrefix = "BIGINT UNSIGNED value is out of range in "

var intOps = map[string]func(a, b *big.Int) *big.Int{
	"+":   func(a, b *big.Int) *big.Int { return a.Add(a, b) },
	"-":   func(a, b *big.Int) *big.Int { return a.Sub(a, b) },
	"*":   func(a, b *big.Int) *big.Int { return a.Mul(a, b) },
	"DIV": func(a, b *big.Int) *big.Int { return a.Quo(a, b) },
}

var maxUint64 = new(big.Int).SetUint64(math.MaxUint64)

// intArith returns the function computing x op y.
func intArith(op string) func(x, y any, unsigned int64) (any, error) {
	return func(x, y any, unsigned int64) (any, error) {
		if x == nil || y == nil {
			return nil, nil
		}
		a, aok := x.(int64)
		b, bok := y.(int64)
		if !aok || !bok {
			return floatArith(op, x, y), nil
		}
		if op == "DIV" && b == 0 {
			return nil, nil
		}
		if r, ok := fastInt(op, a, b); ok && (unsigned == 0 || r >= 0) {
			return r, nil
		}
		r := intOps[op](big.NewInt(a), big.NewInt(b))
		switch {
		case unsigned == 0 && r.IsInt64():
			return r.Int64(), nil
		case unsigned != 0 && r.Sign() >= 0 && r.Cmp(maxUint64) <= 0:
			// Past int64: SQLite holds no larger integer.
			f, _ := new(big.Float).SetInt(r).Float64()
			return f, nil
		}
		prefix := bigintRangePrefix
		if unsigned != 0 {
			prefix = bigintUnsignedRangePrefix
		}
		return nil, fmt.Errorf("%s'%d %s %d'", prefix, a, op, b)
	}
}

// fastInt is a op b when it fits int64.
func fastInt(op string, a, b int64) (int64, bool) {
	switch op {
	case "+":
		r := a + b
		return r, (r > a) == (b > 0)
	case "-":
		r := a - b
		return r, (r < a) == (b > 0)
	case "*":
		if a == 0 || b == 0 {
			return 0, true
		}
		r := a * b
		return r, r/b == a && !(a == -1 && b == math.MinInt64) && !(b == -1 && a == math.MinInt64)
	case "DIV":
		return a / b, !(a == math.MinInt64 && b == -1)
	}
	return 0, false
}

// floatArith is x op y as SQLite computes it for a REAL operand.
func floatArith(op string, x, y any) any {
	a, b := toFloat(x), toFloat(y)
	switch op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	}
	if b == 0 {
		return nil
	}
	return math.Trunc(a / b)
}

func toFloat(v any) float64 {
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	f, _ := numberPrefix(v)
	return f
}

// intNeg is -x of an integer: -(-9223372036854775808) is out of range.
func intNeg(x any) (any, error) {
	switch v := x.(type) {
	case nil:
		return nil, nil
	case int64:
		if v == math.MinInt64 {
			return nil, fmt.Errorf("%s'-(%d)'", bigintRangePrefix, v)
		}
		return -v, nil
	}
	return -toFloat(x), nil
}
