package drivers

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxResultBytes is the largest string a function makes, blocksql's
// @@max_allowed_packet: past it MariaDB's REPEAT, LPAD, CONCAT and the
// others answer NULL (with warning 1301), and so do a SQLite node's, which
// would otherwise build any length a client asks for
// (REPEAT('a', 2000000000)).
const MaxResultBytes = 64 << 20

// FormatDouble writes a DOUBLE as MariaDB prints it in a result or
// converts it to a string: the shortest digits that read back the same
// value, plain where the point falls within 15 digits of them (0.00001,
// 10000000000, 1e-15 as 0.000000000000001) or where digits follow it
// past 1e15 (1234567890123446.8), with an exponent elsewhere (1e-16, 1e15,
// 1.2345678901234568e17), as MariaDB's my_gcvt chooses. A negative zero
// (-1e2 % -1e2, -1e2 * 0) is 0: MariaDB prints no sign for it.
func FormatDouble(f float64) string {
	if f == 0 {
		return "0"
	}
	if !math.IsInf(f, 0) && !math.IsNaN(f) {
		e := strconv.FormatFloat(math.Abs(f), 'e', -1, 64) // d.ddde±XX
		mant, exp, _ := strings.Cut(e, "e")
		x, _ := strconv.Atoi(exp)
		digits, decpt := len(strings.Replace(mant, ".", "", 1)), x+1
		if decpt < -14 || decpt > 15 && digits <= decpt {
			return strings.Replace(strconv.FormatFloat(f, 'g', -1, 64), "e+", "e", 1)
		}
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// FormatFloat writes a FLOAT as MariaDB prints it in a result or converts
// it to a string: its single-precision value to 6 significant digits
// (FLT_DIG), which then read as a DOUBLE's digits do, plain or with an
// exponent (FormatDouble): 33554472 is 33554500, 1234567 is 1234570,
// 1e-10 is 0.0000000001, 3.4e38 is 3.4e38, 1e15 is 1e15.
func FormatFloat(f float64) string {
	f = float64(float32(f))
	if math.IsInf(f, 0) || math.IsNaN(f) || f == 0 {
		return FormatDouble(f)
	}
	g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'e', 5, 64), 64)
	return FormatDouble(g)
}

// FormatUUID4 writes the first 16 bytes of b as a version-4 UUID
// (8-4-4-4-12 hex digits, the version and variant bits set), as the apply
// engine pins a write's UUID() and the SQLite driver answers one in a read.
func FormatUUID4(b []byte) string {
	var u [16]byte
	copy(u[:], b)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// InvalidUTF8Part prints the bytes from the first invalid sequence on as
// MariaDB does: at most 6 bytes, each non-ASCII one as \xHH, then "...",
// as its 1366 and 1300 messages quote them.
func InvalidUTF8Part(b []byte) string {
	var sb strings.Builder
	rest := b[FirstInvalidUTF8(b):]
	for k, c := range rest {
		if k == 6 {
			sb.WriteString("...")
			break
		}
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "\\x%02X", c)
		}
	}
	return sb.String()
}

// FirstInvalidUTF8 is the offset of b's first byte that starts no UTF-8
// sequence, len(b) when there is none.
func FirstInvalidUTF8(b []byte) int {
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	return i
}
