package sqlite

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash/crc32"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// SHA2, MAKETIME, INTERVAL and CHAR as MariaDB answers them (they were
// 1305 on SQLite).

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
