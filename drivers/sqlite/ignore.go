package sqlite

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// INSERT IGNORE turns the strict-mode data errors into warnings: MySQL
// then stores the nearest value the column can hold (an integer or
// DECIMAL clipped to its range, a string cut to its length, the number a
// string starts with) and NULL in a NOT NULL column becomes the type's
// implicit default (0, '', '0000-00-00'), not the column's DEFAULT. The
// functions below, wrapped around the usual conversion, store exactly
// that, so the columns' CHECK constraints pass.

// ignoreCoerce is coerce for INSERT IGNORE.
func ignoreCoerce(info []colInfo) func(col, v string) string {
	return func(col, v string) string {
		for _, c := range info {
			if !strings.EqualFold(c.name, col) {
				continue
			}
			if c.pk > 0 {
				// NULL in a key column is its implicit default too; the
				// rowid alias refuses NULL before any clipping.
				v = "coalesce(" + v + ", " + zeroValue(c) + ")"
			}
			if w, ok := ignoreTime(c, v); ok {
				return ignoreCoercion(c, w)
			}
			if c.enum != nil || c.set != nil {
				return ignoreCoercion(c, memberCoercion(c, v, true))
			}
			return ignoreCoercion(c, columnCoercion(c, asText(c, v, true)))
		}
		return v
	}
}

// ignoresOnlyKeys tells whether every column an UPDATE IGNORE sets is one
// whose IGNORE conversion (ignoreCoerce) clips any value into it, so that
// no CHECK of the table can refuse a row it writes: a number (not a BIGINT
// UNSIGNED), a CHAR or VARCHAR, a VARBINARY, a TIME, a SET. Not an ENUM (a
// table created by an older blocksql refuses its empty string in a CHECK), a date
// (see ignoreTime), a TEXT, a JSON, a BIT or a YEAR.
func ignoresOnlyKeys(list []*ast.Assignment, info []colInfo) bool {
	for _, a := range list {
		c, ok := columnInfo(info, a.Column.Name.O)
		if !ok || c.enum != nil {
			return false
		}
		t, name := clipType(c)
		switch {
		case c.set != nil:
		case intBounds[name] != [2]string{}:
			if name == "BIGINT" && strings.Contains(t, "UNSIGNED") {
				return false
			}
		case name == "DECIMAL", name == "NUMERIC", name == "DOUBLE", name == "FLOAT", name == "REAL", name == "TIME":
		case (name == "VARCHAR" || name == "CHAR" || name == "VARBINARY") && typeLength.MatchString(t):
		default:
			return false
		}
	}
	return true
}

// ignoreTime is the conversion of v for a TIME column c under
// IGNORE: a value past the range becomes the nearest one the column
// holds, one that reads as no TIME '00:00:00', where the strict
// conversion leaves both for the column's CHECK to refuse (1292). DATE,
// DATETIME and TIMESTAMP columns keep the strict conversion: the zero
// date MariaDB stores would not read back as one on this node (see the
// README's known deviations).
func ignoreTime(c colInfo, v string) (string, bool) {
	if digits, ok := timeDigits(c); ok {
		return "mysql_time_ignore(" + v + ", " + digits + ")", true
	}
	return "", false
}

// timeDigits is the fractional digits of column c when it is a TIME (not
// a TIMESTAMP), as SQL.
func timeDigits(c colInfo) (string, bool) {
	t := strings.ToUpper(c.typ)
	if !strings.HasPrefix(t, "TIME") || strings.HasPrefix(t, "TIMESTAMP") {
		return "", false
	}
	return strconv.Itoa(fsp(t)), true
}

// clipBytes is a VARBINARY value cut to n bytes, as text (see
// ignoreCoercion); NULL stays NULL.
func clipBytes(v any, n int64) any {
	if isNull(v) {
		return nil
	}
	s, ok := text(v)
	if !ok {
		return v
	}
	if int64(len(s)) > n {
		s = s[:n]
	}
	return s
}

// ignoreTimeColumn is mysql_time_column under IGNORE (ignoreTime):
// a TIME past its range is clipped to it, one that reads as no TIME is
// zero.
func ignoreTimeColumn(v any, fsp int64) any {
	if isNull(v) {
		return nil
	}
	fsp = min(max(fsp, 0), 6)
	out, ok := timeValue(v, fsp)
	switch {
	case ok:
		return out
	case out != nil:
		// Past the range: its last microsecond, which formatTime cuts
		// to the column's precision (838:59:59.999 for TIME(3)), as
		// MariaDB clips.
		s, _ := out.(string)
		return formatTime(strings.HasPrefix(s, "-"), maxTimeMicros+999_999, fsp)
	}
	return formatTime(false, 0, fsp)
}

var intBounds = map[string][2]string{
	"TINYINT": {"-128", "127"}, "SMALLINT": {"-32768", "32767"}, "MEDIUMINT": {"-8388608", "8388607"},
	"INT": {"-2147483648", "2147483647"}, "INTEGER": {"-9223372036854775808", "9223372036854775807"},
	"BIGINT": {"-9223372036854775808", "9223372036854775807"},
}

var uintMax = map[string]string{"TINYINT": "255", "SMALLINT": "65535", "MEDIUMINT": "16777215", "INT": "4294967295",
	// BIGINT UNSIGNED above 2^63-1 is not stored yet: left to the range check.
	"BIGINT": "NULL"}

var typeLength = regexp.MustCompile(`\((\d+)`)

// clipType is column c's MySQL type, upper case (a rowid alias's own),
// and its name without length or attributes ("VARCHAR(8)" is "VARCHAR").
func clipType(c colInfo) (t, name string) {
	t = strings.ToUpper(c.typ)
	if c.keyType != "" {
		t = strings.ToUpper(c.keyType)
	}
	name, _, _ = strings.Cut(strings.TrimSpace(typeLength.ReplaceAllString(t, " (")), " ")
	return t, name
}

func ignoreCoercion(c colInfo, v string) string {
	t, name := clipType(c)
	unsigned := strings.Contains(t, "UNSIGNED")
	switch {
	case intBounds[name] != [2]string{}:
		lo, hi := intBounds[name][0], intBounds[name][1]
		if unsigned {
			lo, hi = "0", uintMax[name]
		}
		v = "mysql_clip_int(" + v + ", " + lo + ", " + hi + ")"
	case name == "DECIMAL" || name == "NUMERIC":
		p, s := decimalDigits(t)
		v = "mysql_clip_decimal(" + v + ", " + p + ", " + s + ", " + strconv.Itoa(boolInt(unsigned)) + ")"
	case name == "DOUBLE" || name == "FLOAT" || name == "REAL":
		// Clipped to the column's bound, then stored as it stores any
		// number (a FLOAT's single precision, DOUBLE(m,d)'s decimals).
		v = coercion(t, "mysql_clip_double("+v+", "+strconv.Itoa(boolInt(unsigned))+", "+strconv.FormatFloat(realOf(t).max(), 'g', -1, 64)+")")
	case name == "DATE" || name == "DATETIME" || name == "TIMESTAMP":
		// A date the column's CHECK refuses is the zero date, written as
		// the column writes it.
		v = "mysql_date_ignore(" + v + ", " + strconv.Itoa(boolInt(name == "TIMESTAMP")) + ", " + zeroValue(c) + ")"
	case name == "VARCHAR" || name == "CHAR":
		if m := typeLength.FindStringSubmatch(t); m != nil {
			v = "mysql_clip_length(" + v + ", " + m[1] + ")"
		}
	case name == "VARBINARY":
		// A function of blocksql's cannot return an empty BLOB (it becomes
		// NULL), nor can SQLite's substr: mysql_clip_bytes returns the
		// bytes as text, which the CAST makes a BLOB again, empty too.
		if m := typeLength.FindStringSubmatch(t); m != nil {
			v = "CAST(mysql_clip_bytes(" + v + ", " + m[1] + ") AS BLOB)"
		}
	}
	if c.notNull {
		return "coalesce(" + v + ", " + zeroValue(c) + ")"
	}
	return v
}

// zeroValue is what MySQL stores for NULL in a NOT NULL column
// when the error is ignored: the type's zero, whatever its DEFAULT.
func zeroValue(c colInfo) string {
	t := strings.ToUpper(c.typ)
	switch {
	case len(c.enum) > 0:
		return sqlString(c.enum[0]) // an ENUM's first member
	case strings.HasPrefix(t, "DECIMAL") || strings.HasPrefix(t, "NUMERIC"):
		_, s := decimalDigits(t)
		return "mysql_decimal(0, " + s + ")"
	case strings.Contains(t, "INT") || strings.HasPrefix(t, "DOUBLE") || strings.HasPrefix(t, "FLOAT") || strings.HasPrefix(t, "REAL"):
		return "0"
	case t == "DATE":
		return "'0000-00-00'"
	case strings.HasPrefix(t, "DATETIME") || strings.HasPrefix(t, "TIMESTAMP"):
		return "'" + zeroDatetime(int64(fsp(t))) + "'"
	case strings.HasPrefix(t, "TIME"):
		return "'00:00:00'"
	}
	return "''"
}

// decimalDigits reads p and s of "DECIMAL TEXT(p,s)".
func decimalDigits(t string) (string, string) {
	_, rest, _ := strings.Cut(t, "(")
	p, s, _ := strings.Cut(strings.TrimSuffix(rest, ")"), ",")
	return strings.TrimSpace(p), strings.TrimSpace(s)
}

// leadingNumber is the number a string starts with, as MySQL reads
// '12abc' as 12 and 'abc' as 0.
var leadingNumber = regexp.MustCompile(`^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`)

func numberPrefix(v any) (float64, string) {
	s, _ := text(v)
	m := leadingNumber.FindString(s)
	if m == "" {
		return 0, "0"
	}
	f, _ := strconv.ParseFloat(strings.TrimSpace(m), 64)
	return f, strings.TrimSpace(m)
}

// clipInt stores the integer nearest to v within [lo, hi]; hi NULL
// leaves the top unclipped.
func clipInt(v, lo, hi any) any {
	if isNull(v) {
		return nil
	}
	low, _ := lo.(int64)
	high, bounded := hi.(int64)
	if !bounded {
		high = math.MaxInt64
	}
	var f float64
	switch x := v.(type) {
	case int64:
		if x < low {
			return low
		}
		if bounded && x > high {
			return high
		}
		return x
	case float64:
		f = x
	default:
		_, s := numberPrefix(v)
		r := coerceInt(s)
		if i, ok := r.(int64); ok {
			return clipInt(i, lo, hi)
		}
		f, _ = r.(float64)
	}
	switch {
	case f < float64(low):
		return low
	case f >= float64(high) && bounded:
		return high
	}
	return v
}

// clipDecimal stores the DECIMAL(p,s) value nearest to v: the largest
// or smallest the type holds, 0 for a negative UNSIGNED or no number.
func clipDecimal(v any, p, s, unsigned int64) any {
	switch decimalCheck(v, p, s, unsigned) {
	case decNotNumber:
		_, n := numberPrefix(v)
		return clipDecimal(coerceDecimal(n, s), p, s, unsigned)
	case decOutOfRange:
		t := v.(string)
		if strings.HasPrefix(t, "-") && unsigned != 0 {
			return coerceDecimal("0", s)
		}
		most := strings.Repeat("9", int(p-s))
		if s > 0 {
			most += "." + strings.Repeat("9", int(s))
		}
		if strings.HasPrefix(t, "-") {
			return "-" + most
		}
		return most
	}
	return v
}

// A TIMESTAMP's range as MariaDB holds it (seconds since 1970 in 32 bits,
// the nodes' time zone being UTC), as the stored text compares: the
// column's CHECK refuses what is outside it, INSERT IGNORE stores the zero
// date instead.
const (
	timestampFirst = "1970-01-01 00:00:01"
	timestampLast  = "2038-01-19 03:14:07.999999"
)

// dateIgnore is mysql_date_ignore: v, converted for a DATE, DATETIME or
// TIMESTAMP column (coerceDate, coerceDatetime), as INSERT IGNORE stores
// it: zero, the column's zero date, where the column's CHECK would refuse
// it (no date, a day past its month's end, a TIMESTAMP past 1970–2038).
func dateIgnore(v any, timestamp int64, zero any) any {
	if isNull(v) {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return zero
	}
	if strings.HasPrefix(s, "0000-00-00") {
		return v
	}
	layout := "2006-01-02 15:04:05"
	if len(s) == 10 {
		layout = "2006-01-02"
	}
	if len(s) < len(layout) {
		return zero
	}
	if _, err := time.Parse(layout, s[:len(layout)]); err != nil {
		return zero
	}
	if timestamp != 0 && (s < timestampFirst || s > timestampLast) {
		return zero
	}
	return v
}

// clipDouble stores the number v starts with, within [-bound, bound];
// negative is 0 when unsigned.
func clipDouble(v any, unsigned int64, bound float64) any {
	var f float64
	switch x := v.(type) {
	case nil:
		return nil
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		if isNull(v) {
			return nil
		}
		f, _ = numberPrefix(v)
	}
	if unsigned != 0 && f < 0 {
		return float64(0)
	}
	return max(-bound, min(f, bound))
}

// clipLength cuts v to n characters (a DOUBLE's text).
func clipLength(v any, n int64) any {
	if f, isDouble := v.(float64); isDouble {
		// The text MariaDB writes for a DOUBLE, its most significant
		// digits that fit (as nulLength writes it), not SQLite's 1.0.
		if fit, ok := fitDouble(f, int(n)); ok {
			return fit
		}
		v = drivers.FormatDouble(f)
	}
	s, ok := v.(string)
	if !ok || int64(utf8.RuneCountInString(s)) <= n {
		return v
	}
	return string([]rune(s)[:n])
}

// fillOmitted gives the NOT NULL columns without DEFAULT that an INSERT
// IGNORE leaves out their type's zero, as MySQL does (1364 becomes a
// warning); only those of them in only, when it is not nil. It returns
// the columns then inserted. An INSERT ... SELECT selects the zeros too
// (each SELECT of a UNION); the SELECT of a nested UNION keeps the 1364.
func fillOmitted(s *ast.InsertStmt, info []colInfo, cols, only []string) []string {
	selects, ok := selectsOf(s.Select)
	if len(s.Columns) == 0 || !ok {
		return cols
	}
	for _, c := range info {
		if !c.notNull || c.dflt.Valid || contains(cols, c.name) || only != nil && !contains(only, c.name) {
			continue
		}
		var zero any = int64(0)
		if z := zeroValue(c); len(c.enum) > 0 {
			zero = c.enum[0]
		} else if strings.HasPrefix(z, "'") {
			zero = strings.Trim(z, "'")
		}
		s.Columns = append(s.Columns, &ast.ColumnName{Name: ast.NewCIStr(c.name)})
		for i := range s.Lists {
			s.Lists[i] = append(s.Lists[i], ast.NewValueExpr(zero, "", ""))
		}
		for _, sel := range selects {
			sel.Fields.Fields = append(sel.Fields.Fields, &ast.SelectField{Expr: ast.NewValueExpr(zero, "", "")})
		}
		cols = append(cols, c.name)
	}
	return cols
}

// selectsOf are the SELECTs whose rows an INSERT's source n is: none for
// VALUES (n nil), n itself, or each SELECT of a UNION of SELECTs; false
// for any other source.
func selectsOf(n ast.ResultSetNode) ([]*ast.SelectStmt, bool) {
	switch x := n.(type) {
	case nil:
		return nil, true
	case *ast.SelectStmt:
		return []*ast.SelectStmt{x}, x.Fields != nil
	case *ast.SetOprStmt:
		if x.SelectList == nil {
			return nil, false
		}
		out := make([]*ast.SelectStmt, 0, len(x.SelectList.Selects))
		for _, sel := range x.SelectList.Selects {
			s, ok := sel.(*ast.SelectStmt)
			if !ok || s.Fields == nil {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}
