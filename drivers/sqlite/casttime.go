package sqlite

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// CAST(x AS DATE) and CAST(x AS DATETIME(n)) as MariaDB reads x: a string
// it accepts as a date or datetime ('-' or '/' between the date's parts,
// spaces around), a number YYYYMMDD, YYMMDD, YYYYMMDDhhmmss or
// YYMMDDhhmmss, or a string that starts with such a date and goes on with
// other characters (a read takes the date, a write fails with 1292). An
// impossible date ('2020-02-30', '2020-13-01') is NULL in a read and 1292
// in a write, where SQLite's date() would have moved it to another day.
// In a write (an INSERT's values, an UPDATE's SET) the strict forms run:
// MariaDB's strict mode turns the read's warning into the error, while a
// WHERE only warns (it matches nothing).

// temporalPrefix is a date, with an optional time of day, at the start of
// a string.
var temporalPrefix = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,9})?)?)?`)

// temporalOf reads v as CAST reads a date or datetime. trailing: v is a
// string whose date is followed by other characters.
func temporalOf(v any) (t time.Time, trailing, ok bool) {
	switch n := v.(type) {
	case int64:
		t, ok = temporalDigits(strconv.FormatInt(n, 10))
		return t, false, ok
	case float64:
		// The whole part is the date's digits, the fraction a second's.
		if math.IsNaN(n) || n < 0 || n >= 1e15 {
			return t, false, false
		}
		whole := math.Trunc(n)
		if t, ok = temporalDigits(strconv.FormatInt(int64(whole), 10)); ok {
			t = t.Add(time.Duration(math.Round((n-whole)*1e6)) * time.Microsecond)
		}
		return t, false, ok
	}
	s, ok := text(v)
	if !ok {
		return t, false, false
	}
	s = strings.TrimSpace(s)
	if len(s) >= 10 && s[4] == '/' {
		s = strings.Replace(s, "/", "-", 2)
	}
	if t, ok = parseMySQLTime(s); ok {
		return t, false, true
	}
	if isDigits(s) {
		t, ok = temporalDigits(s)
		return t, false, ok
	}
	if p := temporalPrefix.FindString(s); p != "" {
		t, ok = parseMySQLTime(p)
		return t, true, ok
	}
	return t, false, false
}

// temporalDigits reads a date written as a number.
func temporalDigits(s string) (time.Time, bool) {
	var layout string
	switch len(s) {
	case 8:
		layout = "20060102"
	case 14:
		layout = "20060102150405"
	case 6, 12:
		// Two-digit years: 70–99 are 19xx, 00–69 20xx.
		century := "20"
		if s[0] >= '7' {
			century = "19"
		}
		return temporalDigits(century + s)
	default:
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// castDate is CAST(v AS DATE) in a read.
func castDate(v any) any {
	t, _, ok := temporalOf(v)
	if !ok {
		return nil
	}
	return t.Format("2006-01-02")
}

// castDateStrict is CAST(v AS DATE) in a write.
func castDateStrict(v any) (any, error) {
	if err := strictTemporal(v); err != nil {
		return nil, err
	}
	return castDate(v), nil
}

// castDatetimeStrict is CAST(v AS DATETIME(fsp)) in a write.
func castDatetimeStrict(v any, fsp int64) (any, error) {
	if err := strictTemporal(v); err != nil {
		return nil, err
	}
	return castDatetime(v, fsp), nil
}

// strictTemporal is error 1292 for v, neither NULL nor wholly a date.
func strictTemporal(v any) error {
	if isNull(v) {
		return nil
	}
	if _, trailing, ok := temporalOf(v); !ok || trailing {
		return invalidDate(v)
	}
	return nil
}

// temporalNumber is a DATE, DATETIME or TIME value as a number, as MySQL
// uses one in arithmetic: 2020-03-15 is 20200315, 2020-03-15 10:20:30 is
// 20200315102030, 10:20:30 is 102030 (-10:20:30 is -102030); with fsp
// fractional digits (DATETIME(fsp), TIME(fsp)) a DECIMAL of that scale,
// 20200315102030.250. kind is the value's type name without its
// precision; NULL, and a value that is not of its kind, are NULL.
func temporalNumber(v any, kind string, fsp int64) any {
	s, ok := text(v)
	if !ok {
		return nil
	}
	var neg bool
	var n, micros int64
	if kind == "TIME" {
		m, ok := timeMicros(s)
		if !ok {
			return nil
		}
		neg, m = m < 0, max(m, -m)
		secs := m / 1_000_000
		n, micros = secs/3600*10000+secs/60%60*100+secs%60, m%1_000_000
	} else if !zeroDateText.MatchString(s) { // the zero date is 0
		t, ok := parseMySQLTime(strings.TrimSpace(s))
		if !ok {
			return nil
		}
		n = int64(t.Year())*10000 + int64(t.Month())*100 + int64(t.Day())
		if kind != "DATE" {
			n = n*1000000 + int64(t.Hour())*10000 + int64(t.Minute())*100 + int64(t.Second())
			micros = int64(t.Nanosecond() / 1000)
		}
	}
	out := strconv.FormatInt(n, 10)
	if fsp > 0 {
		out += "." + fmt.Sprintf("%06d", micros)[:min(fsp, 6)]
	}
	if neg {
		out = "-" + out
	}
	if fsp > 0 {
		return out // a DECIMAL, text to SQLite
	}
	k, _ := strconv.ParseInt(out, 10, 64)
	return k
}

// unixTimestamp is UNIX_TIMESTAMP(v) of a value, as MariaDB reads v (a
// date, a datetime, a number written as one, a string that starts with
// one), the seconds since 1970 in UTC with scale digits of their
// fraction: an integer at scale 0, else a DECIMAL's text. NULL outside
// 1970-01-01 00:00:00 .. 2038-01-19 03:14:07.999999 and for what is no
// date (strictUnixTimestamp: error 1292 in a write, as MariaDB's strict
// mode makes the warning). SQLite's strftime('%s') moved an impossible
// date to another day and read a number as a Julian day.
func unixTimestamp(v any, scale int64) any {
	out, _ := unixTimestampOf(v, scale, false)
	return out
}

func strictUnixTimestamp(v any, scale int64) (any, error) { return unixTimestampOf(v, scale, true) }

func unixTimestampOf(v any, scale int64, strict bool) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	n := v
	if s, isText := v.(string); isText && strings.Contains(s, ".") && !strings.ContainsAny(s, "-:/ ") {
		// A DECIMAL's text (20250101000000.5): the number it is.
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			n = f
		}
	}
	tm, trailing, ok := temporalOf(n)
	s, _ := text(v)
	switch {
	case !ok && strict:
		return nil, invalidDate(v)
	case !ok:
		return nil, nil
	case trailing && strict:
		return nil, fmt.Errorf("%sdate value: '%s'", truncatedPrefix, s)
	}
	secs, micros := tm.Unix(), tm.Nanosecond()/1000
	if secs < 0 || secs > math.MaxInt32 {
		return nil, nil
	}
	if scale <= 0 {
		return secs, nil
	}
	return fmt.Sprintf("%d.%s", secs, fmt.Sprintf("%06d", micros)[:min(scale, 6)]), nil
}

// unixTimestampScale is the scale of UNIX_TIMESTAMP(x) of an argument of
// type tp, as MariaDB types it: a date or datetime's own, a string
// literal's fraction digits (6 when it starts with no date), a DECIMAL's scale, 6
// for another string or a DOUBLE, none for an integer.
func unixTimestampScale(x ast.ExprNode, tp sqlType) int {
	switch tp.kind {
	case kInt, kNull:
		return 0
	case kDecimal:
		return min(tp.scale, 6)
	case kOther:
		return min(tp.scale, 6)
	}
	if v, ok := x.(*test_driver.ValueExpr); ok && v.Kind() == test_driver.KindString {
		// The digits of the date it starts with ('2025-05-05x' has none).
		s := strings.TrimSpace(v.GetString())
		if full, ok := fourDigitYear(s); ok {
			s = full // '24-02-29'
		}
		if p := temporalPrefix.FindString(s); p != "" {
			if i := strings.LastIndexByte(p, '.'); i >= 0 {
				return min(len(p)-i-1, 6)
			}
			return 0
		}
	}
	return 6
}
