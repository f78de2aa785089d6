package sqlite

import (
	"encoding/hex"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"

	"github.com/blocksql/blocksql/drivers"
)

// PostgreSQL's operators and functions where SQLite's differ: integer
// arithmetic that overflows at the type's width and fails on division by
// zero, exact numeric arithmetic with PostgreSQL's result scales, a
// case-sensitive LIKE, GREATEST/LEAST that skip NULLs, CONCAT that skips
// NULLs, SUM/AVG with PostgreSQL's result types.

// pgIntOp is a op b on integers of bits bits (16/32 overflow as int4,
// which smallint arithmetic is promoted to; 64 as bigint).
func pgIntOp(op string, a, b any, bits int64) (any, error) {
	x, ok1 := a.(int64)
	y, ok2 := b.(int64)
	if isNull(a) || isNull(b) {
		return nil, nil
	}
	if !ok1 || !ok2 {
		return nil, pgErr("42804", "integer operator %s on a non-integer", op)
	}
	var r big.Int
	bx, by := big.NewInt(x), big.NewInt(y)
	switch op {
	case "+":
		r.Add(bx, by)
	case "-":
		r.Sub(bx, by)
	case "*":
		r.Mul(bx, by)
	case "/", "%":
		if y == 0 {
			return nil, pgErr("22012", "division by zero")
		}
		if op == "/" {
			r.Quo(bx, by) // truncates toward zero, as PostgreSQL
		} else {
			r.Rem(bx, by)
		}
	default:
		return nil, pgErr("42883", "operator does not exist: integer %s integer", op)
	}
	if !r.IsInt64() || bits < 64 && (r.Int64() < -1<<(bits-1) || r.Int64() >= 1<<(bits-1)) {
		return nil, pgIntRange(bits)
	}
	return r.Int64(), nil
}

// pgNumOp is a op b on numeric values (+ - * %; / is pgDiv): exact, with
// PostgreSQL's result scale (the larger scale for + - %, the sum for *).
func pgNumOp(op string, a, b any) (any, error) {
	x, y, err := pgNumerics(a, b)
	if x == nil || err != nil {
		return nil, err
	}
	var r apd.Decimal
	scale := max(pgScale(x), pgScale(y))
	switch op {
	case "+":
		_, err = pgDecCtx.Add(&r, x, y)
	case "-":
		_, err = pgDecCtx.Sub(&r, x, y)
	case "*":
		_, err = pgDecCtx.Mul(&r, x, y)
		scale = pgScale(x) + pgScale(y)
	case "%":
		if y.IsZero() {
			return nil, pgErr("22012", "division by zero")
		}
		_, err = pgDecCtx.Rem(&r, x, y)
	case "/":
		return pgDiv(a, b)
	default:
		return nil, pgErr("42883", "operator does not exist: numeric %s numeric", op)
	}
	if err != nil {
		return nil, pgErr("22003", "value overflows numeric format")
	}
	return pgNumText(&r, scale), nil
}

// pgNumerics reads two numeric operands; nil without an error when either
// is NULL.
func pgNumerics(a, b any) (*apd.Decimal, *apd.Decimal, error) {
	if isNull(a) || isNull(b) {
		return nil, nil, nil
	}
	x, err := pgParseNumeric(a)
	if err != nil {
		return nil, nil, err
	}
	y, err := pgParseNumeric(b)
	return x, y, err
}

// pgNumCmp compares two numeric values: -1, 0 or 1 (NULL if either is).
func pgNumCmp(a, b any) (any, error) {
	x, y, err := pgNumerics(a, b)
	if x == nil || err != nil {
		return nil, err
	}
	return int64(x.Cmp(y)), nil
}

// pgDiv is numeric division as PostgreSQL computes it: the quotient
// rounded half away from zero at the scale select_div_scale picks (at
// least 16 significant digits, at least either input's scale).
func pgDiv(a, b any) (any, error) {
	x, y, err := pgNumerics(a, b)
	if x == nil || err != nil {
		return nil, err
	}
	if y.IsZero() {
		return nil, pgErr("22012", "division by zero")
	}
	return pgDivide(x, y), nil
}

func pgDivide(x, y *apd.Decimal) string {
	w1, f1 := pgWeight(x)
	w2, f2 := pgWeight(y)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := int32(16 - qweight*4)
	rscale = max(rscale, pgScale(x), pgScale(y), 0)
	rscale = min(rscale, 1000)
	// q = x / y * 10^rscale, exactly, in integers.
	num := new(big.Int).Set(x.Coeff.MathBigInt())
	den := new(big.Int).Set(y.Coeff.MathBigInt())
	if e := int64(x.Exponent) - int64(y.Exponent) + int64(rscale); e >= 0 {
		num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil))
	} else {
		den.Mul(den, new(big.Int).Exp(big.NewInt(10), big.NewInt(-e), nil))
	}
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Mul(r, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	var out apd.Decimal
	out.Coeff.SetMathBigInt(q)
	out.Exponent = -rscale
	out.Negative = x.Negative != y.Negative && q.Sign() != 0
	return pgNumText(&out, rscale)
}

// pgWeight is the weight of d's first non-zero base-10000 digit and that
// digit, as PostgreSQL's numeric stores it.
func pgWeight(d *apd.Decimal) (int, int) {
	if d.IsZero() {
		return 0, 0
	}
	c := d.Coeff.String()
	msd := len(c) - 1 + int(d.Exponent) // power of ten of the first digit
	w := msd / 4
	if msd < 0 && msd%4 != 0 {
		w--
	}
	k := msd - 4*w + 1 // digits of the first group
	first := c
	if len(first) < k {
		first += strings.Repeat("0", k-len(first))
	}
	n, _ := strconv.Atoi(first[:k])
	return w, n
}

// pgRound is round(numeric, places): half away from zero; places may be
// negative. A REAL rounds half to even, as PostgreSQL's round(float8).
func pgRound(v any, places int64) (any, error) {
	if isNull(v) {
		return nil, nil
	}
	if f, ok := v.(float64); ok {
		return math.RoundToEven(f), nil
	}
	d, err := pgParseNumeric(v)
	if err != nil {
		return nil, err
	}
	var r apd.Decimal
	if _, err := pgDecCtx.Quantize(&r, d, -int32(places)); err != nil {
		return nil, pgErr("22003", "value overflows numeric format")
	}
	return pgNumText(&r, max(int32(places), 0)), nil
}

// pgLike is s LIKE pattern (ci 0) or ILIKE (ci 1), with PostgreSQL's
// default escape character, the backslash.
func pgLike(s, pattern any, ci int64) any {
	if isNull(s) || isNull(pattern) {
		return nil
	}
	st, pt := asString(s), asString(pattern)
	if ci != 0 {
		st, pt = strings.ToLower(st), strings.ToLower(pt)
	}
	return int64(boolInt(wildMatch([]rune(st), []rune(pt), '\\', false)))
}

// pgExtreme is GREATEST (want 1) or LEAST (want -1): NULLs are skipped.
// kind is the arguments' type: "n" numeric, anything else compared as
// SQLite compares values of one type.
func pgExtreme(want int) func(kind string, args ...any) (any, error) {
	return func(kind string, args ...any) (any, error) {
		var best any
		for _, v := range args {
			if isNull(v) {
				continue
			}
			if isNull(best) {
				best = v
				continue
			}
			c, err := pgCompare(kind, v, best)
			if err != nil {
				return nil, err
			}
			if c == want {
				best = v
			}
		}
		return best, nil
	}
}

func pgCompare(kind string, a, b any) (int, error) {
	if kind == "n" {
		c, err := pgNumCmp(a, b)
		if err != nil {
			return 0, err
		}
		return int(c.(int64)), nil
	}
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmpOrdered(x, y), nil
		}
	case float64:
		if y, ok := b.(float64); ok {
			return cmpOrdered(x, y), nil
		}
	}
	return strings.Compare(asString(a), asString(b)), nil
}

func cmpOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pgConcat is concat(): NULL arguments are skipped.
func pgConcat(args ...any) any {
	var b strings.Builder
	for _, a := range args {
		if !isNull(a) {
			b.WriteString(asString(a))
		}
	}
	return b.String()
}

// pgOut is a stored value as PostgreSQL prints it in text format: kind
// 'b' boolean, 'x' bytea, 'f' double, 'r' real; other values are stored
// in their text already.
func pgOut(v any, kind string) any {
	switch x := pgArg(v).(type) {
	case nil:
		return nil
	case int64:
		if kind == "b" {
			if x != 0 {
				return "t"
			}
			return "f"
		}
		if kind == "f" || kind == "r" {
			return pgFloatText(float64(x), pgFloatBits(kind))
		}
		return strconv.FormatInt(x, 10)
	case float64:
		return pgFloatText(x, pgFloatBits(kind))
	case []byte:
		if kind == "x" {
			return `\x` + hex.EncodeToString(x)
		}
		return string(x)
	case string:
		if kind == "x" { // a bytea a function made text: its bytes still
			return `\x` + hex.EncodeToString([]byte(x))
		}
	}
	return v
}

func pgFloatBits(kind string) int {
	if kind == "r" {
		return 32
	}
	return 64
}

// pgBpcharCmp compares char(n) values as PostgreSQL does: trailing
// spaces do not count.
func pgBpcharCmp(a, b any) any {
	if isNull(a) || isNull(b) {
		return nil
	}
	return int64(strings.Compare(strings.TrimRightFunc(asString(a), unicode.IsSpace), strings.TrimRightFunc(asString(b), unicode.IsSpace)))
}

// pgSum is SUM with PostgreSQL's types: kind "i" (smallint/integer, an
// exact bigint), "n" (bigint or numeric: exact numeric at the largest
// scale), "f" (double precision, added in order as PostgreSQL does: from
// the first value, so a sum of -0s is -0), "r" (real: the same in single
// precision, as float4pl adds); a float sum out of range fails (22003).
type pgSum struct {
	kind  string
	n     int64
	sum   apd.Decimal
	scale int32
	f     float64
	err   error
}

func newPGSum() *pgSum { return &pgSum{} }

func (s *pgSum) Step(v any, kind string) {
	s.kind = kind
	if isNull(v) || s.err != nil {
		return
	}
	s.n++
	if kind == "f" || kind == "r" {
		x, _ := v.(float64)
		if i, ok := v.(int64); ok {
			x = float64(i)
		}
		if s.n == 1 {
			s.f = x
			return
		}
		r := s.f + x
		if kind == "r" {
			r = float64(float32(r))
		}
		if math.IsInf(r, 0) && !math.IsInf(s.f, 0) && !math.IsInf(x, 0) {
			s.err = pgErr("22003", "value out of range: overflow")
		}
		s.f = r
		return
	}
	d, err := pgParseNumeric(v)
	if err != nil {
		s.err = err
		return
	}
	s.scale = max(s.scale, pgScale(d))
	_, _ = pgDecCtx.Add(&s.sum, &s.sum, d)
}

func (s *pgSum) Done() (any, error) {
	if s.err != nil || s.n == 0 {
		return nil, s.err
	}
	switch s.kind {
	case "f", "r":
		return s.f, nil
	case "i":
		i, err := s.sum.Int64()
		if err != nil {
			return nil, pgIntRange(64)
		}
		return i, nil
	}
	return pgNumText(&s.sum, s.scale), nil
}

// pgAvg is AVG: numeric (for integer and numeric input) divided as
// numeric_div, or double for floats.
type pgAvg struct{ pgSum }

func newPGAvg() *pgAvg { return &pgAvg{} }

func (a *pgAvg) Done() (any, error) {
	if a.err != nil || a.n == 0 {
		return nil, a.err
	}
	if a.kind == "f" {
		// PostgreSQL's float average adds from 0: an average of -0s is 0.
		return (0 + a.f) / float64(a.n), nil
	}
	var sum, n apd.Decimal
	sum.Set(&a.sum)
	if sum.Exponent > -a.scale {
		_, _ = pgDecCtx.Quantize(&sum, &sum, -a.scale)
	}
	n.SetInt64(a.n)
	return pgDivide(&sum, &n), nil
}

// pgSubstr is PostgreSQL's substr(s, start [, count]) on characters:
// the characters at positions start to start+count-1 that exist
// (position 1 is the first; a start before it shortens what is left),
// where MySQL's SUBSTRING counts a negative start from the end.
func pgSubstr(s any, start int64, count ...int64) (any, error) {
	if isNull(s) {
		return nil, nil
	}
	r := []rune(asString(s))
	end := int64(len(r)) + 1
	if len(count) > 0 {
		if count[0] < 0 {
			return nil, pgErr("22011", "negative substring length not allowed")
		}
		end = min(end, start+count[0])
	}
	start = max(start, 1)
	if end <= start {
		return "", nil
	}
	return string(r[start-1 : end-1]), nil
}

// pgFloatOp is a op b (+ - * /) in double precision as PostgreSQL
// computes it: a result out of range from finite operands fails (22003,
// overflow, or underflow to zero of * and /), and / by zero is 22012.
func pgFloatOp(op string, a, b any) (any, error) { return pgFloatArith(op, a, b, 64) }

// pgFloat4Op is a op b of two reals, which PostgreSQL computes in single
// precision (float4pl …): the double result rounded to a float (for these
// four operations that is the correctly rounded single-precision result),
// out of range where the float is.
func pgFloat4Op(op string, a, b any) (any, error) { return pgFloatArith(op, a, b, 32) }

func pgFloatArith(op string, a, b any, bits int) (any, error) {
	if isNull(a) || isNull(b) {
		return nil, nil
	}
	fa, err := pgFloat(a, 64)
	if err != nil {
		return nil, err
	}
	fb, err := pgFloat(b, 64)
	if err != nil {
		return nil, err
	}
	x, y := fa.(float64), fb.(float64)
	var r float64
	switch op {
	case "+":
		r = x + y
	case "-":
		r = x - y
	case "*":
		r = x * y
	case "/":
		if y == 0 {
			return nil, pgErr("22012", "division by zero")
		}
		r = x / y
	default:
		return nil, pgErr("42883", "operator does not exist: double precision %s double precision", op)
	}
	if bits == 32 {
		r = float64(float32(r))
	}
	switch {
	case math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0):
		return nil, pgErr("22003", "value out of range: overflow")
	case r == 0 && x != 0 && (op == "*" && y != 0 || op == "/" && !math.IsInf(y, 0)):
		return nil, pgErr("22003", "value out of range: underflow")
	}
	return r, nil
}

// pgSplitPart is split_part(s, d, n): field n of s split at d, counted
// from the end when n is negative; ” past the fields; 22023 for n 0.
func pgSplitPart(s, d, n any) (any, error) {
	str, ok1 := text(s)
	sep, ok2 := text(d)
	k, ok3 := n.(int64)
	if !ok1 || !ok2 || !ok3 {
		return nil, nil
	}
	if k == 0 {
		return nil, pgErr("22023", "field position must not be zero")
	}
	fields := []string{str}
	if sep != "" {
		fields = strings.Split(str, sep)
	}
	if str == "" {
		fields = nil
	}
	i := k - 1
	if k < 0 {
		i = int64(len(fields)) + k
	}
	if i < 0 || i >= int64(len(fields)) {
		return "", nil
	}
	return fields[i], nil
}

// pgASCII is ascii(s): the code point of s's first character, 0 for ”.
func pgASCII(s any) any {
	str, ok := text(s)
	if !ok {
		return nil
	}
	for _, r := range str {
		return int64(r)
	}
	return int64(0)
}

// pgChr is chr(n): the character of code point n.
func pgChr(n any) (any, error) {
	k, ok := n.(int64)
	if !ok {
		return nil, nil
	}
	switch {
	case k == 0:
		return nil, pgErr("54000", "null character not permitted")
	case k < 0 || k > utf8.MaxRune || k >= 0xD800 && k <= 0xDFFF:
		return nil, pgErr("54000", "requested character too large for encoding: %d", k)
	}
	return string(rune(k)), nil
}

// pgRegexMatch is s ~ pattern (ci: ~*, not: !~ and !~*). Go's regexp
// reads PostgreSQL's usual patterns alike, with . matching a newline as
// in PostgreSQL's (s flag); one it cannot read (a back-reference, \m)
// fails with 2201B rather than answering otherwise.
func pgRegexMatch(s, pattern any, ci, not int64) (any, error) {
	t, ok1 := text(s)
	p, ok2 := text(pattern)
	if !ok1 || !ok2 {
		return nil, nil
	}
	p = "(?s)" + p
	if ci != 0 {
		p = "(?i)" + p
	}
	re, err := cachedRegexp(p)
	if err != nil {
		return nil, pgErr("2201B", "invalid regular expression: %v", err)
	}
	return int64(boolInt(re.MatchString(t) != (not != 0))), nil
}

// pgTranslate is translate(s, from, to): each character of s found in
// from becomes the one at the same place in to, or goes when to is
// shorter.
func pgTranslate(s, from, to any) any {
	src, ok1 := pgRunes(s)
	f, ok2 := pgRunes(from)
	t, ok3 := pgRunes(to)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	var b strings.Builder
	for _, r := range src {
		i := slices.Index(f, r)
		switch {
		case i < 0:
			b.WriteRune(r)
		case i < len(t):
			b.WriteRune(t[i])
		}
	}
	return b.String()
}

// pgStartsWith is starts_with(s, prefix).
func pgStartsWith(s, prefix any) any {
	t, ok1 := text(s)
	p, ok2 := text(prefix)
	if !ok1 || !ok2 {
		return nil
	}
	return int64(boolInt(strings.HasPrefix(t, p)))
}

// pgOctetLength is octet_length(s): its bytes in UTF-8.
func pgOctetLength(s any) any {
	t, ok := text(s)
	if !ok {
		return nil
	}
	return int64(len(t))
}

// pgRegexpReplace is regexp_replace(s, pattern, replacement, flags): the
// first match replaced, every one with flag g, case folded with flag i.
// In the replacement \1 to \9 are the groups, \& the match and \\ a
// backslash; another backslash stays as it is.
func pgRegexpReplace(s, pattern, replacement, flags any) (any, error) {
	src, ok1 := text(s)
	p, ok2 := text(pattern)
	repl, ok3 := text(replacement)
	fl, ok4 := text(flags)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, nil
	}
	global := false
	p = "(?s)" + p
	for _, f := range fl {
		switch f {
		case 'g':
			global = true
		case 'i':
			p = "(?i)" + p
		case 'c':
		default:
			return nil, pgUnsupported("regexp_replace's flag %q is not translated for the SQLite backend", string(f))
		}
	}
	re, err := cachedRegexp(p)
	if err != nil {
		return nil, pgErr("2201B", "invalid regular expression: %v", err)
	}
	n := 1
	if global {
		n = -1
	}
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(src, n) {
		b.WriteString(src[last:m[0]])
		for i := 0; i < len(repl); i++ {
			c := repl[i]
			if c != '\\' || i+1 == len(repl) {
				b.WriteByte(c)
				continue
			}
			switch d := repl[i+1]; {
			case d >= '1' && d <= '9':
				if g := int(d - '0'); 2*g+1 < len(m) && m[2*g] >= 0 {
					b.WriteString(src[m[2*g]:m[2*g+1]])
				}
				i++
			case d == '&':
				b.WriteString(src[m[0]:m[1]])
				i++
			case d == '\\':
				b.WriteByte('\\')
				i++
			default:
				b.WriteByte(c)
			}
		}
		last = m[1]
	}
	b.WriteString(src[last:])
	return b.String(), nil
}

// pgSide is left (fromLeft) or right(s, n): the first (last) n
// characters, all but the last (first) -n for a negative n.
func pgSide(fromLeft bool) func(s any, n int64) any {
	return func(s any, n int64) any {
		r, ok := pgRunes(s)
		if !ok {
			return nil
		}
		if n < 0 {
			n = max(int64(len(r))+n, 0)
		}
		n = min(n, int64(len(r)))
		if fromLeft {
			return string(r[:n])
		}
		return string(r[int64(len(r))-n:])
	}
}

func pgRunes(s any) ([]rune, bool) {
	t, ok := text(s)
	return []rune(t), ok
}

// pgPad is lpad (left) or rpad(s, n, fill): s filled to n characters with
// fill repeated, or cut to its first n; ” for n below 1, s cut when fill
// is empty. Past drivers.MaxResultBytes it is NULL, as the MySQL ones are.
func pgPad(left bool) func(s any, n int64, fill any) any {
	return func(s any, n int64, fill any) any {
		r, ok1 := pgRunes(s)
		f, ok2 := pgRunes(fill)
		if !ok1 || !ok2 {
			return nil
		}
		if n > drivers.MaxResultBytes {
			return nil
		}
		if n <= 0 {
			return ""
		}
		if int64(len(r)) >= n || len(f) == 0 {
			return string(r[:min(n, int64(len(r)))])
		}
		pad := make([]rune, 0, n-int64(len(r)))
		for i := 0; int64(len(pad)) < n-int64(len(r)); i++ {
			pad = append(pad, f[i%len(f)])
		}
		if left {
			return string(pad) + string(r)
		}
		return string(r) + string(pad)
	}
}

// pgInitcap is initcap(s): each word's first letter upper case, the rest
// lower, a word being a run of letters and digits.
func pgInitcap(s any) any {
	t, ok := text(s)
	if !ok {
		return nil
	}
	var b strings.Builder
	inWord := false
	for _, c := range t {
		switch {
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			inWord = false
		case inWord:
			c = unicode.ToLower(c)
		default:
			c, inWord = unicode.ToUpper(c), true
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pgStoredTime reads a date ('d'), timestamp ('t') or timestamptz ('z')
// as the node stores it.
func pgStoredTime(v any, kind string) (time.Time, bool) {
	s, ok := text(v)
	if !ok {
		return time.Time{}, false
	}
	typ := map[string]string{"d": "date", "t": "timestamp without time zone", "z": "timestamp with time zone"}[kind]
	t, err := pgParseLocal(s, typ)
	return t, err == nil
}

// pgTimeKind is how pgStoredTime reads a value of type t: "d" a date, "t"
// a timestamp, "z" a timestamptz; "" for any other type.
func pgTimeKind(t pgType) string {
	return map[string]string{"date": "d", "timestamp": "t", "timestamptz": "z"}[t.Base]
}

// pgDatePart is extract (numeric: a decimal text) or date_part (a double)
// of one of pgWholeFields or pgFractionFields.
func pgDatePart(numeric bool) func(field string, v any, kind string) any {
	return func(field string, v any, kind string) any {
		t, ok := pgStoredTime(v, kind)
		if !ok {
			return nil
		}
		if scale, ok := pgFractionFields[field]; ok {
			n := pgFractionPartOf(t, field)
			if kind == "d" {
				// a date's epoch is whole seconds, and so printed
				n, scale = n/1_000_000, 0
			}
			if numeric {
				return pgScaled(n, scale)
			}
			return float64(n) / math.Pow10(scale)
		}
		n := pgDatePartOf(t, field)
		if numeric {
			return strconv.FormatInt(n, 10)
		}
		return float64(n)
	}
}

// pgFractionFields are the fields of extract and date_part with
// fractions, each with the digits of its fraction: the number is
// pgFractionPartOf divided by ten to that power.
var pgFractionFields = map[string]int{"second": 6, "seconds": 6, "millisecond": 3, "milliseconds": 3,
	"microsecond": 0, "microseconds": 0, "epoch": 6}

// pgFractionPartOf is field of t, in its smallest unit (pgFractionFields):
// the seconds within the minute, in microseconds or milliseconds with
// their fraction, or the microseconds since 1970-01-01 00:00:00 UTC.
func pgFractionPartOf(t time.Time, field string) int64 {
	if field == "epoch" {
		return t.UnixMicro()
	}
	return int64(t.Second())*1_000_000 + int64(t.Nanosecond()/1000)
}

// pgScaled is n / 10^scale as a decimal text with scale digits.
func pgScaled(n int64, scale int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	if scale == 0 {
		return sign + s
	}
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	return sign + s[:len(s)-scale] + "." + s[len(s)-scale:]
}

// pgDatePartOf is one of pgWholeFields of t.
func pgDatePartOf(t time.Time, field string) int64 {
	y := int64(t.Year())
	switch field {
	case "year":
		return y
	case "month":
		return int64(t.Month())
	case "day":
		return int64(t.Day())
	case "hour":
		return int64(t.Hour())
	case "minute":
		return int64(t.Minute())
	case "dow":
		return int64(t.Weekday())
	case "isodow":
		return int64((int(t.Weekday())+6)%7 + 1)
	case "doy":
		return int64(t.YearDay())
	case "quarter":
		return int64((t.Month()-1)/3 + 1)
	case "week", "isoyear":
		isoYear, isoWeek := t.ISOWeek()
		if field == "week" {
			return int64(isoWeek)
		}
		return int64(isoYear)
	case "decade":
		return y / 10
	case "century":
		return (y + 99) / 100
	}
	return (y + 999) / 1000 // millennium
}

// pgDateTrunc is date_trunc(field, x): x cut to the start of its field
// (week: the Monday; decade, century and millennium as PostgreSQL counts
// them); of a date a timestamptz.
func pgDateTrunc(field string, v any, kind string) any {
	t, ok := pgStoredTime(v, kind)
	if !ok {
		return nil
	}
	y, m, d := t.Date()
	switch field {
	case "second":
		t = t.Truncate(time.Second)
	case "minute":
		t = t.Truncate(time.Minute)
	case "hour":
		t = t.Truncate(time.Hour)
	case "day":
		t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case "week":
		t = time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	case "month":
		t = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case "quarter":
		t = time.Date(y, (m-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
	case "year":
		t = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "decade":
		t = time.Date(y/10*10, 1, 1, 0, 0, 0, 0, time.UTC)
	case "century":
		t = time.Date((y-1)/100*100+1, 1, 1, 0, 0, 0, 0, time.UTC)
	case "millennium":
		t = time.Date((y-1)/1000*1000+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return pgTimeText(t, kind != "t")
}
