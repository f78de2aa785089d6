package sqlite

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxTimeHours is MySQL's TIME range: -838:59:59 to 838:59:59.
const maxTimeHours = 838

// maxTimeMicros is 838:59:59 in microseconds.
const maxTimeMicros = int64(maxTimeHours*3600+59*60+59) * 1_000_000

// castTime is CAST(x AS TIME(fsp)) as MariaDB computes it: TIME values are
// durations, negative or above 24 hours ("-12:34:56", "100:00:00"), which
// SQLite's time() cannot represent. It accepts "[-][D ]H:MM[:SS[.f]]",
// "HHMMSS" numbers and datetimes (their time of day); anything else is
// NULL. Digits past fsp are cut (MariaDB's CAST('23:59:59.999' AS TIME) is
// 23:59:59), and values outside the range are clipped to it, as MariaDB
// does.
func castTime(v any, fsp int64) any {
	out, _ := timeValue(v, fsp)
	return out
}

// timeColumn stores a value in a TIME(fsp) column: cut to fsp digits as
// MariaDB does; a value that is no TIME, or outside its range, is kept
// for the column's checks.
func timeColumn(v any, fsp int64) any {
	if out, ok := timeValue(v, fsp); ok {
		return out
	}
	return v
}

// badTime begins the error mysql_time_value raises; sqlError maps it to
// 1292.
const badTime = "blocksql: no time value for column: "

// timeStrict is mysql_time_value(col, v, fsp), a strict write to TIME(fsp)
// column col: timeColumn's value, or MariaDB's 1292 for a value that is no
// TIME ('abc', the empty string, '12:60:00', '99', '12:34:56 x') or outside
// TIME's range ('839:00:00'), which SQLite would store as it is.
func timeStrict(col string, v any, fsp int64) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	if s, isText := v.(string); isText {
		var ok bool
		if v, ok = strictTimeText(s); !ok {
			return nil, errors.New(badTime + col)
		}
	}
	if out, ok := timeValue(v, fsp); ok {
		return out, nil
	}
	return nil, errors.New(badTime + col)
}

// strictTimeText is how MariaDB reads a string as a TIME where timeValue
// reads it otherwise: a date and time may be joined by a T
// ('2024-01-02T10:11:12' is 10:11:12); eight digits alone are a date, no
// TIME ('20240102', where the number 20240102 is midnight); fractional
// seconds are digits ('2024.01.02' is no TIME).
func strictTimeText(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if date, clock, found := strings.Cut(t, "T"); found && strings.Count(date, "-") == 2 {
		t = date + " " + clock
	}
	if len(t) == 8 && isDigits(t) {
		return "", false
	}
	if _, frac, found := strings.Cut(t, "."); found && frac != "" && !isDigits(frac) {
		return "", false
	}
	return t, true
}

// timeValue reads a TIME at fsp digits, cut; ok is false for NULL, a
// value that is no TIME and one that had to be clipped.
func timeValue(v any, fsp int64) (any, bool) {
	s, ok := text(v)
	if !ok {
		return nil, false
	}
	s = strings.TrimSpace(s)
	if date, clock, found := strings.Cut(s, " "); found && strings.Count(date, "-") == 2 {
		s = clock
	} else if strings.Count(s, "-") == 2 && !strings.Contains(s, ":") {
		s = "0" // a date alone: midnight
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if !neg && len(whole) > 7 && isDigits(whole) {
		// A number of more than 7 digits is a date and time
		// (20240101100000 is 10:00:00), as MariaDB casts and stores one.
		t, ok := temporalDigits(whole)
		if !ok {
			return nil, false
		}
		whole = t.Format("150405")
	}
	h, m, sec, ok := timeFields(whole)
	if !ok || m > 59 || sec > 59 {
		return nil, false
	}
	if fsp < 0 {
		// TIME(x) of a string: as many digits as it has (the typer's
		// "time" call).
		fsp = int64(len(frac) - len(strings.TrimLeft(frac, "0123456789")))
	}
	fsp = min(max(fsp, 0), 6)
	micros := fracMicros(frac)
	unit := int64(1)
	for i := fsp; i < 6; i++ {
		unit *= 10
	}
	total := ((h*60+m)*60+sec)*1_000_000 + micros/unit*unit
	ok = true
	if total > maxTimeMicros {
		total, ok = maxTimeMicros, false
	}
	return formatTime(neg && total != 0, total, fsp), ok
}

// timeFields reads "H:MM:SS", "H:MM", "D H:MM:SS" or HHMMSS.
func timeFields(s string) (h, m, sec int64, ok bool) {
	var days int64
	if d, rest, found := strings.Cut(s, " "); found {
		n, err := strconv.ParseInt(d, 10, 64)
		if err != nil {
			return 0, 0, 0, false
		}
		days, s = n, rest
	}
	parts := strings.Split(s, ":")
	nums := make([]int64, len(parts))
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 {
			return 0, 0, 0, false
		}
		nums[i] = n
	}
	switch len(nums) {
	case 1:
		n := nums[0]
		return days*24 + n/10000, n / 100 % 100, n % 100, true
	case 2:
		return days*24 + nums[0], nums[1], 0, true
	case 3:
		return days*24 + nums[0], nums[1], nums[2], true
	}
	return 0, 0, 0, false
}

func fracMicros(frac string) int64 {
	frac = (frac + "000000")[:6]
	n, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

func formatTime(neg bool, micros, fsp int64) string {
	sign := ""
	if neg {
		sign = "-"
	}
	secs := micros / 1_000_000
	out := fmt.Sprintf("%s%02d:%02d:%02d", sign, secs/3600, secs/60%60, secs%60)
	if fsp > 0 {
		out += "." + fmt.Sprintf("%06d", micros%1_000_000)[:fsp]
	}
	return out
}

// castDatetime is CAST(x AS DATETIME(fsp)) in a read (casttime.go):
// SQLite's datetime() drops fractions of a second and moves an impossible
// date to another day; MariaDB cuts the digits past fsp.
func castDatetime(v any, fsp int64) any {
	t, _, ok := temporalOf(v)
	if !ok {
		return nil
	}
	fsp = min(max(fsp, 0), 6)
	unit := time.Duration(1)
	for i := fsp; i < 9; i++ {
		unit *= 10
	}
	t = t.Truncate(unit)
	out := t.Format("2006-01-02 15:04:05")
	if fsp > 0 {
		out += t.Format(".000000")[:fsp+1]
	}
	return out
}

// timeCollation orders TIME columns, their indexes and their comparisons
// with literals as MySQL orders TIMEs, by duration: '-838:59:59' before
// '-00:00:01' before '10:00:00', where the text would sort '-00…' first.
const timeCollation = "mysql_time"

// compareTimeText compares two TIME texts by duration; text that is no
// TIME compares as text, after every TIME.
func compareTimeText(a, b string) int {
	x, okA := timeMicros(a)
	y, okB := timeMicros(b)
	switch {
	case okA && okB:
		return cmp.Compare(x, y)
	case okA != okB:
		if okA {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// timeMicros reads a TIME text as signed microseconds.
func timeMicros(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	h, m, sec, ok := timeFields(whole)
	if !ok {
		return 0, false
	}
	total := ((h*60+m)*60+sec)*1_000_000 + fracMicros(frac)
	if neg {
		total = -total
	}
	return total, true
}
