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

// TIMEDIFF, TIME_TO_SEC and SEC_TO_TIME as MariaDB computes them. SQLite
// has a timediff() of its own, which answered TIMEDIFF with its own text
// ('+0000-00-00 11:30:00.000' for MariaDB's '11:30:00'); the others it
// lacks. A TIME is a signed duration up to 838:59:59 (timeval.go).

// timeOrDatetime reads an argument of TIMEDIFF or TIME_TO_SEC: a string
// holding a date is a DATETIME (micros since the epoch, datetime set),
// anything else a TIME (signed micros); a number is a TIME written as
// HHMMSS[.f].
func timeOrDatetime(v any) (micros int64, datetime, ok bool) {
	switch n := v.(type) {
	case int64:
		micros, ok = timeMicros(strconv.FormatInt(n, 10))
		return micros, false, ok
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return 0, false, false
		}
		micros, ok = timeMicros(strconv.FormatFloat(n, 'f', 6, 64))
		return micros, false, ok
	}
	s, ok := text(v)
	if !ok {
		return 0, false, false
	}
	s = strings.TrimSpace(s)
	if temporalPrefix.MatchString(s) {
		t, trailing, ok := temporalOf(s)
		return t.UnixMicro(), true, ok && !trailing
	}
	if micros, ok = timeMicros(s); !ok {
		return 0, false, false
	}
	whole, _, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if _, m, sec, _ := timeFields(whole); m > 59 || sec > 59 {
		return 0, false, false
	}
	return micros, false, true
}

// clippedTime formats signed micros as a TIME of fsp digits (cut, not
// rounded), clipped to MySQL's range at that many digits (838:59:59.9 at
// one).
func clippedTime(micros, fsp int64) string {
	neg := micros < 0
	if neg {
		micros = -micros
	}
	fsp = min(max(fsp, 0), 6)
	unit := int64(math.Pow10(int(6 - fsp)))
	micros = min(micros/unit*unit, maxTimeMicros+1_000_000-unit)
	return formatTime(neg && micros != 0, micros, fsp)
}

// addTime is ADDTIME(a, b) (sign 1) or SUBTIME (sign -1): a DATETIME or
// TIME moved by the TIME b, NULL when b holds a date; fsp digits, or
// (fsp -1, an argument given as a string) six when there is a fraction.
func addTime(a, b any, sign, fsp int64) any {
	x, datetime, ok := timeOrDatetime(a)
	y, bDatetime, ok2 := timeOrDatetime(b)
	if !ok || !ok2 || bDatetime {
		return nil
	}
	sum := x + sign*y
	digits := fsp
	if fsp < 0 {
		digits = 0
		if sum%1_000_000 != 0 || !datetime && (sum > maxTimeMicros || sum < -maxTimeMicros) {
			digits = 6 // clipped: 838:59:59.999999
		}
	}
	if !datetime {
		return clippedTime(sum, digits)
	}
	t := time.UnixMicro(sum).UTC()
	out := t.Format("2006-01-02 15:04:05")
	if digits > 0 {
		out += t.Format(".000000")[:digits+1]
	}
	return out
}

// timeFormat is TIME_FORMAT(t, format): the hour, minute, second and
// microsecond specifiers of DATE_FORMAT on a TIME (hours past 24 kept);
// NULL when the format asks for a date part.
func timeFormat(v, f any) any {
	micros, datetime, ok := timeOrDatetime(v)
	format, ok2 := text(f)
	if !ok || !ok2 {
		return nil
	}
	if datetime {
		micros = ((micros % 86_400_000_000) + 86_400_000_000) % 86_400_000_000
	}
	var b strings.Builder
	if micros < 0 {
		b.WriteByte('-')
		micros = -micros
	}
	secs := micros / 1_000_000
	h, m, s := secs/3600, secs/60%60, secs%60
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	ampm := "AM"
	if h%24 >= 12 {
		ampm = "PM"
	}
	numbers := map[byte]struct {
		layout string
		v      int64
	}{'H': {"%02d", h}, 'k': {"%d", h}, 'h': {"%02d", h12}, 'I': {"%02d", h12}, 'l': {"%d", h12}, 'i': {"%02d", m},
		'S': {"%02d", s}, 's': {"%02d", s}, 'f': {"%06d", micros % 1_000_000}}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			b.WriteByte(format[i])
			continue
		}
		i++
		if n, ok := numbers[format[i]]; ok {
			fmt.Fprintf(&b, n.layout, n.v)
			continue
		}
		switch c := format[i]; c {
		case 'p':
			b.WriteString(ampm)
		case 'r':
			fmt.Fprintf(&b, "%02d:%02d:%02d %s", h12, m, s, ampm)
		case 'T':
			fmt.Fprintf(&b, "%02d:%02d:%02d", h, m, s)
		case 'Y', 'y', 'm', 'c', 'd', 'e', 'M', 'b', 'a', 'W', 'D', 'j', 'U', 'u', 'V', 'v', 'X', 'x', 'w':
			return nil
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// timeDiff is TIMEDIFF(a, b) at fsp digits: NULL unless both are TIMEs or
// both DATETIMEs.
func timeDiff(a, b any, fsp int64) any { return timeDiffOf(a, b, fsp, 0, 0) }

// timeDiffOf is timeDiff where strA and strB (1) say a or b is a string, not
// a DATE or DATETIME: MariaDB reads a string holding a date alone
// ('2024-01-02') as a TIME there, by its leading number (00:20:24), so
// TIMEDIFF of a DATETIME and such a string is NULL, where a DATE column's
// value is a DATETIME at midnight.
func timeDiffOf(a, b any, fsp, strA, strB int64) any {
	x, xdt, ok := timeOfArg(a, strA)
	y, ydt, ok2 := timeOfArg(b, strB)
	if !ok || !ok2 || xdt != ydt {
		return nil
	}
	return clippedTime(x-y, fsp)
}

// dateAlone is a string holding a date without a time of day.
var dateAlone = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)

func timeOfArg(v any, str int64) (int64, bool, bool) {
	if s, ok := v.(string); ok && str == 1 && dateAlone.MatchString(strings.TrimSpace(s)) {
		lead, _, _ := strings.Cut(strings.TrimSpace(s), "-")
		micros, ok := timeMicros(lead)
		return micros, false, ok
	}
	return timeOrDatetime(v)
}

// timeToSec is TIME_TO_SEC(v): the seconds of a TIME or of a DATETIME's
// time of day, an integer at scale 0, else DECIMAL text at scale digits.
func timeToSec(v any, scale int64) any {
	micros, datetime, ok := timeOrDatetime(v)
	if !ok {
		return nil
	}
	if datetime {
		micros = ((micros % 86_400_000_000) + 86_400_000_000) % 86_400_000_000
	}
	if scale <= 0 {
		return micros / 1_000_000
	}
	sign := ""
	if micros < 0 {
		sign, micros = "-", -micros
	}
	frac := fmt.Sprintf("%06d", micros%1_000_000)
	for len(frac) < int(scale) {
		frac += "0"
	}
	return fmt.Sprintf("%s%d.%s", sign, micros/1_000_000, frac[:scale])
}

// secToTime is SEC_TO_TIME(v) at fsp digits.
func secToTime(v any, fsp int64) any {
	s, ok := numericText(v)
	if !ok {
		if _, isText := text(v); !isText {
			return nil
		}
		s = "0" // a string that is no number is 0, as MySQL reads it
	}
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimLeft(s, "+-"), ".")
	secs, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		secs = math.MaxInt64 / 1_000_000 // past the range: clipped
	}
	secs = min(secs, math.MaxInt64/1_000_000-1)
	micros := secs*1_000_000 + fracMicros(frac)
	if neg {
		micros = -micros
	}
	return clippedTime(micros, fsp)
}

// timeFsp is the fractional digits MariaDB gives a TIME computed from an
// argument of type tp, e (TIMEDIFF, TIME_TO_SEC, SEC_TO_TIME): a
// temporal's or a DECIMAL's scale, the digits a string literal holds, 6
// for any other string and a DOUBLE.
func timeFsp(e ast.ExprNode, tp sqlType) int {
	switch {
	case tp.kind == kNull, tp.kind == kInt:
		return 0
	case tp.kind == kDecimal, temporalNumbered(tp):
		return min(tp.scale, 6)
	}
	if v, ok := e.(*test_driver.ValueExpr); ok && v.Kind() == test_driver.KindString {
		s := strings.TrimSpace(v.GetString())
		if _, _, ok := timeOrDatetime(s); ok {
			_, frac, _ := strings.Cut(s, ".")
			return min(len(frac), 6)
		}
	}
	return 6
}

// timeCall types TIMEDIFF, TIME_TO_SEC and SEC_TO_TIME and translates them
// to the functions above; ok is false for another call or arity.
func timeCall(e *ast.FuncCallExpr, args []sqlType) (ast.ExprNode, sqlType, bool) {
	switch name := e.FnName.L; {
	case name == "timediff" && len(e.Args) == 2:
		fsp := max(timeFsp(e.Args[0], args[0]), timeFsp(e.Args[1], args[1]))
		if args[0].kind == kString || args[1].kind == kString {
			return raw("mysql_timediff_str(", e.Args[0], ", ", e.Args[1], fmt.Sprintf(", %d, %d, %d)", fsp,
				boolInt(args[0].kind == kString), boolInt(args[1].kind == kString))), sqlType{kind: kOther, name: "TIME", scale: fsp}, true
		}
		return raw("mysql_timediff(", e.Args[0], ", ", e.Args[1], fmt.Sprintf(", %d)", fsp)),
			sqlType{kind: kOther, name: "TIME", scale: fsp}, true
	case name == "timestamp" && (len(e.Args) == 1 || len(e.Args) == 2):
		// TIMESTAMP(x) is x as a DATETIME with x's fractional digits;
		// TIMESTAMP(x, t) adds the time t to it.
		fsp := min(timeFsp(e.Args[0], args[0]), 6)
		dt := raw("mysql_cast_datetime(", e.Args[0], fmt.Sprintf(", %d)", fsp))
		if len(e.Args) == 1 {
			return dt, sqlType{kind: kOther, name: "DATETIME", scale: fsp}, true
		}
		fsp = max(fsp, min(timeFsp(e.Args[1], args[1]), 6))
		return raw("mysql_addtime(", dt, ", ", e.Args[1], fmt.Sprintf(", 1, %d)", fsp)),
			sqlType{kind: kOther, name: "DATETIME", scale: fsp}, true
	case name == "sec_to_time" && len(e.Args) == 1:
		fsp := timeFsp(e.Args[0], args[0])
		return raw("mysql_sec_to_time(", e.Args[0], fmt.Sprintf(", %d)", fsp)),
			sqlType{kind: kOther, name: "TIME", scale: fsp}, true
	case (name == "addtime" || name == "subtime") && len(e.Args) == 2:
		sign, fsp, tp := 1, -1, sqlType{kind: kString}
		if name == "subtime" {
			sign = -1
		}
		if temporalNumbered(args[0]) {
			// A's type; its digits when b is a TIME too, else six when
			// there is a fraction (as for strings).
			tp = sqlType{kind: kOther, name: args[0].name, scale: 6}
			if temporalNumbered(args[1]) {
				fsp = max(args[0].scale, args[1].scale)
				tp.scale = fsp
			}
		}
		return raw("mysql_addtime(", e.Args[0], ", ", e.Args[1], fmt.Sprintf(", %d, %d)", sign, fsp)), tp, true
	case name == "time_format" && len(e.Args) == 2:
		return raw("mysql_time_format(", e.Args[0], ", ", e.Args[1], ")"), sqlType{kind: kString}, true
	case name == "maketime" && len(e.Args) == 3:
		fsp := timeFsp(e.Args[2], args[2])
		return raw("mysql_maketime(", e.Args[0], ", ", e.Args[1], ", ", e.Args[2], fmt.Sprintf(", %d)", fsp)),
			sqlType{kind: kOther, name: "TIME", scale: fsp}, true
	case name == "time_to_sec" && len(e.Args) == 1:
		scale := timeFsp(e.Args[0], args[0])
		// As wide as MariaDB says (17 characters, and the fraction's).
		tp := sqlType{kind: kInt, prec: 14, name: "BIGINT"}
		if scale > 0 {
			tp = newDecimal(16+scale, scale)
		}
		return raw("mysql_time_to_sec(", e.Args[0], fmt.Sprintf(", %d)", scale)), tp, true
	}
	return e, sqlType{}, false
}
