package sqlite

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Intervals on the SQLite backend: a date, timestamp or timestamptz plus
// or minus an interval literal (now() - interval '7 days'), the form
// queries and writes use most. An interval is not a value of its own
// here: no column, parameter or result has the type.

// pgInterval is an interval as PostgreSQL keeps one: months, days and
// microseconds, each added in that order.
type pgInterval struct {
	months, days, micros int64
}

// pgIntervalUnits maps the unit words of interval input to their field.
var pgIntervalUnits = map[string]string{
	"us": "microsecond", "usec": "microsecond", "usecs": "microsecond", "microsecond": "microsecond", "microseconds": "microsecond",
	"ms": "millisecond", "msec": "millisecond", "msecs": "millisecond", "millisecond": "millisecond", "milliseconds": "millisecond",
	"s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
	"m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
	"h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
	"d": "day", "day": "day", "days": "day",
	"w": "week", "week": "week", "weeks": "week",
	"mon": "month", "mons": "month", "month": "month", "months": "month",
	"y": "year", "yr": "year", "yrs": "year", "year": "year", "years": "year",
	"dec": "decade", "decade": "decade", "decades": "decade",
	"c": "century", "cent": "century", "century": "century", "centuries": "century",
	"mil": "millennium", "mils": "millennium", "millennium": "millennium", "millennia": "millennium",
}

// pgParseInterval reads interval input in PostgreSQL's own style: numbers
// with units ('1 day 2 hours', '1.5 months', '3d'), a time ('01:30',
// '1:02:03.5'), a lone number of seconds, '@' before and 'ago' after, each
// field at most once, fractions spread to the smaller fields as
// PostgreSQL spreads them. The ISO 8601 and SQL standard forms are not
// read here (0A000).
func pgParseInterval(s string) (pgInterval, error) {
	bad := pgErr("22007", "invalid input syntax for type interval: %q", s)
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) > 0 && fields[0] == "@" {
		fields = fields[1:]
	} else if len(fields) > 0 && strings.HasPrefix(fields[0], "@") {
		fields[0] = fields[0][1:]
	}
	ago := len(fields) > 0 && fields[len(fields)-1] == "ago"
	if ago {
		fields = fields[:len(fields)-1]
	}
	if len(fields) == 0 {
		return pgInterval{}, bad
	}
	if f := fields[0]; len(fields) == 1 && (strings.HasPrefix(f, "p") || strings.Count(f, "-") == 1 && !strings.HasPrefix(f, "-")) {
		return pgInterval{}, pgUnsupported("interval input in the ISO 8601 or SQL standard form is not read on the SQLite backend")
	}
	var years, months, days, secs int64
	var micros float64
	seen := map[string]bool{}
	once := func(field string) bool {
		if seen[field] {
			return false
		}
		seen[field] = true
		return true
	}
	for i := 0; i < len(fields); i++ {
		tok := fields[i]
		if strings.Contains(tok, ":") {
			h, m, sec, us, ok := pgIntervalClock(tok)
			if !ok || !once("hour") || !once("minute") || !once("second") {
				return pgInterval{}, bad
			}
			secs += h*3600 + m*60 + sec
			micros += float64(us)
			continue
		}
		num, unit := pgSplitNumber(tok)
		if num == "" {
			return pgInterval{}, bad
		}
		if unit == "" && i+1 < len(fields) {
			if _, ok := pgIntervalUnits[fields[i+1]]; ok {
				unit = fields[i+1]
				i++
			}
		}
		field := "second"
		if unit != "" {
			var ok bool
			if field, ok = pgIntervalUnits[unit]; !ok {
				return pgInterval{}, bad
			}
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || !once(field) {
			return pgInterval{}, bad
		}
		whole, frac := math.Modf(v)
		w := int64(whole)
		switch field {
		case "microsecond":
			micros += v
		case "millisecond":
			micros += v * 1000
		case "second":
			secs += w
			micros += frac * 1e6
		case "minute":
			secs += w * 60
			micros += frac * 60e6
		case "hour":
			secs += w * 3600
			micros += frac * 3600e6
		case "day", "week":
			per := int64(1)
			if field == "week" {
				per = 7
			}
			days += w * per
			extra := frac * float64(per)
			d, f := math.Modf(extra)
			days += int64(d)
			micros += f * 86400e6
		case "month":
			months += w
			extra := frac * 30
			d, f := math.Modf(extra)
			days += int64(d)
			micros += f * 86400e6
		default: // year, decade, century, millennium
			per := map[string]int64{"year": 1, "decade": 10, "century": 100, "millennium": 1000}[field]
			years += w * per
			months += int64(math.RoundToEven(frac * float64(per*12)))
		}
	}
	iv := pgInterval{months: years*12 + months, days: days, micros: secs*1_000_000 + int64(math.RoundToEven(micros))}
	if ago {
		iv = pgInterval{-iv.months, -iv.days, -iv.micros}
	}
	return iv, nil
}

// pgSplitNumber splits "12.5days" into its number and its unit.
func pgSplitNumber(tok string) (string, string) {
	i := 0
	if i < len(tok) && (tok[i] == '+' || tok[i] == '-') {
		i++
	}
	start := i
	for i < len(tok) && (tok[i] >= '0' && tok[i] <= '9' || tok[i] == '.') {
		i++
	}
	if i == start || strings.Count(tok[:i], ".") > 1 {
		return "", ""
	}
	unit := tok[i:]
	for _, r := range unit {
		if !unicode.IsLetter(r) {
			return "", ""
		}
	}
	return tok[:i], unit
}

// pgIntervalClock reads an interval's time, [-]h:m[:s[.f]].
func pgIntervalClock(tok string) (h, m, s, us int64, ok bool) {
	neg := strings.HasPrefix(tok, "-")
	tok = strings.TrimPrefix(strings.TrimPrefix(tok, "-"), "+")
	parts := strings.Split(tok, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, 0, false
	}
	nums := make([]int64, 3)
	for i, p := range parts {
		if i == 2 {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil || p == "" || strings.ContainsAny(p, "eE+-") {
				return 0, 0, 0, 0, false
			}
			whole, frac := math.Modf(f)
			nums[2], us = int64(whole), int64(math.RoundToEven(frac*1e6))
			continue
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || p == "" || p[0] == '+' || p[0] == '-' {
			return 0, 0, 0, 0, false
		}
		nums[i] = n
	}
	if neg {
		return -nums[0], -nums[1], -nums[2], -us, true
	}
	return nums[0], nums[1], nums[2], us, true
}

// pgIntervalLiteral is n's interval when n is an interval literal
// (interval '1 day', '1 day'::interval), with no field qualifier.
func pgIntervalLiteral(n *pg_query.Node) (pgInterval, bool, error) {
	tc := n.GetTypeCast()
	if tc == nil || tc.TypeName == nil || len(tc.TypeName.Names) == 0 {
		return pgInterval{}, false, nil
	}
	if strings.ToLower(tc.TypeName.Names[len(tc.TypeName.Names)-1].GetString_().GetSval()) != "interval" {
		return pgInterval{}, false, nil
	}
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil || len(tc.TypeName.Typmods) > 0 {
		return pgInterval{}, true, pgUnsupported("an interval other than a literal without a field qualifier is not translated for the SQLite backend")
	}
	iv, err := pgParseInterval(c.GetSval().Sval)
	return iv, true, err
}

// intervalArith is date, timestamp or timestamptz plus or minus an
// interval literal, or an interval plus one of them (ok false: neither
// side is an interval literal). A date becomes a timestamp, as in
// PostgreSQL.
func (tr *pgTrans) intervalArith(op string, ln, rn *pg_query.Node) (pgExpr, bool, error) {
	if op != "+" && op != "-" {
		return pgExpr{}, false, nil
	}
	iv, ok, err := pgIntervalLiteral(rn)
	other := ln
	if !ok {
		if iv, ok, err = pgIntervalLiteral(ln); ok && err == nil && op == "-" {
			return pgExpr{}, true, pgUnsupported("interval - a value is not translated for the SQLite backend")
		}
		other = rn
	}
	if !ok || err != nil {
		return pgExpr{}, ok, err
	}
	e, err := tr.expr(other)
	if err != nil {
		return e, true, err
	}
	kind := pgTimeKind(e.typ)
	if kind == "" {
		return pgExpr{}, true, pgUnsupported("the operator %s on %s and interval is not translated for the SQLite backend", op, e.typ.Base)
	}
	typ := pgType{Base: "timestamp"}
	if kind == "z" {
		typ = pgType{Base: "timestamptz"}
	} else {
		kind = "t" // a date reads as a timestamp, and the sum is one
	}
	if op == "-" {
		iv = pgInterval{-iv.months, -iv.days, -iv.micros}
	}
	return pgExpr{sql: fmt.Sprintf("pg_add_interval(%s, %d, %d, %d, '%s')", e.sql, iv.months, iv.days, iv.micros, kind),
		typ: typ, name: "?column?"}, true, nil
}

// pgAddInterval is x plus the interval of months, days and micros: the
// months first (the day cut to the month's last), then the days, then the
// time; kind "t" a timestamp (a date reads as one), "z" a timestamptz.
func pgAddInterval(v any, months, days, micros int64, kind string) (any, error) {
	t, ok := pgStoredTime(v, kind)
	if !ok {
		return nil, nil
	}
	if months != 0 {
		y, m, d := t.Date()
		total := int64(y)*12 + int64(m-1) + months
		ny, nm := int(total/12), time.Month(total%12+1)
		if total < 0 {
			return nil, pgErr("22008", "timestamp out of range")
		}
		d = min(d, daysIn(ny, nm))
		t = time.Date(ny, nm, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	t = t.AddDate(0, 0, int(days)).Add(time.Duration(micros) * time.Microsecond)
	if t.Year() < 1 || t.Year() > 294276 {
		return nil, pgErr("22008", "timestamp out of range")
	}
	return pgTimeText(t, kind == "z"), nil
}
