package sqlite

import (
	"fmt"
	"strings"
	"time"
)

// STR_TO_DATE(s, format) with a literal format, as MariaDB 10.11 answers
// it under blocksql's sql_mode (NO_ZERO_IN_DATE, NO_ZERO_DATE): the typer
// (strToDateKind) decides from the format whether it is a DATE, a
// DATETIME, a DATETIME(6) (%f), a TIME or a TIME(6), as MariaDB does.

// strToDateKind is what a format makes of STR_TO_DATE's result: "DATE",
// "DATETIME", "TIME", with "(6)" when it reads fractional seconds.
func strToDateKind(format string) string {
	date, tm, frac := false, false, false
	for i := 0; i+1 < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		switch format[i] {
		case 'Y', 'y', 'm', 'c', 'd', 'e', 'j', 'M', 'b', 'W', 'a', 'D':
			date = true
		case 'f':
			tm, frac = true, true
		case 'H', 'k', 'h', 'I', 'l', 'i', 's', 'S', 'p', 'T', 'r':
			tm = true
		}
	}
	kind := "DATETIME"
	switch {
	case date && !tm:
		return "DATE"
	case tm && !date:
		kind = "TIME"
	}
	if frac {
		kind += "(6)"
	}
	return kind
}

// strToDate parses s by format as MySQL's STR_TO_DATE does: a space in the
// format matches nothing, spaces in s before a field are skipped, a
// literal character must match, number fields take at most their width of
// digits, and s may end before the format (the rest is left at zero) or go
// on after it. NULL when s does not match, or when a month or day is zero
// or out of range.
func strToDate(s, format any, kind string) any {
	val, ok1 := text(s)
	f, ok2 := text(format)
	if !ok1 || !ok2 {
		return nil
	}
	var p dateParts
	if !p.parse(val, f) {
		return nil
	}
	return p.result(kind)
}

type dateParts struct {
	year, month, day, hour, minute, second, micro, yday int
	usa, pm                                             bool
}

func (p *dateParts) parse(val, f string) bool {
	v := 0
	for i := 0; i < len(f) && v < len(val); i++ {
		c := f[i]
		if c != '%' || i+1 == len(f) {
			if c == ' ' || c == '\t' || c == '\n' {
				continue
			}
			if val[v] != c {
				return false
			}
			v++
			continue
		}
		for v < len(val) && (val[v] == ' ' || val[v] == '\t' || val[v] == '\n') {
			v++
		}
		i++
		var ok bool
		switch f[i] {
		case 'Y':
			var n int
			n, v, ok = readDigits(val, v, 4, &p.year)
			if ok && n <= 2 {
				p.year = fullYear(p.year)
			}
		case 'y':
			_, v, ok = readDigits(val, v, 2, &p.year)
			p.year = fullYear(p.year)
		case 'm', 'c':
			_, v, ok = readDigits(val, v, 2, &p.month)
		case 'd', 'e':
			_, v, ok = readDigits(val, v, 2, &p.day)
		case 'D': // a day, then two characters of its suffix ("1st")
			_, v, ok = readDigits(val, v, 2, &p.day)
			v = min(v+2, len(val))
		case 'j':
			_, v, ok = readDigits(val, v, 3, &p.yday)
		case 'H', 'k':
			_, v, ok = readDigits(val, v, 2, &p.hour)
		case 'h', 'I', 'l':
			_, v, ok = readDigits(val, v, 2, &p.hour)
			p.usa = true
		case 'i':
			_, v, ok = readDigits(val, v, 2, &p.minute)
		case 's', 'S':
			_, v, ok = readDigits(val, v, 2, &p.second)
		case 'f':
			var n int
			n, v, ok = readDigits(val, v, 6, &p.micro)
			for ; ok && n < 6; n++ {
				p.micro *= 10
			}
		case 'p':
			if !p.usa || v+2 > len(val) {
				return false
			}
			switch strings.ToUpper(val[v : v+2]) {
			case "AM":
			case "PM":
				p.pm = true
			default:
				return false
			}
			v, ok = v+2, true
		case 'M', 'b':
			var m int
			m, v, ok = nameAt(val, v, f[i] == 'b', monthNames)
			p.month = m + 1
		case 'W', 'a': // read and not used, as in MariaDB
			_, v, ok = nameAt(val, v, f[i] == 'a', weekdayNames)
		case 'T':
			ok = p.parse(val[v:], "%H:%i:%s")
			v = len(val) // the rest was read by the nested parse
		case 'r':
			ok = p.parse(val[v:], "%I:%i:%S %p")
			v = len(val)
		case '%':
			ok = val[v] == '%'
			v++
		default:
			return false
		}
		if !ok {
			return false
		}
	}
	return true
}

// readDigits reads at most width digits of val from v into *out: how many it
// read, where it stopped, and false if there was none.
func readDigits(val string, v, width int, out *int) (int, int, bool) {
	n := 0
	*out = 0
	for n < width && v < len(val) && val[v] >= '0' && val[v] <= '9' {
		*out = *out*10 + int(val[v]-'0')
		v++
		n++
	}
	return n, v, n > 0
}

// nameAt matches one of names (their first three letters when short),
// case-insensitively, at v: its index and where it ends.
func nameAt(val string, v int, short bool, names []string) (int, int, bool) {
	for i, name := range names {
		if short {
			name = name[:3]
		}
		if len(val)-v >= len(name) && strings.EqualFold(val[v:v+len(name)], name) {
			return i, v + len(name), true
		}
	}
	return 0, v, false
}

var (
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
)

func (p *dateParts) result(kind string) any {
	if p.usa {
		if p.hour < 1 || p.hour > 12 {
			return nil
		}
		switch {
		case p.pm && p.hour != 12:
			p.hour += 12
		case !p.pm && p.hour == 12:
			p.hour = 0
		}
	}
	if p.yday > 0 {
		if p.yday > 366 {
			return nil
		}
		t := time.Date(p.year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p.yday-1)
		p.month, p.day = int(t.Month()), t.Day()
	}
	if p.minute > 59 || p.second > 59 || p.month > 12 || p.day > 31 {
		return nil
	}
	tm := fmt.Sprintf("%02d:%02d:%02d", p.hour, p.minute, p.second)
	if strings.HasSuffix(kind, "(6)") {
		tm += fmt.Sprintf(".%06d", p.micro)
	}
	if strings.HasPrefix(kind, "TIME") {
		return tm
	}
	if p.month == 0 || p.day == 0 || p.hour > 23 {
		return nil // NO_ZERO_IN_DATE, NO_ZERO_DATE
	}
	date := fmt.Sprintf("%04d-%02d-%02d", p.year, p.month, p.day)
	if kind == "DATE" {
		return date
	}
	return date + " " + tm
}
