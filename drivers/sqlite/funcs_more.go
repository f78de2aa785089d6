package sqlite

import (
	"encoding/base64"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// More of MySQL's read functions, registered as mysql_<name> and renamed
// to by translate_read.go. Each answers as MariaDB 10.11 does.

// formatNumber is FORMAT(X, D): X rounded half away from zero to D places (0
// to 38), its integer part grouped by thousands with commas.
func formatNumber(x, d any) any {
	places, ok := d.(int64)
	if !ok {
		if f, isFloat := d.(float64); isFloat {
			places, ok = int64(f+0.5), true
		}
	}
	if !ok {
		return nil
	}
	places = min(max(places, 0), 38)
	var s string
	switch v := decRoundTo(apd.RoundHalfUp)(x, places).(type) {
	case nil:
		return nil
	case int64:
		s = strconv.FormatInt(v, 10)
	case float64:
		s = strconv.FormatFloat(v, 'f', int(places), 64)
	case string:
		s = v
	default:
		return nil
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if int64(len(frac)) < places {
		frac += strings.Repeat("0", int(places)-len(frac))
	}
	var b strings.Builder
	if neg && strings.Trim(whole+frac, "0") != "" {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if places > 0 {
		b.WriteString("." + frac[:places])
	}
	return b.String()
}

// substringIndex is SUBSTRING_INDEX(s, delim, count): s up to the count-th
// delim from the left (count > 0) or after the count-th from the right.
func substringIndex(s, delim, count any) any {
	str, ok1 := text(s)
	d, ok2 := text(delim)
	n, ok3 := count.(int64)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	if d == "" || n == 0 {
		return ""
	}
	if n > 0 {
		i := 0
		for k := int64(0); k < n; k++ {
			j := strings.Index(str[i:], d)
			if j < 0 {
				return str
			}
			i += j + len(d)
		}
		return str[:i-len(d)]
	}
	i := len(str)
	for k := int64(0); k < -n; k++ {
		j := strings.LastIndex(str[:i], d)
		if j < 0 {
			return str
		}
		i = j
	}
	return str[i+len(d):]
}

// ascii is ASCII(s): the first byte's value, 0 for an empty string.
func ascii(s any) any {
	str, ok := text(s)
	if !ok {
		return nil
	}
	if str == "" {
		return int64(0)
	}
	return int64(str[0])
}

// dayZero is the date TO_DAYS counts from: TO_DAYS('2000-01-01') is 730485.
var dayZero = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -730485)

// fromDays is FROM_DAYS(n), TO_DAYS's inverse; MariaDB answers the zero
// date for a day before year 1 (n < 366).
func fromDays(n any) any {
	d, ok := n.(int64)
	if !ok {
		return nil
	}
	if d < 366 {
		return "0000-00-00"
	}
	return dayZero.AddDate(0, 0, int(d)).Format(time.DateOnly)
}

// makeDate is MAKEDATE(year, dayofyear): NULL for a day below 1; a year
// below 70 is 20xx, below 100 19xx.
func makeDate(y, n any) any {
	year, ok1 := y.(int64)
	day, ok2 := n.(int64)
	if !ok1 || !ok2 || day < 1 || year < 0 || year > 9999 {
		return nil
	}
	t := time.Date(int(fullYear(year)), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(day)-1)
	if t.Year() > 9999 {
		return nil
	}
	return t.Format(time.DateOnly)
}

// fullYear is a year written with two digits (MAKEDATE's, a period's,
// STR_TO_DATE's %y) as MySQL reads it: below 70 20xx, below 100 19xx.
func fullYear[T int | int64 | uint64](y T) T {
	switch {
	case y < 70:
		return y + 2000
	case y < 100:
		return y + 1900
	}
	return y
}

// ord is ORD(s): the first character's bytes as one big-endian number.
func ord(s any) any {
	str, ok := text(s)
	if !ok {
		return nil
	}
	if str == "" {
		return int64(0)
	}
	_, size := utf8.DecodeRuneInString(str)
	var n int64
	for i := 0; i < size; i++ {
		n = n<<8 | int64(str[i])
	}
	return n
}

// bitCount is BIT_COUNT(n) of n as a 64-bit value.
func bitCount(n any) any {
	x, ok := bitOperand(n)
	if !ok {
		return nil
	}
	return int64(bits.OnesCount64(x))
}

// elt is ELT(n, s1, s2, ...): the n-th string, NULL past the list.
func elt(args ...any) any {
	if len(args) == 0 {
		return nil
	}
	n, ok := args[0].(int64)
	if !ok || n < 1 || n >= int64(len(args)) {
		return nil
	}
	if s, ok := text(args[n]); ok {
		return s
	}
	return nil
}

// extract is EXTRACT(unit FROM d) of a DATE or DATETIME.
func extract(unit string, d any) (any, error) {
	if _, ok := text(d); !ok {
		return nil, nil
	}
	t, _, _, ok := dateValue(d)
	if !ok {
		return nil, fmt.Errorf("blocksql: EXTRACT(%s FROM …) of a value that is not a DATE or DATETIME is not supported", unit)
	}
	switch unit {
	case "YEAR":
		return int64(t.Year()), nil
	case "QUARTER":
		return int64((t.Month()-1)/3 + 1), nil
	case "MONTH":
		return int64(t.Month()), nil
	case "DAY":
		return int64(t.Day()), nil
	case "HOUR":
		return int64(t.Hour()), nil
	case "MINUTE":
		return int64(t.Minute()), nil
	case "SECOND":
		return int64(t.Second()), nil
	case "MICROSECOND":
		return int64(t.Nanosecond() / 1000), nil
	case "YEAR_MONTH":
		return int64(t.Year()*100 + int(t.Month())), nil
	case "WEEK":
		return week0(t), nil
	}
	// The units that join parts: DAY_HOUR is day*100 + hour, down to
	// SECOND_MICROSECOND (seconds, then six digits of microseconds).
	parts := []int64{int64(t.Day()), int64(t.Hour()), int64(t.Minute()), int64(t.Second())}
	if from, to, ok := strings.Cut(unit, "_"); ok {
		first := map[string]int{"DAY": 0, "HOUR": 1, "MINUTE": 2, "SECOND": 3}
		last := map[string]int{"HOUR": 1, "MINUTE": 2, "SECOND": 3, "MICROSECOND": 4}
		i, ok1 := first[from]
		j, ok2 := last[to]
		if ok1 && ok2 && i < j {
			v := int64(0)
			for _, p := range parts[i:min(j+1, 4)] {
				v = v*100 + p
			}
			if j == 4 {
				v = v*1_000_000 + int64(t.Nanosecond()/1000)
			}
			return v, nil
		}
	}
	return nil, fmt.Errorf("blocksql: EXTRACT(%s FROM …) is not supported", unit)
}

// week0 is WEEK(d) in mode 0, the default: weeks start on Sunday, and the
// days before the year's first Sunday are week 0.
func week0(t time.Time) int64 {
	_, w := calcWeek(t, weekFirstWeekday)
	return w
}

// week is WEEK(d[, mode]), in any of MySQL's modes (calcWeek).
func week(d any, mode ...any) (any, error) {
	b, err := weekMode(mode)
	if err != nil {
		return nil, err
	}
	if t, _, _, ok := dateValue(d); ok {
		_, w := calcWeek(t, b)
		return w, nil
	}
	return nil, nil
}

// yearWeek is YEARWEEK(d[, mode]): the year and week of the mode, a day
// before the year's first week in the last week of the year before.
func yearWeek(d any, mode ...any) (any, error) {
	b, err := weekMode(mode)
	if err != nil {
		return nil, err
	}
	t, _, _, ok := dateValue(d)
	if !ok {
		return nil, nil
	}
	y, w := calcWeek(t, b|weekYear)
	return int64(y)*100 + w, nil
}

// The week modes of WEEK and YEARWEEK (0 to 7), as MySQL's calc_week
// reads them: whether weeks start on Monday, whether a week 0 exists or
// belongs to the year before, and whether week 1 is the first with a
// first weekday or the first with four days of the year.
const (
	weekMondayFirst  = 1
	weekYear         = 2
	weekFirstWeekday = 4
)

// weekMode is the behaviour of WEEK's mode argument (0 when none or NULL).
func weekMode(mode []any) (int, error) {
	m := int64(0)
	if len(mode) > 0 && !isNull(mode[0]) {
		n, ok := mode[0].(int64)
		if !ok {
			return 0, fmt.Errorf("blocksql: WEEK and YEARWEEK take an integer mode")
		}
		m = n
	}
	b := int(m & 7)
	if b&weekMondayFirst == 0 {
		b ^= weekFirstWeekday
	}
	return b, nil
}

// calcWeek is MySQL's calc_week: the year the week belongs to and its
// number under behaviour b.
func calcWeek(t time.Time, b int) (int, int64) {
	year := t.Year()
	mondayFirst, inYear, firstWeekday := b&weekMondayFirst != 0, b&weekYear != 0, b&weekFirstWeekday != 0
	daynr, first := t.YearDay()-1, 0
	weekday := weekdayOf(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), !mondayFirst)
	partial := func(wd int) bool { return firstWeekday && wd != 0 || !firstWeekday && wd >= 4 }
	if t.Month() == 1 && t.Day() <= 7-weekday {
		if !inYear && partial(weekday) {
			return year, 0
		}
		inYear = true
		year--
		days := daysInYear(year)
		first -= days
		weekday = (weekday + 53*7 - days) % 7
	}
	days := daynr - (first - weekday)
	if partial(weekday) {
		days = daynr - (first + 7 - weekday)
	}
	if inYear && days >= 52*7 {
		weekday = (weekday + daysInYear(year)) % 7
		if !firstWeekday && weekday < 4 || firstWeekday && weekday == 0 {
			return year + 1, 1
		}
	}
	return year, int64(days/7 + 1)
}

// weekdayOf is d's day of the week from 0, Sunday or Monday first.
func weekdayOf(d time.Time, sundayFirst bool) int {
	if sundayFirst {
		return int(d.Weekday())
	}
	return (int(d.Weekday()) + 6) % 7
}

func daysInYear(y int) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 366
	}
	return 365
}

// sundayYearWeek is the year and week (1 to 53) of mode 2, YEARWEEK's and
// DATE_FORMAT's %X and %V.
func sundayYearWeek(t time.Time) (int, int64) {
	return calcWeek(t, weekFirstWeekday|weekYear)
}

// week1 is WEEK(d, 1), DATE_FORMAT's %u: weeks start on Monday, week 1 is
// the first with four days of the year, and the days before it week 0.
func week1(t time.Time) int64 {
	_, w := calcWeek(t, weekMondayFirst)
	return w
}

// findInSet is FIND_IN_SET(s, list): the 1-based place of s among list's
// comma-separated items, compared in the connection's collation, or in
// the collation opts[0] (findInSetCall). With members after the collation,
// list is the value of a SET column of those members and s a constant:
// when s names one of them (ASCII letters of either case, as MariaDB finds
// a member), its place among them if list holds it, else 0.
func findInSet(s, list any, opts ...any) any {
	str, ok1 := text(s)
	l, ok2 := text(list)
	if !ok1 || !ok2 {
		return nil
	}
	if n := setMember(str, opts); n > 0 {
		return int64(n * boolInt(slices.Contains(strings.Split(l, ","), opts[n].(string))))
	}
	if l == "" || strings.Contains(str, ",") {
		return int64(0)
	}
	general := len(opts) == 0 || opts[0] == collGeneral
	for i, item := range strings.Split(l, ",") {
		// The collation's case and accents, but trailing spaces count.
		if item == str || general && compareGeneralCI(item, str) == 0 && trailingSpaces(item) == trailingSpaces(str) {
			return int64(i + 1)
		}
	}
	return int64(0)
}

// setMember is the place of s among the members in opts[1:] (1 for the
// first), matched as MariaDB's find_type matches them: the same bytes but
// for the case of ASCII letters; 0 for none.
func setMember(s string, opts []any) int {
	for i := 1; i < len(opts); i++ {
		if m, _ := opts[i].(string); len(m) == len(s) && asciiUpper(m) == asciiUpper(s) {
			return i
		}
	}
	return 0
}

// asciiUpper is s with its ASCII letters made capitals, other bytes kept.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// locateCall translates LOCATE(sub, s[, pos]), POSITION(sub IN s) and
// INSTR(s, sub) whose strings MariaDB compares in another collation than
// the general one (textCollation) to mysql_locate_in; ok is false for
// those left to mysql_locate and mysql_instr.
func locateCall(e *ast.FuncCallExpr, name string, args []sqlType) (ast.ExprNode, bool) {
	if len(e.Args) < 2 || len(e.Args) > 3 || name == "instr" && len(e.Args) != 2 {
		return e, false
	}
	coll := textCollation(e.Args[:2], args[:2])
	if coll == collGeneral {
		return e, false
	}
	sub, s := e.Args[0], e.Args[1]
	if name == "instr" {
		sub, s = s, sub
	}
	parts := []any{fmt.Sprintf("mysql_locate_in(%d, ", coll), sub, ", ", s}
	if len(e.Args) == 3 {
		parts = append(parts, ", ", e.Args[2])
	}
	return raw(append(parts, ")")...), true
}

// findInSetCall translates FIND_IN_SET(s, list) to mysql_find_in_set
// with the collation MariaDB compares the strings in (textCollation), and
// a SET column's members when list is that column and s a literal:
// MariaDB then answers s's place among the members, not among the
// column's value ('c' in 'a,c' of SET('a','b','c') is 3).
func (t *typer) findInSetCall(e *ast.FuncCallExpr, args []sqlType) ast.ExprNode {
	parts := []any{"mysql_find_in_set(", e.Args[0], ", ", e.Args[1], fmt.Sprintf(", %d", textCollation(e.Args, args))}
	if set := args[1].enum; set != nil && set.set != nil && t.isColumn(e.Args[1]) && t.plain(e.Args[0]) && !t.isColumn(e.Args[0]) {
		for _, m := range set.set {
			parts = append(parts, ", "+sqlString(m))
		}
	}
	return raw(append(parts, ")")...)
}

// insertString is INSERT(s, pos, n, new): s with the n characters (bytes
// of a binary string) from pos replaced by new; s itself when pos is
// outside it.
func insertString(s, pos, n, repl any) any {
	runes, back, ok1 := units(s)
	p, ok2 := pos.(int64)
	k, ok3 := n.(int64)
	r, _, ok4 := units(repl)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil
	}
	if p < 1 || p > int64(len(runes)) {
		return back(runes)
	}
	end := int64(len(runes))
	if k >= 0 && p-1+k < end {
		end = p - 1 + k
	}
	if int64(len(runes)+len(r)) > drivers.MaxResultBytes {
		return nil // past max_allowed_packet, as MariaDB's INSERT
	}
	return back(append(append(runes[:p-1:p-1], r...), runes[end:]...))
}

func trailingSpaces(s string) int { return len(s) - len(strings.TrimRight(s, " ")) }

// fromUnixtime is FROM_UNIXTIME(ts) of an integer or a DECIMAL: the UTC
// DATETIME ts seconds after the epoch, with the scale fractional digits
// the typer found (ts's own, up to 6; -1 for a DOUBLE or a string, which
// are refused). NULL before the epoch and past 2038-01-19 03:14:07, as in
// MariaDB 10.11.
func fromUnixtime(ts any, scale int64) (any, error) {
	if _, isNull := text(ts); !isNull {
		return nil, nil
	}
	if scale < 0 {
		return nil, fmt.Errorf("blocksql: FROM_UNIXTIME of a DOUBLE or a string is not supported; pass an integer or a DECIMAL")
	}
	a := toDec(ts)
	if a.null || a.float || a.d.Negative {
		return nil, nil
	}
	var whole, frac apd.Decimal
	a.d.Modf(&whole, &frac)
	secs, err := whole.Int64()
	if err != nil || secs > 2147483647 {
		return nil, nil
	}
	out := time.Unix(secs, 0).UTC().Format(time.DateTime)
	if scale > 0 {
		digits := strings.TrimPrefix(frac.Text('f'), "0")
		digits = strings.TrimPrefix(digits, ".")
		digits += strings.Repeat("0", int(scale))
		out += "." + digits[:scale]
	}
	return out, nil
}

// stringExtreme translates GREATEST or LEAST of strings (NULL counts as
// one) to mysql_str_greatest/least, which compare in the text collation
// as MariaDB does (LEAST('a', 'B') is 'a', where SQLite's min() compares
// bytes), or in the one textCollation chooses (byte by byte when a binary
// string takes part); ok is false when another type takes part.
func stringExtreme(e *ast.FuncCallExpr, name string, args []sqlType) (ast.ExprNode, bool) {
	for _, a := range args {
		if a.kind != kString && a.kind != kNull {
			return e, false
		}
	}
	parts := []any{fmt.Sprintf("mysql_str_%s(%d", name, textCollation(e.Args, args))}
	for _, a := range e.Args {
		parts = append(parts, ", ", a)
	}
	return raw(append(parts, ")")...), true
}

// strExtreme is GREATEST (want 1) or LEAST (want -1) of strings: NULL if
// one is NULL, else the first of the extreme ones, compared in the
// collation coll.
func strExtreme(want int) func(coll int64, args ...any) any {
	return func(coll int64, args ...any) any {
		var best string
		for i, v := range args {
			s, ok := text(v)
			if !ok {
				return nil
			}
			c := compareIn(coll, s, best)
			if i == 0 || c == want {
				best = s
			}
		}
		if len(args) == 0 {
			return nil
		}
		return best
	}
}

// toBase64 is TO_BASE64(s): s's bytes in base64, a line break after every
// 76 characters, as MariaDB writes it.
func toBase64(s any) any {
	t, ok := text(s)
	if !ok {
		return nil
	}
	enc := base64.StdEncoding.EncodeToString([]byte(t))
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteByte('\n')
		enc = enc[76:]
	}
	b.WriteString(enc)
	return b.String()
}

// fromBase64 is FROM_BASE64(s): the bytes s encodes, white space
// ignored; NULL for text that is no padded base64.
func fromBase64(s any) any {
	t, ok := text(s)
	if !ok {
		return nil
	}
	t = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, t)
	out, err := base64.StdEncoding.Strict().DecodeString(t)
	if err != nil {
		return nil
	}
	return out
}
