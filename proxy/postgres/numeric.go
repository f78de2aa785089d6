package postgres

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// numericBinary is PostgreSQL's binary encoding of a numeric given in its
// text format: the count of base-10000 digits (none leading or trailing
// zero), the weight of the first, the sign and the display scale. pgx
// keeps trailing zero digits, which decode to the same value but are not
// the bytes PostgreSQL sends. ok is false for what is not plain digits
// with an optional sign and point (NaN, Infinity), left to pgx.
func numericBinary(text []byte) (b []byte, ok bool) {
	s, sign := string(text), uint16(0)
	if rest, neg := strings.CutPrefix(s, "-"); neg {
		s, sign = rest, 0x4000
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole+frac == "" || strings.Trim(whole+frac, "0123456789") != "" || len(frac) > 0x3fff {
		return nil, false
	}
	scale := len(frac)
	whole = strings.Repeat("0", (4-len(whole)%4)%4) + whole
	digits := whole + frac + strings.Repeat("0", (4-len(frac)%4)%4)
	weight := len(whole)/4 - 1
	groups := make([]uint16, 0, len(digits)/4)
	for i := 0; i < len(digits); i += 4 {
		g, _ := strconv.Atoi(digits[i : i+4])
		groups = append(groups, uint16(g))
	}
	for len(groups) > 0 && groups[0] == 0 {
		groups, weight = groups[1:], weight-1
	}
	for len(groups) > 0 && groups[len(groups)-1] == 0 {
		groups = groups[:len(groups)-1]
	}
	if len(groups) == 0 {
		weight, sign = 0, 0 // zero has no digits, and no sign
	}
	b = make([]byte, 0, 8+2*len(groups))
	for _, v := range []uint16{uint16(len(groups)), uint16(int16(weight)), sign, uint16(scale)} {
		b = binary.BigEndian.AppendUint16(b, v)
	}
	for _, g := range groups {
		b = binary.BigEndian.AppendUint16(b, g)
	}
	return b, true
}
