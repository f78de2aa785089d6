package sqlite

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// MySQL's date arithmetic, which SQLite's date()/strftime() spell
// differently or lack: DATE_ADD(d, INTERVAL n UNIT) clamps to the end of
// the month (2024-01-31 + 1 MONTH is 2024-02-29), TIMESTAMPDIFF counts
// whole units, and an invalid date gives NULL.

// dateFuncs are the date functions translated to a registered function
// with the same arguments.
var dateFuncs = map[string]string{
	"last_day": "mysql_last_day", "datediff": "mysql_datediff",
	"dayofweek": "mysql_dayofweek", "dayofyear": "mysql_dayofyear", "date": "mysql_date_of",
	"year": "mysql_year", "month": "mysql_month", "day": "mysql_dayofmonth", "dayofmonth": "mysql_dayofmonth",
}

// rewriteInterval translates DATE_ADD/DATE_SUB/ADDDATE/SUBDATE(d,
// INTERVAL n UNIT) and TIMESTAMPDIFF(UNIT, a, b), whose unit the parser
// keeps as a keyword SQLite cannot read.
func rewriteInterval(e *ast.FuncCallExpr) (ast.ExprNode, bool) {
	switch e.FnName.L {
	case "date_add", "adddate", "date_sub", "subdate":
		if len(e.Args) != 3 {
			return e, false
		}
		return intervalCall("mysql_date_add", e)
	case "timestampdiff":
		if len(e.Args) != 3 {
			return e, false
		}
		u, ok := e.Args[0].(*ast.TimeUnitExpr)
		if !ok {
			return e, false
		}
		return raw("mysql_timestampdiff('"+u.Unit.String()+"', ", e.Args[1], ", ", e.Args[2], ")"), true
	}
	return e, false
}

// mariadbSynonym rewrites a call that MariaDB answers as another function
// into that function, before its arguments are translated: TIMESTAMPADD(UNIT, n, d) the
// DATE_ADD(d, INTERVAL n UNIT) it is (one Item_date_add_interval; SQLite
// read its unit as a column, 1054), WEEKOFYEAR(d) the WEEK(d, 3) it is.
func mariadbSynonym(e *ast.FuncCallExpr) {
	if e.FnName.L == "weekofyear" && len(e.Args) == 1 {
		// WEEKOFYEAR(d) is WEEK(d, 3) in MariaDB.
		e.FnName = ast.NewCIStr("WEEK")
		e.Args = append(e.Args, ast.NewValueExpr(int64(3), "", ""))
		return
	}
	if e.FnName.L != "timestampadd" || len(e.Args) != 3 {
		return
	}
	if _, ok := e.Args[0].(*ast.TimeUnitExpr); ok {
		e.FnName = ast.NewCIStr("DATE_ADD")
		e.Args = []ast.ExprNode{e.Args[2], e.Args[1], e.Args[0]}
	}
}

// intervalCall is fn(d, n, sign, 'UNIT') for DATE_ADD(d, INTERVAL n UNIT)
// or one of its synonyms e (sign -1 for DATE_SUB and SUBDATE); e and false
// for a unit fn does not know.
func intervalCall(fn string, e *ast.FuncCallExpr) (ast.ExprNode, bool) {
	u, ok := e.Args[2].(*ast.TimeUnitExpr)
	if unit := u.Unit.String(); !ok || intervalUnits[unit] == 0 && !monthUnits[unit] && compoundUnits[unit] == nil {
		return e, false
	}
	sign := "1"
	if e.FnName.L == "date_sub" || e.FnName.L == "subdate" {
		sign = "-1"
	}
	return raw(fn+"(", e.Args[0], ", ", e.Args[1], ", "+sign+", '"+u.Unit.String()+"')"), true
}

// intervalUnits are the fixed-length units; monthUnits count months.
var (
	intervalUnits = map[string]time.Duration{
		"MICROSECOND": time.Microsecond, "SECOND": time.Second, "MINUTE": time.Minute,
		"HOUR": time.Hour, "DAY": 24 * time.Hour, "WEEK": 7 * 24 * time.Hour,
	}
	monthUnits = map[string]bool{"MONTH": true, "QUARTER": true, "YEAR": true}
	monthsIn   = map[string]int{"MONTH": 1, "QUARTER": 3, "YEAR": 12}
)

// dateValue reads a DATE or DATETIME argument; dateOnly tells a value
// without a time of day, digits the number of fractional digits written.
func dateValue(v any) (t time.Time, dateOnly bool, digits int, ok bool) {
	s, ok := text(v)
	if !ok {
		return t, false, 0, false
	}
	s = strings.TrimSpace(s)
	if full, short := fourDigitYear(s); short {
		s = full // '10:11:12' is 2010-11-12, a date alone
	}
	if t, ok = parseMySQLTime(s); !ok {
		return t, false, 0, false
	}
	if !strings.ContainsAny(s, ": T") && len(s) <= 10 {
		return t, true, 0, true
	}
	if i := strings.LastIndexByte(s, '.'); i > strings.LastIndexByte(s, ':') {
		digits = len(s) - i - 1
	}
	return t, false, digits, true
}

// maxSpan bounds an interval in microseconds: beyond 20,000 years every
// result is out of range.
const maxSpan = int64(20_000 * 366 * 24 * 3600 * 1_000_000)

// inRange tells whether t is a date MySQL can hold.
func inRange(t time.Time) bool { return t.Year() >= 0 && t.Year() <= 9999 }

// dateAdd is DATE_ADD(d, INTERVAL n unit) (sign -1: DATE_SUB). A DATE
// stays a DATE when the unit counts days or more, as in MySQL.
func dateAdd(d, n any, sign int64, unit string) any {
	t, dateOnly, digits, ok := dateValue(d)
	if !ok {
		return nil
	}
	frac := 0 // a SECOND count's fractional digits
	switch {
	case unit == "YEAR_MONTH" || monthUnits[unit]:
		k, ok := intervalCount(n)
		if unit == "YEAR_MONTH" {
			k, ok = compoundCount(n, unit)
		} else {
			k *= int64(monthsIn[unit])
		}
		if !ok {
			return nil
		}
		t = addMonths(t, sign*k)
	default:
		// Microseconds, not time.Duration: 9999 years overflow a Duration.
		var k int64
		if k, frac, ok = intervalMicros(n, unit); !ok {
			return nil
		}
		t = time.UnixMicro(t.UnixMicro() + sign*k).UTC()
		// A DATE moved by less than a day is a DATETIME, as MariaDB's.
		dateOnly = dateOnly && (unit == "DAY" || unit == "WEEK")
	}
	if !inRange(t) {
		return nil
	}
	return formatDate(t, dateOnly, intervalDigits(unit, digits, frac))
}

// intervalMicros reads INTERVAL n unit of a unit of fixed length (a
// compound one too, YEAR_MONTH aside) in microseconds, with a SECOND
// count's fractional digits (secondCount); false for a count that is no
// number or past maxSpan.
func intervalMicros(n any, unit string) (int64, int, bool) {
	var k int64
	frac, ok := 0, false
	switch {
	case compoundUnits[unit] != nil:
		k, ok = compoundCount(n, unit)
	case unit == "SECOND":
		k, frac, ok = secondCount(n)
	default:
		k, ok = intervalCount(n)
		step := intervalUnits[unit].Microseconds()
		if k > maxSpan/step || k < -maxSpan/step {
			return 0, 0, false
		}
		k *= step
	}
	return k, frac, ok && k <= maxSpan && k >= -maxSpan
}

// intervalDigits is the fractional digits of a result with digits of its
// own moved by INTERVAL n unit: six with a microseconds unit, as many as a
// SECOND count has when more.
func intervalDigits(unit string, digits, frac int) int {
	if strings.HasSuffix(unit, "MICROSECOND") {
		return 6
	}
	return max(digits, frac)
}

// secondCount reads INTERVAL n SECOND in microseconds, with the
// fractional digits the result shows for it: MariaDB keeps a fraction of a
// second where it rounds the count of any other unit (INTERVAL 1.5 SECOND
// is 1.5 seconds, 1.2345678 SECOND 1.234567), and shows a DECIMAL count's
// digits (at most six), six of a DOUBLE (a string count comes as one: the
// number it starts with, CAST at translation).
func secondCount(n any) (int64, int, bool) {
	var s string
	digits := -1 // a DECIMAL's, as its text has them
	switch n := n.(type) {
	case int64:
		if n > maxSpan/1e6 || n < -maxSpan/1e6 {
			return maxSpan + 1, 0, true // out of range, NULL
		}
		return n * 1e6, 0, true
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return 0, 0, false
		}
		s, digits = strconv.FormatFloat(n, 'f', -1, 64), 6
	default:
		t, ok := text(n)
		if !ok {
			return 0, 0, false
		}
		s = leadingDecimal.FindString(t)
	}
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	whole, fraction, _ := strings.Cut(strings.TrimLeft(s, "+-"), ".")
	if len(fraction) > 6 {
		fraction = fraction[:6]
	}
	if digits < 0 {
		digits = len(fraction)
	}
	var secs int64
	if whole != "" {
		v, err := strconv.ParseInt(whole, 10, 64)
		if err != nil || v > maxSpan/1e6 {
			return maxSpan + 1, 0, true
		}
		secs = v
	}
	micros := secs*1e6 + fracMicros(fraction)
	if neg {
		micros = -micros
	}
	return micros, digits, true
}

var leadingDecimal = regexp.MustCompile(`^\s*[+-]?\d*(\.\d*)?`)

// timeAdd is DATE_ADD(t, INTERVAL n unit) of a TIME t (sign -1:
// DATE_SUB): a TIME, NULL past TIME's range or with a unit of months, as
// MariaDB's.
func timeAdd(d, n any, sign int64, unit string) any {
	s, ok := text(d)
	if !ok || monthUnits[unit] || unit == "YEAR_MONTH" {
		return nil
	}
	micros, ok := timeMicros(s)
	if !ok {
		return nil
	}
	k, frac, ok := intervalMicros(n, unit)
	if !ok {
		return nil
	}
	r := micros + sign*k
	if r > maxTimeMicros+999_999 || r < -maxTimeMicros-999_999 {
		return nil
	}
	digits := 0
	if _, f, ok := strings.Cut(strings.TrimSpace(s), "."); ok {
		digits = len(f)
	}
	return formatTime(r < 0, abs64(r), int64(min(intervalDigits(unit, digits, frac), 6)))
}

// compoundUnits are INTERVAL's units of several fields, largest first, each
// field's size in microseconds (YEAR_MONTH: in months).
var compoundUnits = map[string][]int64{
	"SECOND_MICROSECOND": {1e6, 1},
	"MINUTE_MICROSECOND": {60e6, 1e6, 1},
	"MINUTE_SECOND":      {60e6, 1e6},
	"HOUR_MICROSECOND":   {3600e6, 60e6, 1e6, 1},
	"HOUR_SECOND":        {3600e6, 60e6, 1e6},
	"HOUR_MINUTE":        {3600e6, 60e6},
	"DAY_MICROSECOND":    {86400e6, 3600e6, 60e6, 1e6, 1},
	"DAY_SECOND":         {86400e6, 3600e6, 60e6, 1e6},
	"DAY_MINUTE":         {86400e6, 3600e6, 60e6},
	"DAY_HOUR":           {86400e6, 3600e6},
	"YEAR_MONTH":         {12, 1},
}

// compoundCount reads the value of INTERVAL v unit for a compound unit, as
// MySQL reads it: its runs of digits are the unit's fields, right-aligned
// (INTERVAL '1:10' DAY_SECOND is 1 minute 10 seconds), a leading '-'
// negating them all, and a microseconds field read as a fraction's digits
// ('1.5' SECOND_MICROSECOND is 1.5 seconds). It returns the total in
// microseconds (YEAR_MONTH: months); false for more runs than fields.
func compoundCount(v any, unit string) (int64, bool) {
	sizes := compoundUnits[unit]
	s, ok := text(v)
	if !ok {
		return 0, false
	}
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var runs []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		runs = append(runs, f)
	}
	if len(runs) == 0 || len(runs) > len(sizes) {
		return 0, false
	}
	fields := sizes[len(sizes)-len(runs):]
	var total int64
	for i, run := range runs {
		n, err := strconv.ParseInt(run, 10, 64)
		if err != nil || n > maxSpan {
			return 0, false
		}
		if i == len(runs)-1 && fields[i] == 1 && strings.HasSuffix(unit, "MICROSECOND") && len(run) < 6 {
			n *= int64(pow10(6 - len(run)))
		}
		total += n * fields[i]
		if total > maxSpan || total < 0 {
			return 0, false
		}
	}
	if neg {
		total = -total
	}
	return total, true
}

// intervalCount reads INTERVAL's n: MySQL rounds a fractional count (a
// DECIMAL half away from zero, dec_round at translation; a DOUBLE half to even).
func intervalCount(n any) (int64, bool) {
	switch n := n.(type) {
	case int64:
		return n, true
	case float64:
		return int64(math.RoundToEven(n)), true // a DOUBLE half to even, as MariaDB's rint
	}
	s, ok := text(n)
	if !ok {
		return 0, false
	}
	// A string's count is the integer it starts with ('2.5' is 2, 'abc'
	// 0), as MariaDB reads it; it was NULL here, so INTERVAL '7' MONTH
	// stored NULL where a MariaDB node stored the date.
	m := leadingInteger.FindString(s)
	if m == "" {
		return 0, true
	}
	k, err := strconv.ParseInt(strings.TrimSpace(m), 10, 64)
	return k, err == nil
}

var leadingInteger = regexp.MustCompile(`^\s*[+-]?\d+`)

// addMonths moves t by k months, clamping the day to the month's last.
func addMonths(t time.Time, k int64) time.Time {
	m := int64(t.Year())*12 + int64(t.Month()) - 1 + k
	y, mon := int(m/12), time.Month(m%12+1)
	if m < 0 {
		return time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	day := min(t.Day(), daysIn(y, mon))
	return time.Date(y, mon, day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func formatDate(t time.Time, dateOnly bool, digits int) string {
	if dateOnly {
		return t.Format("2006-01-02")
	}
	out := t.Format("2006-01-02 15:04:05")
	if digits > 0 {
		out += t.Format(".000000")[:min(digits, 6)+1]
	}
	return out
}

// timestampDiff is TIMESTAMPDIFF(unit, a, b): b - a in whole units; a
// month counts only once its day and time of day are reached.
func timestampDiff(unit string, a, b any) any {
	x, _, _, ok1 := dateValue(a)
	y, _, _, ok2 := dateValue(b)
	if !ok1 || !ok2 {
		return nil
	}
	if monthUnits[unit] {
		return monthDiff(x, y) / int64(monthsIn[unit])
	}
	step, ok := intervalUnits[unit]
	if !ok {
		return nil
	}
	// Microseconds, not time.Duration: 9999 years overflow a Duration.
	return (y.UnixMicro() - x.UnixMicro()) / step.Microseconds()
}

func monthDiff(x, y time.Time) int64 {
	months := int64(y.Year()-x.Year())*12 + int64(y.Month()-x.Month())
	rest := func(t time.Time) time.Time {
		return time.Date(2000, 1, t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	switch {
	case !y.Before(x) && rest(y).Before(rest(x)):
		months--
	case y.Before(x) && rest(x).Before(rest(y)):
		months++
	}
	return months
}

func lastDay(d any) any {
	t, _, _, ok := dateValue(d)
	if !ok {
		return nil
	}
	return time.Date(t.Year(), t.Month(), daysIn(t.Year(), t.Month()), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// dateDiff is DATEDIFF(a, b): days between the dates, times ignored.
func dateDiff(a, b any) any {
	x, _, _, ok1 := dateValue(a)
	y, _, _, ok2 := dateValue(b)
	if !ok1 || !ok2 {
		return nil
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	return (day(x).Unix() - day(y).Unix()) / 86400
}

// datePartOf applies f to a valid date argument, NULL otherwise.
func datePartOf[T any](f func(time.Time) T) func(any) any {
	return func(d any) any {
		t, _, _, ok := dateValue(d)
		if !ok {
			return nil
		}
		return f(t)
	}
}

// calendarPart is YEAR, MONTH or DAYOFMONTH (part 0, 1, 2) of a date: NULL
// for an invalid one ('2023-02-30', which SQLite's strftime would move to
// March), the written number for a date with a zero month or day
// ('2024-00-00'), as MySQL reads them.
func calendarPart(part int) func(any) any {
	return func(d any) any {
		if t, _, _, ok := dateValue(d); ok {
			return [3]int64{int64(t.Year()), int64(t.Month()), int64(t.Day())}[part]
		}
		if isZeroDate(d) {
			return int64(0)
		}
		s, _ := text(d)
		m := zeroInDate.FindStringSubmatch(s)
		if m == nil || m[2] != "0" && m[2] != "00" && m[3] != "0" && m[3] != "00" {
			return nil
		}
		n, _ := strconv.ParseInt(m[part+1], 10, 64)
		return n
	}
}

var zeroInDate = regexp.MustCompile(`^\s*(\d{4})-(\d{1,2})-(\d{1,2})\b`)

var quarterOf = datePartOf(func(t time.Time) int64 { return int64((t.Month()-1)/3 + 1) })

// dateFuncImpls are registered by registerFuncs.
var dateFuncImpls = map[string]any{
	"mysql_date_add":      dateAdd,
	"mysql_time_add":      timeAdd,
	"mysql_timestampdiff": timestampDiff,
	"mysql_last_day":      lastDay,
	"mysql_date_of": func(d any) any {
		if t, _, _, ok := dateValue(d); ok {
			return t.Format("2006-01-02")
		}
		if isZeroDate(d) {
			return "0000-00-00" // DATE of the zero date is the zero date
		}
		return nil
	},
	"mysql_datediff":  dateDiff,
	"mysql_dayofweek": datePartOf(func(t time.Time) int64 { return int64(t.Weekday()) + 1 }),
	"mysql_dayofyear": datePartOf(func(t time.Time) int64 { return int64(t.YearDay()) }),
	"mysql_dayname":   datePartOf(func(t time.Time) string { return t.Weekday().String() }),
	"mysql_monthname": datePartOf(func(t time.Time) string { return t.Month().String() }),
	"mysql_quarter": func(d any) any {
		if isZeroDate(d) {
			return int64(0) // the zero date's month 0 is in quarter 0
		}
		return quarterOf(d)
	},
	"mysql_weekday": datePartOf(func(t time.Time) int64 { return int64((t.Weekday() + 6) % 7) }), // Monday 0
	// TO_DAYS: days since year 0 (0000-01-01 is day 1), in Unix seconds
	// (a Duration would overflow past 292 years).
	"mysql_to_days": datePartOf(func(t time.Time) int64 {
		return (time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() - dayZero.Unix()) / 86400
	}),
	"mysql_year":       calendarPart(0),
	"mysql_month":      calendarPart(1),
	"mysql_dayofmonth": calendarPart(2),
}

// dateResultType is MySQL's type of DATE_ADD and LAST_DAY: a DATE stays a
// DATE unless a unit below a day makes it a DATETIME; a string argument
// gives a string.
func dateResultType(name string, e *ast.FuncCallExpr, args []sqlType) sqlType {
	if name == "last_day" || name == "date" || name == "from_days" || name == "makedate" {
		// Written as a DATE column stores it: compared as one.
		return sqlType{kind: kOther, name: "DATE", stored: true}
	}
	if len(args) != 3 || args[0].kind != kOther || args[0].name == "" {
		return sqlType{kind: kString, name: "CHAR"}
	}
	a := args[0]
	u, _ := e.Args[2].(*ast.TimeUnitExpr)
	if a.name == "DATE" && u != nil && (monthUnits[u.Unit.String()] || u.Unit.String() == "DAY" || u.Unit.String() == "WEEK" ||
		u.Unit.String() == "YEAR_MONTH") {
		return a
	}
	// As many fractional digits as the argument or the interval has: six
	// with a microseconds unit, a SECOND count's own (INTERVAL 1.25 SECOND
	// two, of an integer none, of a string or DOUBLE six), as MariaDB's.
	scale := a.scale
	if u != nil {
		switch unit := u.Unit.String(); {
		case strings.HasSuffix(unit, "MICROSECOND"):
			scale = 6
		case unit == "SECOND" && args[1].kind == kDecimal:
			scale = max(scale, min(args[1].scale, 6))
		case unit == "SECOND" && args[1].kind != kInt:
			scale = 6
		}
	}
	base := "DATETIME"
	if a.name == "TIME" && (u == nil || !monthUnits[u.Unit.String()] && u.Unit.String() != "YEAR_MONTH") {
		base = "TIME" // of months a DATETIME, always NULL
	}
	if scale > 0 {
		return sqlType{kind: kOther, name: fmt.Sprintf("%s(%d)", base, scale), scale: scale}
	}
	return sqlType{kind: kOther, name: base}
}

// storedZero is the zero date as a column of type tp (a stored date or
// datetime) holds it, as SQL: a DATETIME(2)'s with its two digits.
func storedZero(tp sqlType) string {
	return "'" + zeroDateOf(tp.name == "DATE", int64(tp.scale)) + "'"
}

// asStoredTime writes a string literal compared with a DATE or DATETIME
// column in the column's stored form, so that the text comparison SQLite
// makes is MySQL's temporal one: '2000-06-15 12:00:00.5' equals the
// DATETIME(3) value stored as '2000-06-15 12:00:00.500'. A date whose
// month or day is out of range ('2024-13-01') is the zero date to MySQL,
// with, where strict is set (a comparison, not an IN list of several), a
// warning that an INSERT or UPDATE makes error 1292 for each row whose
// column is not NULL (mysql_zero_date's strict form), or for every row it
// compares when nullSafe (<=> converts the literal for a NULL too). A
// CAST to DATE or DATETIME writes the stored form too, so a literal it is
// compared with is written the same way (an invalid literal stays as it is).
func (t *typer) asStoredTime(col, lit ast.ExprNode, strict, nullSafe bool) ast.ExprNode {
	v, ok := lit.(*test_driver.ValueExpr)
	if !ok {
		v, ok = t.decimalLiteralValue(lit)
	}
	isColumn, tp := t.isColumn(col), t.typeOf(col)
	if !ok && isColumn && storedTemporal(tp) {
		switch t.typeOf(lit).kind {
		case kInt, kDecimal, kDouble:
			// A computed number (20250100 + 2), converted as a literal is
			// where the statement runs.
			kind := "DATETIME"
			if tp.name == "DATE" {
				kind = "DATE"
			}
			return raw("mysql_stored_time(", lit, fmt.Sprintf(", '%s', %d)", kind, tp.scale))
		}
	}
	if !ok || !isColumn && !tp.stored {
		return lit
	}
	written, isNumber := numberAsDatetime(v)
	if v.Kind() != test_driver.KindString && !isNumber {
		return lit
	}
	if !isNumber {
		written = v.GetString()
	}
	d, dateOnly, digits, ok := dateValue(written)
	if !ok && !isNumber && isDigits(strings.TrimSpace(written)) {
		// A string of digits reads as the number would ('250102').
		if d, ok = temporalDigits(strings.TrimSpace(written)); ok {
			dateOnly, digits = len(strings.TrimSpace(written)) <= 8, 0
		}
	}
	switch {
	case !ok && storedTemporal(tp) && zeroDateText.MatchString(written):
		return raw(storedZero(tp)) // the zero date as the column stores it
	case !ok && isNumber && strings.Contains(written, "-"):
		// A date out of the calendar but not out of range (20230230):
		// compared as written, as such a string is.
		return raw("'" + written + "'")
	case !ok && storedTemporal(tp) && (isNumber || isColumn && outOfRangeDate(written)):
		// A number that is no date (2025, 20251301) is the zero date to
		// MariaDB, as a date out of range is, with the warning a write
		// makes 1292; 0 is the zero date itself.
		if !strict || written == "0" {
			return raw(storedZero(tp))
		}
		checked := ast.ExprNode(col)
		if nullSafe {
			checked = raw("IFNULL(", col, ", 0)")
		}
		return raw("mysql_zero_date(", checked, ", ", lit, ", "+storedZero(tp)+")")
	case !ok:
		return lit
	case tp.name == "DATE" && (dateOnly || d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 && d.Nanosecond() == 0):
		// A DATE compared with a DATETIME is that day at midnight:
		// '2020-03-15 00:00:00' is the stored '2020-03-15'.
		return raw("'" + d.Format("2006-01-02") + "'")
	case tp.name == "DATE":
		// A later time of that day sorts after the stored date and
		// before the next, as the text it is written as does.
		return raw("'" + formatDate(d, false, digits) + "'")
	case tp.name == "DATETIME" || tp.name == "TIMESTAMP":
		// The stored form has exactly fsp digits; more significant digits
		// keep the literal apart from every stored value, as in MySQL.
		for digits > tp.scale && d.Nanosecond()%pow10(9-digits+1) == 0 {
			digits--
		}
		return raw("'" + formatDate(d, false, max(digits, tp.scale)) + "'")
	}
	return lit
}

// storedTemporal tells whether a value of type tp is stored as the text of
// a DATE, DATETIME or TIMESTAMP (asStoredTime).
func storedTemporal(tp sqlType) bool {
	return tp.name == "DATE" || tp.name == "DATETIME" || tp.name == "TIMESTAMP"
}

// storedTime is mysql_stored_time(v, kind, fsp): a number v compared with a
// DATE (kind "DATE") or DATETIME column of fsp digits, in the column's
// stored form, as asStoredTime writes a literal; a number that is no date
// is the zero date (strictStoredTime: error 1292 in a write).
func storedTime(v, kind any, fsp int64) any {
	out, _ := storedTimeOf(v, kind, fsp, false)
	return out
}

func strictStoredTime(v, kind any, fsp int64) (any, error) { return storedTimeOf(v, kind, fsp, true) }

func storedTimeOf(v, kind any, fsp int64, strict bool) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	date := kind == "DATE"
	tm, _, written, ok := numberTemporal(v)
	zero := zeroDateOf(date, fsp) // as the column stores it
	if !ok && zeroDateText.MatchString(written) {
		return zero, nil
	}
	if !ok && strings.Contains(written, "-") {
		return written, nil // out of the calendar, in range: compared as written
	}
	if !ok {
		if s, _ := text(v); strict && s != "0" {
			return nil, errors.New(truncatedDatePrefix + "'" + s + "'")
		}
		return zero, nil
	}
	micros := tm.Nanosecond() / 1000
	needed := 0
	for m := micros; m != 0 && needed < 6; m = (m * 10) % 1_000_000 {
		needed++
	}
	if date && tm.Hour() == 0 && tm.Minute() == 0 && tm.Second() == 0 && micros == 0 {
		return tm.Format("2006-01-02"), nil
	}
	if date {
		return formatDate(tm, false, needed), nil
	}
	return formatDate(tm, false, max(needed, int(fsp))), nil
}

// decimalLiteralValue is a DECIMAL literal, which the typer has written
// as its text already (decimalLiteral), as the number it is.
func (t *typer) decimalLiteralValue(x ast.ExprNode) (*test_driver.ValueExpr, bool) {
	r, ok := x.(*rawExpr)
	if tp := t.typeOf(x); !ok || !tp.literal || tp.kind != kDecimal || len(r.parts) != 1 {
		return nil, false
	}
	s, ok := r.parts[0].(string)
	if !ok {
		return nil, false
	}
	d := new(test_driver.MyDecimal)
	if err := d.FromString([]byte(strings.Trim(s, "'"))); err != nil {
		return nil, false
	}
	v, ok := ast.NewValueExpr(d, "", "").(*test_driver.ValueExpr)
	return v, ok
}

// numberAsDatetime is a number literal v as the DATETIME MariaDB reads it
// as where it is compared with a DATE or DATETIME (YYYYMMDD, YYMMDD,
// YYYYMMDDhhmmss, with a second's fraction after the point: 20250102 is
// '2025-01-02 00:00:00'); a number that is no date stays its digits, which
// dateValue refuses ("0" for zero). isNumber: v is a number.
func numberAsDatetime(v *test_driver.ValueExpr) (written string, isNumber bool) {
	var n any
	switch v.Kind() {
	case test_driver.KindInt64:
		n = v.GetInt64()
	case test_driver.KindUint64:
		if v.GetUint64() > math.MaxInt64 {
			return strconv.FormatUint(v.GetUint64(), 10), true
		}
		n = int64(v.GetUint64())
	case test_driver.KindFloat64:
		n = v.GetFloat64()
	case test_driver.KindMysqlDecimal:
		n = v.GetMysqlDecimal().String()
	default:
		return "", false
	}
	tm, digits, written, ok := numberTemporal(n)
	if !ok {
		return written, true
	}
	return formatDate(tm, false, digits), true
}

// numberTemporal reads n, a number compared with or written to a date
// (an int64, a float64 or a DECIMAL's text, read exactly: a DOUBLE holds
// 20240102030405.678 as …405.677734), as the datetime MariaDB reads it as,
// with the digits of its fraction; when it is no date, the text it is
// compared as instead (inRangeDigits).
func numberTemporal(n any) (tm time.Time, digits int, written string, ok bool) {
	if s, isText := n.(string); isText {
		whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
		if tm, ok = temporalDigits(whole); !ok || frac != "" && !isDigits(frac) {
			return time.Time{}, 0, inRangeDigits(whole), false
		}
		micros, _ := strconv.Atoi((frac + "000000")[:6])
		return tm.Add(time.Duration(micros) * time.Microsecond), min(len(frac), 6), "", true
	}
	if tm, _, ok = temporalOf(n); !ok {
		s, _ := text(n)
		return tm, 0, inRangeDigits(s), false
	}
	if f, isFloat := n.(float64); isFloat && f != math.Trunc(f) {
		digits = 6
	}
	return tm, digits, "", true
}

// inRangeDigits is a number that is no date (temporalOf refused it) written
// as the date text MariaDB compares it as when its month and day are in
// range (20230230 is '2023-02-30', compared as written, as the string
// '2023-02-30' is); any other number stays its digits (the zero date).
func inRangeDigits(s string) string {
	if !isDigits(s) || len(s) != 8 && len(s) != 14 {
		return s
	}
	m, _ := strconv.Atoi(s[4:6])
	d, _ := strconv.Atoi(s[6:8])
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return s
	}
	out := s[:4] + "-" + s[4:6] + "-" + s[6:8]
	if len(s) == 14 {
		out += " " + s[8:10] + ":" + s[10:12] + ":" + s[12:14]
	}
	return out
}

// validStoredTime is asStoredTime for a BETWEEN's bound that is a valid
// date (an out-of-range one stays as written there).
func (t *typer) validStoredTime(col, lit ast.ExprNode) ast.ExprNode {
	if v, ok := lit.(*test_driver.ValueExpr); ok {
		s, isNumber := numberAsDatetime(v)
		if !isNumber && v.Kind() == test_driver.KindString {
			s = v.GetString()
		}
		if _, _, _, valid := dateValue(s); valid && (isNumber || v.Kind() == test_driver.KindString) {
			return t.asStoredTime(col, lit, false, false)
		}
	}
	return lit
}

var datePrefix = regexp.MustCompile(`^\s*\d{4}-(\d{1,2})-(\d{1,2})\b`)

// outOfRangeDate tells whether s is a date whose month is above 12 or
// whose day is above 31, which MySQL compares as the zero date (other
// invalid dates such as '2023-02-30' compare as written).
func outOfRangeDate(s string) bool {
	m := datePrefix.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	month, _ := strconv.Atoi(m[1])
	day, _ := strconv.Atoi(m[2])
	return month > 12 || day > 31
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// In a write, MySQL's strict mode turns the warning of a date function
// given an invalid date ('2024-13-01', '2023-02-30') into error 1292,
// and a DATE_ADD past 9999-12-31 into 1441, where a read gives NULL. The
// statements of a write call these strict forms (strictDates).
const (
	badDatePrefix     = "Incorrect datetime value: "
	dateOverflowError = "Datetime function: datetime field overflow"
	timeOverflowError = "Datetime function: time field overflow"
)

// strictTimeAdd is timeAdd in a write: MariaDB's strict mode refuses a TIME
// moved past its range, or by months, with 1441, where a read gives NULL.
func strictTimeAdd(d, n any, sign int64, unit string) (any, error) {
	r := timeAdd(d, n, sign, unit)
	if r != nil || isNull(d) || isNull(n) {
		return r, nil
	}
	return nil, errors.New(timeOverflowError)
}

func invalidDate(d any) error {
	s, _ := text(d)
	return errors.New(badDatePrefix + "'" + s + "'")
}

// isZeroDate reports the zero date, written as one (a time may follow)
// or as the number 0.
func isZeroDate(d any) bool {
	if n, ok := d.(int64); ok {
		return n == 0
	}
	s, _ := text(d)
	return zeroDatePart.MatchString(s)
}

// zeroDatePart matches a value whose date is the zero date, with any time.
var zeroDatePart = regexp.MustCompile(`^\s*0000-00-00([\sT]|$)`)

// strictUnary is the strict form of a date function of one date.
func strictUnary(f func(any) any) func(any) (any, error) {
	return func(d any) (any, error) {
		r := f(d)
		if r == nil && !isNull(d) && !isZeroDate(d) {
			// The zero date is a date to a write: DAYOFWEEK of it is
			// NULL, without an error.
			return nil, invalidDate(d)
		}
		return r, nil
	}
}

// checkDate is error 1292 for d that is neither a date nor NULL (the zero
// date is one: DATEDIFF and DATE_FORMAT of it in a write are NULL, or
// zeros, with no error).
func checkDate(d any) error {
	if _, _, _, ok := dateValue(d); !ok && !isNull(d) && !isZeroDate(d) {
		return invalidDate(d)
	}
	return nil
}

func strictDateDiff(a, b any) (any, error) {
	for _, d := range []any{a, b} {
		if err := checkDate(d); err != nil {
			return nil, err
		}
	}
	return dateDiff(a, b), nil
}

func strictDateAdd(d, n any, sign int64, unit string) (any, error) {
	r := dateAdd(d, n, sign, unit)
	if r != nil || isNull(d) || isNull(n) {
		return r, nil
	}
	if _, _, _, ok := dateValue(d); !ok {
		return nil, invalidDate(d)
	}
	count := intervalCount
	if compoundUnits[unit] != nil {
		count = func(n any) (int64, bool) { return compoundCount(n, unit) }
	}
	if _, ok := count(n); ok {
		return nil, errors.New(dateOverflowError)
	}
	return nil, nil
}

// strictDateFormat is DATE_FORMAT in a write: MariaDB reads the date
// before the format, so an invalid date fails even with a NULL format.
func strictDateFormat(d, f any) (any, error) {
	if err := checkDate(d); err != nil {
		return nil, err
	}
	return dateFormat(d, f), nil
}

// strictDateFuncs names the strict form of each date function that has
// one; registerFuncs registers them with the others.
var strictDateFuncs = map[string]string{}

func init() {
	dateFuncImpls["mysql_zero_date"], dateFuncImpls["mysql_zero_date_strict"] = zeroDate, strictZeroDate
	dateFuncImpls["mysql_stored_time"], dateFuncImpls["mysql_stored_time_strict"] = storedTime, strictStoredTime
	dateFuncImpls["mysql_unix_timestamp"], dateFuncImpls["mysql_unix_timestamp_strict"] = unixTimestamp, strictUnixTimestamp
	strict := map[string]any{"mysql_date_add": strictDateAdd, "mysql_time_add": strictTimeAdd, "mysql_datediff": strictDateDiff,
		"mysql_date_format": strictDateFormat}
	for name, f := range dateFuncImpls {
		if unary, ok := f.(func(any) any); ok {
			strict[name] = strictUnary(unary)
		}
	}
	for name, f := range strict {
		dateFuncImpls[name+"_strict"] = f
		strictDateFuncs[name] = name + "_strict"
	}
	for name, to := range strictDateFuncs {
		strictValueFuncs[name] = to
	}
	// A CAST to a date is strict where a value is written, not in a WHERE
	// (casttime.go).
	dateFuncImpls["mysql_cast_date_strict"], dateFuncImpls["mysql_cast_datetime_strict"] = castDateStrict, castDatetimeStrict
	strictValueFuncs["mysql_cast_date"], strictValueFuncs["mysql_cast_datetime"] = "mysql_cast_date_strict", "mysql_cast_datetime_strict"
}

// zeroDate is an out-of-range date literal lit compared with column value
// col: the zero date z (see asStoredTime).
func zeroDate(_, _, z any) any { return z }

// strictZeroDate is zeroDate in an INSERT or UPDATE: MariaDB's strict mode
// fails the comparison of a value with the literal (not of NULL, which it
// does not convert), as it fails no row it does not compare.
func strictZeroDate(col, lit, z any) (any, error) {
	if isNull(col) {
		return z, nil
	}
	s, _ := text(lit)
	return nil, errors.New(truncatedDatePrefix + "'" + s + "'")
}

// truncatedDatePrefix begins the message of strictZeroDate's error 1292.
const truncatedDatePrefix = "Truncated incorrect datetime value: "

// strictValueFuncs names the strict form of each function that has one
// where an INSERT or UPDATE evaluates it: the date functions, and x DIV
// y, whose DOUBLE operand too large for a DECIMAL MariaDB refuses (1916)
// there but only warns of in a DELETE's WHERE; so too each DOUBLE argument
// of a LEAST or GREATEST that DIV reads as a DECIMAL (dec_least is that
// exact form, see exactOperand).
var strictValueFuncs = map[string]string{"dec_intdiv": "dec_intdiv_strict", "mysql_zero_date": "mysql_zero_date_strict",
	"mysql_stored_time": "mysql_stored_time_strict", "mysql_unix_timestamp": "mysql_unix_timestamp_strict",
	"dec_least": "dec_least_strict", "dec_greatest": "dec_greatest_strict", "mysql_num": "mysql_num_strict"}

// writeValues makes the functions of n, a write's values, their strict
// forms (strictValues), unless the write has IGNORE: MariaDB turns their
// errors into warnings there (a date function's, a CAST's, a conversion's,
// and DIV's refusal of a DOUBLE too large for a DECIMAL, which it then
// reads as the largest DECIMAL).
func writeValues[T ast.Node](n T, ignore bool) T {
	if ignore {
		return n
	}
	return strictValues(n)
}

// lenientCasts undoes strictValues for the CASTs of n (casttime.go): an
// UPDATE's WHERE is strict for MariaDB's date functions, not for a CAST.
func lenientCasts[T ast.Node](n T) T {
	return strictForms(n, map[string]string{"mysql_cast_date_strict": "mysql_cast_date",
		"mysql_cast_datetime_strict": "mysql_cast_datetime"})
}

// strictDates makes the date functions of a write's translated statement
// n their strict forms.
func strictDates[T ast.Node](n T) T { return strictForms(n, strictDateFuncs) }

// strictValues makes the functions of n, an INSERT's values or an UPDATE,
// their strict forms.
func strictValues[T ast.Node](n T) T { return strictForms(n, strictValueFuncs) }

// strictLiterals makes the string literals n computes with fail as
// MariaDB's strict mode fails them where it stores the result (an
// INSERT's values, an UPDATE's SET): 'abc' + 1 is 1292 there, and only a
// warning in a WHERE, which MariaDB folds as a constant.
func strictLiterals[T ast.Node](n T) T { return strictForms(n, strictLiteralFuncs) }

var strictLiteralFuncs = map[string]string{"mysql_num_lit": "mysql_num_lit_strict", "mysql_num_chk": "mysql_num_lit_strict",
	"mysql_cast_char_num": "mysql_cast_char_num_strict", "mysql_val_int": "mysql_val_int_strict",
	"mysql_val_int_lit": "mysql_val_int_strict"}

func strictForms[T ast.Node](n T, forms map[string]string) T {
	n.Accept(leaveFunc(func(n ast.Node) ast.Node { return renameForm(n, forms) }))
	return n
}

// renameForm gives n, a function call or a raw expression calling one,
// the name forms maps its function's to.
func renameForm(n ast.Node, forms map[string]string) ast.Node {
	switch x := n.(type) {
	case *ast.FuncCallExpr:
		if to, ok := forms[x.FnName.L]; ok {
			x.FnName = ast.NewCIStr(to)
		}
	case *rawExpr:
		for i, p := range x.parts {
			if s, ok := p.(string); ok {
				if name, rest, ok := strings.Cut(s, "("); ok && forms[name] != "" {
					x.parts[i] = forms[name] + "(" + rest
				}
			}
		}
	}
	return n
}

// periodAdd is PERIOD_ADD(p, n): period p (YYMM or YYYYMM; a YY below 70
// is 20YY) moved by n months, as YYYYMM; 0 for p 0. As MariaDB computes
// it: a period past 999999 counts as none, and the months are a 32-bit
// unsigned number.
func periodAdd(p, n any) any {
	pv, ok1 := intArg(p)
	nv, ok2 := intArg(n)
	if !ok1 || !ok2 {
		return nil
	}
	if pv == 0 {
		return int64(0)
	}
	return int64(monthPeriod(uint64(uint32(int32(periodMonths(uint64(pv))) + int32(nv)))))
}

// periodDiff is PERIOD_DIFF(p1, p2): the months from period p2 to p1.
func periodDiff(p1, p2 any) any {
	a, ok1 := intArg(p1)
	b, ok2 := intArg(p2)
	if !ok1 || !ok2 {
		return nil
	}
	return int64(periodMonths(uint64(a))) - int64(periodMonths(uint64(b)))
}

// periodMonths is period p as months since year 0.
func periodMonths(p uint64) uint64 {
	if p == 0 || p > 999999 {
		return 0
	}
	return fullYear(p/100)*12 + p%100 - 1
}

// monthPeriod is months since year 0 as the period YYYYMM.
func monthPeriod(m uint64) uint64 {
	if m == 0 {
		return 0
	}
	return fullYear(m/12)*100 + m%12 + 1
}
