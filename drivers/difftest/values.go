package difftest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Text fragments a string literal is built from: case, accents (precomposed
// and combining), emoji, quotes, backslashes, NUL, LIKE wildcards, blanks.
var fragments = []string{
	"a", "A", "abc", "ABC", "Abc", "zz", "é", "É", "e\u0301", "Ünïcödé", "ß", "😀", "🍣x",
	"it's", `say "hi"`, `back\slash`, "nul\x00byte", "%", "_", " ", "\t", "\n", "0", "10", "-3.5",
	"2024-02-29", "null", "x,y", "日本",
}

// quoteString writes s as a MySQL string literal, with one of the
// escaping styles clients use.
func quoteString(r *rand.Rand, s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	doubled := r.IntN(2) == 0
	for _, ch := range []byte(s) {
		switch ch {
		case '\'':
			if doubled {
				b.WriteString("''")
			} else {
				b.WriteString(`\'`)
			}
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(ch)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randText(r *rand.Rand, max int) string {
	var b strings.Builder
	n := r.IntN(4)
	for i := 0; i < n; i++ {
		b.WriteString(pick(r, fragments))
	}
	s := b.String()
	if max > 0 && len([]rune(s)) > max && r.IntN(4) > 0 {
		s = string([]rune(s)[:max]) // mostly fits; sometimes too long (1406)
	}
	return s
}

func randInt(r *rand.Rand, k kind) string {
	edges := map[kind][]string{
		kInt:  {"0", "1", "-1", "2147483647", "-2147483648", "2147483648", "100", "-7"},
		kUint: {"0", "1", "4294967295", "4294967296", "-1", "42"},
		kBig:  {"0", "-1", "9223372036854775807", "-9223372036854775808", "4294967296", "12345678901"},
		kUbig: {"0", "18446744073709551615", "9223372036854775808", "18446744073709551616", "5"},
		// The smaller integers' edges, and one past each (1264).
		kSmall:  {"32767", "-32768", "32768", "-32769", "0", "-3"},
		kMedium: {"8388607", "-8388608", "8388608", "-8388609", "0", "1000"},
		kUtiny:  {"0", "255", "256", "-1", "7"},
	}[k]
	if r.IntN(3) == 0 {
		return pick(r, edges)
	}
	v := r.IntN(200) - 50
	if k == kUint || k == kUbig || k == kUtiny {
		v = r.IntN(200)
	}
	return fmt.Sprint(v)
}

func randDecimal(r *rand.Rand, prec, scale int) string {
	intDigits := prec - scale
	switch r.IntN(8) {
	case 0:
		return strings.Repeat("9", intDigits) + "." + strings.Repeat("9", scale) // the maximum
	case 1:
		return strings.Repeat("9", intDigits+1) // out of range: 1264
	case 2:
		return fmt.Sprintf("%d.%0*d", r.IntN(100), scale+2, r.IntN(100000)) // rounded to the scale
	case 3:
		return "-0.5"
	}
	n := r.IntN(max(1, min(intDigits, 6)) + 1)
	ip := "0"
	if n > 0 {
		ip = fmt.Sprint(r.Int64N(pow10(n)))
	}
	sign := ""
	if r.IntN(4) == 0 {
		sign = "-"
	}
	if scale == 0 {
		return sign + ip
	}
	return fmt.Sprintf("%s%s.%0*d", sign, ip, scale, r.Int64N(pow10(scale)))
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func randDouble(r *rand.Rand) string {
	return pick(r, []string{"0", "1.5", "-2.25", "0.1", "3.141592653589793", "1e10", "-1e-5",
		"123456.789", "2.5e-3", "1e300", "33554473", "12.345", "99999.995", fmt.Sprint(r.IntN(1000)), fmt.Sprintf("%d.%d", r.IntN(100), r.IntN(10))})
}

func randDate(r *rand.Rand) string {
	if r.IntN(10) == 0 {
		return pick(r, []string{"2023-02-30", "2024-13-01", "20240115"})
	}
	return pick(r, []string{"2024-02-29", "1970-01-01", "9999-12-31", "1000-01-01", "2000-06-15"}[:r.IntN(5)+1]) // skewed to few values
}

func randDatetime(r *rand.Rand) string {
	return pick(r, []string{"2024-02-29 23:59:59", "1970-01-01 00:00:00", "2024-01-02 03:04:05.678",
		"2024-01-02 03:04:05.6789", "2038-01-19 03:14:07.999999", "2000-06-15 12:00:00.5", "2024-02-29"})
}

func randTime(r *rand.Rand) string {
	return pick(r, []string{"00:00:00", "12:34:56", "-838:59:59", "838:59:59", "100:00:00", "23:59:59.5", "-00:00:01"})
}

func randBinary(r *rand.Rand, max int) string {
	b := randBytes(r, max)
	if r.IntN(2) == 0 {
		return hexLiteral(b)
	}
	return quoteString(r, string(b))
}

// randBytes is up to max+1 bytes, none to them all past ASCII.
func randBytes(r *rand.Rand, max int) []byte {
	b := make([]byte, r.IntN(max+2))
	for i := range b {
		b[i] = pick(r, []byte{0, 1, 'a', 'A', 0x7f, 0x80, 0xff, '\'', '\\'})
	}
	return b
}

func hexLiteral(b []byte) string { return fmt.Sprintf("x'%x'", b) }

// literal is a value for column c, sometimes NULL, sometimes out of range.
func literal(r *rand.Rand, c column) string {
	if r.IntN(10) == 0 {
		return "NULL"
	}
	switch {
	case c.integer():
		return randInt(r, c.kind)
	case c.kind == kDec:
		return randDecimal(r, c.prec, c.scale)
	case c.kind == kDouble:
		return randDouble(r)
	case c.textual():
		return quoteString(r, randText(r, c.prec))
	case c.kind == kBin:
		return randBinary(r, c.prec)
	case c.kind == kDate:
		return dateLiteral(r, randDate(r))
	case c.kind == kDatetime:
		return dateLiteral(r, randDatetime(r))
	}
	return "'" + randTime(r) + "'"
}

// dateLiteral is date or datetime s quoted, or one time in four the number
// it spells (20240229, 20240102030405.678), which MariaDB reads as that date
// where it is written to or compared with a date column.
func dateLiteral(r *rand.Rand, s string) string {
	if r.IntN(4) == 0 && strings.Contains(s, "-") {
		return strings.NewReplacer("-", "", " ", "", ":", "").Replace(s)
	}
	return "'" + s + "'"
}

// keyLiteral is a value for a key column drawn from a small range, so
// keys collide and duplicate-key paths run.
func keyLiteral(r *rand.Rand, c column) string {
	switch {
	case c.integer():
		return fmt.Sprint(r.IntN(12) + 1)
	case c.textual():
		return quoteString(r, pick(r, []string{"a", "A", "b", "é", "E", "ü", "k1", "k2", "😀", "x y", "o'k"}))
	}
	return literal(r, c)
}
