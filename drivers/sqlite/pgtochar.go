package sqlite

import (
	"fmt"
	"strings"
	"time"
)

// to_char of a date, timestamp or timestamptz on the SQLite backend, in
// PostgreSQL's template patterns for dates and times. A letter that starts
// none of the patterns below (PostgreSQL copies most such letters, and
// reads others as patterns not translated here: TZ, RM, IYYY, TH, …) is
// refused with 0A000 rather than answered differently.

// pgCharPattern is one template pattern: its upper-case name, whether its
// output is a name (whose case the pattern's case sets), and its output.
type pgCharPattern struct {
	name string
	text bool
	out  func(t time.Time, fm bool) string
}

// pgNum prints n in width digits, or bare with FM.
func pgNum(n, width int, fm bool) string {
	if fm {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%0*d", width, n)
}

// pgPadName pads a month's or a day's name to 9 characters, unless FM.
func pgPadName(s string, fm bool) string {
	if fm {
		return s
	}
	return fmt.Sprintf("%-9s", s)
}

func pgHour12(t time.Time) int {
	if h := t.Hour() % 12; h != 0 {
		return h
	}
	return 12
}

func pgMeridiem(dots bool) func(t time.Time, fm bool) string {
	return func(t time.Time, _ bool) string {
		switch {
		case t.Hour() < 12 && dots:
			return "A.M."
		case t.Hour() < 12:
			return "AM"
		case dots:
			return "P.M."
		}
		return "PM"
	}
}

// pgCharPatterns are the patterns translated, the longer of two that
// share a beginning first.
var pgCharPatterns = []pgCharPattern{
	{"A.M.", true, pgMeridiem(true)}, {"P.M.", true, pgMeridiem(true)},
	{"AM", true, pgMeridiem(false)}, {"PM", true, pgMeridiem(false)},
	{"Y,YYY", false, func(t time.Time, fm bool) string {
		return fmt.Sprintf("%d,%03d", t.Year()/1000, t.Year()%1000)
	}},
	{"YYYY", false, func(t time.Time, fm bool) string { return pgNum(t.Year(), 4, fm) }},
	{"YYY", false, func(t time.Time, fm bool) string { return pgNum(t.Year()%1000, 3, fm) }},
	{"YY", false, func(t time.Time, fm bool) string { return pgNum(t.Year()%100, 2, fm) }},
	{"Y", false, func(t time.Time, fm bool) string { return fmt.Sprint(t.Year() % 10) }},
	{"MONTH", true, func(t time.Time, fm bool) string { return pgPadName(t.Month().String(), fm) }},
	{"MON", true, func(t time.Time, fm bool) string { return t.Month().String()[:3] }},
	{"MM", false, func(t time.Time, fm bool) string { return pgNum(int(t.Month()), 2, fm) }},
	{"MI", false, func(t time.Time, fm bool) string { return pgNum(t.Minute(), 2, fm) }},
	{"MS", false, func(t time.Time, fm bool) string { return fmt.Sprintf("%03d", t.Nanosecond()/1_000_000) }},
	{"DAY", true, func(t time.Time, fm bool) string { return pgPadName(t.Weekday().String(), fm) }},
	{"DDD", false, func(t time.Time, fm bool) string { return pgNum(t.YearDay(), 3, fm) }},
	{"DD", false, func(t time.Time, fm bool) string { return pgNum(t.Day(), 2, fm) }},
	{"DY", true, func(t time.Time, fm bool) string { return t.Weekday().String()[:3] }},
	{"D", false, func(t time.Time, fm bool) string { return fmt.Sprint(int(t.Weekday()) + 1) }},
	{"HH24", false, func(t time.Time, fm bool) string { return pgNum(t.Hour(), 2, fm) }},
	{"HH12", false, func(t time.Time, fm bool) string { return pgNum(pgHour12(t), 2, fm) }},
	{"HH", false, func(t time.Time, fm bool) string { return pgNum(pgHour12(t), 2, fm) }},
	{"SSSS", false, func(t time.Time, fm bool) string { return fmt.Sprint(t.Hour()*3600 + t.Minute()*60 + t.Second()) }},
	{"SS", false, func(t time.Time, fm bool) string { return pgNum(t.Second(), 2, fm) }},
	{"US", false, func(t time.Time, fm bool) string { return fmt.Sprintf("%06d", t.Nanosecond()/1000) }},
	{"ID", false, func(t time.Time, fm bool) string { return fmt.Sprint((int(t.Weekday())+6)%7 + 1) }},
	{"IW", false, func(t time.Time, fm bool) string { _, w := t.ISOWeek(); return pgNum(w, 2, fm) }},
	{"WW", false, func(t time.Time, fm bool) string { return pgNum((t.YearDay()-1)/7+1, 2, fm) }},
	{"W", false, func(t time.Time, fm bool) string { return fmt.Sprint((t.Day()-1)/7 + 1) }},
	{"Q", false, func(t time.Time, fm bool) string { return fmt.Sprint((int(t.Month())-1)/3 + 1) }},
	{"CC", false, func(t time.Time, fm bool) string { return pgNum((t.Year()+99)/100, 2, fm) }},
	{"J", false, func(t time.Time, fm bool) string {
		days := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
		if days < 0 {
			days -= 86399 // toward the earlier day
		}
		return fmt.Sprint(days/86400 + 2440588) // the Julian day of 1970-01-01
	}},
}

// pgCharMatch finds the pattern at the start of s: its output's case
// ("U" upper, "L" lower, "T" a name's capitals) and its length.
func pgCharMatch(s string) (pgCharPattern, string, bool) {
	for _, p := range pgCharPatterns {
		if len(s) < len(p.name) {
			continue
		}
		head := s[:len(p.name)]
		switch {
		case head == p.name:
			return p, "U", true
		case head == strings.ToLower(p.name):
			return p, "L", true
		case p.text && len(p.name) > 2 && head == p.name[:1]+strings.ToLower(p.name[1:]):
			return p, "T", true // Month, Mon, Day, Dy
		case p.text && p.name == "DY" && head == "Dy":
			return p, "T", true
		}
	}
	return pgCharPattern{}, "", false
}

// pgToChar is to_char(x, format) of a date, timestamp or timestamptz
// (kind "d", "t" or "z").
func pgToChar(v, format any, kind string) (any, error) {
	t, ok := pgStoredTime(v, kind)
	f, fok := text(format)
	if !ok || !fok {
		return nil, nil
	}
	var b strings.Builder
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == '"':
			i++
			for i < len(f) && f[i] != '"' {
				if f[i] == '\\' && i+1 < len(f) {
					i++
				}
				b.WriteByte(f[i])
				i++
			}
			i++
			continue
		case c == '\\' && i+1 < len(f) && f[i+1] == '"':
			b.WriteByte('"')
			i += 2
			continue
		}
		fm := false
		if strings.HasPrefix(f[i:], "FM") || strings.HasPrefix(f[i:], "fm") {
			if _, _, ok := pgCharMatch(f[i+2:]); ok {
				fm, i = true, i+2
			}
		}
		p, cs, ok := pgCharMatch(f[i:])
		if !ok {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				return nil, pgUnsupported("to_char's template pattern at %q is not translated for the SQLite backend", f[i:])
			}
			b.WriteByte(c)
			i++
			continue
		}
		out := p.out(t, fm)
		switch {
		case p.text && cs == "U":
			out = strings.ToUpper(out)
		case p.text && cs == "L":
			out = strings.ToLower(out)
		}
		b.WriteString(out)
		i += len(p.name)
	}
	return b.String(), nil
}
