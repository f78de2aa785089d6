package sqlite

import (
	"fmt"
	"math"

	"github.com/cockroachdb/apd/v3"
)

// PostgreSQL's floor, ceil/ceiling, trunc, sign, mod, sqrt and power on
// the SQLite backend. An integer argument goes to the double precision
// form (PostgreSQL's preferred numeric type) except in mod and in trunc
// with places, which have no such form; a numeric one to the numeric form;
// sqrt and power of a numeric (whose result digits PostgreSQL chooses by
// rules of its own) are not translated.

// mathFunc translates name(args) when name is one of those (ok false
// otherwise).
func (tr *pgTrans) mathFunc(name string, args []pgExpr) (pgExpr, bool, error) {
	float := pgType{Base: "float8"}
	out := func(sql string, t pgType) (pgExpr, bool, error) {
		return pgExpr{sql: sql, typ: t, name: name}, true, nil
	}
	// asFloat is a as the double precision form reads it.
	asFloat := func(a pgExpr) string {
		if a.typ.Base == "float8" {
			return a.sql
		}
		return float.convert(a.sql, a.typ)
	}
	switch name {
	case "floor", "ceil", "ceiling", "sign", "trunc", "mod", "sqrt", "power", "pow":
	default:
		return pgExpr{}, false, nil
	}
	for _, a := range args {
		if a.typ.Base == "" && a.sql != "NULL" || a.typ.Base != "" && a.typ.category() != "n" {
			return pgExpr{}, true, pgUnsupported("%s of this argument is not translated for the SQLite backend", name)
		}
	}
	switch name {
	case "floor", "ceil", "ceiling", "sign":
		if len(args) != 1 {
			return pgExpr{}, true, pgErr("42883", "function %s takes one argument", name)
		}
		fn := pgMathName(name)
		if args[0].typ.Base == "numeric" {
			return out(fmt.Sprintf("pg_math('%s', %s, 0)", fn, args[0].sql), pgType{Base: "numeric"})
		}
		return out(fmt.Sprintf("pg_math('%s', %s, 0)", fn, asFloat(args[0])), float)
	case "trunc":
		if len(args) < 1 || len(args) > 2 {
			return pgExpr{}, true, pgErr("42883", "function trunc takes one or two arguments")
		}
		a := args[0]
		if len(args) == 1 && a.typ.Base != "numeric" {
			return out(fmt.Sprintf("pg_math('trunc', %s, 0)", asFloat(a)), float)
		}
		if a.typ.isFloat() {
			return pgExpr{}, true, pgErr("42883", "function trunc(double precision, integer) does not exist")
		}
		places := "0"
		if len(args) == 2 {
			if !args[1].typ.isInt() {
				return pgExpr{}, true, pgUnsupported("trunc's places must be an integer on the SQLite backend")
			}
			places = args[1].sql
		}
		num := pgType{Base: "numeric"}
		return out(fmt.Sprintf("pg_math('trunc', %s, %s)", num.convert(a.sql, a.typ), places), num)
	case "mod":
		if len(args) != 2 {
			return pgExpr{}, true, pgErr("42883", "function mod takes two arguments")
		}
		e, err := arith("%", args[0], args[1])
		e.name = name
		return e, true, err
	case "sqrt", "power", "pow":
		n := 2
		if name == "sqrt" {
			n = 1
		}
		if len(args) != n {
			return pgExpr{}, true, pgErr("42883", "function %s takes %d argument(s)", name, n)
		}
		second := "0"
		for i, a := range args {
			if a.typ.Base == "numeric" {
				return pgExpr{}, true, pgUnsupported("%s of a numeric is not translated for the SQLite backend", name)
			}
			if i == 1 {
				second = asFloat(a)
			}
		}
		return out(fmt.Sprintf("pg_math('%s', %s, %s)", pgMathName(name), asFloat(args[0]), second), float)
	}
	return pgExpr{}, false, nil
}

// pgMathName is the name pg_math knows a function by.
func pgMathName(name string) string {
	switch name {
	case "ceiling":
		return "ceil"
	case "pow":
		return "power"
	}
	return name
}

// pgMath is the function fn of v: a double (float64) or a numeric (a
// decimal text); arg is trunc's places or power's exponent.
func pgMath(fn string, v, arg any) (any, error) {
	if isNull(v) || isNull(arg) {
		return nil, nil
	}
	if f, ok := v.(float64); ok {
		return pgMathFloat(fn, f, arg)
	}
	d, err := pgParseNumeric(v)
	if err != nil {
		return nil, err
	}
	var r apd.Decimal
	switch fn {
	case "floor":
		_, err = pgDecCtx.Floor(&r, d)
	case "ceil":
		_, err = pgDecCtx.Ceil(&r, d)
	case "sign":
		r.SetInt64(int64(d.Sign()))
	case "trunc":
		places, _ := arg.(int64)
		ctx := *pgDecCtx
		ctx.Rounding = apd.RoundDown
		if _, err := ctx.Quantize(&r, d, -int32(places)); err != nil {
			return nil, pgErr("22003", "value overflows numeric format")
		}
		return pgNumText(&r, max(int32(places), 0)), nil
	default:
		return nil, fmt.Errorf("pg_math: unknown function %s", fn)
	}
	if err != nil {
		return nil, pgErr("22003", "value overflows numeric format")
	}
	return pgNumText(&r, 0), nil
}

// pgMathFloat is pgMath of a double, with PostgreSQL's errors.
func pgMathFloat(fn string, f float64, arg any) (any, error) {
	switch fn {
	case "floor":
		return math.Floor(f), nil
	case "ceil":
		return math.Ceil(f), nil
	case "trunc":
		return math.Trunc(f), nil
	case "sign":
		switch {
		case f > 0:
			return 1.0, nil
		case f < 0:
			return -1.0, nil
		}
		return 0.0, nil
	case "sqrt":
		if f < 0 {
			return nil, pgErr("2201F", "cannot take square root of a negative number")
		}
		return math.Sqrt(f), nil
	case "power":
		y, _ := arg.(float64)
		if iy, ok := arg.(int64); ok {
			y = float64(iy)
		}
		switch {
		case f == 0 && y < 0:
			return nil, pgErr("2201F", "zero raised to a negative power is undefined")
		case f < 0 && y != math.Trunc(y):
			return nil, pgErr("2201F", "a negative number raised to a non-integer power yields a complex result")
		}
		r := math.Pow(f, y)
		switch {
		case math.IsInf(r, 0) && !math.IsInf(f, 0) && !math.IsInf(y, 0):
			return nil, pgErr("22003", "value out of range: overflow")
		case r == 0 && f != 0 && !math.IsInf(y, 0):
			return nil, pgErr("22003", "value out of range: underflow")
		}
		return r, nil
	}
	return nil, fmt.Errorf("pg_math: unknown function %s", fn)
}
