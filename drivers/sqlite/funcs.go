package sqlite

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blocksql/blocksql/drivers"
	"github.com/cockroachdb/apd/v3"
	"github.com/mattn/go-sqlite3"
)

// registerFuncs adds, on every connection, the MySQL functions SQLite lacks
// or defines differently (SQLite's concat() ignores NULL, MySQL's returns
// NULL). translate_read.go renames calls to these.
func registerFuncs(c *sqlite3.SQLiteConn) error {
	// SQLite's own functions (replace, ||, printf, zeroblob) build up to
	// 1e9 bytes; a few times max_allowed_packet bounds them, well above
	// any value a client can write or a row image can hold.
	c.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, 8*drivers.MaxResultBytes)
	funcs := map[string]any{
		"mysql_concat":             concat,
		"mysql_json_text":          jsonText,
		"mysql_format":             formatNumber,
		"mysql_substring_index":    substringIndex,
		"mysql_ascii":              ascii,
		"mysql_json_type":          jsonType,
		"mysql_json_length":        jsonLength,
		"mysql_json_depth":         jsonDepth,
		"mysql_from_days":          fromDays,
		"mysql_makedate":           makeDate,
		"mysql_ord":                ord,
		"mysql_bit_count":          bitCount,
		"mysql_elt":                elt,
		"mysql_extract":            extract,
		"mysql_week":               week,
		"mysql_yearweek":           yearWeek,
		"mysql_find_in_set":        findInSet,
		"mysql_insert":             insertString,
		"mysql_from_unixtime":      fromUnixtime,
		"mysql_str_to_date":        strToDate,
		"mysql_json_unquote":       jsonUnquote,
		"mysql_json_scalar_number": jsonScalarNumber,
		"mysql_double_text":        doubleText,
		"mysql_float_text":         floatText,
		"soundex":                  soundex,
		"mysql_concat_ws":          concatWS,
		"mysql_strcmp":             strcmp,
		"mysql_left":               left,
		"mysql_right":              right,
		"mysql_substr":             substring,
		"mysql_locate":             locate,
		"mysql_instr":              func(s, sub any) any { return locate(sub, s) },
		"mysql_locate_in":          locateIn,
		"mysql_make_set":           makeSet,
		"mysql_val_int":            valIntOf,
		"mysql_val_int_lit":        valIntOf,
		"mysql_val_int_strict":     valIntStrict,
		"mysql_export_set":         exportSet,
		"mysql_floor":              func(x any) any { return roundWith(x, math.Floor) },
		"mysql_ceil":               func(x any) any { return roundWith(x, math.Ceil) },
		"mysql_pow":                pow,
		"mysql_sqrt":               sqrt,
		"mysql_date_format":        dateFormat,
		"mysql_md5":                func(s any) any { return hashHex(s, func(b []byte) []byte { h := md5.Sum(b); return h[:] }) },
		"mysql_hex":                hexOf,
		"mysql_upper":              func(s any) any { return changeCase(s, strings.ToUpper) },
		"mysql_lower":              func(s any) any { return changeCase(s, strings.ToLower) },
		"mysql_sha1":               func(s any) any { return hashHex(s, func(b []byte) []byte { h := sha1.Sum(b); return h[:] }) },
		"mysql_lpad":               func(s, n, p any) any { return withLength(n, func(n int64) any { return pad(s, n, p, true) }) },
		"mysql_rpad":               func(s, n, p any) any { return withLength(n, func(n int64) any { return pad(s, n, p, false) }) },
		"mysql_repeat":             repeat,
		"mysql_reverse":            reverse,
		"mysql_truncate":           decRoundTo(apd.RoundDown),
		"mysql_space": func(n any) any {
			return withLength(n, func(n int64) any { return strings.Repeat(" ", int(max(n, 0))) })
		},
		"regexp":                 regexpMatch,
		"mysql_regexp_replace":   regexpReplace,
		"mysql_regexp_substr":    regexpSubstr,
		"mysql_regexp_instr":     regexpInstr,
		"mysql_like":             like,
		"mysql_like_cs":          likeCased,
		"mysql_int_op":           intOp,
		"mysql_int_neg":          intNeg,
		"mysql_abs":              intAbs,
		"mysql_fixed_double":     fixedDoubleText,
		"mysql_real_op":          realOp,
		"mysql_round_double":     roundDouble,
		"mysql_int":              coerceInt,
		"mysql_double_bigint":    doubleBigint,
		"mysql_unsigned_decimal": unsignedDecimalValue,
		"mysql_key_int":          coerceKeyInt,
		"mysql_clip_int":         clipInt,
		"mysql_clip_decimal":     clipDecimal,
		"mysql_clip_double":      clipDouble,
		"mysql_date_ignore":      dateIgnore,
		"mysql_clip_length":      clipLength,
		"mysql_nul_length":       nulLength,
		"mysql_char_length":      charLength,
		"mysql_decimal":          coerceDecimal,
		"mysql_real":             coerceReal,
		"mysql_datetime":         coerceDatetime,
		"mysql_date":             coerceDate,
		"mysql_year_value":       coerceYear,
		"mysql_enum_value":       enumStrict,
		"mysql_set_value":        setStrict,
		"mysql_enum_ignore":      enumIgnore,
		"mysql_decimal_integer":  decimalInteger,
		"mysql_set_ignore":       setIgnore,
		"mysql_bit_value":        coerceBit,
		"mysql_text_value":       coerceText,
		"mysql_utf8_value":       utf8Value,
		"mysql_utf8_ignore":      utf8Ignore,
		"mysql_char_value":       coerceChar,
		"mysql_cast_char_num":    castCharNumber,
		"mysql_time":             castTime,
		"mysql_time_column":      timeColumn,
		"mysql_time_value":       timeStrict,
		"mysql_time_ignore":      ignoreTimeColumn,
		"mysql_clip_bytes":       clipBytes,
		"mysql_bit_int":          bitInt,
		"mysql_binary":           coerceBinary,
		"mysql_cast_datetime":    castDatetime,
		"mysql_cast_date":        castDate,
		"mysql_temporal_number":  temporalNumber,
		"mysql_timediff":         timeDiff,
		"mysql_timediff_str":     timeDiffOf,
		"mysql_time_to_sec":      timeToSec,
		"mysql_sec_to_time":      secToTime,
		"mysql_addtime":          addTime,
		"mysql_time_format":      timeFormat,
		"mysql_json_keys":        jsonKeys,
		"mysql_json_contains":    jsonContains,
		"mysql_field":            field,
		"mysql_conv":             conv,
		"mysql_bit_op":           bitOp,
		"mysql_bit_not":          bitNot,
		"mysql_cast_unsigned":    castUnsigned,
		"mysql_sha2":             sha2,
		"mysql_crc32":            crc32Of(crc32.IEEETable),
		"mysql_crc32c":           crc32Of(crc32.MakeTable(crc32.Castagnoli)),
		"mysql_maketime":         makeTime,
		"mysql_period_add":       periodAdd,
		"mysql_period_diff":      periodDiff,
		"mysql_to_base64":        toBase64,
		"mysql_from_base64":      fromBase64,
		"mysql_interval":         interval,
		"mysql_char":             charOf,
		"mysql_str_greatest":     strExtreme(1),
		"mysql_str_least":        strExtreme(-1),
	}
	for name, f := range dateFuncImpls {
		funcs[name] = f
	}
	for name, f := range mathFuncs {
		funcs["mysql_"+name] = mathFunc(name, f)
	}
	funcs["mysql_log"], funcs["mysql_atan"] = logOf, atanOf
	for name, f := range funcs {
		if err := registerFunc(c, name, f, true); err != nil {
			return err
		}
	}
	if err := registerFunc(c, "mysql_uuid", uuidRead, false); err != nil {
		return err
	}
	aggregators := map[string]any{
		"mysql_json_arrayagg": newJSONArrayAgg, "mysql_json_objectagg": newJSONObjectAgg,
		"var_pop": newSpread(false, false), "var_samp": newSpread(true, false),
		"stddev_pop": newSpread(false, true), "stddev_samp": newSpread(true, true),
		"bit_and": newBitAgg("&"), "bit_or": newBitAgg("|"), "bit_xor": newBitAgg("^"),
		"mysql_group_concat_distinct": newGroupConcatDistinct,
		"mysql_count_distinct":        newCountDistinct,
		"mysql_sum_real":              newRealSum(false),
		"mysql_avg_real":              newRealSum(true),
	}
	for name, f := range aggregators {
		if err := c.RegisterAggregator(name, f, true); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	if err := c.RegisterCollation(generalCI, compareGeneralCI); err != nil {
		return fmt.Errorf("register %s: %w", generalCI, err)
	}
	if err := c.RegisterCollation(timeCollation, compareTimeText); err != nil {
		return fmt.Errorf("register %s: %w", timeCollation, err)
	}
	if err := registerPG(c); err != nil {
		return err
	}
	return registerDecimal(c)
}

// text renders a value the way MySQL converts it to a string.
func text(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, true
	case []byte:
		// go-sqlite3 hands NULL to an "any" argument as a nil []byte.
		if v == nil {
			return "", false
		}
		return string(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return drivers.FormatDouble(v), true
	case bool:
		if v {
			return "1", true
		}
		return "0", true
	case time.Time:
		return v.Format("2006-01-02 15:04:05"), true
	}
	return fmt.Sprint(v), true
}

// doubleText writes a DOUBLE as MySQL converts it to a string (0, not
// SQLite's 0.0) and passes every other value through.
func doubleText(v any) any {
	if f, ok := v.(float64); ok {
		return drivers.FormatDouble(f)
	}
	return v
}

// floatText writes a FLOAT as MySQL converts it to a string (6
// significant digits: drivers.FormatFloat) and passes every other value
// through.
func floatText(v any) any {
	if f, ok := v.(float64); ok {
		return drivers.FormatFloat(f)
	}
	return v
}

func concat(args ...any) any {
	parts := make([]string, len(args))
	for i, a := range args {
		s, ok := text(a)
		if !ok {
			return nil
		}
		parts[i] = s
	}
	return joinBounded(parts, "")
}

// joinBounded is parts joined by sep, NULL past drivers.MaxResultBytes
// (measured before anything is built).
func joinBounded(parts []string, sep string) any {
	n := len(sep) * max(len(parts)-1, 0)
	for _, p := range parts {
		if n += len(p); n > drivers.MaxResultBytes {
			return nil
		}
	}
	return strings.Join(parts, sep)
}

// strcmp is MySQL's STRCMP of two values made text: -1, 0 or 1, in the
// collation coll (general_ci: case and accents folded, trailing spaces
// ignored); NULL when either is NULL.
func strcmp(a, b any, coll int64) any {
	x, ok := text(a)
	y, ok2 := text(b)
	if !ok || !ok2 {
		return nil
	}
	return int64(compareIn(coll, x, y))
}

func concatWS(sep any, args ...any) any {
	s, ok := text(sep)
	if !ok {
		return nil
	}
	var parts []string
	for _, a := range args {
		if t, ok := text(a); ok {
			parts = append(parts, t)
		}
	}
	return joinBounded(parts, s)
}

func left(s, count any) any {
	r, back, ok := units(s)
	n, ok2 := intArg(count)
	if !ok || !ok2 {
		return nil
	}
	return back(r[:min(max(n, 0), int64(len(r)))])
}

func right(s, count any) any {
	r, back, ok := units(s)
	n, ok2 := intArg(count)
	if !ok || !ok2 {
		return nil
	}
	return back(r[int64(len(r))-min(max(n, 0), int64(len(r))):])
}

// units is the string s as MySQL counts it: the bytes of a binary string
// (a BLOB; the typer makes every string argument of a call with a binary
// one a BLOB), each as one rune, or the characters of text. back makes a
// result of the same kind.
func units(s any) (r []rune, back func([]rune) any, ok bool) {
	if b, isBlob := s.([]byte); isBlob && b != nil {
		r = make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return r, unitBytes, true
	}
	t, ok := text(s)
	return []rune(t), func(r []rune) any { return string(r) }, ok
}

func unitBytes(r []rune) any {
	b := make([]byte, len(r))
	for i, c := range r {
		b[i] = byte(c)
	}
	return b
}

// substring is MySQL's SUBSTRING(s, pos[, n]): position 0, a negative
// position before the start and a length below 1 give ”; a binary
// string is cut in bytes, text in characters.
func substring(s, pos any, n ...any) any {
	p, ok := intArg(pos)
	if !ok || isNull(s) {
		return nil
	}
	length := int64(math.MaxInt64)
	if len(n) > 0 {
		if length, ok = intArg(n[0]); !ok {
			return nil
		}
	}
	cut := func(size int64) (int64, int64) {
		start := p - 1
		if p < 0 {
			start = size + p
		}
		if p == 0 || start < 0 || start >= size || length < 1 {
			return 0, 0
		}
		return start, start + min(length, size-start)
	}
	if b, ok := s.([]byte); ok {
		i, j := cut(int64(len(b)))
		return append([]byte{}, b[i:j]...)
	}
	t, _ := text(s)
	r := []rune(t)
	i, j := cut(int64(len(r)))
	return string(r[i:j])
}

// intArg reads an integer argument as MySQL does, rounding a fraction;
// false for NULL.
func intArg(v any) (int64, bool) {
	switch x := coerceInt(v).(type) {
	case int64:
		return x, true
	case float64:
		if x < 0 {
			return math.MinInt64, true
		}
		return math.MaxInt64, true
	case nil:
		return 0, false
	}
	return 0, true
}

// locate is MySQL's LOCATE(sub, s[, pos]), case-insensitive like MySQL's
// default collation.
func locate(sub, s any, pos ...any) any { return locateIn(collGeneral, sub, s, pos...) }

// locateIn is LOCATE(sub, s[, pos]) in the collation coll (locateCall):
// in the general one case folds, in utf8mb4_bin it does not, and binary
// strings are searched, and counted, byte by byte.
func locateIn(coll int64, sub, s any, pos ...any) any {
	a, ok1 := text(sub)
	b, ok2 := text(s)
	if !ok1 || !ok2 {
		return nil
	}
	start := int64(1)
	if len(pos) > 0 {
		if isNull(pos[0]) {
			return nil
		}
		p, ok := pos[0].(int64)
		if !ok || p < 1 {
			return int64(0)
		}
		start = p
	}
	if coll == collGeneral {
		a, b = strings.ToLower(a), strings.ToLower(b)
	}
	count := utf8.RuneCountInString
	if coll == collBinary {
		count = func(s string) int { return len(s) }
	}
	if start > int64(count(b))+1 {
		return int64(0)
	}
	skip := int(start - 1)
	if coll != collBinary {
		skip = len(string([]rune(b)[:skip]))
	}
	i := strings.Index(b[skip:], a)
	if i < 0 {
		return int64(0)
	}
	return start + int64(count(b[skip:skip+i]))
}

// roundWith is FLOOR or CEIL of a value that is not a DECIMAL (those go
// to dec_floor/dec_ceil): an integer is itself, and a DOUBLE or a string
// gives a DOUBLE, as in MySQL, so that a value beyond BIGINT's range
// (CEIL(1e300)) keeps its magnitude instead of wrapping.
func roundWith(x any, f func(float64) float64) any {
	switch x := x.(type) {
	case int64:
		return x
	case float64:
		return f(x)
	case string:
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return float64(0)
		}
		return f(v)
	}
	return nil
}

// withLength is f of the length n read by intArg (LPAD('abc', 2.6, 'x')
// pads to 3), NULL for NULL. A parameter declared int64 takes only an
// INTEGER (go-sqlite3): LPAD(s, n, p) or ROUND(x, d) of a NULL, '3' or 3.0
// failed with 1105.
func withLength(n any, f func(int64) any) any {
	k, ok := intArg(n)
	if !ok || k > drivers.MaxResultBytes {
		return nil // past max_allowed_packet, as MariaDB's SPACE and LPAD
	}
	return f(k)
}

// sqrt is MySQL's SQRT: NULL for a negative number. Its argument, as
// POW's, is any number (go-sqlite3 hands a float64 parameter only a
// REAL: SQRT(16) and POW(2, 3) failed with "argument must be a FLOAT").
func sqrt(x any) any {
	if isNull(x) {
		return nil
	}
	d := toDec(x)
	f := d.float64()
	if f < 0 {
		return nil
	}
	return math.Sqrt(f)
}

// pow is MySQL's POW: a DOUBLE, error 1690 past a DOUBLE's range or where
// it has no real value (POW(-8, 1/3)).
func pow(x, y any) (any, error) {
	if isNull(x) || isNull(y) {
		return nil, nil
	}
	a, b := toDec(x), toDec(y)
	r := math.Pow(a.float64(), b.float64())
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return nil, fmt.Errorf("%s'pow(%v,%v)'", doubleRangePrefix, x, y)
	}
	return r, nil
}

// changeCase is MySQL's UPPER/LOWER: every letter's case (é is É), where
// SQLite's upper() changes ASCII only; a binary string (a BLOB) is left
// as it is, as MySQL leaves it.
func changeCase(v any, f func(string) string) any {
	if b, ok := v.([]byte); ok && b != nil {
		return b
	}
	t, ok := text(v)
	if !ok {
		return nil
	}
	return f(t)
}

// hexOf is MySQL's HEX: the bytes of a string, the BIGINT of a number
// (a DOUBLE rounded half away from zero, a negative one as its two's
// complement),
// NULL for NULL, where SQLite's hex() gives ” for NULL and the digits of
// a number's text.
func hexOf(v any) any {
	if isNull(v) {
		return nil
	}
	switch x := v.(type) {
	case int64:
		return strings.ToUpper(strconv.FormatUint(uint64(x), 16))
	case float64:
		switch r := math.Round(x); {
		case r >= 0x1p64 || r < -0x1p63 || math.IsNaN(r):
			return "FFFFFFFFFFFFFFFF"
		case r >= 0x1p63:
			return strings.ToUpper(strconv.FormatUint(uint64(r), 16))
		default:
			return strings.ToUpper(strconv.FormatUint(uint64(int64(r)), 16))
		}
	}
	t, ok := text(v)
	if !ok {
		return nil
	}
	return strings.ToUpper(hex.EncodeToString([]byte(t)))
}

func hashHex(s any, h func([]byte) []byte) any {
	t, ok := text(s)
	if !ok {
		return nil
	}
	return hex.EncodeToString(h([]byte(t)))
}

func pad(s any, n int64, p any, leftSide bool) any {
	r, back, ok1 := units(s)
	q, _, ok2 := units(p)
	if !ok1 || !ok2 || n < 0 {
		return nil
	}
	if int64(len(r)) >= n {
		return back(r[:n])
	}
	if len(q) == 0 {
		return nil
	}
	fill := make([]rune, 0, n)
	for int64(len(fill)) < n-int64(len(r)) {
		fill = append(fill, q...)
	}
	fill = fill[:n-int64(len(r))]
	if leftSide {
		return back(append(fill, r...))
	}
	return back(append(r, fill...))
}

func repeat(s, count any) any {
	b, isBlob := s.([]byte)
	t, ok := text(s)
	n, ok2 := intArg(count)
	if !ok || !ok2 {
		return nil
	}
	if len(t) > 0 && n > drivers.MaxResultBytes/int64(len(t)) {
		return nil // past max_allowed_packet, as MariaDB's REPEAT
	}
	if isBlob {
		return bytes.Repeat(b, int(max(n, 0)))
	}
	return strings.Repeat(t, int(max(n, 0)))
}

func reverse(s any) any {
	r, back, ok := units(s)
	if !ok {
		return nil
	}
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return back(r)
}

var (
	reMu    sync.Mutex
	reCache = map[string]*regexp.Regexp{}
)

// regexpMatch backs SQLite's "x REGEXP p" (called as regexp(p, x)); MySQL
// matches case-insensitively under the default collation.
func regexpMatch(pattern, s any) (any, error) {
	re, t, ok, err := regexpArgs(pattern, s)
	if !ok {
		return nil, err
	}
	if re.MatchString(t) {
		return int64(1), nil
	}
	return int64(0), nil
}

// regexpArgs compiles pattern (case-insensitive, cached) and reads s;
// ok is false when either is NULL or the pattern does not compile (err).
func regexpArgs(pattern, s any) (*regexp.Regexp, string, bool, error) {
	p, ok1 := text(pattern)
	t, ok2 := text(s)
	if !ok1 || !ok2 {
		return nil, "", false, nil
	}
	re, err := cachedRegexp("(?i)" + exactCaseClasses(p))
	if err != nil {
		return nil, "", false, fmt.Errorf("regexp: %w", err)
	}
	return re, t, true, nil
}

// exactCaseClasses keeps a bracket expression naming [:upper:] or
// [:lower:] out of the case folding (?i) turns on: MariaDB's matching
// ignores case, but not for those two classes ('banana' REGEXP
// '[[:upper:]]' is 0), where Go's would fold them. Such a bracket, negated
// or not, is the same set with folding off whatever else it holds: the
// class covers the other case of its letters.
func exactCaseClasses(p string) string {
	if !strings.Contains(p, ":upper:]") && !strings.Contains(p, ":lower:]") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		switch {
		case p[i] == '\\' && i+1 < len(p):
			b.WriteString(p[i : i+2])
			i += 2
			continue
		case p[i] != '[':
			b.WriteByte(p[i])
			i++
			continue
		}
		end := bracketEnd(p, i)
		if end < 0 {
			b.WriteString(p[i:])
			break
		}
		cls := p[i : end+1]
		if strings.Contains(cls, "[:upper:]") || strings.Contains(cls, "[:lower:]") {
			cls = "(?-i:" + cls + ")"
		}
		b.WriteString(cls)
		i = end + 1
	}
	return b.String()
}

// bracketEnd is the index of the ] that closes the bracket expression
// opening at p[i], or -1.
func bracketEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++ // a leading ] is a member
	}
	for j < len(p) {
		switch {
		case p[j] == '\\':
			j += 2
			continue
		case strings.HasPrefix(p[j:], "[:"):
			if k := strings.Index(p[j+2:], ":]"); k >= 0 {
				j += k + 4
				continue
			}
		case p[j] == ']':
			return j
		}
		j++
	}
	return -1
}

// reCacheMax bounds the compiled patterns kept: a client sending ever new
// patterns must not grow the node's memory without end.
const reCacheMax = 1024

// cachedRegexp is expr compiled, once per connection's lifetime.
func cachedRegexp(expr string) (*regexp.Regexp, error) {
	reMu.Lock()
	defer reMu.Unlock()
	re, ok := reCache[expr]
	if !ok {
		var err error
		if re, err = regexp.Compile(expr); err != nil {
			return nil, err
		}
		if len(reCache) >= reCacheMax {
			clear(reCache)
		}
		reCache[expr] = re
	}
	return re, nil
}

// regexpReplace is REGEXP_REPLACE(s, pattern, repl): every match replaced,
// \N in repl naming the N-th group as in MariaDB's (PCRE) replacement.
func regexpReplace(s, pattern, repl any) (any, error) {
	re, t, ok, err := regexpArgs(pattern, s)
	r, ok2 := text(repl)
	if !ok || !ok2 {
		return nil, err
	}
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		switch {
		case r[i] == '$':
			b.WriteString("$$")
		case r[i] == '\\' && i+1 < len(r) && r[i+1] >= '0' && r[i+1] <= '9':
			b.WriteString("${" + string(r[i+1]) + "}")
			i++
		default:
			b.WriteByte(r[i])
		}
	}
	return re.ReplaceAllString(t, b.String()), nil
}

// regexpSubstr is REGEXP_SUBSTR(s, pattern): the first match, the empty
// string for none.
func regexpSubstr(s, pattern any) (any, error) {
	re, t, ok, err := regexpArgs(pattern, s)
	if !ok {
		return nil, err
	}
	return re.FindString(t), nil
}

// regexpInstr is REGEXP_INSTR(s, pattern): the character position of the
// first match, 0 for none.
func regexpInstr(s, pattern any) (any, error) {
	re, t, ok, err := regexpArgs(pattern, s)
	if !ok {
		return nil, err
	}
	loc := re.FindStringIndex(t)
	if loc == nil {
		return int64(0), nil
	}
	return int64(utf8.RuneCountInString(t[:loc[0]]) + 1), nil
}

// dateFormat is MySQL's DATE_FORMAT for the common specifiers; an empty
// format gives NULL, as MariaDB's does.
func dateFormat(d, f any) any {
	fs, ok := text(f)
	if !ok || fs == "" {
		return nil
	}
	// The date forms the date functions read ('20240115' too).
	t, _, _, ok := dateValue(d)
	if _, isText := d.(string); !ok && isText && isZeroDate(d) {
		return formatWith(fs, zeroDateSpec)
	}
	if !ok {
		return nil
	}
	return formatWith(fs, func(c byte) (string, bool) { return formatSpec(t, c), true })
}

// formatWith writes format fs with spec giving each specifier's text;
// NULL where spec has none.
func formatWith(fs string, spec func(c byte) (string, bool)) any {
	var b strings.Builder
	for i := 0; i < len(fs); i++ {
		if fs[i] != '%' || i+1 == len(fs) {
			b.WriteByte(fs[i])
			continue
		}
		i++
		out, ok := spec(fs[i])
		if !ok {
			return nil
		}
		b.WriteString(out)
	}
	return b.String()
}

// zeroDateSpec is a specifier's text in DATE_FORMAT of the zero date, as
// MariaDB writes it: zeros for its parts (%Y 0000, %d 00, %D 0th, the time
// midnight), none (NULL) for a name, a weekday or a week.
func zeroDateSpec(c byte) (string, bool) {
	switch c {
	case 'Y':
		return "0000", true
	case 'y', 'm', 'd':
		return "00", true
	case 'e', 'c':
		return "0", true
	case 'D':
		return "0th", true
	case 'M', 'b', 'W', 'a', 'j', 'w', 'U', 'u', 'V', 'v', 'X', 'x':
		return "", false
	}
	return formatSpec(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), c), true // the time's, and literal characters
}

func formatSpec(t time.Time, c byte) string {
	switch c {
	case 'Y':
		return fmt.Sprintf("%04d", t.Year())
	case 'y':
		return fmt.Sprintf("%02d", t.Year()%100)
	case 'm':
		return fmt.Sprintf("%02d", int(t.Month()))
	case 'c':
		return strconv.Itoa(int(t.Month()))
	case 'd':
		return fmt.Sprintf("%02d", t.Day())
	case 'e':
		return strconv.Itoa(t.Day())
	case 'H':
		return fmt.Sprintf("%02d", t.Hour())
	case 'h', 'I':
		return fmt.Sprintf("%02d", (t.Hour()+11)%12+1)
	case 'i':
		return fmt.Sprintf("%02d", t.Minute())
	case 's', 'S':
		return fmt.Sprintf("%02d", t.Second())
	case 'f':
		return fmt.Sprintf("%06d", t.Nanosecond()/1000)
	case 'p':
		return t.Format("PM")
	case 'M':
		return t.Month().String()
	case 'b':
		return t.Format("Jan")
	case 'W':
		return t.Weekday().String()
	case 'a':
		return t.Format("Mon")
	case 'j':
		return fmt.Sprintf("%03d", t.YearDay())
	case 'T':
		return t.Format("15:04:05")
	case 'r':
		return t.Format("03:04:05 PM")
	case 'k':
		return strconv.Itoa(t.Hour())
	case 'l':
		return strconv.Itoa((t.Hour()+11)%12 + 1)
	case 'D':
		return strconv.Itoa(t.Day()) + daySuffix(t.Day())
	case 'w':
		return strconv.Itoa(int(t.Weekday()))
	case 'U':
		return fmt.Sprintf("%02d", week0(t))
	case 'u':
		return fmt.Sprintf("%02d", week1(t))
	case 'V', 'X':
		y, w := sundayYearWeek(t)
		if c == 'X' {
			return fmt.Sprintf("%04d", y)
		}
		return fmt.Sprintf("%02d", w)
	case 'v', 'x':
		y, w := t.ISOWeek()
		if c == 'x' {
			return fmt.Sprintf("%04d", y)
		}
		return fmt.Sprintf("%02d", w)
	}
	return string(c)
}

// daySuffix is the English ordinal suffix of %D: 1st, 2nd, 3rd, 11th.
func daySuffix(d int) string {
	if d/10 == 1 {
		return "th"
	}
	switch d % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// fixedDoubleText is a DOUBLE with d fixed digits as MySQL's text of it;
// any other value is left as it is.
func fixedDoubleText(x any, d int64) any {
	if f, ok := x.(float64); ok {
		return drivers.FixedDouble(f, int(d))
	}
	if n, ok := x.(int64); ok {
		return drivers.FixedDouble(float64(n), int(d))
	}
	return x
}
