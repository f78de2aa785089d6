package sqlite

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"

	"github.com/blocksql/blocksql/drivers"
)

// MySQL converts a value to its column's type before storing it: 1.5 into
// an INT column stores 2, 1.234 into DECIMAL(8,2) stores 1.23, a DATETIME
// is stored in one canonical text form. SQLite stores what it is given, so
// every value written to such a column goes through one of the functions
// below (registered in funcs.go), unless it is a literal the function
// would return unchanged (bareValue). A value that cannot be converted is
// passed through unchanged and the column's CHECK constraint refuses it
// with MySQL's error.

// coercion returns the SQL that converts expression v for a column of
// declared type typ, or v itself when no conversion is needed.
func coercion(typ, v string) string {
	t := strings.ToUpper(typ)
	switch {
	case strings.Contains(t, "INT"):
		return "mysql_int(" + v + ")"
	case strings.HasPrefix(t, "DECIMAL") || strings.HasPrefix(t, "NUMERIC"):
		return "mysql_decimal(" + v + ", " + strconv.Itoa(decimalScale(t)) + ")"
	case strings.HasPrefix(t, "FLOAT") || strings.HasPrefix(t, "DOUBLE"):
		r := realOf(t)
		if !r.float && r.dec < 0 {
			return v // a DOUBLE is stored as it comes
		}
		return fmt.Sprintf("mysql_real(%s, %d, %d, %d, %d)", v, boolInt(r.float), r.digits, r.dec, boolInt(r.unsigned))
	case strings.HasPrefix(t, "DATETIME") || strings.HasPrefix(t, "TIMESTAMP"):
		return "mysql_datetime(" + v + ", " + strconv.Itoa(fsp(t)) + ")"
	case t == "DATE":
		return "mysql_date(" + v + ")"
	case t == "YEAR" || strings.HasPrefix(t, "YEAR("):
		return "mysql_year_value(" + v + ")"
	case t == "CHAR" || strings.HasPrefix(t, "CHAR("):
		return "mysql_char_value(" + v + ")"
	case t == "BIT" || strings.HasPrefix(t, "BIT("):
		return "mysql_bit_value(" + v + ")"
	case t == "TEXT" || t == "TINYTEXT" || t == "MEDIUMTEXT" || t == "LONGTEXT":
		return "mysql_text_value(" + v + ")"
	case strings.HasPrefix(t, "TIME"):
		return "mysql_time_column(" + v + ", " + strconv.Itoa(fsp(t)) + ")"
	case strings.HasPrefix(t, "BINARY"):
		return "mysql_binary(" + v + ", " + strconv.Itoa(binaryLength(t)) + ")"
	case strings.HasPrefix(t, "VARBINARY") || strings.HasSuffix(strings.Fields(t + " x")[0], "BLOB"):
		// Bytes, always: a string kept as TEXT would sort below every
		// BLOB and never equal one, and the column's NUMERIC affinity
		// would store '12' as the integer 12. A DOUBLE's bytes are the
		// text MariaDB writes for it (1e2 is '100', not '100.0').
		return "CAST(mysql_text_value(" + v + ") AS BLOB)"
	}
	return v
}

// realType is a FLOAT or DOUBLE column's declared type: FLOAT(7,2)
// UNSIGNED has digits 7 and dec 2, a plain FLOAT or DOUBLE dec -1.
type realType struct {
	float, unsigned bool
	digits, dec     int
}

// realOf reads a FLOAT or DOUBLE declared type, upper case ("FLOAT
// UNSIGNED(7,2)", see declaredType).
func realOf(t string) realType {
	r := realType{float: strings.HasPrefix(t, "FLOAT"), unsigned: strings.Contains(t, "UNSIGNED"), dec: -1}
	if strings.IndexByte(t, '(') < 0 {
		return r // no size: spares the pattern bareValue's every DOUBLE value
	}
	if m := realSize.FindStringSubmatch(t); m != nil {
		r.digits, _ = strconv.Atoi(m[1])
		r.dec, _ = strconv.Atoi(m[2])
	}
	return r
}

var realSize = regexp.MustCompile(`\(\s*(\d+)\s*,\s*(\d+)\s*\)`)

// max is the largest magnitude the column takes, as MariaDB computes it
// (Field_real::truncate_double): FLOAT's or DOUBLE's largest, or with d
// decimals of m digits 10^(m-d) - 10^-d.
func (r realType) max() float64 {
	m := math.MaxFloat64
	if r.float {
		m = math.MaxFloat32
	}
	if r.dec >= 0 {
		m = min(m, math.Pow10(r.digits-r.dec)-1/math.Pow10(r.dec))
	}
	return m
}

// stored is f as the column stores it: a FLOAT in single precision.
func (r realType) stored(f float64) float64 {
	if r.float {
		return float64(float32(f))
	}
	return f
}

// coerceReal is mysql_real: a number for a FLOAT or DOUBLE(m,d) column as
// MariaDB stores it (Field_real::truncate_double, then a FLOAT's single
// precision): a fixed number of decimals rounded as rint rounds the
// fraction (12.345 in a FLOAT(7,2) is 12.35, 0.125 is 0.12, -0.005 is 0),
// a negative number for an UNSIGNED column or one past the column's range
// -Inf or +Inf, which its CHECK refuses with 1264 (INSERT IGNORE clips it:
// clipDouble). What is no number is left for the CHECK.
func coerceReal(v any, float, digits, dec, unsigned int64) any {
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		s, ok := text(v)
		if !ok {
			return v
		}
		g, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || strings.ContainsAny(s, "xXnN") {
			return v
		}
		f = g
	}
	r := realType{float: float != 0, digits: int(digits), dec: int(dec)}
	if unsigned != 0 && f < 0 {
		return math.Inf(-1)
	}
	if r.dec >= 0 && !math.IsInf(f, 0) {
		p := math.Pow10(r.dec)
		f = math.Floor(f) + math.RoundToEven((f-math.Floor(f))*p)/p
	}
	if math.Abs(f) > r.max() {
		return math.Copysign(math.Inf(1), f)
	}
	return r.stored(f)
}

var binaryType = regexp.MustCompile(`^BINARY\((\d+)\)`)

// binaryLength is n of BINARY(n); BINARY alone is BINARY(1).
func binaryLength(t string) int {
	n := 1
	if m := binaryType.FindStringSubmatch(t); m != nil {
		n, _ = strconv.Atoi(m[1])
	}
	return n
}

// coerceBinary right-pads a value for a BINARY(n) column with NUL bytes to
// n bytes, as MySQL stores it (so reads, digests and row images match
// MariaDB's). A longer value is left for the column's CHECK to refuse with
// 1406. A string stays text, except one that reads as a number, padded or
// not (' 12 ' fills a BINARY(4)): the column's NUMERIC affinity would store
// '1\0\0' or ' 12 ' as an integer, so it and every other value become a
// BLOB.
func coerceBinary(v any, n int64) any {
	if isNull(v) {
		return nil
	}
	s, ok := text(v)
	if !ok || int64(len(s)) > n {
		return v
	}
	padded := s + strings.Repeat("\x00", int(n)-len(s))
	if _, str := v.(string); str {
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return padded
		}
	}
	return []byte(padded)
}

// keyCoercion converts a value written to the INTEGER PRIMARY KEY (a
// rowid alias). SQLite would give NULL the next rowid, and AUTO_INCREMENT
// ids are always explicit by then, so NULL there is MySQL's 1048.
func keyCoercion(col, v string) string {
	return "mysql_key_int(" + v + ", '" + strings.ReplaceAll(col, "'", "''") + "')"
}

// nullKey starts the error mysql_key_int raises; sqlError maps it to 1048.
const nullKey = "blocksql: NULL key column: "

// keyRange starts the error mysql_key_int raises for a number past 64
// bits, which the rowid cannot hold; sqlError maps it to 1264.
const keyRange = "blocksql: out of range key column: "

func coerceKeyInt(v any, col string) (any, error) {
	if isNull(v) {
		return nil, errors.New(nullKey + col)
	}
	r := coerceInt(v)
	if _, ok := r.(float64); ok {
		return nil, errors.New(keyRange + col)
	}
	return r, nil
}

// unsignedDecimalValue marks, for mysql_unsigned_decimal, a DECIMAL written
// to an UNSIGNED integer column: MySQL refuses a negative DECIMAL there with
// 1264 even when it rounds to 0 (-0.015), where a negative DOUBLE or string
// stores 0. A DECIMAL's value is text here, as a string's is, so coerceInt
// cannot tell them apart: the static type decides, at translation
// (typedInto). A negative non-zero value becomes -Inf, which no
// conversion brings into range: the column's CHECK refuses it. So does a
// quotient's negative zero (see negativeZero), the one zero with a sign.
func unsignedDecimalValue(v any) any {
	if s, ok := numericText(v); ok && strings.HasPrefix(s, "-") {
		return math.Inf(-1)
	}
	return v
}

// typedInto is the function a value of type tp written to column col of
// info must go through first, "" for none: mysql_unsigned_decimal for a
// DECIMAL into an UNSIGNED integer column, mysql_decimal_integer for one
// into an ENUM or SET column (MariaDB takes a number's integer part there,
// 2.5 is the second member, where the string '2.5' is no member), and
// mysql_double_bigint for a DOUBLE into a signed BIGINT column or key. The
// type is checked first: this runs for every value an INSERT writes.
func typedInto(tp sqlType, info []colInfo, col string) string {
	if tp.kind != kDecimal && tp.kind != kDouble {
		return ""
	}
	c, ok := columnInfo(info, col)
	switch {
	case !ok:
		return ""
	case tp.kind == kDouble:
		if signedBigint(c) {
			return "mysql_double_bigint"
		}
		return ""
	case unsignedInt(c):
		return "mysql_unsigned_decimal"
	case c.enum != nil || c.set != nil:
		return "mysql_decimal_integer"
	}
	return ""
}

// decimalInteger is mysql_decimal_integer: a DECIMAL's integer part (its
// text cut at the point), within BIGINT's range.
func decimalInteger(v any) any {
	s, ok := numericText(v)
	if !ok {
		return v
	}
	whole, _, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		if strings.HasPrefix(whole, "-") {
			return int64(math.MinInt64)
		}
		return int64(math.MaxInt64)
	}
	return n
}

// unsignedInt reports an UNSIGNED integer column.
func unsignedInt(c colInfo) bool {
	t := mysqlColumnType(c)
	return strings.Contains(t, "INT") && strings.Contains(t, "UNSIGNED")
}

// signedBigint reports a signed BIGINT column.
func signedBigint(c colInfo) bool {
	t := mysqlColumnType(c)
	return strings.HasPrefix(t, "BIGINT") && !strings.Contains(t, "UNSIGNED")
}

// mysqlColumnType is c's declared type in upper case; of the rowid alias
// (INTEGER), the MySQL type it stands for.
func mysqlColumnType(c colInfo) string {
	if c.keyType != "" {
		return strings.ToUpper(c.keyType)
	}
	return strings.ToUpper(c.typ)
}

// columnCoercion converts v for column c: the rowid alias or by type.
func columnCoercion(c colInfo, v string) string {
	if c.pk > 0 && strings.EqualFold(c.typ, "INTEGER") {
		return keyCoercion(c.name, v)
	}
	if c.enum != nil || c.set != nil {
		return memberCoercion(c, v, false)
	}
	if digits, ok := timeDigits(c); ok {
		return "mysql_time_value(" + sqlString(c.name) + ", " + v + ", " + digits + ")"
	}
	return coercion(c.typ, v)
}

// memberCoercion converts v for an ENUM or SET column c (members.go):
// strictly, failing with 1265, or as IGNORE stores it.
func memberCoercion(c colInfo, v string, ignore bool) string {
	fn, list := "enum", c.enum
	if c.set != nil {
		fn, list = "set", c.set
	}
	var call strings.Builder
	if ignore {
		call.WriteString("mysql_" + fn + "_ignore(" + v)
	} else {
		call.WriteString("mysql_" + fn + "_value(" + sqlString(c.name) + ", " + v)
	}
	for _, m := range list {
		call.WriteString(", " + sqlString(m))
	}
	return call.String() + ")"
}

// bareValue reports whether v, a VALUES literal bound as a parameter for
// column c, is stored as it is: every conversion the column applies would
// return it unchanged (an int64 for the integer ones, anything but a
// string holding a NUL for the length check). It is then bound without
// them, which spares SQLite a call into Go per value written.
func bareValue(c colInfo, v any) bool {
	if s, ok := v.(string); ok && (strings.IndexByte(s, 0) >= 0 || s != "" && strings.IndexByte(cutSpaces, s[len(s)-1]) >= 0) {
		return false // the length check refuses a NUL or cuts trailing spaces
	}
	if _, ok := v.(float64); ok && textLength.MatchString(strings.ToUpper(c.typ)) {
		return false // the length check writes a DOUBLE as MariaDB's text
	}
	if c.pk > 0 && strings.EqualFold(c.typ, "INTEGER") || strings.Contains(strings.ToUpper(c.typ), "INT") {
		_, ok := v.(int64)
		return ok
	}
	if c.enum != nil {
		s, ok := v.(string)
		return ok && slices.Contains(c.enum, s)
	}
	if c.set != nil {
		return false
	}
	switch co := coercion(c.typ, "?"); co {
	case "mysql_text_value(?)", "mysql_char_value(?)":
		// Only a DOUBLE changes (a string's trailing spaces are above).
		_, ok := v.(float64)
		return !ok
	default:
		return co == "?"
	}
}

var textLength = regexp.MustCompile(`^(VAR)?CHAR\((\d+)\)`)

// textLengthCheck refuses, with 1406, a string for a CHAR/VARCHAR column
// that holds a NUL byte and is too long: the column's CHECK uses SQLite's
// length(), which stops at the NUL (kept as plain SQL, so the database
// file stays writable without blocksql's functions). A string too long by
// trailing spaces (cutSpaces) only is cut to the length, as MySQL cuts it.
func textLengthCheck(c colInfo, v string) string {
	m := textLength.FindStringSubmatch(strings.ToUpper(c.typ))
	if m == nil {
		return v
	}
	return "mysql_nul_length(" + v + ", " + m[2] + ", '" + strings.ReplaceAll(c.name, "'", "''") + "')"
}

// badString starts the error mysql_utf8_value raises; sqlError maps it
// to 1366.
const badString = "blocksql: incorrect string: "

// utf8Value is a binary string written to a character column as the text
// its bytes spell (x'c3a9' is 'é'; SQLite would keep the BLOB, which
// equals no string): bytes that are no UTF-8 fail with 1366, as MariaDB's
// strict mode refuses them. Every other value passes.
func utf8Value(v any, col string) (any, error) {
	b, ok := bytesOrBadText(v)
	if !ok {
		return v, nil
	}
	if !utf8.Valid(b) {
		return nil, errors.New(badString + col + "\t" + drivers.InvalidUTF8Part(b))
	}
	return string(b), nil
}

// utf8Ignore is utf8Value under IGNORE: each byte that is no UTF-8 is a
// '?', as MariaDB stores it with its warning.
func utf8Ignore(v any) any {
	b, ok := bytesOrBadText(v)
	if !ok {
		return v
	}
	var sb strings.Builder
	for len(b) > 0 {
		i := drivers.FirstInvalidUTF8(b)
		sb.Write(b[:i])
		if i < len(b) {
			sb.WriteByte('?')
			i++
		}
		b = b[i:]
	}
	return sb.String()
}

// bytesOrBadText is v's bytes when a character column cannot take v as it
// is: a binary string (not NULL), or a text that is no UTF-8 (a function's
// text made of a binary string's bytes).
func bytesOrBadText(v any) ([]byte, bool) {
	switch x := v.(type) {
	case []byte:
		return x, x != nil
	case string:
		return []byte(x), !utf8.ValidString(x)
	}
	return nil, false
}

// characterColumn tells a column of utf8mb4 text: CHAR, VARCHAR or a
// TEXT, not a binary one, an ENUM or a SET (their members are text).
func characterColumn(c colInfo) bool {
	t := strings.ToUpper(c.typ)
	if c.enum != nil || c.set != nil || strings.Contains(t, "BINARY") {
		return false
	}
	for _, p := range []string{"CHAR", "VARCHAR", "TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT"} {
		if t == p || strings.HasPrefix(t, p+"(") || strings.HasPrefix(t, p+" ") {
			return true
		}
	}
	return false
}

// asText wraps v, written to column c, in the conversion of a binary
// string to its text (utf8Value, or utf8Ignore under IGNORE) when c is a
// character column and v may be one: not a string literal, a parameter
// (both checked before the chain, replay.checkStrings), NULL or a number.
func asText(c colInfo, v string, ignore bool) string {
	if !characterColumn(c) || v == "?" || v == "NULL" || strings.HasPrefix(v, "'") && strings.HasSuffix(v, "'") {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	if ignore {
		return "mysql_utf8_ignore(" + v + ")"
	}
	return "mysql_utf8_value(" + v + ", " + sqlString(c.qualified()) + ")"
}

// qualified is the column as MariaDB names it in a 1366: `db`.`table`.`c`.
func (c colInfo) qualified() string {
	name := "`" + c.name + "`"
	if db, table := splitPhysical(c.table); c.table != "" {
		name = "`" + db + "`.`" + table + "`." + name
	}
	return name
}

// charLength counts characters as MySQL's CHAR_LENGTH does; SQLite's
// length() stops at a NUL byte.
func charLength(v any) any {
	s, ok := text(v)
	if !ok {
		return nil
	}
	return int64(utf8.RuneCountInString(s))
}

// cutSpaces are the characters MySQL cuts without an error when they
// are all a string has past its column's length: the space and the ASCII
// control characters its character sets class as spaces (\t \n \v \f \r).
const cutSpaces = " \t\n\v\f\r"

// tooLong starts the error mysql_nul_length raises; sqlError maps it to 1406.
const tooLong = "blocksql: data too long: "

func nulLength(v any, n int64, col string) (any, error) {
	if f, isDouble := v.(float64); isDouble {
		// A DOUBLE is stored as the text MariaDB writes for it (1e20,
		// not SQLite's 1.0e+20), with as many digits as the column holds.
		fit, ok := fitDouble(f, int(n))
		if !ok {
			return nil, errors.New(tooLong + col)
		}
		return fit, nil
	}
	s, ok := v.(string)
	if !ok || int64(utf8.RuneCountInString(s)) <= n {
		return v, nil
	}
	if r := []rune(s); strings.TrimRight(string(r[n:]), cutSpaces) == "" {
		return string(r[:n]), nil // only spaces past the length: MySQL cuts them, strict or not
	}
	if strings.IndexByte(s, 0) >= 0 {
		return nil, errors.New(tooLong + col)
	}
	return v, nil
}

// fitDouble is f as MariaDB stores a DOUBLE into a string column of n
// characters: its shortest text if that fits, else the most significant
// digits that fit, written fixed or with an exponent (0.1 + 0.2 into
// CHAR(8) is 0.3, -2.5e-5 is -2.5e-5 where -0.000025 is too long).
func fitDouble(f float64, n int) (string, bool) {
	for p := 17; p >= 1; p-- {
		g, err := strconv.ParseFloat(strconv.FormatFloat(f, 'e', p-1, 64), 64)
		if err != nil {
			break
		}
		if s := drivers.FormatDouble(g); len(s) <= n {
			return s, true
		}
		if s := expDouble(g); len(s) <= n {
			return s, true
		}
	}
	return "", false
}

// expDouble is f with an exponent, as MariaDB writes one (2.5e-5).
func expDouble(f float64) string {
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	x, _ := strconv.Atoi(exp)
	return mant + "e" + strconv.Itoa(x)
}

// coerceText stores a DOUBLE into a TEXT column as the text MariaDB writes
// for it (SQLite's TEXT affinity would write 1.5e+300 as 1.5e+300).
func coerceText(v any) any {
	if f, ok := v.(float64); ok {
		return drivers.FormatDouble(f)
	}
	return v
}

var scale = regexp.MustCompile(`\(\s*\d+\s*,\s*(\d+)\s*\)`)

func decimalScale(t string) int {
	if m := scale.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// numericText returns the decimal text of a number or numeric string.
func numericText(v any) (string, bool) {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return "", false
		}
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case string:
		s := strings.TrimSpace(v)
		if _, err := strconv.ParseFloat(s, 64); err != nil || strings.ContainsAny(s, "xXnN") {
			return "", false
		}
		if f, _ := strconv.ParseFloat(s, 64); strings.ContainsAny(s, "eE") {
			return strconv.FormatFloat(f, 'f', -1, 64), true
		}
		return s, true
	}
	return "", false
}

// roundText rounds decimal text to d fractional digits, half away from
// zero, exactly as MySQL rounds DECIMAL (no binary floating point).
func roundText(s string, d int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	ip, fp, _ := strings.Cut(s, ".")
	if len(fp) <= d {
		return sign(neg, ip, fp)
	}
	digits := []byte(ip + fp[:d])
	if fp[d] >= '5' {
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		} else {
			digits[i]++
		}
	}
	n := len(digits) - d
	return sign(neg, string(digits[:n]), string(digits[n:]))
}

func sign(neg bool, ip, fp string) string {
	if ip == "" {
		ip = "0"
	}
	s := ip
	if fp != "" {
		s += "." + fp
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// doubleBigint is mysql_double_bigint, what a DOUBLE written to a signed
// BIGINT column or key goes through first (typedInto): MariaDB stores a
// DOUBLE of exactly 2^63, the nearest DOUBLE to 9223372036854775807, as
// 9223372036854775807 without an error, refusing only one above it, where
// any other integer column refuses it. Only a DOUBLE's static type tells:
// an UNSIGNED sum past BIGINT is carried as the same DOUBLE here, and
// MariaDB refuses it (an UNSIGNED BIGINT column would store
// 9223372036854775808, which this backend cannot hold, so it refuses it).
func doubleBigint(v any) any {
	if f, ok := v.(float64); ok && f == 0x1p63 {
		return int64(math.MaxInt64)
	}
	return v
}

// exactText is numericText, except that a string with an exponent written
// to an integer or DECIMAL column ('12345678901234567e1') is read as exact
// decimal text, as MariaDB reads it there (digit by digit, where a DOUBLE
// would round it to 123456789012345660). An exponent far past any
// DECIMAL's digits goes through a DOUBLE as before (out of range there
// as well).
func exactText(v any) (string, bool) {
	s, ok := v.(string)
	if !ok || !strings.ContainsAny(s, "eE") || strings.ContainsAny(s, "xXnN") {
		return numericText(v)
	}
	var d apd.Decimal
	if _, _, err := d.SetString(strings.TrimSpace(s)); err != nil || d.Form != apd.Finite ||
		d.Exponent > 70 || d.Exponent < -70 || d.NumDigits() > 80 {
		return numericText(v)
	}
	return d.Text('f'), true
}

func coerceInt(v any) any {
	if isNull(v) {
		return nil
	}
	if i, ok := v.(int64); ok {
		return i
	}
	if f, ok := v.(float64); ok && f >= -0x1p63 && f < 0x1p63 {
		// A DOUBLE rounds half to even, as MySQL's rint() does (2.5 is
		// 2); a DECIMAL or a string half away from zero (below).
		return int64(math.RoundToEven(f))
	}
	s, ok := exactText(v)
	if !ok {
		return v
	}
	r := roundText(s, 0)
	if i, err := strconv.ParseInt(r, 10, 64); err == nil {
		return i
	}
	f, _ := strconv.ParseFloat(r, 64)
	return f // out of int64: the range CHECK refuses it
}

// coerceDecimal converts a value written to a DECIMAL column of scale d
// to its stored form, text at that scale; what is no number is passed
// through for the column's CHECK to refuse (see decimalCheck).
func coerceDecimal(v any, d int64) any {
	if isNull(v) {
		return nil
	}
	s, ok := exactText(v)
	var x apd.Decimal
	if !ok {
		return v
	}
	if _, _, err := x.SetString(s); err != nil {
		return v
	}
	return decRound(&x, int32(d), apd.RoundHalfUp)
}

var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04", "2006-01-02",
	"2006-1-2 15:4:5.999999999", "2006-1-2", "20060102150405", "20060102",
}

// parseMySQLTime reads the date and datetime literals MySQL accepts.
func parseMySQLTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if full, ok := fourDigitYear(s); ok {
		s = full
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	if m := otherDelimiters.FindStringSubmatch(s); m != nil {
		// MySQL takes any punctuation between a date's parts and a time's
		// ('2024/03/05', '2024.03.05 10.20.30'): written with - and :.
		canon := m[1] + "-" + m[2] + "-" + m[3]
		if m[4] != "" {
			canon += " " + m[4] + ":" + m[5]
			if m[6] != "" {
				canon += ":" + m[6] + m[7]
			}
		}
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, canon); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// twoDigitYear* are a date written with a two-digit year, with any
// punctuation between its parts ('24-02-29', '24/2/9 10:11:12', '10:11:12')
// or none ('240229', '240229101112').
var (
	twoDigitYearDelimited = regexp.MustCompile(`^(\d{2})[!-/:-@\[-` + "`" + `{-~](\d{1,2})[!-/:-@\[-` + "`" + `{-~](\d{1,2})((?:\s+|T).*)?$`)
	twoDigitYearDigits    = regexp.MustCompile(`^(\d{2})(\d{4}(?:\d{6}(?:\.\d+)?)?)$`)
)

// fourDigitYear writes a date with a two-digit year with four, its date
// parts set apart by -, as MySQL reads one: 00–69 are 2000–2069, 70–99
// 1970–1999 (in a date, '10:11:12' is 2010-11-12, as on MariaDB).
func fourDigitYear(s string) (string, bool) {
	if !twoDigitYearShape(s) {
		return s, false // a four-digit year, or no date: no regexp run
	}
	century := func(yy string) string {
		if yy >= "70" {
			return "19" + yy
		}
		return "20" + yy
	}
	if m := twoDigitYearDelimited.FindStringSubmatch(s); m != nil {
		return century(m[1]) + "-" + m[2] + "-" + m[3] + m[4], true
	}
	if m := twoDigitYearDigits.FindStringSubmatch(s); m != nil {
		return century(m[1]) + m[2], true
	}
	return s, false
}

// twoDigitYearShape tells cheaply whether s may be a date with a two-digit
// year: two digits then punctuation, or 6 or 12 digits (and a fraction).
// Every date read goes through fourDigitYear, and most have four.
func twoDigitYearShape(s string) bool {
	if len(s) < 6 || !isDigit(s[0]) || !isDigit(s[1]) {
		return false
	}
	if !isDigit(s[2]) {
		return true
	}
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n == 6 && n == len(s) || n == 12 && (n == len(s) || s[n] == '.')
}

// otherDelimiters is a date (with a time of day) whose parts are set apart
// by punctuation other than - and : (parseMySQLTime).
var otherDelimiters = regexp.MustCompile(`^(\d{4})[!-/:-@\[-` + "`" + `{-~](\d{1,2})[!-/:-@\[-` + "`" + `{-~](\d{1,2})` +
	`(?:(?:\s+|T)(\d{1,2})[!-/:-@\[-` + "`" + `{-~](\d{1,2})(?:[!-/:-@\[-` + "`" + `{-~](\d{1,2})(\.\d+)?)?)?$`)

// fsp is the fractional-seconds precision of DATETIME(n), TIME(n).
func fsp(t string) int {
	n := 0
	if _, args, ok := strings.Cut(t, "("); ok {
		n, _ = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(args, ")")))
	}
	return min(max(n, 0), 6)
}

// coerceDatetime stores a DATETIME(fsp) value with exactly fsp digits of
// fractional seconds, the rest cut off as MariaDB does (it truncates
// unless TIME_ROUND_FRACTIONAL is set).
func coerceDatetime(v any, fsp int64) any {
	if isNull(v) {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		// A number written as a date (20250203104500, 20250203.5).
		t, ok := numberDate(v)
		if !ok {
			return zeroDateOr(v, zeroDatetime(fsp))
		}
		return formatDate(t, false, int(min(fsp, 6)))
	}
	if zeroDateText.MatchString(s) {
		return zeroDatetime(fsp)
	}
	t, ok := parseMySQLTime(s)
	if !ok {
		return v
	}
	out := t.Format("2006-01-02 15:04:05")
	if fsp > 0 {
		out += t.Format(".000000")[:min(fsp, 6)+1]
	}
	return out
}

func coerceDate(v any) any {
	if isNull(v) {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		t, ok := numberDate(v)
		if !ok {
			return zeroDateOr(v, "0000-00-00")
		}
		return t.Format("2006-01-02")
	}
	if zeroDateText.MatchString(s) {
		return "0000-00-00"
	}
	if t, ok := parseMySQLTime(s); ok {
		return t.Format("2006-01-02")
	}
	return v
}

// zeroDateText matches the zero date written as a string, with a zero time
// or none ('0000-00-00', '0000-00-00 00:00:00.000').
var zeroDateText = regexp.MustCompile(`^\s*0000-00-00(\s+00:00:00(\.0*)?)?\s*$`)

// zeroDateOf is the zero date as a DATE column (date) or a DATETIME(fsp)
// or TIMESTAMP(fsp) column stores it.
func zeroDateOf(date bool, fsp int64) string {
	if date {
		return "0000-00-00"
	}
	return zeroDatetime(fsp)
}

// zeroDatetime is the zero date as a DATETIME(fsp) or TIMESTAMP(fsp)
// column stores it: with its fsp digits of fractional seconds, as every
// other value is, so that it reads 0000-00-00 00:00:00.00 as in MariaDB.
func zeroDatetime(fsp int64) string {
	out := "0000-00-00 00:00:00"
	if fsp = min(fsp, 6); fsp > 0 {
		out += "." + strings.Repeat("0", int(fsp))
	}
	return out
}

// numberDate reads a number stored into a DATE or DATETIME column as
// MariaDB reads it (YYYYMMDD, YYMMDD, YYYYMMDDhhmmss; 0, the zero date,
// is zeroDateOr's). A number that is no date is false: the column's CHECK
// refuses it with 1292.
func numberDate(v any) (time.Time, bool) {
	switch v.(type) {
	case int64, float64:
		t, _, ok := temporalOf(v)
		return t, ok
	}
	return time.Time{}, false
}

// zeroDateOr is the zero date for the number 0, which MariaDB stores as
// '0000-00-00'; anything else is v.
func zeroDateOr(v any, zero string) any {
	if n, ok := v.(int64); ok && n == 0 {
		return zero
	}
	return v
}

// coerceYear stores a value into a YEAR column as MariaDB does: a number
// or a string of one or two digits is a year of 1970–2069 (0 the year
// 0000 as a number, 2000 as a string), four digits the year itself; what
// is not a year is left for the column's CHECKs (1366, 1264 outside
// 1901–2155). A DOUBLE loses its fraction (2023.7e0 is 2023, 69.5e0 2069);
// a DECIMAL, which reaches SQLite as text, or a string rounds half away
// from zero (2024.5 and '2024.5' are 2025, 69.5 is 1970).
func coerceYear(v any) any {
	switch x := v.(type) {
	case int64:
		return twoDigitYear(x, false)
	case float64:
		if x < 0 {
			return int64(math.Floor(x)) // out of range, however small (1264)
		}
		return twoDigitYear(int64(x), false)
	case string:
		s := strings.TrimSpace(x)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return twoDigitYear(n, len(s) <= 2)
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return twoDigitYear(int64(math.Round(f)), false)
		}
	}
	return v
}

func twoDigitYear(n int64, text bool) int64 {
	switch {
	case n == 0 && text:
		return 2000
	case n >= 1 && n <= 69:
		return n + 2000
	case n >= 70 && n <= 99:
		return n + 1900
	}
	return n
}

// coerceChar stores a string into a CHAR(n) column without its trailing
// spaces: MariaDB pads CHAR values and removes the padding when it reads
// them, so 'ab ' reads back as 'ab'.
func coerceChar(v any) any {
	if s, ok := v.(string); ok {
		return strings.TrimRight(s, " ")
	}
	return v
}

// coerceBit stores a value into a BIT column as the number MariaDB
// stores: a string's or a bit literal's bytes read big-endian (b'1111'
// is 15, 'a' 97), a number itself; the column's CHECK refuses a number
// wider than the column (1406).
func coerceBit(v any) any {
	switch x := v.(type) {
	case []byte:
		if len(x) <= 8 {
			return bitInt(x)
		}
	case string:
		if len(x) <= 8 {
			return bitInt([]byte(x))
		}
	case float64:
		return int64(math.RoundToEven(x))
	}
	return v
}

// isNull recognizes SQL NULL, which go-sqlite3 passes as a nil []byte.
func isNull(v any) bool {
	b, ok := v.([]byte)
	return v == nil || (ok && b == nil)
}

// bitInt is a BIT value as the number MySQL's BIT + 0 gives: hex
// literals are stored as big-endian BLOBs.
func bitInt(v any) any {
	b, ok := v.([]byte)
	if !ok || b == nil {
		return v
	}
	var n int64
	for _, c := range b {
		n = n<<8 | int64(c)
	}
	return n
}

// castCharNumber is CAST(number AS CHAR(n)): its text cut to n characters,
// as MariaDB cuts it in a read (with a warning). A string is cut silently
// even where a value is written; a number cut there is castCharNumberStrict.
func castCharNumber(x any, n int64) any {
	s, ok := text(x)
	if !ok {
		return nil
	}
	return clipLength(s, n)
}

// castCharNumberStrict is castCharNumber where MariaDB's strict mode fails a
// written value cut short (1292).
func castCharNumberStrict(x any, n int64) (any, error) {
	s, ok := text(x)
	if !ok {
		return nil, nil
	}
	if int64(utf8.RuneCountInString(s)) > n {
		return nil, fmt.Errorf("%sCHAR(%d) value: '%s'", truncatedPrefix, n, s)
	}
	return s, nil
}
