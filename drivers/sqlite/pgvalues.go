package sqlite

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/mattn/go-sqlite3"
)

// The values of a postgres-dialect table on SQLite are stored in the text
// PostgreSQL prints them in (pgdigest.go hashes that text): numeric at its
// declared scale, timestamps as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (with
// '+00' for timestamptz, the node's sessions running in UTC), dates as
// 'YYYY-MM-DD'; integers as INTEGER, booleans as 0/1, bytea as BLOB,
// double precision and real as REAL. Each value written goes through the
// conversion below of its column's type, which refuses what PostgreSQL
// refuses with its SQLSTATE.

// pgValueError is a value PostgreSQL refuses. Its text carries the
// SQLSTATE through SQLite (pgMapError reads it back).
type pgValueError struct{ state, msg string }

func (e *pgValueError) Error() string { return pgStatePrefix + e.state + ": " + e.msg }

const pgStatePrefix = "pgstate "

func pgErr(state, format string, args ...any) error {
	return &pgValueError{state: state, msg: fmt.Sprintf(format, args...)}
}

// registerPG adds the postgres-dialect conversions and functions.
func registerPG(c *sqlite3.SQLiteConn) error {
	funcs := map[string]any{
		"pg_int": pgInt, "pg_numeric": pgNumeric, "pg_text": pgText, "pg_bool": pgBool,
		"pg_date": pgDate, "pg_timestamp": pgTimestamp, "pg_uuid": pgUUID, "pg_add_interval": pgAddInterval, "pg_math": pgMath, "pg_to_char": pgToChar, "pg_make_date": pgMakeDate, "pg_translate": pgTranslate, "pg_starts_with": pgStartsWith,
		"pg_octet_length": pgOctetLength, "pg_regexp_replace": pgRegexpReplace, "pg_make_timestamp": pgMakeTimestamp, "pg_bytea": pgBytea, "pg_float": pgFloat,
		"pg_int_op": pgIntOp, "pg_num_op": pgNumOp, "pg_num_cmp": pgNumCmp, "pg_div": pgDiv,
		"pg_round": pgRound, "pg_like": pgLike, "pg_greatest": pgExtreme(1), "pg_least": pgExtreme(-1),
		"pg_concat": pgConcat, "pg_out": pgOut, "pg_bpchar_cmp": pgBpcharCmp, "pg_substr": pgSubstr,
		"pg_split_part": pgSplitPart, "pg_left": pgSide(true), "pg_right": pgSide(false), "pg_lpad": pgPad(true), "pg_rpad": pgPad(false),
		"pg_initcap": pgInitcap, "pg_extract": pgDatePart(true), "pg_date_part": pgDatePart(false),
		"pg_date_trunc": pgDateTrunc, "pg_regex": pgRegexMatch, "pg_ascii": pgASCII, "pg_chr": pgChr,
		"pg_float_op": pgFloatOp, "pg_float4_op": pgFloat4Op, "pg_float4_digits": pgFloat4Digits, "pg_format_type": pgFormatType,
	}
	for name, f := range funcs {
		if err := registerFunc(c, name, f, true); err != nil {
			return err
		}
	}
	for name, f := range map[string]any{"pg_sum": newPGSum, "pg_avg": newPGAvg} {
		if err := c.RegisterAggregator(name, f, true); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

// pgInt converts v to an integer of bits bits. fromNumeric says v is a
// numeric value (rounded half away from zero, as numeric → int casts);
// text must be an integer literal, a REAL is rounded half to even (rint).
func pgInt(v any, bits int64, fromNumeric int64) (any, error) {
	var n int64
	switch x := pgArg(v).(type) {
	case nil:
		return nil, nil
	case int64:
		n = x
	case float64:
		r := math.RoundToEven(x)
		if math.IsNaN(r) || r < math.MinInt64 || r >= math.MaxInt64 {
			return nil, pgIntRange(bits)
		}
		n = int64(r)
	case string, []byte:
		s := strings.TrimSpace(asString(x))
		if fromNumeric != 0 {
			var d apd.Decimal
			if _, _, err := d.SetString(s); err != nil || d.Form != apd.Finite {
				return nil, pgErr("22P02", "invalid input syntax for type numeric: %q", s)
			}
			var r apd.Decimal
			if _, err := pgDecCtx.Quantize(&r, &d, 0); err != nil {
				return nil, pgIntRange(bits)
			}
			i, err := r.Int64()
			if err != nil {
				return nil, pgIntRange(bits)
			}
			n = i
			break
		}
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return nil, pgIntRange(bits)
			}
			return nil, pgErr("22P02", "invalid input syntax for type %s: %q", pgIntName(bits), asString(x))
		}
		n = i
	default:
		return nil, pgErr("42804", "cannot convert %T to an integer", v)
	}
	if bits < 64 && (n < -(1<<(bits-1)) || n >= 1<<(bits-1)) {
		return nil, pgIntRange(bits)
	}
	return n, nil
}

func pgIntName(bits int64) string {
	switch bits {
	case 16:
		return "smallint"
	case 32:
		return "integer"
	}
	return "bigint"
}

func pgIntRange(bits int64) error { return pgErr("22003", "%s out of range", pgIntName(bits)) }

func asString(v any) string {
	switch x := pgArg(v).(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return pgFloatText(x, 64)
	}
	return fmt.Sprint(v)
}

// pgDecCtx computes numeric values exactly (PostgreSQL's numeric holds up
// to 131072 digits before the point; wider values are refused).
var pgDecCtx = &apd.Context{Precision: 1000, MaxExponent: 100000, MinExponent: -100000,
	Traps: apd.DefaultTraps, Rounding: apd.RoundHalfUp}

// pgFloat4Digits is a real as float4 → numeric reads it: its 6
// significant digits (%.6g), as text; other values as they are.
func pgFloat4Digits(v any) any {
	if x, ok := v.(float64); ok && !math.IsNaN(x) && !math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	return v
}

// pgParseNumeric reads a numeric value: text PostgreSQL's numeric input
// takes, an integer, or a REAL (through its 15 significant digits, as
// float8 → numeric casts).
func pgParseNumeric(v any) (*apd.Decimal, error) {
	var d apd.Decimal
	switch x := pgArg(v).(type) {
	case int64:
		d.SetInt64(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, pgErr("0A000", "blocksql: numeric NaN and Infinity are not supported on SQLite")
		}
		_, _, _ = d.SetString(strconv.FormatFloat(x, 'g', 15, 64))
	case string, []byte:
		s := strings.TrimSpace(asString(x))
		if _, _, err := d.SetString(s); err != nil || d.Form != apd.Finite || strings.ContainsAny(s, "_") {
			if d.Form != apd.Finite && err == nil {
				return nil, pgErr("0A000", "blocksql: numeric NaN and Infinity are not supported on SQLite")
			}
			return nil, pgErr("22P02", "invalid input syntax for type numeric: %q", s)
		}
	default:
		return nil, pgErr("42804", "cannot convert %T to numeric", v)
	}
	return &d, nil
}

// pgNumText prints d at scale decimals (half away from zero), without an
// exponent or a negative zero.
func pgNumText(d *apd.Decimal, scale int32) string {
	var r apd.Decimal
	if _, err := pgDecCtx.Quantize(&r, d, -scale); err != nil {
		r.Set(d)
	}
	if r.IsZero() {
		r.Negative = false
	}
	return r.Text('f')
}

// pgScale is the scale PostgreSQL displays d with: its decimals as
// written, 0 for an exponent above zero.
func pgScale(d *apd.Decimal) int32 { return max(-d.Exponent, 0) }

// pgNumeric converts v to numeric(p, s); p = 0 is unconstrained numeric,
// which keeps the value's own scale.
func pgNumeric(v any, p, s int64) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	d, err := pgParseNumeric(v)
	if err != nil {
		return nil, err
	}
	if p == 0 {
		return pgNumText(d, pgScale(d)), nil
	}
	out := pgNumText(d, int32(s))
	ip, _, _ := strings.Cut(strings.TrimPrefix(out, "-"), ".")
	if ip = strings.TrimLeft(ip, "0"); int64(len(ip)) > p-s {
		return nil, pgErr("22003", "numeric field overflow: a field with precision %d, scale %d must round to an absolute value less than 10^%d", p, s, p-s)
	}
	return out, nil
}

// pgText converts v to text, varchar(n) (kind 'v') or char(n) (kind 'c');
// n = 0 is unbounded. A string too long only by trailing spaces is cut,
// as PostgreSQL does; char(n) is padded with spaces. Kinds 'V' and 'C'
// are an explicit cast to them, which cuts a longer string to n.
func pgText(v any, n int64, kind string) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	s := asString(v)
	if _, ok := v.(int64); !ok && v != nil {
		if b, isBytes := v.([]byte); isBytes {
			s = string(b)
		}
	}
	if strings.IndexByte(s, 0) >= 0 {
		return nil, pgErr("22021", "invalid byte sequence for encoding \"UTF8\": 0x00")
	}
	if !utf8.ValidString(s) {
		return nil, pgErr("22021", "invalid byte sequence for encoding \"UTF8\"")
	}
	if kind == "V" || kind == "C" { // an explicit cast cuts what is too long
		if r := []rune(s); int64(len(r)) > n {
			s = string(r[:n])
		}
		kind = strings.ToLower(kind)
	}
	if n > 0 {
		if l := int64(utf8.RuneCountInString(s)); l > n {
			cut := s
			for int64(utf8.RuneCountInString(cut)) > n && strings.HasSuffix(cut, " ") {
				cut = cut[:len(cut)-1]
			}
			if int64(utf8.RuneCountInString(cut)) > n {
				name := "character varying"
				if kind == "c" {
					name = "character"
				}
				return nil, pgErr("22001", "value too long for type %s(%d)", name, n)
			}
			s = cut
		}
		if kind == "c" {
			if l := int64(utf8.RuneCountInString(s)); l < n {
				s += strings.Repeat(" ", int(n-l))
			}
		}
	}
	return s, nil
}

// pgBool converts v to a boolean (0/1) as boolin reads text.
func pgBool(v any) (any, error) {
	switch x := pgArg(v).(type) {
	case nil:
		return nil, nil
	case int64:
		if x == 0 || x == 1 {
			return x, nil
		}
	case string, []byte:
		s := strings.ToLower(strings.TrimSpace(asString(x)))
		switch {
		case s == "":
		case s == "1", s == "on", strings.HasPrefix("true", s), strings.HasPrefix("yes", s):
			return int64(1), nil
		case s == "0", s == "of" || s == "off", strings.HasPrefix("false", s), strings.HasPrefix("no", s):
			return int64(0), nil
		}
		return nil, pgErr("22P02", "invalid input syntax for type boolean: %q", asString(x))
	}
	return nil, pgErr("42804", "cannot convert %v to boolean", v)
}

// pgDate converts v to a date, 'YYYY-MM-DD'.
func pgDate(v any) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	t, _, err := pgParseTime(asString(v), "date")
	if err != nil {
		return nil, err
	}
	return t.Format("2006-01-02"), nil
}

// pgTimestamp converts v to a timestamp (tz 0) or timestamptz (tz 1, in
// UTC), rounded to microseconds, then to digits fractional digits as
// PostgreSQL rounds a value for a column's precision: a half away from
// 2000-01-01 00:00:00, its timestamps' zero.
func pgTimestamp(v any, tz, digits int64) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	typ := "timestamp without time zone"
	if tz != 0 {
		typ = "timestamp with time zone"
	}
	var t time.Time
	var err error
	if tz == 0 {
		t, err = pgParseLocal(asString(v), typ) // a zone is ignored, as PostgreSQL does
	} else {
		t, _, err = pgParseTime(asString(v), typ)
	}
	if err != nil {
		return nil, err
	}
	return pgTimeText(pgRoundFraction(t.UTC(), digits), tz != 0), nil
}

// pgUUID converts v to a uuid in the text PostgreSQL prints, lower-case
// hex digits in groups of 8-4-4-4-12. It reads what uuid_in reads: 32
// hex digits of either case, a hyphen allowed after any fourth, fifth,
// … pair, the whole in braces or not, nothing else.
func pgUUID(v any) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	switch v.(type) {
	case string, []byte:
	default:
		return nil, pgErr("42804", "cannot convert %T to uuid", v)
	}
	src := asString(v)
	bad := pgErr("22P02", "invalid input syntax for type uuid: %q", src)
	in := src
	braces := strings.HasPrefix(in, "{")
	if braces {
		in = in[1:]
	}
	var digits [32]byte
	for i := 0; i < 16; i++ {
		if len(in) < 2 || !isHexDigit(in[0]) || !isHexDigit(in[1]) {
			return nil, bad
		}
		digits[2*i], digits[2*i+1] = lowerHex(in[0]), lowerHex(in[1])
		in = in[2:]
		if len(in) > 0 && in[0] == '-' && i%2 == 1 && i < 15 {
			in = in[1:]
		}
	}
	if braces {
		if !strings.HasPrefix(in, "}") {
			return nil, bad
		}
		in = in[1:]
	}
	if in != "" {
		return nil, bad
	}
	d := string(digits[:])
	return d[:8] + "-" + d[8:12] + "-" + d[12:16] + "-" + d[16:20] + "-" + d[20:], nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func lowerHex(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// pgTimestampZero is the zero of PostgreSQL's timestamps, 2000-01-01
// 00:00:00 UTC, in microseconds since the Unix epoch.
var pgTimestampZero = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()

// pgRoundFraction rounds t (whole microseconds) to digits fractional
// digits of a second as AdjustTimestampForTypmod does: in microseconds
// from pgTimestampZero, half away from it.
func pgRoundFraction(t time.Time, digits int64) time.Time {
	if digits >= 6 || digits < 0 {
		return t
	}
	scale := int64(1)
	for range 6 - digits {
		scale *= 10
	}
	us := t.UnixMicro() - pgTimestampZero
	if us >= 0 {
		us = (us + scale/2) / scale * scale
	} else {
		us = -((-us + scale/2) / scale * scale)
	}
	return time.UnixMicro(us + pgTimestampZero).UTC()
}

// pgTimeText prints t as PostgreSQL does in ISO DateStyle: microseconds
// without trailing zeros, and "+00" for a timestamptz in UTC.
func pgTimeText(t time.Time, tz bool) string {
	s := t.Format("2006-01-02 15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%06d", us), "0")
	}
	if tz {
		s += "+00"
	}
	return s
}

// pgParseTime reads ISO date/time input: 'YYYY-MM-DD', optionally
// followed by ' ' or 'T' and 'HH:MM[:SS[.frac]]', optionally followed by
// a zone (Z, UTC, GMT, ±HH[:MM]). zoned says a zone was given.
func pgParseTime(s, typ string) (time.Time, bool, error) {
	bad := pgErr("22007", "invalid input syntax for type %s: %q", typ, s)
	in := isoBasicDate(strings.TrimSpace(s))
	if len(in) < 10 || in[4] != '-' || in[7] != '-' {
		return time.Time{}, false, bad
	}
	y, e1 := strconv.Atoi(in[:4])
	mo, e2 := strconv.Atoi(in[5:7])
	d, e3 := strconv.Atoi(in[8:10])
	if e1 != nil || e2 != nil || e3 != nil || y < 1 {
		return time.Time{}, false, bad
	}
	rest := in[10:]
	var h, mi, sec, nanos int
	loc := time.UTC
	zoned := false
	if rest != "" {
		if rest[0] != ' ' && rest[0] != 'T' {
			return time.Time{}, false, bad
		}
		rest = strings.TrimSpace(rest[1:])
		clock, zone := splitZone(rest)
		var err error
		if h, mi, sec, nanos, err = parseClock(clock); err != nil {
			return time.Time{}, false, bad
		}
		if zone != "" {
			if loc, err = parseZone(zone); err != nil {
				return time.Time{}, false, bad
			}
			zoned = true
		}
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) || h > 24 || mi > 59 || sec > 60 {
		return time.Time{}, false, pgErr("22008", "date/time field value out of range: %q", s)
	}
	// Microseconds, rounded half to even as PostgreSQL's rint does.
	us := math.RoundToEven(float64(nanos) / 1000)
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc).Add(time.Duration(us) * time.Microsecond)
	return t, zoned, nil
}

// isoBasicDate writes a date in ISO 8601's basic format ("20240115",
// which PostgreSQL reads too, with a time after it or not) as
// "2024-01-15".
func isoBasicDate(in string) string {
	if len(in) < 8 || len(in) > 8 && in[8] != ' ' {
		return in
	}
	for _, c := range in[:8] {
		if c < '0' || c > '9' {
			return in
		}
	}
	return in[:4] + "-" + in[4:6] + "-" + in[6:8] + in[8:]
}

// pgParseLocal reads s ignoring any zone it has.
func pgParseLocal(s, typ string) (time.Time, error) {
	in := strings.TrimSpace(s)
	if len(in) > 10 {
		clock, _ := splitZone(strings.TrimSpace(in[11:]))
		in = in[:11] + clock
	}
	t, _, err := pgParseTime(in, typ)
	return t, err
}

// splitZone splits "12:00:00+02" into the clock and the zone.
func splitZone(s string) (string, string) {
	for _, z := range []string{" UTC", " GMT", "UTC", "GMT", "Z"} {
		if strings.HasSuffix(strings.ToUpper(s), z) {
			return strings.TrimSpace(s[:len(s)-len(z)]), "Z"
		}
	}
	if i := strings.LastIndexAny(s, "+-"); i > 0 {
		return strings.TrimSpace(s[:i]), s[i:]
	}
	return s, ""
}

func parseClock(s string) (h, m, sec, nanos int, err error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, 0, fmt.Errorf("bad time")
	}
	if h, err = strconv.Atoi(parts[0]); err != nil {
		return
	}
	if m, err = strconv.Atoi(parts[1]); err != nil {
		return
	}
	if len(parts) == 3 {
		whole, frac, _ := strings.Cut(parts[2], ".")
		if sec, err = strconv.Atoi(whole); err != nil {
			return
		}
		if frac != "" {
			if !digits(frac) {
				return 0, 0, 0, 0, fmt.Errorf("bad fraction")
			}
			f, _ := strconv.ParseFloat("0."+frac, 64)
			nanos = int(math.Round(f * 1e9))
		}
	}
	return h, m, sec, nanos, nil
}

func parseZone(z string) (*time.Location, error) {
	if z == "Z" {
		return time.UTC, nil
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	hh, mm, _ := strings.Cut(z[1:], ":")
	if mm == "" && len(hh) == 4 {
		hh, mm = hh[:2], hh[2:]
	}
	h, err := strconv.Atoi(hh)
	if err != nil || h > 15 {
		return nil, fmt.Errorf("bad zone")
	}
	m := 0
	if mm != "" {
		if m, err = strconv.Atoi(mm); err != nil {
			return nil, err
		}
	}
	return time.FixedZone(z, sign*(h*3600+m*60)), nil
}

// pgBytea converts v to bytes: text in the hex ('\x0a0b') or escape format.
func pgBytea(v any) (any, error) {
	switch x := pgArg(v).(type) {
	case nil:
		return nil, nil
	case []byte:
		return x, nil
	case string:
		if strings.HasPrefix(x, `\x`) {
			b, err := hex.DecodeString(x[2:])
			if err != nil {
				return nil, pgErr("22P02", "invalid hexadecimal data")
			}
			return b, nil
		}
		return pgByteaEscape(x)
	}
	return nil, pgErr("42804", "cannot convert %T to bytea", v)
}

func pgByteaEscape(s string) (any, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i++
		case i+3 < len(s) && isOctal(s[i+1:i+4]):
			n, _ := strconv.ParseUint(s[i+1:i+4], 8, 8)
			out = append(out, byte(n))
			i += 3
		default:
			return nil, pgErr("22P02", "invalid input syntax for type bytea")
		}
	}
	return out, nil
}

func isOctal(s string) bool {
	return s[0] >= '0' && s[0] <= '3' && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' && s[2] <= '7'
}

// pgFloat converts v to double precision (bits 64) or real (bits 32).
func pgFloat(v any, bits int64) (any, error) {
	var f float64
	switch x := pgArg(v).(type) {
	case nil:
		return nil, nil
	case int64:
		f = float64(x)
	case float64:
		f = x
	case string, []byte:
		s := strings.TrimSpace(asString(x))
		switch strings.ToLower(s) {
		case "nan":
			f = math.NaN()
		case "infinity", "+infinity", "inf":
			f = math.Inf(1)
		case "-infinity", "-inf":
			f = math.Inf(-1)
		default:
			var err error
			if f, err = strconv.ParseFloat(s, 64); err != nil {
				if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
					return nil, pgErr("22003", "%q is out of range for type double precision", s)
				}
				return nil, pgErr("22P02", "invalid input syntax for type double precision: %q", s)
			}
		}
	default:
		return nil, pgErr("42804", "cannot convert %T to a float", v)
	}
	if bits == 32 {
		f32 := float32(f)
		if math.IsInf(float64(f32), 0) && !math.IsInf(f, 0) {
			return nil, pgErr("22003", "value out of range: overflow")
		}
		f = float64(f32)
	}
	return f, nil
}

// pgFloatText prints f as PostgreSQL does (the shortest digits that read
// back as f, pgShortestDigits; scientific notation below 1e-4 and from
// 1e15, or 1e6 for real).
func pgFloatText(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	}
	e, digits := pgShortestDigits(f, bits)
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	limit := 15
	if bits == 32 {
		limit = 6
	}
	if exp < -4 || exp >= limit {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	return strconv.FormatFloat(f, 'f', max(digits-1-exp, 0), bits)
}

// pgShortestDigits is f in e-notation with the fewest significant digits
// (digits) that read back as f, as PostgreSQL's float8out and float4out
// choose them. Go's shortest form may be a decimal exactly halfway between
// f and its neighbour, which reads back as f because the tie goes to f's
// even mantissa; PostgreSQL never takes such a decimal and prints more
// digits: 38785094139697024 is 3.878509413969702e+16 in Go (and MariaDB)
// and 3.8785094139697024e+16 in PostgreSQL.
func pgShortestDigits(f float64, bits int) (string, int) {
	e := strconv.FormatFloat(f, 'e', -1, bits)
	mant, _, _ := strings.Cut(e, "e")
	digits := len(strings.TrimLeft(strings.Replace(mant, ".", "", 1), "-"))
	// Below 2^53 (2^24 for a real) the numbers halfway between two floats
	// need more significant digits than f's shortest form has, so only
	// larger values are checked.
	limit := float64(1 << 53)
	if bits == 32 {
		limit = 1 << 24
	}
	if math.Abs(f) < limit {
		return e, digits
	}
	for ; pgHalfway(e, f, bits) && digits < 17; digits++ {
		e = strconv.FormatFloat(f, 'e', digits, bits) // digits+1 significant digits, rounded
	}
	return e, digits
}

// pgHalfway tells whether the decimal e is exactly halfway between f and
// the next float (of bits bits) above or below it.
func pgHalfway(e string, f float64, bits int) bool {
	d, ok := new(big.Rat).SetString(e)
	if !ok {
		return false
	}
	for _, to := range []float64{math.Inf(1), math.Inf(-1)} {
		next := math.Nextafter(f, to)
		if bits == 32 {
			next = float64(math.Nextafter32(float32(f), float32(to)))
		}
		if math.IsInf(next, 0) {
			continue
		}
		mid := new(big.Rat).Add(new(big.Rat).SetFloat64(f), new(big.Rat).SetFloat64(next))
		if d.Cmp(mid.Quo(mid, big.NewRat(2, 1))) == 0 {
			return true
		}
	}
	return false
}

// pgArg is a function argument with SQLite's NULL, which go-sqlite3 hands
// over as a nil []byte, as nil.
func pgArg(v any) any {
	if isNull(v) {
		return nil
	}
	return v
}
