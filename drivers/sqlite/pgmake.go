package sqlite

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// make_date, make_timestamp and make_timestamptz on the SQLite backend:
// a date or timestamp from its fields, with PostgreSQL's range checks
// (22008). A year before 1 (BC) is not translated.

// makeFunc translates name(args) when name is one of those (ok false
// otherwise).
func (tr *pgTrans) makeFunc(name string, args []pgExpr) (pgExpr, bool, error) {
	n := map[string]int{"make_date": 3, "make_timestamp": 6, "make_timestamptz": 6}[name]
	if n == 0 {
		return pgExpr{}, false, nil
	}
	if len(args) != n {
		return pgExpr{}, true, pgErr("42883", "function %s takes %d arguments here", name, n)
	}
	sqls := make([]string, n)
	for i, a := range args {
		switch {
		case i == 5 && (a.typ.category() == "n" || a.sql == "NULL"):
			sqls[i] = pgType{Base: "float8"}.convert(a.sql, a.typ)
		case a.typ.isInt() || a.sql == "NULL":
			sqls[i] = a.sql
		default:
			return pgExpr{}, true, pgErr("42883", "function %s(%s) does not exist", name, a.typ.format())
		}
	}
	if name == "make_date" {
		return pgExpr{sql: fmt.Sprintf("pg_make_date(%s, %s, %s)", sqls[0], sqls[1], sqls[2]), typ: pgType{Base: "date"}, name: name}, true, nil
	}
	t := pgType{Base: map[string]string{"make_timestamp": "timestamp", "make_timestamptz": "timestamptz"}[name]}
	tz := 0
	if t.Base == "timestamptz" {
		tz = 1
	}
	return pgExpr{sql: fmt.Sprintf("pg_make_timestamp(%s, %s, %s, %s, %s, %s, %d)", sqls[0], sqls[1], sqls[2], sqls[3], sqls[4],
		sqls[5], tz), typ: t, name: name}, true, nil
}

// pgMakeDay checks a date's fields as make_date does.
func pgMakeDay(y, m, d int64) (time.Time, error) {
	if y < 1 {
		if y == 0 {
			return time.Time{}, pgErr("22008", "date field value out of range: %d-%02d-%02d", y, m, d)
		}
		return time.Time{}, pgUnsupported("dates before the year 1 are not supported on the SQLite backend")
	}
	if m < 1 || m > 12 || d < 1 || y > 294276 || d > int64(daysIn(int(y), time.Month(m))) {
		return time.Time{}, pgErr("22008", "date field value out of range: %d-%02d-%02d", y, m, d)
	}
	return time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, time.UTC), nil
}

// pgMakeDate is make_date(y, m, d).
func pgMakeDate(y, m, d any) (any, error) {
	yi, ok1 := y.(int64)
	mi, ok2 := m.(int64)
	di, ok3 := d.(int64)
	if !ok1 || !ok2 || !ok3 {
		return nil, nil
	}
	t, err := pgMakeDay(yi, mi, di)
	if err != nil {
		return nil, err
	}
	return t.Format("2006-01-02"), nil
}

// pgMakeTimestamp is make_timestamp (tz 0) or make_timestamptz (tz 1, the
// session's zone being UTC) of y, m, d, h, mi and sec: the hour 0 to 24
// (24 with no minutes or seconds), minutes below 60, seconds from 0 to
// 60, rounded to microseconds.
func pgMakeTimestamp(y, m, d, h, mi, sec any, tz int64) (any, error) {
	var f [5]int64
	for i, v := range []any{y, m, d, h, mi} {
		n, ok := v.(int64)
		if !ok {
			return nil, nil
		}
		f[i] = n
	}
	s, ok := sec.(float64)
	if !ok {
		return nil, nil
	}
	day, err := pgMakeDay(f[0], f[1], f[2])
	if err != nil {
		return nil, err
	}
	if f[3] < 0 || f[4] < 0 || f[4] > 59 || s < 0 || s > 60 || f[3] > 24 || f[3] == 24 && (f[4] > 0 || s > 0) || math.IsNaN(s) {
		return nil, pgErr("22008", "time field value out of range: %d:%02d:%s", f[3], f[4], strconv.FormatFloat(s, 'g', -1, 64))
	}
	us := int64(math.RoundToEven(s * 1e6))
	t := day.Add(time.Duration(f[3])*time.Hour + time.Duration(f[4])*time.Minute + time.Duration(us)*time.Microsecond)
	return pgTimeText(t, tz != 0), nil
}
