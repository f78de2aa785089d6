package sqlite

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash/crc32"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// SHA2, MAKETIME, INTERVAL, CHAR, MAKE_SET, EXPORT_SET and SOUNDEX as
// MariaDB answers them (they were 1305 on SQLite).

// makeSet is MAKE_SET(bits, s1, s2, …): the strings whose bits are set in
// bits (s1 the lowest; those past the 64th never), NULLs left out, joined
// with commas; NULL when bits is. kind is bits's type (valInt).
func makeSet(kind string, bits any, strs ...any) any {
	u, ok := valInt(bits, kind)
	if !ok {
		return nil
	}
	var parts []string
	for i, s := range strs[:min(len(strs), 64)] {
		if t, ok := text(s); ok && u&(1<<i) != 0 {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, ",")
}

// setStringCall translates MAKE_SET and EXPORT_SET to mysql_make_set and
// mysql_export_set: the bits (and EXPORT_SET's number of bits) given with
// their type for valInt, an ENUM or SET read as its number and a date as
// its digits; the strings as MariaDB writes them (a DECIMAL at its
// scale); EXPORT_SET's separator ',' and number of bits 64 when not
// given. ok is false for a wrong number of arguments.
func (t *typer) setStringCall(e *ast.FuncCallExpr, name string, args []sqlType) (ast.ExprNode, sqlType, bool) {
	n := len(e.Args)
	if name == "make_set" && n < 2 || name == "export_set" && (n < 3 || n > 5) {
		return e, sqlType{}, false
	}
	bitsArg := func(i int) []any {
		x := t.temporalNumber(t.enumNumber(e.Args[i], args[i]), args[i])
		kind := map[kind]string{kInt: "i", kDecimal: "d", kDouble: "f"}[t.typeOf(x).kind]
		if kind == "" {
			kind = "s"
		}
		return []any{"'" + kind + "', ", x}
	}
	parts := append([]any{"mysql_" + name + "("}, bitsArg(0)...)
	strs := e.Args[1:]
	if name == "export_set" {
		strs = e.Args[1:min(n, 4)]
	}
	tp := sqlType{kind: kString}
	for i, x := range strs {
		parts = append(parts, ", ", t.asText(x, args[i+1]))
		tp.binary = tp.binary || args[i+1].binary
	}
	switch {
	case name == "export_set" && n == 5:
		parts = append(append(parts, ", "), bitsArg(4)...)
	case name == "export_set":
		if n == 3 {
			parts = append(parts, ", ','")
		}
		parts = append(parts, ", 'i', 64")
	}
	return raw(append(parts, ")")...), tp, true
}

// exportSet is EXPORT_SET(bits, on, off, sep, n): for each of bits's n
// lowest bits, the lowest first, on when it is set and off when not, joined
// with sep; n is read as MariaDB reads it, its 32 low bits and 64 past 64
// (-1 is 64, 0 gives the empty string). NULL when an argument is. kind and nKind are the
// types of bits and n (valInt).
func exportSet(kind string, bits, on, off, sep any, nKind string, n any) any {
	u, ok := valInt(bits, kind)
	count, ok2 := valInt(n, nKind)
	yes, ok3 := text(on)
	no, ok4 := text(off)
	s, ok5 := text(sep)
	if !ok || !ok2 || !ok3 || !ok4 || !ok5 {
		return nil
	}
	parts := make([]string, min(uint32(count), 64))
	for i := range parts {
		parts[i] = no
		if u&(1<<i) != 0 {
			parts[i] = yes
		}
	}
	return strings.Join(parts, s)
}

// sha2 is SHA2(s, bits): the hex SHA-224, -256, -384 or -512 of s (0 is
// 256), NULL for another length.
func sha2(s, n any) any {
	t, ok := text(s)
	bits, isInt := n.(int64)
	if !ok || !isInt {
		return nil
	}
	var sum []byte
	switch bits {
	case 0, 256:
		h := sha256.Sum256([]byte(t))
		sum = h[:]
	case 224:
		h := sha256.Sum224([]byte(t))
		sum = h[:]
	case 384:
		h := sha512.Sum384([]byte(t))
		sum = h[:]
	case 512:
		h := sha512.Sum512([]byte(t))
		sum = h[:]
	default:
		return nil
	}
	return hex.EncodeToString(sum)
}

// crc32Of is CRC32([crc, ]s) (IEEE) or CRC32C([crc, ]s) (Castagnoli) as
// MariaDB answers it: the checksum of s's bytes as an unsigned integer,
// continuing crc when it is given; NULL for a NULL.
func crc32Of(table *crc32.Table) func(args ...any) any {
	return func(args ...any) any {
		if len(args) < 1 || len(args) > 2 {
			return nil
		}
		var crc uint32
		if len(args) == 2 {
			n, ok := intArg(args[0])
			if !ok {
				return nil
			}
			crc = uint32(n)
		}
		s, ok := text(args[len(args)-1])
		if !ok {
			return nil
		}
		return int64(crc32.Update(crc, table, []byte(s)))
	}
}

// makeTime is MAKETIME(h, m, s) at fsp digits (cut): NULL for minutes or
// seconds outside 0..59, the TIME's range clipped.
func makeTime(h, m, s any, fsp int64) any {
	hours, ok := h.(int64)
	mins, ok2 := m.(int64)
	secs, ok3 := numericText(s)
	if !ok || !ok2 || !ok3 || mins < 0 || mins > 59 || strings.HasPrefix(secs, "-") {
		return nil
	}
	micros, ok := timeMicros("0:0:" + secs)
	if !ok || micros >= 60_000_000 {
		return nil
	}
	neg := hours < 0
	if neg {
		hours = -hours
	}
	total := min(hours, maxTimeHours+1)*3_600_000_000 + mins*60_000_000 + micros
	if neg {
		total = -total
	}
	return clippedTime(total, fsp)
}

// interval is INTERVAL(n, n1, n2, ...): how many of the leading n1, n2,
// ... are at most n (a NULL among them counts), -1 for a NULL n.
func interval(args ...any) any {
	if len(args) == 0 || isNull(args[0]) {
		return int64(-1)
	}
	n, _ := numericText(args[0])
	count := int64(0)
	for _, a := range args[1:] {
		if !isNull(a) {
			if x, ok := numericText(a); ok && compareDecimalText(x, n) > 0 {
				break
			}
		}
		count++
	}
	return count
}

// charOf is CHAR(n, ...): each n's 32 bits as big-endian bytes, leading
// zero bytes left out; NULLs are skipped.
func charOf(args ...any) any {
	var out []byte
	for _, a := range args {
		if isNull(a) {
			continue
		}
		u, _ := bitOperand(a)
		v := uint32(u)
		started := false
		for shift := 24; shift >= 0; shift -= 8 {
			b := byte(v >> shift)
			if b != 0 || started || shift == 0 {
				out = append(out, b)
				started = true
			}
		}
	}
	if out == nil {
		out = []byte{}
	}
	return out
}

// uuidRead is UUID() in a read: a random version-4 UUID, the shape the
// apply engine gives a write's UUID() (replay/determinism.go); MariaDB's
// own is a version-1 (time-based) one. Registered as not deterministic,
// so each row gets its own.
func uuidRead() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return drivers.FormatUUID4(b[:])
}

// soundexCodes are the Soundex digits of A to Z; '0' is a vowel (or H, W,
// Y), which adds nothing.
const soundexCodes = "01230120022455012623010202"

// soundex is SOUNDEX(s) as MariaDB computes it: the first letter (any
// letter, Ä too; upper-cased when it is a to z), then the digit of each later letter A to
// Z that is not a vowel and differs from the last digit written (a vowel
// between two letters of one digit does not separate them), padded with 0
// to 4 characters and never cut; ” when s holds no letter.
func soundex(v any) any {
	s, ok := text(v)
	if !ok {
		return nil
	}
	var b strings.Builder
	var last byte
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		u := r // only a to z are upper-cased: é stays é
		if r >= 'a' && r <= 'z' {
			u = r - 'a' + 'A'
		}
		code := byte('0')
		if u >= 'A' && u <= 'Z' {
			code = soundexCodes[u-'A']
		}
		if b.Len() == 0 {
			b.WriteRune(u)
			last = code
			continue
		}
		if code != '0' && code != last {
			b.WriteByte(code)
			last = code
		}
	}
	if b.Len() == 0 {
		return ""
	}
	out := b.String()
	for utf8.RuneCountInString(out) < 4 {
		out += "0"
	}
	return out
}
